"""Pods that ask for more ephemeral storage than the provider gives a Pod.

EKS Fargate gives a Pod 20 GiB by default and at most 175 GiB through ``ephemeral-storage``
requests; an ACI container group has 50 GB of storage; GKE Autopilot defaults to 1 GiB per
container (third-party reports cap it at 10 GiB per Pod, unconfirmed). On Fly Kubernetes the root
filesystem size is not documented. The Pod total is counted as the scheduler counts it: max(largest
init container, sum of the regular containers and native sidecars), for requests (which default to
limits) and for limits; one finding per Pod, for requests when they are over, otherwise for limits.

Options: ``max`` (a quantity such as ``175Gi``; default null: the rule does nothing).

PASS (max: 175Gi)::

    resources:
      requests: {ephemeral-storage: 10Gi}

FAIL (max: 175Gi)::

    resources:
      requests: {ephemeral-storage: 200Gi}
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.common import QUANTITY_PATTERN, fmt_bytes, pod_total_crossing, quantity, resource_path
from rules.findings import Violation
from rules.objects import PodView

ID = "ephemeral-storage"
SCOPE = "pod"
FIELDS = frozenset({"container.resources"})
CONF = {"max": {"type": ["string", "number", "null"], "pattern": QUANTITY_PATTERN, "minimum": 0}}
DEFAULT = {"max": None}
REMEDIATION = ("Request less ephemeral storage, and keep large or lasting data on a volume or in "
               "object storage.")


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    maximum = quantity(conf["max"])
    if maximum is None:
        return
    for which in ("requests", "limits"):
        crossing = pod_total_crossing(pod, "ephemeral-storage", which, maximum)
        if crossing is None:
            continue
        total, container = crossing
        yield Violation(resource_path(container, which, "ephemeral-storage"),
                        f"Pod ephemeral-storage {which} come to {fmt_bytes(total)}, more than the "
                        f"{fmt_bytes(maximum)} allowed ({container.label} takes it over)")
        return
