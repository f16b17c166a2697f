"""Container ports bound to a port of the node (``hostPort``).

There is no node port to bind behind a nodeless Pod. EKS Fargate rejects the Pod ("port contains
HostIP or HostPort"), GKE Autopilot denies it (autogke-no-host-port), the ACI provider ignores the
field, and Fly Kubernetes does not support container ``ports`` at all. Every container (init,
regular, ephemeral) is visited; a ``hostPort`` of 0 means "none" and is not reported.

Pods with ``hostNetwork: true`` are skipped: there the API server fills in ``hostPort`` equal to
``containerPort`` on every port, so the finding would repeat what ``host-network`` already
reports, on values the user may never have written.

PASS::

    spec:
      containers:
      - name: web
        image: nginx
        ports:
        - containerPort: 80

FAIL::

    spec:
      containers:
      - name: web
        image: nginx
        ports:
        - containerPort: 80
          hostPort: 8080
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView

ID = "host-port"
SCOPE = "pod"
FIELDS = frozenset({"container.ports"})
CONF = {}
DEFAULT = {}
REMEDIATION = "Remove hostPort and reach the container through a Service instead."


def _port_number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    if pod.spec.get("hostNetwork") is True:
        return  # hostPort is defaulted from containerPort; host-network reports the cause
    for c in pod.having("ports"):
        for i, port in enumerate(c.spec["ports"]):
            if not isinstance(port, dict) or "hostPort" not in port:
                continue
            host_port = _port_number(port.get("hostPort"))
            if not host_port:
                continue
            inner = port.get("containerPort")
            to = f" (containerPort {inner})" if _port_number(inner) is not None else ""
            yield Violation(c.path + ("ports", i, "hostPort"),
                            f"{c.label} binds host port {host_port}{to}")
