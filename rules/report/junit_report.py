"""JUnit XML, for CI test-report views (GitLab `artifacts:reports:junit`, Jenkins `junit`).

    <testsuites name="nodeless fks (2026-08)" tests="3" failures="1" errors="1" skipped="0">
      <testsuite name="manifests/web.yaml" tests="2" failures="1" errors="0" skipped="0">
        <testcase classname="manifests/web.yaml" name="Deployment/prod/web">
          <failure type="host-network" message="host-network: Pod uses the host network ...">...</failure>
          <system-out>31:13 warning empty-dir: ...</system-out>
        </testcase>
        <testcase classname="manifests/web.yaml" name="Service/prod/web">
          <system-out>...</system-out>
        </testcase>
      </testsuite>
      <testsuite name="manifests/broken.yaml" ...>
        <testcase classname="manifests/broken.yaml" name="input error at 3:5">
          <error type="input-error" message="mapping values are not allowed here">...</error>
        </testcase>
      </testsuite>
    </testsuites>

- One testsuite per file (per helm template for `helm template` output), one testcase per object
  with findings, named `Kind/namespace/name` (`Kind/name` when cluster-scoped), classname the file.
- A testcase fails (one `<failure>`, as both GitLab and Jenkins show only one) when the object has
  findings at or above `fail_on`: `type` is the rule id (ids joined by ", " when several rules
  fired), `message` the first finding, and the body lists every failing finding with its position,
  field path and remediation.
- Findings below `fail_on` do not fail the testcase: they are listed in its `<system-out>`, which
  both GitLab and Jenkins show with the testcase, so warnings are visible without turning CI red.
- Input errors are testcases `input error at LINE:COL` with an `<error type="input-error">`.
- Suppressed findings appear only when `result.show_suppressed` is set: in `<system-out>`, or as a
  `<skipped>` testcase when every finding of the object was suppressed.
- A run with nothing to report still has one passing testcase (`nodeless`/`lint`), so CI sees a
  non-empty report.
No timestamps or durations: the report is deterministic.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from typing import Iterator

from rules.findings import SEVERITY_RANK

from rules.report import LintResult
from rules.report.common_report import group_name, object_label, profile_label, summary_line

# Characters XML 1.0 cannot carry at all (ElementTree would write them and the file would not parse).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


_COUNTS = ("tests", "failures", "errors", "skipped")


def chunks(result: LintResult) -> Iterator[str]:
    """The report, one testsuite at a time. JUnit wants its totals on the root element, so the
    findings are read twice: once to count, once to write; only one file's findings are held at once."""
    threshold = SEVERITY_RANK[result.fail_on]
    suppressed: dict = {}       # group -> object -> [suppressed findings]: few, kept whole
    if result.show_suppressed:
        for f in result.suppressed:
            suppressed.setdefault(group_name(f.location), {}).setdefault(f.object, []).append(f)
    errors: dict = {}           # file -> [input errors]: few, kept whole
    for e in result.errors:
        errors.setdefault(e.file, []).append(e)

    totals = dict.fromkeys(_COUNTS, 0)
    for _, objects, errs in _suites(result, suppressed, errors):
        for key, n in _counts(objects, errs, threshold).items():
            totals[key] += n
    root = ET.Element("testsuites", name=_clean(f"nodeless {profile_label(result.profile)}"))
    if not totals["tests"]:     # nothing to report: one passing testcase, so CI sees a report
        totals["tests"] = 1
    _set_counts(root, totals)
    yield '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")[:-3] + ">\n"
    empty = True
    for name, objects, errs in _suites(result, suppressed, errors):
        empty = False
        yield _indented(_suite(name, objects, errs, threshold))
    if empty:
        suite = ET.Element("testsuite", name="nodeless")
        case = ET.SubElement(suite, "testcase", classname="nodeless", name="lint")
        ET.SubElement(case, "system-out").text = _clean(summary_line(result) + "\n")
        _set_counts(suite, {"tests": 1, "failures": 0, "errors": 0, "skipped": 0})
        yield _indented(suite)
    yield "</testsuites>\n"


def render(result: LintResult) -> str:
    return "".join(chunks(result))


def _suites(result: LintResult, suppressed: dict, errors: dict):
    """(group, {object: ([findings], [suppressed])}, [input errors]) per testsuite, in report order:
    the groups of the findings (a file, or a helm template), then those with only suppressed
    findings, then files with only input errors. Findings arrive grouped, so one group is held at a
    time; a group seen again later (two helm streams naming the same template) is a suite again."""
    seen: set = set()

    def suite(group: str, objects: dict):
        first = group not in seen     # its suppressed findings and input errors go with its first suite
        seen.add(group)
        if first:
            for ref, found in suppressed.get(group, {}).items():
                objects.setdefault(ref, ([], []))[1].extend(found)
        return group, objects, errors.get(group, []) if first else []

    group, objects = None, None
    for f in result.findings:
        name = group_name(f.location)
        if name != group:
            if objects is not None:
                yield suite(group, objects)
            group, objects = name, {}
        objects.setdefault(f.object, ([], []))[0].append(f)
    if objects is not None:
        yield suite(group, objects)
    for name in [*suppressed, *errors]:
        if name not in seen:
            yield suite(name, {})


def _counts(objects: dict, errs: list, threshold: int) -> dict:
    """A testsuite's counts: a testcase per object and per input error; an object fails with a
    finding at or above the threshold, and is skipped when all it has are suppressed findings."""
    failures = sum(1 for found, _ in objects.values()
                   if any(SEVERITY_RANK[f.severity] >= threshold for f in found))
    skipped = sum(1 for found, _ in objects.values() if not found)
    return {"tests": len(objects) + len(errs), "failures": failures, "errors": len(errs), "skipped": skipped}


def _suite(name: str, objects: dict, errs: list, threshold: int):
    """One testsuite element."""
    suite = ET.Element("testsuite", name=_clean(name))
    for ref, (found, suppressed) in objects.items():
        case = ET.SubElement(suite, "testcase", classname=_clean(name), name=_clean(object_label(ref)))
        failing = [f for f in found if SEVERITY_RANK[f.severity] >= threshold]
        if failing:
            rules = list(dict.fromkeys(f.rule for f in failing))
            first = failing[0]
            failure = ET.SubElement(case, "failure", type=_clean(", ".join(rules)),
                                    message=_clean(f"{first.rule}: {first.message}"
                                                   + (f" (and {len(failing) - 1} more)" if len(failing) > 1 else "")))
            failure.text = _clean("\n".join(_describe(f, remediation=True) for f in failing) + "\n")
        elif not found:
            ET.SubElement(case, "skipped", message=_clean(
                "suppressed: " + "; ".join(dict.fromkeys(f.suppressed_by or "" for f in suppressed))))
        out = [_describe(f) for f in found if SEVERITY_RANK[f.severity] < threshold]
        out += [f"{_describe(f)} [suppressed: {f.suppressed_by}]" for f in suppressed]
        if out:
            ET.SubElement(case, "system-out").text = _clean("\n".join(out) + "\n")
    for e in errs:
        case = ET.SubElement(suite, "testcase", classname=_clean(name),
                             name=f"input error at {e.line}:{e.column}")
        what = f"{e.field}: " if e.field else ""
        error = ET.SubElement(case, "error", type="input-error", message=_clean(what + e.message))
        error.text = _clean(f"{e.file}:{e.line}:{e.column}: {what}{e.message}\n")
    _set_counts(suite, _counts(objects, errs, threshold))
    return suite


def _indented(suite) -> str:
    """A testsuite as it sits in the whole document, indented one level."""
    ET.indent(suite, space="  ", level=1)
    return "  " + ET.tostring(suite, encoding="unicode") + "\n"


def _describe(f, remediation: bool = False) -> str:
    loc = f.location
    where = f"{loc.line}:{loc.column}" if loc is not None else "-"
    text = f"{where} {f.severity} {f.rule}: {f.message}"
    if f.field_path:
        text += f" ({f.field_path})"
    if remediation and f.remediation:
        text += f"\n    fix: {f.remediation}"
    return text


def _set_counts(element, counts: dict) -> None:
    for key in ("tests", "failures", "errors", "skipped"):
        element.set(key, str(counts[key]))


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)
