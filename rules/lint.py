"""Files and streams -> LintResult: the CLI's one job, in parallel over files when that pays."""
from __future__ import annotations

import gc
import os
from dataclasses import dataclass, field

from rules.config import Config
from rules.engine import evaluate
from rules.findings import InputError
from rules.loader import LoadStats, YAMLInputError, iter_paths, load_documents, read_source
from rules.profiles import Profile
from rules.report import LintResult, Spool

# Below this many files a process pool costs more than it saves (a pre-commit hook lints a few).
_POOL_MIN_FILES = 64
_CHUNK = 16


@dataclass(slots=True)
class FileResult:
    findings: list = field(default_factory=list)
    suppressed: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    documents: int = 0
    objects: int = 0
    skipped: int = 0


def lint_bytes(data: bytes, name: str, profile: Profile, config: Config) -> FileResult:
    """Lint one file's (or stdin's) content; never raises for bad input."""
    out = FileResult()
    stats = LoadStats()
    for doc in load_documents(data, name, stats):
        if isinstance(doc, InputError):
            out.errors.append(doc)
            continue
        ev = evaluate(doc.obj, profile, config, document=doc)
        out.findings.extend(ev.findings)
        out.suppressed.extend(ev.suppressed)
        for problem in ev.problems:
            loc = problem.location
            out.errors.append(InputError(name, loc.line if loc else 1, loc.column if loc else 1,
                                         problem.message, problem.field_path))
    out.documents, out.objects, out.skipped = stats.documents, stats.objects, stats.skipped
    return out


def lint_file(path: str, profile: Profile, config: Config, stdin=None) -> FileResult:
    try:
        data = read_source(path, stdin)
    except YAMLInputError as exc:
        return FileResult(errors=[InputError(path, 1, 1, exc.message)])
    return lint_bytes(data, path, profile, config)


def lint_paths(paths: list[str], profile: Profile, config: Config, *, jobs: int | None = None,
               stdin=None, fail_on: str = "error", show_suppressed: bool = False) -> LintResult:
    result = LintResult(profile=profile, fail_on=fail_on, show_suppressed=show_suppressed,
                        findings=Spool(), suppressed=Spool(), errors=Spool(),
                        severity_counts={"error": 0, "warning": 0, "info": 0})
    files = []
    for path in paths:
        if path != "-" and not os.path.exists(path):
            result.errors.extend([InputError(path, 1, 1, "no such file or directory")])
            continue
        files.extend(iter_paths([path]))
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and len(files) >= _POOL_MIN_FILES and "-" not in files:
        results = _in_pool(files, profile, config, jobs)
    else:
        results = (lint_file(f, profile, config, stdin) for f in files)
    for fr in results:
        result.files += 1
        result.findings.extend(fr.findings)
        for f in fr.findings:
            result.severity_counts[f.severity] += 1
        result.suppressed.extend(fr.suppressed)
        result.errors.extend(fr.errors)
        result.documents += fr.documents
        result.objects += fr.objects
        result.skipped += fr.skipped
    return result


# Workers are forked with the profile and config already in memory (profiles hold modules and
# read-only mappings, which do not pickle); only file names go out and findings come back.
_worker_args: tuple | None = None


def _work(path: str) -> FileResult:
    profile, config = _worker_args
    return lint_file(path, profile, config)


def _in_pool(files, profile, config, jobs):
    import multiprocessing
    global _worker_args
    _worker_args = (profile, config)
    try:
        ctx = multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - platforms without fork lint in one process
        yield from (lint_file(f, profile, config) for f in files)
        return
    gc.freeze()  # objects inherited by the workers stay out of their collections: no copy-on-write
    try:
        with ctx.Pool(jobs) as pool:
            yield from pool.imap(_work, files, chunksize=_CHUNK)
    finally:
        gc.unfreeze()
