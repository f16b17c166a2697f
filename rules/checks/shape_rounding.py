"""What size the provider will actually run (and bill) a Pod as, when it rounds requests up.

EKS Fargate runs each Pod on one of a fixed set of vCPU/memory combinations. It takes the Pod's
requests (max(largest init container, sum of the regular containers and native sidecars); requests
default to limits), adds 256 MiB for its own agents, and rounds up to the first combination that
fits: the smallest listed vCPU at or above the CPU request that offers a memory size at or above the
memory, then the smallest such memory size. Nothing requested means 0.25 vCPU / 0.5 GB. The Pod is
billed for that combination, which can be far more than it asked for: AWS's own example, 1 vCPU and
8 GB, runs as 2 vCPU / 9 GB. Other offerings in the matrix round in small steps (ACI: 0.01 vCPU,
0.1 GB) or undocumentedly (Fly Kubernetes: unknown), so only profiles with a shape table use this.

A finding is reported only when rounding changes something: no finding when the request plus the
overhead already is a listed combination, none when ``shapes`` is empty, and none when the Pod is
bigger than the largest combination (that is ``resources-exceed``'s finding).

Options:

- ``shapes``: the combinations, one entry per vCPU size: ``cpu`` (a quantity) and ``memory``, either
  a list of sizes or a range ``{min, max, step}``.
- ``overhead_memory``: memory the provider adds to the request before rounding (default ``0``).

The EKS Fargate table (GB here means GiB)::

    shapes:
    - {cpu: "0.25", memory: [512Mi, 1Gi, 2Gi]}
    - {cpu: "0.5", memory: {min: 1Gi, max: 4Gi, step: 1Gi}}
    - {cpu: "1", memory: {min: 2Gi, max: 8Gi, step: 1Gi}}
    - {cpu: "2", memory: {min: 4Gi, max: 16Gi, step: 1Gi}}
    - {cpu: "4", memory: {min: 8Gi, max: 30Gi, step: 1Gi}}
    - {cpu: "8", memory: {min: 16Gi, max: 60Gi, step: 4Gi}}
    - {cpu: "16", memory: {min: 32Gi, max: 120Gi, step: 8Gi}}
    overhead_memory: 256Mi

PASS (the table above): requests of 250m CPU / 256Mi memory (with the overhead: 0.25 vCPU / 512Mi).

FAIL (the table above)::

    spec:
      containers:
      - name: app
        image: app
        resources:
          requests: {cpu: "1", memory: 8Gi}   # runs as 2 vCPU / 9Gi
"""
from __future__ import annotations

from decimal import ROUND_CEILING, Decimal
from typing import Iterator, Mapping

from rules.common import QUANTITY_PATTERN, fmt_bytes, pod_total, quantity
from rules.findings import Violation
from rules.objects import PodView

_QUANTITY = {"type": ["string", "number"], "pattern": QUANTITY_PATTERN, "minimum": 0}

ID = "shape-rounding"
SCOPE = "pod"
CONF = {
    "shapes": {"type": "array", "items": {
        "type": "object", "required": ["cpu", "memory"], "additionalProperties": False,
        "properties": {
            "cpu": _QUANTITY,
            "memory": {"oneOf": [
                {"type": "array", "items": _QUANTITY, "minItems": 1},
                {"type": "object", "required": ["min", "max", "step"], "additionalProperties": False,
                 "properties": {"min": _QUANTITY, "max": _QUANTITY, "step": _QUANTITY}},
            ]},
        },
    }},
    "overhead_memory": _QUANTITY,
}
DEFAULT = {"shapes": [], "overhead_memory": "0"}
REMEDIATION = ("Set requests to a size the provider offers (requests plus its overhead), so the Pod "
               "is not billed for capacity it did not ask for.")


def _smallest_memory(options, need: Decimal) -> Decimal | None:
    """The smallest memory size of one shape at or above `need`, or None."""
    if isinstance(options, dict):
        low, high, step = (quantity(options.get(k)) for k in ("min", "max", "step"))
        if low is None or high is None or not step or step <= 0:
            return None
        if need <= low:
            return low
        size = low + ((need - low) / step).to_integral_value(rounding=ROUND_CEILING) * step
        return size if size <= high else None
    if not isinstance(options, list):
        return None
    sizes = sorted(q for q in map(quantity, options) if q is not None)
    return next((s for s in sizes if s >= need), None)


def fit(shapes, cpu: Decimal, memory: Decimal) -> tuple[Decimal, Decimal] | None:
    """The (vCPU, memory) combination a request of `cpu` and `memory` is rounded up to, or None."""
    parsed = []
    for shape in shapes:
        size = quantity(shape.get("cpu"))
        if size is not None:
            parsed.append((size, shape.get("memory")))
    for size, options in sorted(parsed, key=lambda s: s[0]):
        if size < cpu or options is None:
            continue
        chosen = _smallest_memory(options, memory)
        if chosen is not None:
            return size, chosen
    return None


def _cpu(cores: Decimal) -> str:
    return f"{cores.normalize():f} vCPU"


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    if not conf["shapes"]:
        return
    overhead = quantity(conf["overhead_memory"]) or Decimal(0)
    cpu, memory = pod_total(pod, "cpu"), pod_total(pod, "memory")
    need_cpu, need_memory = cpu or Decimal(0), (memory or Decimal(0)) + overhead
    chosen = fit(conf["shapes"], need_cpu, need_memory)
    if chosen is None or chosen == (need_cpu, need_memory):
        return
    if cpu is None and memory is None:
        asked = "no CPU or memory"
    else:
        asked = (f"{_cpu(cpu) if cpu is not None else 'no CPU'} / "
                 f"{fmt_bytes(memory) if memory is not None else 'no memory'}")
    if overhead:
        asked += f" (+{fmt_bytes(overhead)} overhead)"
    yield Violation(pod.path, f"Pod requests {asked}; it will run (and be billed) as "
                              f"{_cpu(chosen[0])} / {fmt_bytes(chosen[1])}")
