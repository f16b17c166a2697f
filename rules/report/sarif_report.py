"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run. `tool.driver.rules` declares every rule (so a viewer can tell "ran and found nothing" from
"unknown"), with the rule's summary and description, help (remediation, the profile's note and its
sources with links) and the profile's level as `defaultConfiguration` (`info` -> `note`, `off` ->
`none`, not enabled). Each result has the file as a `%SRCROOT%`-relative URI with the 1-based line
and column of the field (columns count Unicode code points), the object and field path as a logical
location (`Deployment/prod/web:spec.template.spec.hostNetwork`), and a partial fingerprint that
hashes rule, object and field path, so alerts survive edits that move lines.

- Findings from standard input carry no file position: `- ` is no artifact. When the stream came
  from `helm template`, the template (`# Source:`) is given as the artifact, without a region.
- Suppressed findings appear (with `suppressions`: `inSource` for the annotation, `external` for
  config exemptions) only when `result.show_suppressed` is set: GitHub code scanning does not honour
  `suppressions` and would raise alerts for them.
- Input errors are `invocations[0].toolExecutionNotifications` (level error); the invocation's
  `executionSuccessful` is false when there are any, and `exitCode` is the CLI's exit code.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from itertools import chain
from json.encoder import encode_basestring
from typing import Iterator
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote

from rules.report import LintResult
from rules.report.common_report import INFORMATION_URI, STDIN, FieldPaths, object_label, tool_version

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT = "nodeless/v1"
_LEVEL = {"error": "error", "warning": "warning", "info": "note", "off": "none"}
_PLACEHOLDER = "\x00results\x00"
_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
_str = encode_basestring   # str -> JSON string literal (C), as the encoder above writes it


def render(result: LintResult, *, rules=None, version: str | None = None) -> str:
    return "".join(chunks(result, rules=rules, version=version))


def chunks(result: LintResult, *, rules=None, version: str | None = None) -> Iterator[str]:
    """`rules` (id -> rule module) defaults to the registry; tests pass a few stand-ins."""
    if rules is None:
        from rules.registry import RULES as rules
    profile = result.profile
    descriptors, index = _descriptors(rules, profile, result)
    uris: dict = {}
    encoder = _ResultEncoder(index, uris)
    results = (encoder(f) for f in result.findings)
    if result.show_suppressed:
        results = chain(results, (encoder(f, suppressed=True) for f in result.suppressed))

    notifications = []
    for e in result.errors:
        text = f"{e.field}: {e.message}" if e.field else e.message
        note = {"level": "error", "message": {"text": text}, "descriptor": {"id": "input-error"}}
        artifact = _artifact(e.file, None, uris)
        if artifact is not None:
            note["locations"] = [{"physicalLocation": {
                "artifactLocation": artifact, "region": _region(e.line, e.column)}}]
        notifications.append(note)

    counts = result.counts()
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "nodeless",
                "version": version or tool_version(),
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }},
            "invocations": [{
                "executionSuccessful": not result.errors,
                "exitCode": result.exit_code,
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": _PLACEHOLDER,
            "properties": {
                "profile": {"name": profile.name, "title": profile.title, "version": profile.version},
                "failOn": result.fail_on,
                "summary": {"errors": counts["error"], "warnings": counts["warning"],
                            "infos": counts["info"], "suppressed": len(result.suppressed),
                            "files": result.files, "objects": result.objects},
            },
        }],
    }
    text = json.dumps(log, indent=2, ensure_ascii=False)
    # Results one per line, encoded by _ResultEncoder and written as they come: an indented dump
    # of 10,000 results takes the pure-Python encoder a few hundred milliseconds.
    head, tail = text.split(json.dumps(_PLACEHOLDER), 1)
    yield head
    sep = "[\n        "
    for item in results:
        yield sep + item
        sep = ",\n        "
    yield ("[]" if sep == "[\n        " else "\n      ]") + tail + "\n"


# -- rules ---------------------------------------------------------------------------------------

def _descriptors(rules, profile, result) -> tuple[list, dict]:
    descriptors, index = [], {}
    for rule_id, module in rules.items():
        index[rule_id] = len(descriptors)
        descriptors.append(_descriptor(rule_id, module, profile))
    for f in (*result.findings, *result.suppressed):   # a rule the catalogue does not know
        if f.rule not in index:
            index[f.rule] = len(descriptors)
            descriptors.append(_descriptor(f.rule, None, profile))
    return descriptors, index


def _descriptor(rule_id: str, module, profile) -> dict:
    setting = profile.rules.get(rule_id)
    level = setting.level if setting is not None else "warning"
    summary, description = _doc(module)
    remediation = getattr(module, "REMEDIATION", "")
    note = setting.note if setting is not None else ""
    source_ids = tuple(setting.sources) if setting is not None else ()
    sources = [(sid, profile.sources.get(sid) or {}) for sid in source_ids]

    text, markdown = [], []
    if remediation:
        text.append(remediation)
        markdown.append(f"**Fix:** {remediation}")
    if note:
        text.append(f"On {profile.name}: {note}")
        markdown.append(f"**On {profile.title or profile.name}:** {note}")
    if sources:
        text.append("Sources:\n" + "\n".join(f"- {_source_text(sid, s)}" for sid, s in sources))
        markdown.append("**Sources:**\n\n" + "\n".join(f"- {_source_md(sid, s)}" for sid, s in sources))
    d = {
        "id": rule_id,
        "name": "".join(part.capitalize() for part in rule_id.split("-")),
        "shortDescription": {"text": summary or rule_id},
        "fullDescription": {"text": description or summary or rule_id},
        "defaultConfiguration": {"enabled": level != "off", "level": _LEVEL.get(level, "warning")},
        "properties": {
            "profile": profile.name,
            "profileLevel": level,
            "basis": setting.basis if setting is not None else "none",
            "sources": list(source_ids),
            "tags": ["kubernetes", "nodeless"],
        },
    }
    if text:
        d["help"] = {"text": "\n\n".join(text), "markdown": "\n\n".join(markdown)}
    return d


_EXAMPLES = re.compile(r"^\s*(PASS|FAIL)\b")


def _doc(module) -> tuple[str, str]:
    """(summary, description): the docstring's first line, and its prose up to the examples."""
    doc = (getattr(module, "__doc__", None) or "").strip()
    if not doc:
        return "", ""
    lines = doc.splitlines()
    summary = _literal(lines[0].strip().rstrip("."))
    paragraphs, current = [], []
    for line in lines[1:]:
        if _EXAMPLES.match(line):
            break
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return summary, _literal("\n\n".join(paragraphs))


def _literal(text: str) -> str:
    """reStructuredText ``literal`` -> Markdown `literal` (reads the same as plain text)."""
    return text.replace("``", "`")


def _source_text(sid: str, s) -> str:
    title = s.get("title") or sid
    date = f" ({s['date']})" if s.get("date") else ""
    url = f": {s['url']}" if s.get("url") else ""
    return f"{title}{date}{url}"


def _source_md(sid: str, s) -> str:
    title = (s.get("title") or sid).replace("[", "\\[").replace("]", "\\]")
    date = f" ({s['date']})" if s.get("date") else ""
    return f"[{title}]({s['url']}){date}" if s.get("url") else f"{title}{date}"


# -- results -------------------------------------------------------------------------------------

def result_dict(f, index: dict, suppressed: bool = False) -> dict:
    """One finding as a SARIF result (the reference for `_ResultEncoder`, which tests hold to it)."""
    loc = f.location
    path = f.field_path
    label = object_label(f.object)
    location = {}
    props = {"object": f.object.as_dict(), "path": path}
    if loc is not None:
        artifact = _artifact(loc.file, loc.origin, {})
        if artifact is not None:
            physical = {"artifactLocation": artifact}
            if loc.file != STDIN:
                physical["region"] = _region(loc.line, loc.column)
            location["physicalLocation"] = physical
        if loc.origin:
            props["origin"] = loc.origin
    location["logicalLocations"] = [{
        "name": f.object.name or "<unnamed>", "fullyQualifiedName": f"{label}:{path}" if path else label,
        "kind": "resource"}]
    out = {
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        "level": _LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT: fingerprint(f, path)},
        "properties": props,
    }
    if suppressed:
        out["suppressions"] = [_suppression(f)]
    return out


def fingerprint(f, path: str) -> str:
    """Stable across runs and line moves: rule, object identity (not apiVersion) and field path."""
    key = "\x00".join((f.rule, f.object.kind, f.object.namespace or "", f.object.name or "", path))
    return hashlib.blake2b(key.encode(), digest_size=16).hexdigest()


def _suppression(f) -> dict:
    why = f.suppressed_by or ""
    return {"kind": "inSource" if why.startswith("annotation") else "external",
            "status": "accepted", "justification": why}


class _ResultEncoder:
    """Finding -> the compact JSON of `result_dict`, from fragments encoded once per rule, file,
    object and path; only the message, the fully qualified name and the hash are per finding."""

    def __init__(self, index: dict, uris: dict):
        self.index = index
        self.uris = uris
        self.paths = FieldPaths()
        self.heads: dict = {}      # (rule, severity) -> '{"ruleId": ..., "message": {"text": '
        self.artifacts: dict = {}  # (file, origin) -> encoded artifactLocation, or "" for none
        self.objects: dict = {}    # ObjectRef -> (label, encoded name, encoded dict)
        self.path_json: dict = {}  # path tuple -> (field path, encoded field path)

    _MAX_CACHED = 4096   # artifacts, objects and paths are cached per report, not forever

    def __call__(self, f, suppressed: bool = False) -> str:
        if len(self.objects) > self._MAX_CACHED or len(self.path_json) > self._MAX_CACHED:
            self.artifacts.clear()
            self.objects.clear()
            self.path_json.clear()
            self.uris.clear()
            self.paths = FieldPaths()
        head = self.heads.get((f.rule, f.severity))
        if head is None:
            head = self.heads[(f.rule, f.severity)] = (
                f'{{"ruleId": {_str(f.rule)}, "ruleIndex": {self.index[f.rule]}, '
                f'"level": {_str(_LEVEL[f.severity])}, "message": {{"text": ')
        loc = f.location
        if loc is None:
            place = ""
        else:
            artifact = self.artifacts.get((loc.file, loc.origin))
            if artifact is None:
                found = _artifact(loc.file, loc.origin, self.uris)
                artifact = self.artifacts[(loc.file, loc.origin)] = _encode(found) if found else ""
            if not artifact:
                place = ""
            elif loc.file == STDIN:
                place = f'"physicalLocation": {{"artifactLocation": {artifact}}}, '
            else:
                place = (f'"physicalLocation": {{"artifactLocation": {artifact}, "region": '
                         f'{{"startLine": {max(int(loc.line), 1)}, "startColumn": {max(int(loc.column), 1)}}}}}, ')
        obj = self.objects.get(f.object)
        if obj is None:
            obj = self.objects[f.object] = (object_label(f.object), _str(f.object.name or "<unnamed>"),
                                            _encode(f.object.as_dict()))
        label, name, as_dict = obj
        paths = self.path_json.get(f.path)
        if paths is None:
            path = self.paths(f.path)
            paths = self.path_json[f.path] = (path, _str(path))
        path, path_json = paths
        fqn = f"{label}:{path}" if path else label
        origin = f', "origin": {_str(loc.origin)}' if loc is not None and loc.origin else ""
        end = f', "suppressions": [{_encode(_suppression(f))}]}}' if suppressed else "}"
        return (f'{head}{_str(f.message)}}}, "locations": [{{{place}"logicalLocations": [{{"name": {name}, '
                f'"fullyQualifiedName": {_str(fqn)}, "kind": "resource"}}]}}], '
                f'"partialFingerprints": {{"{FINGERPRINT}": "{fingerprint(f, path)}"}}, '
                f'"properties": {{"object": {as_dict}, "path": {path_json}{origin}}}{end}')


def _region(line: int, column: int) -> dict:
    return {"startLine": max(line, 1), "startColumn": max(column, 1)}


def _artifact(file: str, origin: str | None, uris: dict) -> dict | None:
    """artifactLocation of a file (cached per file): relative -> %SRCROOT%, absolute -> file: URI."""
    key = (file, origin)
    if key in uris:
        return uris[key]
    if file == STDIN:
        out = {"uri": _relative_uri(origin), "uriBaseId": SRCROOT} if origin else None
    elif os.path.isabs(file) or PureWindowsPath(file).is_absolute():
        p = PureWindowsPath(file) if PureWindowsPath(file).drive else PurePosixPath(file)
        out = {"uri": p.as_uri()}
    else:
        out = {"uri": _relative_uri(file), "uriBaseId": SRCROOT}
    uris[key] = out
    return out


def _relative_uri(path: str) -> str:
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return quote(path, safe="/")
