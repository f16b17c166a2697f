"""Immutable values that flow out of the engine: what was checked, what was found, where."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

SEVERITIES = ("error", "warning", "info")
LEVELS = SEVERITIES + ("off",)
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}

Path = tuple  # of str keys and int indices, from the document root


@lru_cache(maxsize=4096)  # reports and responses render the same few paths again and again
def render_path(path: Path) -> str:
    """('spec', 'containers', 0, 'image') -> 'spec.containers[0].image'."""
    out = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif out:
            out.append("." + part if _plain(part) else f"[{part!r}]")
        else:
            out.append(part if _plain(part) else f"[{part!r}]")
    return "".join(out)


def _plain(key: str) -> bool:
    return key.replace("_", "a").replace("-", "a").isalnum()


class ObjectRef(NamedTuple):
    api_version: str
    kind: str
    namespace: str | None
    name: str | None

    def __str__(self) -> str:
        where = f"{self.namespace}/" if self.namespace else ""
        return f"{self.kind} {where}{self.name or '<unnamed>'}"

    def as_dict(self) -> dict:
        return {"apiVersion": self.api_version, "kind": self.kind,
                "namespace": self.namespace, "name": self.name}


@dataclass(frozen=True, slots=True)
class Location:
    """1-based line and column of a field in a file ('-' for stdin)."""
    file: str
    line: int
    column: int
    origin: str | None = None  # the template a `helm template` stream came from ("# Source: ...")


class Violation(NamedTuple):
    """What a rule yields: a field path and a message naming the container, volume or object."""
    path: Path
    message: str


@lru_cache(maxsize=8192)  # the same paths come back object after object
def path_order(path: Path) -> tuple:
    """A sort key for paths: indices before keys at the same depth, indices numerically."""
    return tuple((0, p, "") if isinstance(p, int) else (1, 0, p) for p in path)


# A NamedTuple rather than a frozen dataclass: as immutable, and four times cheaper to build (a
# 50-container Pod yields a hundred findings per admission review).
class Finding(NamedTuple):
    rule: str
    severity: str
    message: str
    remediation: str
    object: ObjectRef
    path: Path
    location: Location | None = None
    note: str = ""            # why, on this provider (from the profile)
    sources: tuple = ()       # support-matrix source ids the level rests on
    suppressed_by: str | None = None

    @property
    def field_path(self) -> str:
        return render_path(self.path)

    def sort_key(self):
        """File, line, column, object, path, rule: the order every report lists findings in."""
        loc = self.location
        obj = self.object
        return (loc.file if loc else "", loc.line if loc else 0, loc.column if loc else 0,
                obj.kind, obj.namespace or "", obj.name or "", path_order(self.path), self.rule)

    # Equality ignores wording (as yamllint's LintProblem does): tests stay stable when messages change.
    def __eq__(self, other):
        return isinstance(other, Finding) and (self.rule, self.severity, self.object, self.path) == (
            other.rule, other.severity, other.object, other.path)

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash((self.rule, self.severity, self.object, self.path))

    def __lt__(self, other: Finding) -> bool:
        return self.sort_key() < other.sort_key()


@dataclass(frozen=True, slots=True)
class InputError:
    """Input that could not be read or parsed; every other document is still linted."""
    file: str
    line: int
    column: int
    message: str
    field: str = ""   # the field path, when the error is about a field's shape

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        what = f" {self.field}:" if self.field else ""
        return f"{where}:{what} {self.message}"
