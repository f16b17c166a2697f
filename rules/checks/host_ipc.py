"""Pods that ask for the node's IPC namespace (``hostIPC: true``).

There is no shared host behind a nodeless Pod. GKE Autopilot denies the Pod
(autogke-disallow-hostnamespaces), and the ACI provider ignores the field, so shared memory with
host processes does not exist. On Fly Kubernetes the status is unknown (each Pod is its own
micro-VM); on EKS Fargate it is unknown too.

PASS::

    spec:
      containers:
      - name: web
        image: nginx

FAIL::

    spec:
      hostIPC: true
      containers:
      - name: web
        image: nginx
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView

ID = "host-ipc"
SCOPE = "pod"
FIELDS = frozenset({"spec.hostIPC"})
CONF = {}
DEFAULT = {}
REMEDIATION = "Remove hostIPC; share memory between containers of the Pod, not with the host."


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    if pod.spec.get("hostIPC") is True:
        yield Violation(pod.at("hostIPC"), "Pod uses the host IPC namespace (hostIPC: true)")
