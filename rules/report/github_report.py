"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

    ::error file=manifests/web.yaml,line=12,col=9,title=nodeless host-network::Pod uses the host network (spec.template.spec.hostNetwork) — Remove hostNetwork and ...
    ::warning file=manifests/web.yaml,line=31,col=13,title=nodeless empty-dir::Volume 'cache' is an emptyDir (spec.template.spec.volumes[0]) — Use ...
    ::error file=manifests/broken.yaml,line=3,col=5,title=nodeless input error::mapping values are not allowed here
    nodeless: 1 error, 1 warning, 0 info in 2 files (3 objects); 1 input error; profile fks (2026-08)

Severity error -> `::error`, warning -> `::warning`, info -> `::notice`, whatever `fail_on` says
(the exit code decides whether the job fails). Data is escaped as the workflow-commands spec
says: `%`, CR and LF in the message; additionally `:` and `,` in property values. Findings from
standard input have no file to annotate: they name the helm template (or `stdin`) in the message.
Suppressed findings are `::notice` annotations, only when `result.show_suppressed` is set. The last
line is a plain summary for the log. GitHub shows a limited number of annotations per step (10 of
each level at the time of writing); all of them stay in the job log.
"""
from __future__ import annotations

from typing import Iterator

from rules.report import LintResult
from rules.report.common_report import STDIN, summary_line

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: LintResult) -> str:
    return "".join(chunks(result))


def chunks(result: LintResult) -> Iterator[str]:
    titles: dict[str, str] = {}   # rule -> escaped title, once per rule
    for f in result.findings:
        title = titles.get(f.rule)
        if title is None:
            title = titles[f.rule] = escape_property(f"nodeless {f.rule}")
        yield _annotation(_COMMAND[f.severity], f, title, "") + "\n"
    if result.show_suppressed:
        for f in result.suppressed:
            title = escape_property(f"nodeless {f.rule} (suppressed)")
            yield _annotation("notice", f, title, f" [suppressed: {f.suppressed_by}]") + "\n"
    for e in result.errors:
        what = f"{e.field}: " if e.field else ""
        props = _position(e.file, e.line, e.column)
        props.append("title=nodeless input error")
        yield f"::error {','.join(props)}::{escape_data(what + e.message)}\n"
    yield f"nodeless: {summary_line(result)}\n"


def _annotation(command: str, f, title: str, suffix: str) -> str:
    loc = f.location
    props = _position(loc.file, loc.line, loc.column) if loc is not None else []
    props.append(f"title={title}")
    message = f.message
    if f.field_path:
        message += f" ({f.field_path})"
    if loc is not None and loc.file == STDIN:
        message = f"{loc.origin or 'stdin'}: {f.object}: {message}"
    elif loc is None:
        message = f"{f.object}: {message}"
    if f.remediation:
        message += f" — {f.remediation}"
    return f"::{command} {','.join(props)}::{escape_data(message + suffix)}"


def _position(file: str, line: int, column: int) -> list[str]:
    if file == STDIN:
        return []
    return [f"file={escape_property(file)}", f"line={line}", f"col={column}"]
