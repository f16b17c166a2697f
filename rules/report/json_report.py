"""The JSON report: a versioned document for programs (schema: rules/schemas/report.schema.json).

    {
      "version": "1",
      "profile": {"name": "fks", "title": "...", "version": "2026-08"},
      "summary": {"errors": 1, "warnings": 0, "infos": 0, "suppressed": 0, "inputErrors": 0,
                  "files": 1, "documents": 1, "objects": 1, "skipped": 0, "failOn": "error",
                  "failed": true, "exitCode": 1},
      "findings": [
        {"rule": "host-network", "severity": "error", "file": "web.yaml", "line": 12, "column": 9,
         "path": "spec.template.spec.hostNetwork",
         "object": {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "prod", "name": "web"},
         "message": "...", "remediation": "...", "origin": null, "note": "...", "sources": ["fks-docs"]}
      ],
      "suppressed": [ ...same shape, plus "suppressedBy": "annotation nodeless.dev/ignore"... ],
      "errors": [{"file": "bad.yaml", "line": 3, "column": 5, "field": null, "message": "..."}]
    }

`file`, `line` and `column` are null for objects that did not come from a file; `origin` is the
helm template (`# Source:`) the object was rendered from, or null. `suppressed` always lists every
suppressed finding (whatever `--show-suppressed` says): filtering is the consumer's choice.
`version` changes only when the report changes incompatibly; new keys may appear in version 1.

One finding per line: readable, diffable, and fast (an indented `json.dumps` of 10,000 findings
takes the pure-Python encoder over 100 ms; see `_FindingEncoder`).
"""
from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Iterable, Iterator

from rules.report import JSON_VERSION, LintResult
from rules.report.common_report import FieldPaths

_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
_str = encode_basestring   # str -> JSON string literal (C), as the encoder above writes it


def render(result: LintResult) -> str:
    return "".join(chunks(result))


def chunks(result: LintResult) -> Iterator[str]:
    p = result.profile
    counts = result.counts()
    head = {
        "version": JSON_VERSION,
        "profile": {"name": p.name, "title": p.title, "version": p.version},
        "summary": {
            "errors": counts["error"], "warnings": counts["warning"], "infos": counts["info"],
            "suppressed": len(result.suppressed), "inputErrors": len(result.errors),
            "files": result.files, "documents": result.documents, "objects": result.objects,
            "skipped": result.skipped, "failOn": result.fail_on, "failed": result.failed,
            "exitCode": result.exit_code,
        },
    }
    yield "{\n" + ",\n".join(f'  "{key}": ' + json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
                             for key, value in head.items())
    encoder = _FindingEncoder()
    yield ',\n  "findings": '
    yield from _lines(encoder(f) for f in result.findings)
    yield ',\n  "suppressed": '
    yield from _lines(encoder(f, True) for f in result.suppressed)
    yield ',\n  "errors": '
    yield from _lines(_encode({"file": e.file, "line": e.line, "column": e.column, "field": e.field or None,
                               "message": e.message}) for e in result.errors)
    yield "\n}\n"


def finding_dict(f) -> dict:
    """One finding as the report has it (the reference for `_FindingEncoder`, which tests hold to it)."""
    loc = f.location
    return {
        "rule": f.rule,
        "severity": f.severity,
        "file": loc.file if loc is not None else None,
        "line": loc.line if loc is not None else None,
        "column": loc.column if loc is not None else None,
        "path": f.field_path,
        "object": f.object.as_dict(),
        "message": f.message,
        "remediation": f.remediation,
        "origin": loc.origin if loc is not None else None,
        "note": f.note,
        "sources": list(f.sources),
    }


class _FindingEncoder:
    """Finding -> the compact JSON of `finding_dict(f)`, from fragments encoded once each.

    Findings repeat rules, files, objects and paths: a report of 10,000 findings has a few dozen
    rules, a few hundred files and objects. Encoding each of those once and joining fragments
    keeps the whole report far below 100 ms; only the message is encoded per finding.
    """

    def __init__(self):
        self.paths = FieldPaths()
        self.heads: dict = {}     # (rule, severity) -> '{"rule": ..., "severity": ..., '
        self.files: dict = {}     # file -> encoded file name
        self.objects: dict = {}   # ObjectRef -> its encoded dict
        self.path_json: dict = {}  # path tuple -> encoded field path
        self.tails: dict = {}     # (remediation, origin, note, sources) -> ', "remediation": ...}'

    _MAX_CACHED = 4096   # files, objects and paths are cached per report, not forever

    def __call__(self, f, suppressed: bool = False) -> str:
        if len(self.objects) > self._MAX_CACHED or len(self.path_json) > self._MAX_CACHED:
            self.files.clear()
            self.objects.clear()
            self.path_json.clear()
            self.paths = FieldPaths()
        head = self.heads.get((f.rule, f.severity))
        if head is None:
            head = self.heads[(f.rule, f.severity)] = (
                f'{{"rule": {_str(f.rule)}, "severity": {_str(f.severity)}, ')
        loc = f.location
        if loc is None:
            place = '"file": null, "line": null, "column": null, '
        else:
            file = self.files.get(loc.file)
            if file is None:
                file = self.files[loc.file] = _str(loc.file)
            place = f'"file": {file}, "line": {int(loc.line)}, "column": {int(loc.column)}, '
        path = self.path_json.get(f.path)
        if path is None:
            path = self.path_json[f.path] = _str(self.paths(f.path))
        obj = self.objects.get(f.object)
        if obj is None:
            obj = self.objects[f.object] = _encode(f.object.as_dict())
        origin = loc.origin if loc is not None else None
        key = (f.remediation, origin, f.note, f.sources)
        tail = self.tails.get(key)
        if tail is None:
            tail = self.tails[key] = (
                f', "remediation": {_str(f.remediation)}, "origin": {_encode(origin)}, '
                f'"note": {_str(f.note)}, "sources": {_encode(list(f.sources))}')
        end = f', "suppressedBy": {_encode(f.suppressed_by)}}}' if suppressed else "}"
        return f'{head}{place}"path": {path}, "object": {obj}, "message": {_str(f.message)}{tail}{end}'


def _lines(encoded: Iterable[str]) -> Iterator[str]:
    """A JSON array, one item per line, written as items come."""
    sep = "[\n    "
    for item in encoded:
        yield sep + item
        sep = ",\n    "
    yield "[]" if sep == "[\n    " else "\n  ]"
