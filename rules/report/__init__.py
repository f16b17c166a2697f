"""Findings -> text. One module per format, each with `chunks(result) -> Iterator[str]` (written as it
is produced, so a report of any size costs no memory) and `render(result) -> str` (the same, joined).
"""
from __future__ import annotations

import pickle
import tempfile
from dataclasses import dataclass, field
from typing import IO, Iterator

from rules.findings import SEVERITY_RANK

FORMATS = ("text", "json", "sarif", "junit", "github")
JSON_VERSION = "1"   # bump when the JSON report changes incompatibly


class Spool:
    """An append-only sequence kept in a temporary file, re-readable from the start.

    A lint run appends each file's findings here, so its memory does not grow with the number of
    files linted; reports read them back, as often as they need, in the order they came.
    """
    _FLUSH_AT = 512

    def __init__(self):
        self._file: IO[bytes] | None = None
        self._pending: list = []
        self._len = 0

    def extend(self, items) -> None:
        self._pending.extend(items)
        self._len += len(items)
        if len(self._pending) >= self._FLUSH_AT:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            if self._file is None:
                self._file = tempfile.TemporaryFile(prefix="nodeless-")
            self._file.seek(0, 2)
            pickle.dump(self._pending, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._pending = []

    def __iter__(self) -> Iterator:
        if self._file is not None:
            self._file.flush()
            end = self._file.seek(0, 2)
            self._file.seek(0)
            while self._file.tell() < end:
                yield from pickle.load(self._file)
        yield from list(self._pending)

    def __len__(self) -> int:
        return self._len

    def __bool__(self) -> bool:
        return self._len > 0

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


@dataclass(slots=True)
class LintResult:
    """Everything one lint run produced, in a stable order.

    `findings`, `suppressed` and `errors` are lists or Spools: iterate them, take len(), never index.
    """
    profile: object                      # rules.profiles.Profile
    findings: object = field(default_factory=list)     # Finding, sorted per file, files in order
    suppressed: object = field(default_factory=list)   # Finding with suppressed_by set
    errors: object = field(default_factory=list)       # rules.findings.InputError
    files: int = 0
    documents: int = 0
    objects: int = 0
    skipped: int = 0          # documents that are not Kubernetes objects
    show_suppressed: bool = False
    fail_on: str = "error"
    severity_counts: dict | None = None   # kept by the lint run; computed from findings otherwise

    def counts(self) -> dict:
        if self.severity_counts is not None:
            return dict(self.severity_counts)
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    @property
    def failed(self) -> bool:
        threshold = SEVERITY_RANK[self.fail_on]
        return any(n and SEVERITY_RANK[sev] >= threshold for sev, n in self.counts().items())

    @property
    def exit_code(self) -> int:
        if self.errors:
            return 2
        return 1 if self.failed else 0


def chunks(result: LintResult, fmt: str, **options) -> Iterator[str]:
    from importlib import import_module
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return import_module(f"rules.report.{fmt}_report").chunks(result, **options)


def render(result: LintResult, fmt: str, **options) -> str:
    return "".join(chunks(result, fmt, **options))
