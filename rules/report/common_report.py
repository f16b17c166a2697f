"""Helpers shared by the report formats (this module is not a format itself).

Everything here is cheap and deterministic: no clocks, no environment, no filesystem.
"""
from __future__ import annotations

from functools import lru_cache

from rules.findings import render_path

STDIN = "-"
NO_FILE = "(no file)"   # group name of findings about objects that did not come from a file

INFORMATION_URI = "https://nodeless.dev"


@lru_cache(maxsize=1)
def tool_version() -> str:
    """The installed package version ("0.0.0" when running from a tree that is not installed)."""
    from importlib import metadata
    try:
        return metadata.version("nodeless")
    except metadata.PackageNotFoundError:  # pragma: no cover - always installed in practice
        return "0.0.0"


def object_label(ref) -> str:
    """`Kind/namespace/name`, or `Kind/name` for cluster-scoped (or namespace-less) objects."""
    name = ref.name or "<unnamed>"
    return f"{ref.kind}/{ref.namespace}/{name}" if ref.namespace else f"{ref.kind}/{name}"


def group_name(location) -> str:
    """The heading a finding is listed under: its file, with the helm template it came from.

    `helm template ... | nodeless lint -` gives `- (chart/templates/deploy.yaml)`; a rendered file
    `out.yaml` gives `out.yaml (chart/templates/deploy.yaml)`. Line numbers stay those of the file.
    """
    if location is None:
        return NO_FILE
    if location.origin:
        return f"{location.file} ({location.origin})"
    return location.file


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def profile_label(profile) -> str:
    version = getattr(profile, "version", "")
    return f"{profile.name} ({version})" if version else profile.name


def summary_line(result) -> str:
    """`12 errors, 3 warnings, 1 info in 4 files (57 objects, 9 non-Kubernetes documents skipped);
    2 suppressed; 1 input error; profile fks (2026-08)`."""
    c = result.counts()
    if result.findings:
        head = f"{plural(c['error'], 'error')}, {plural(c['warning'], 'warning')}, {c['info']} info"
    else:
        head = "no findings"
    head += f" in {plural(result.files, 'file')}"
    detail = [plural(result.objects, "object")]
    if result.skipped:
        detail.append(f"{plural(result.skipped, 'non-Kubernetes document')} skipped")
    parts = [f"{head} ({', '.join(detail)})"]
    if result.suppressed:
        hint = "" if result.show_suppressed else " (--show-suppressed lists them)"
        parts.append(f"{len(result.suppressed)} suppressed{hint}")
    if result.errors:
        parts.append(plural(len(result.errors), "input error"))
    parts.append(f"profile {profile_label(result.profile)}")
    return "; ".join(parts)


class FieldPaths:
    """`Finding.field_path`, memoised by path prefix for one render.

    Reports of many findings repeat the same prefixes (`spec.template.spec.containers[0]`...), so
    each path costs a dict lookup and one new segment instead of a full `render_path`. Segments
    come from `render_path` itself, so the spelling stays the engine's.
    """
    __slots__ = ("_paths", "_parts")

    def __init__(self):
        self._paths: dict = {(): ""}
        self._parts: dict = {}

    def __call__(self, path: tuple) -> str:
        out = self._paths.get(path)
        if out is None:
            if len(path) == 1:
                out = render_path(path)
            else:
                last = path[-1]
                part = self._parts.get((type(last), last))
                if part is None:
                    # the spelling of `last` after some first key: drop that key's one character
                    part = self._parts[(type(last), last)] = render_path(("a", last))[1:]
                out = self(path[:-1]) + part
            self._paths[path] = out
        return out
