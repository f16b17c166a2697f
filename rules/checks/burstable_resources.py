"""Containers whose limit is above their request (burstable resources).

EKS Fargate sizes the Pod from its requests and AWS states that requests must equal limits, so a
container cannot burst above its request. The AKS virtual nodes provider passes limits through to
ACI, and GKE Autopilot allows bursting only from 1.30.2-gke.1394000 (older clusters force requests
to equal limits). On Fly Kubernetes the behaviour is unknown. A container with only limits is not
burstable: requests default to limits in the API. A request with no limit is not judged (there is
no stated limit to compare). Ephemeral containers have no resources.

Options: ``resources`` (default ``[cpu, memory]``): the resources compared.

PASS::

    resources:
      requests: {cpu: 500m, memory: 512Mi}
      limits: {cpu: 500m, memory: 512Mi}

FAIL::

    resources:
      requests: {cpu: 250m, memory: 256Mi}
      limits: {cpu: "1", memory: 512Mi}
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.common import fmt_bytes, fmt_cpu, quantity
from rules.findings import Violation
from rules.objects import PodView, mapping

ID = "burstable-resources"
SCOPE = "pod"
FIELDS = frozenset({"container.resources"})
CONF = {"resources": {"type": "array", "items": {"type": "string"}}}
DEFAULT = {"resources": ["cpu", "memory"]}
REMEDIATION = "Set each request equal to its limit, sized for the container's peak use."


def _fmt(name: str, value) -> str:
    if name == "cpu":
        return fmt_cpu(value)
    return fmt_bytes(value) if name in ("memory", "ephemeral-storage") else f"{value.normalize():f}"


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    for c in pod.sized:
        res = mapping(c.get("resources"))
        requests, limits = mapping(res.get("requests")), mapping(res.get("limits"))
        for name in conf["resources"]:
            request, limit = quantity(requests.get(name)), quantity(limits.get(name))
            if request is not None and limit is not None and limit > request:
                yield Violation(c.path + ("resources", "limits", name),
                                f"{c.label} {name} limit {_fmt(name, limit)} is above its request "
                                f"{_fmt(name, request)}")
