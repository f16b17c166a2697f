"""Ephemeral containers added to a running Pod (``kubectl debug``).

``kubectl debug`` adds an ephemeral container to a live Pod through the ``ephemeralcontainers``
subresource; the kubelet (or the Virtual Kubelet provider) must then start it inside the running
Pod. Whether Fly Kubernetes, EKS Fargate, AKS virtual nodes or GKE Autopilot do so is unknown.
Ephemeral containers only appear in Pods read from an API server, never in manifests.

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
      ephemeralContainers:
      - name: debugger-x7k2p
        image: busybox
        targetContainerName: web
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView

ID = "ephemeral-containers"
SCOPE = "pod"
FIELDS = frozenset({"spec.ephemeralContainers"})
CONF = {}
DEFAULT = {}
REMEDIATION = ("Debug with logs, or with a separate debugging Pod, instead of adding an ephemeral "
               "container to this Pod.")


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    for c in pod.of("ephemeralContainers"):
        yield Violation(c.path, f"{c.label} (kubectl debug) may never start in this Pod")
