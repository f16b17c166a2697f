"""Pods that ask for the node's network namespace (``hostNetwork: true``).

There is no shared host behind a nodeless Pod. EKS Fargate rejects the Pod ("fields not supported:
HostNetwork"), GKE Autopilot denies it (autogke-disallow-hostnamespaces), and the ACI provider
ignores the field, so the Pod runs with its own network instead of the one it asked for. On Fly
Kubernetes the status is unknown (each Pod is its own micro-VM, so there is no host network).

PASS::

    spec:
      containers:
      - name: web
        image: nginx

FAIL::

    spec:
      hostNetwork: true
      containers:
      - name: web
        image: nginx
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView

ID = "host-network"
SCOPE = "pod"
FIELDS = frozenset({"spec.hostNetwork"})
CONF = {}
DEFAULT = {}
REMEDIATION = "Remove hostNetwork and expose the workload through a Service instead."


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    if pod.spec.get("hostNetwork") is True:
        yield Violation(pod.at("hostNetwork"), "Pod uses the host network (hostNetwork: true)")
