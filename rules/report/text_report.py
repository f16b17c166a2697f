"""The default report: for people at a terminal, compact, grouped by file, then by object.

    manifests/web.yaml
      Deployment prod/web
        12:9   error    host-network  Pod uses the host network (hostNetwork: true)  spec.template.spec.hostNetwork
        31:13  warning  empty-dir     Volume 'cache' is an emptyDir                  spec.template.spec.volumes[0]

    input errors
      manifests/broken.yaml:3:5  error  mapping values are not allowed here

    how to fix  (nodeless explain RULE tells more)
      host-network  Remove hostNetwork and expose the workload through a Service instead.
                    fks: each Pod is its own micro-VM; there is no host network.

    1 error, 1 warning, 0 info in 2 files (3 objects); 1 input error; profile fks (2026-08)

Each rule's remediation (and the profile's note on why it matters there) is printed once, at the
end, for the rules that fired. Findings from a `helm template` stream are grouped by the template
they came from (`- (chart/templates/deploy.yaml)`). Suppressed findings are listed, with what
suppressed them, only when `result.show_suppressed` is set. Colour (ANSI) only when asked for:
the CLI passes `color=stdout.isatty() and "NO_COLOR" not in os.environ`.
"""
from __future__ import annotations

from itertools import groupby
from typing import Iterator

from rules.report import LintResult
from rules.report.common_report import group_name, summary_line

_MESSAGE_WIDTH = 60   # field paths line up after messages up to this long

_RESET = "\x1b[0m"
_STYLE = {
    "file": "\x1b[1;4m",      # bold, underlined
    "object": "\x1b[1m",      # bold
    "error": "\x1b[1;31m",    # bold red
    "warning": "\x1b[33m",    # yellow
    "info": "\x1b[36m",       # cyan
    "dim": "\x1b[2m",
    "section": "\x1b[1m",
    "ok": "\x1b[1;32m",       # bold green
}


def render(result: LintResult, color: bool = False) -> str:
    return "".join(chunks(result, color))


def chunks(result: LintResult, color: bool = False) -> Iterator[str]:
    paint = _paint if color else _plain
    # Findings come sorted per file, files in order: a group (file, or helm template) is a run.
    for name, run in groupby(result.findings, key=lambda f: group_name(f.location)):
        out: list[str] = []
        objects: dict = {}   # object -> findings, in the order given
        for f in run:
            objects.setdefault(f.object, []).append(f)
        out.append(paint("file", _safe(name)))
        rows = [f for found in objects.values() for f in found]
        loc_w = max(len(_pos(f.location)) for f in rows)
        sev_w = max(len(f.severity) for f in rows)
        rule_w = max(len(f.rule) for f in rows)
        msg_w = min(max(len(f.message) for f in rows), _MESSAGE_WIDTH)
        for ref, found in objects.items():
            out.append("  " + paint("object", _safe(str(ref))))
            for f in found:
                row = ("    " + _pos(f.location).ljust(loc_w)
                       + "  " + paint(f.severity, f.severity.ljust(sev_w))
                       + "  " + paint("dim", f.rule.ljust(rule_w))
                       + "  " + _safe(f.message).ljust(msg_w)
                       + "  " + paint("dim", _safe(f.field_path)))
                out.append(row.rstrip())
        out.append("")
        yield "\n".join(out) + "\n"

    out = []
    if result.show_suppressed and result.suppressed:
        out.append(paint("section", "suppressed"))
        for f in result.suppressed:
            head = _safe(f"{_where(f.location)}  {f.severity}  {f.rule}  {f.object}  {f.field_path}")
            why = _safe(f"(suppressed by {f.suppressed_by or 'unknown'})")
            out.append(f"  {head.rstrip()}  {paint('dim', why)}")
            out.append(f"    {_safe(f.message)}")
        out.append("")

    if result.errors:
        out.append(paint("section", "input errors"))
        for e in result.errors:
            what = f"{e.field}: " if e.field else ""
            out.append(f"  {_safe(f'{e.file}:{e.line}:{e.column}')}  {paint('error', 'error')}  "
                       f"{_safe(what + e.message)}")
        out.append("")

    fixes: dict[tuple, str] = {}   # (rule, remediation) -> note; once per rule
    for f in result.findings:
        fixes.setdefault((f.rule, f.remediation), f.note)
    if fixes:
        out.append(paint("section", "how to fix") + paint("dim", "  (nodeless explain RULE tells more)"))
        width = max(len(rule) for rule, _ in fixes)
        profile = result.profile.name
        for (rule, remediation), note in fixes.items():
            out.append(f"  {paint('dim', rule.ljust(width))}  {_safe(remediation)}")
            if note:
                out.append(f"  {' ' * width}  {paint('dim', _safe(f'{profile}: {note}'))}")
        out.append("")

    style = "error" if result.exit_code else ("warning" if result.findings else "ok")
    out.append(paint(style, summary_line(result)))
    yield "\n".join(out) + "\n"


# Text that came from manifests must not move the cursor or colour the terminal: control characters
# become spaces (line breaks, tabs) or U+FFFD (everything else, escape included).
_CONTROL = {c: "\ufffd" for c in (*range(0x20), 0x7f, *range(0x80, 0xa0))}
_CONTROL.update({ord("\n"): " ", ord("\r"): " ", ord("\t"): " "})


def _safe(text: str) -> str:
    return text.translate(_CONTROL)


def _pos(location) -> str:
    return f"{location.line}:{location.column}" if location is not None else "-"


def _where(location) -> str:
    if location is None:
        return "-"
    origin = f" ({location.origin})" if location.origin else ""
    return f"{location.file}:{location.line}:{location.column}{origin}"


def _paint(style: str, text: str) -> str:
    return f"{_STYLE[style]}{text}{_RESET}" if text else text


def _plain(style: str, text: str) -> str:
    return text
