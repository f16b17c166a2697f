"""Pods whose CPU or memory is above the largest size the provider runs.

A nodeless Pod is one VM or container group, so the Pod as a whole must fit the largest one. The
Pod's effective value is what the scheduler counts: max(largest init container, sum of the regular
containers and native sidecars), for requests (which default to limits) and for limits. EKS Fargate
runs at most 16 vCPU / 120 GB (requests are rounded up, plus 256 MB of overhead); an ACI container
group holds at most 31 vCPU / 240 GB (groups above 4 vCPU / 16 GB may fail for capacity); GKE
Autopilot rejects requests above its compute class maximum. A Fly Machine goes up to 16
performance vCPUs and 128 GB (derived from the sizing guide); how Fly Kubernetes maps Pod resources
onto it is not documented.

Options: ``max_cpu`` and ``max_memory`` (quantities such as ``16`` and ``120Gi``; null = no limit,
the default). Per resource one finding: for requests when they are over, otherwise for limits. It
points at the container whose value takes the total over.

PASS (max_cpu: 4)::

    spec:
      containers:
      - name: web
        image: nginx
        resources:
          requests: {cpu: "2"}

FAIL (max_cpu: 4)::

    spec:
      containers:
      - name: web
        image: nginx
        resources:
          requests: {cpu: "3"}
      - name: worker
        image: worker
        resources:
          requests: {cpu: "2"}
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.common import QUANTITY_PATTERN, fmt_bytes, fmt_cpu, pod_total_crossing, quantity, resource_path
from rules.findings import Violation
from rules.objects import PodView

ID = "resources-exceed"
SCOPE = "pod"
FIELDS = frozenset({"container.resources"})
CONF = {
    "max_cpu": {"type": ["string", "number", "null"], "pattern": QUANTITY_PATTERN, "minimum": 0},
    "max_memory": {"type": ["string", "number", "null"], "pattern": QUANTITY_PATTERN, "minimum": 0},
}
DEFAULT = {"max_cpu": None, "max_memory": None}
REMEDIATION = ("Lower the requests and limits so the whole Pod fits the largest size, or split the "
               "work across more, smaller Pods.")



def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    for name, option, fmt in (("cpu", "max_cpu", fmt_cpu), ("memory", "max_memory", fmt_bytes)):
        maximum = quantity(conf[option])
        if maximum is None:
            continue
        for which in ("requests", "limits"):
            crossing = pod_total_crossing(pod, name, which, maximum)
            if crossing is None:
                continue
            total, container = crossing
            yield Violation(resource_path(container, which, name),
                            f"Pod {name} {which} come to {fmt(total)}, more than the {fmt(maximum)} "
                            f"allowed ({container.label} takes it over)")
            break
