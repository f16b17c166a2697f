"""Helpers shared by rules: quantities, resource totals, message wording."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from fnmatch import translate
from functools import lru_cache
from typing import Iterable

from rules.objects import PodView, mapping, seq

_QUANTITY = re.compile(r"^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$")
QUANTITY_PATTERN = _QUANTITY.pattern  # for rule option schemas (jsonschema "pattern")
_SUFFIX = {
    None: Decimal(1), "n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"),
    "k": Decimal(10) ** 3, "M": Decimal(10) ** 6, "G": Decimal(10) ** 9, "T": Decimal(10) ** 12,
    "P": Decimal(10) ** 15, "E": Decimal(10) ** 18,
    "Ki": Decimal(2) ** 10, "Mi": Decimal(2) ** 20, "Gi": Decimal(2) ** 30, "Ti": Decimal(2) ** 40,
    "Pi": Decimal(2) ** 50, "Ei": Decimal(2) ** 60,
}
GIB = Decimal(2) ** 30
MIB = Decimal(2) ** 20


def quantity(value) -> Decimal | None:
    """A Kubernetes resource quantity ('500m', '1.5Gi', 2) as a Decimal in base units, else None."""
    if type(value) is str:
        found = _PARSED.get(value, _UNSEEN)
        return found if found is not _UNSEEN else _parse_quantity(value)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    if isinstance(value, str):   # a str subclass
        return _parse_quantity(str(value))
    return None


# Manifests repeat the same few quantities ("500m", "512Mi"...): a plain dict is the cheapest memo.
_PARSED: dict = {}
_UNSEEN = object()


def _parse_quantity(value: str) -> Decimal | None:
    m = _QUANTITY.match(value.strip())
    parsed = None
    if m:
        try:
            parsed = Decimal(m.group(1)) * _SUFFIX[m.group(2)]
        except InvalidOperation:  # pragma: no cover - the pattern only admits valid numbers
            parsed = None
    if len(_PARSED) >= 4096:
        _PARSED.clear()
    _PARSED[value] = parsed
    return parsed


def fmt_cpu(cores: Decimal) -> str:
    if cores < 1 and cores == cores.quantize(Decimal("0.001")):
        return f"{int(cores * 1000)}m"
    return f"{cores.normalize():f}"


def fmt_bytes(n: Decimal) -> str:
    for unit, size in (("Gi", GIB), ("Mi", MIB), ("Ki", Decimal(1024))):
        if n >= size:
            v = (n / size).quantize(Decimal("0.01")).normalize()
            return f"{v:f}{unit}"
    return f"{n.normalize():f}"


def pod_total(pod: PodView, name: str, which: str = "requests") -> Decimal | None:
    """Effective pod request of a resource: max(largest init container, sum of the others).

    Native sidecars (init containers with restartPolicy Always) run for the Pod's lifetime, so they
    count with the regular containers, as the scheduler counts them. None when nothing sets it.
    """
    key = ("totals", name)
    totals = pod.memo.get(key)
    if totals is None:     # once per pod view and resource, however many rules ask
        totals = pod.memo[key] = _accumulate(pod, name, None)
    return totals.get(which)


def _accumulate(pod: PodView, name: str, running: dict | None) -> dict:
    """'requests' and 'limits' -> effective pod total of resource `name` (absent when no container
    sets it). With `running`, also which -> [(container, total so far)] for the containers that set it."""
    # [sum of the containers that run throughout, peak while an init container runs, set at all?]
    requests_acc, limits_acc = [_ZERO, _ZERO, False], [_ZERO, _ZERO, False]
    for c in pod.having("resources"):
        if c.field == "ephemeralContainers":
            continue            # they have no resources
        res = c.spec["resources"]
        limit = quantity(mapping(res.get("limits")).get(name))
        request = quantity(mapping(res.get("requests")).get(name))
        if request is None:
            request = limit     # a request defaults to the limit, as the API server defaults it
        if request is None:
            continue
        runs_through = c.field != "initContainers" or c.is_sidecar
        for which, v, acc in (("requests", request, requests_acc), ("limits", limit, limits_acc)):
            if v is None:
                continue
            acc[2] = True
            if runs_through:
                acc[0] += v
            elif acc[0] + v > acc[1]:
                acc[1] = acc[0] + v
            if running is not None:
                running.setdefault(which, []).append((c, max(acc[0], acc[1])))
    return {which: max(acc[0], acc[1]) for which, acc in (("requests", requests_acc), ("limits", limits_acc))
            if acc[2]}


_ZERO = Decimal(0)


@lru_cache(maxsize=256)
def glob_matcher(patterns: tuple):
    """A function telling whether a string matches any of the fnmatch globs (case-sensitive).

    Compiled once per option value: rules call it for every container and resource name.
    """
    if not patterns:
        return lambda text: False
    return re.compile("|".join(f"(?:{translate(p)})" for p in patterns)).match


def declared(value) -> bool:
    """True when `value` holds at least one scalar: empty mappings and lists, at any depth, do not
    (the API server's `securityContext: {}` declares nothing)."""
    if isinstance(value, dict):
        return any(declared(v) for v in value.values())
    if isinstance(value, list):
        return any(declared(v) for v in value)
    return value is not None


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def join_quoted(names: Iterable[str], most: int = 5) -> str:
    """'"a", "b" and "c"'; beyond `most` names, '"a", ..., "e" and 45 more' (messages end up in
    terminals and 120-character admission warnings)."""
    names = list(names)
    if len(names) > most:
        return ", ".join(f'"{n}"' for n in names[:most]) + f" and {len(names) - most} more"
    quoted = [f'"{n}"' for n in names]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def pod_total_crossing(pod: PodView, name: str, which: str, maximum: Decimal):
    """(total, container) when the effective pod total of a resource (as `pod_total` counts it) is
    above `maximum`; `container` is the one whose value first takes the running total over. None
    when the total stays within `maximum` or nothing sets the resource."""
    total = pod_total(pod, name, which)
    if total is None or total <= maximum:
        return None
    running: dict = {}
    _accumulate(pod, name, running)
    culprit = next(c for c, so_far in running[which] if so_far > maximum)
    return total, culprit


def resource_path(container, which: str, name: str) -> tuple:
    """Path of the field that gives a container's `which` value of resource `name`: the request, or
    the limit it defaults to."""
    res = mapping(container.spec.get("resources"))
    if which == "requests" and name not in mapping(res.get("requests")) and name in mapping(res.get("limits")):
        which = "limits"
    return container.path + ("resources", which, name)


NODE_OS_KEYS = ("kubernetes.io/os", "beta.kubernetes.io/os")
NODE_ARCH_KEYS = ("kubernetes.io/arch", "beta.kubernetes.io/arch")


def required_node_values(pod: PodView, keys) -> frozenset | None:
    """Values of node label(s) `keys` that the Pod's required node affinity admits, or None when
    some nodeSelectorTerm does not pin them with `In` (terms are ORed: the Pod may land elsewhere)."""
    node_affinity = mapping(mapping(pod.spec.get("affinity")).get("nodeAffinity"))
    required = mapping(node_affinity.get("requiredDuringSchedulingIgnoredDuringExecution"))
    terms = [t for t in seq(required.get("nodeSelectorTerms")) if isinstance(t, dict)]
    if not terms:
        return None
    admitted: set = set()
    for term in terms:
        values = None
        for expr in seq(term.get("matchExpressions")):
            expr = mapping(expr)
            if expr.get("key") in keys and expr.get("operator") == "In":
                these = {v for v in seq(expr.get("values")) if isinstance(v, str)}
                values = these if values is None else values & these
        if values is None:
            return None
        admitted |= values
    return frozenset(admitted)
