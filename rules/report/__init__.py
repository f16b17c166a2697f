"""Findings -> bytes. One module per format, each with `render(result: LintResult) -> str`."""
from __future__ import annotations

from dataclasses import dataclass, field

from rules.findings import SEVERITY_RANK

FORMATS = ("text", "json", "sarif", "junit", "github")
JSON_VERSION = "1"   # bump when the JSON report changes incompatibly


@dataclass(slots=True)
class LintResult:
    """Everything one lint run produced, in a stable order."""
    profile: object                      # rules.profiles.Profile
    findings: list = field(default_factory=list)     # Finding, sorted
    suppressed: list = field(default_factory=list)   # Finding with suppressed_by set
    errors: list = field(default_factory=list)       # rules.findings.InputError
    files: int = 0
    documents: int = 0
    objects: int = 0
    skipped: int = 0          # documents that are not Kubernetes objects
    show_suppressed: bool = False
    fail_on: str = "error"

    def counts(self) -> dict:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    @property
    def failed(self) -> bool:
        threshold = SEVERITY_RANK[self.fail_on]
        return any(SEVERITY_RANK[f.severity] >= threshold for f in self.findings)

    @property
    def exit_code(self) -> int:
        if self.errors:
            return 2
        return 1 if self.failed else 0


def render(result: LintResult, fmt: str) -> str:
    from importlib import import_module
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return import_module(f"rules.report.{fmt}_report").render(result)
