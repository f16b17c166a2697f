"""Containers with a ``startupProbe``.

Fly Kubernetes lists ``startupProbe`` as unsupported (it will not take effect), and the AKS virtual
nodes provider rejects a Pod that has one. EKS Fargate and GKE Autopilot run startup probes with a
real kubelet (inference).

PASS::

    spec:
      containers:
      - name: web
        image: nginx

FAIL::

    spec:
      containers:
      - name: web
        image: nginx
        startupProbe:
          httpGet: {path: /healthz, port: 80}
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView, mapping

ID = "startup-probe"
SCOPE = "pod"
FIELDS = frozenset({"container.startupProbe"})
CONF = {}
DEFAULT = {}
REMEDIATION = ("Remove the startupProbe; give a liveness probe a longer initialDelaySeconds if "
               "the container needs time to start.")


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    for c in pod.containers:
        if mapping(c.get("startupProbe")):
            yield Violation(c.path + ("startupProbe",), f"{c.label} has a startupProbe")
