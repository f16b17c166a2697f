"""Pods that ask for the node's process namespace (``hostPID: true``).

There is no shared host behind a nodeless Pod. GKE Autopilot denies the Pod
(autogke-disallow-hostnamespaces), and the ACI provider ignores the field, so the Pod sees only
its own processes. On Fly Kubernetes the status is unknown (each Pod is its own micro-VM, so there
is no host to share); on EKS Fargate it is unknown too.

PASS::

    spec:
      containers:
      - name: web
        image: nginx

FAIL::

    spec:
      hostPID: true
      containers:
      - name: node-exporter
        image: prom/node-exporter
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView

ID = "host-pid"
SCOPE = "pod"
FIELDS = frozenset({"spec.hostPID"})
CONF = {}
DEFAULT = {}
REMEDIATION = "Remove hostPID; a nodeless Pod has no host processes to see."


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    if pod.spec.get("hostPID") is True:
        yield Violation(pod.at("hostPID"), "Pod uses the host process namespace (hostPID: true)")
