"""Privileged containers (``securityContext.privileged: true``).

A privileged container gets every capability and the host's devices. No nodeless offering grants
that: EKS Fargate rejects the Pod ("invalid SecurityContext fields: Privileged"), ACI forbids
privileged containers, GKE Autopilot allows it only for allow-listed partner workloads, and Fly
Kubernetes does not support container ``securityContext``. Every container (init, regular,
ephemeral) is visited; ``privileged: false`` is not reported.

PASS::

    spec:
      containers:
      - name: web
        image: nginx
        securityContext:
          privileged: false

FAIL::

    spec:
      containers:
      - name: dind
        image: docker:dind
        securityContext:
          privileged: true
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView, mapping

ID = "privileged"
SCOPE = "pod"
FIELDS = frozenset({"container.securityContext"})
CONF = {}
DEFAULT = {}
REMEDIATION = ("Remove privileged: true and add only the specific capabilities the container "
               "needs, if the provider allows them.")


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    for c in pod.containers:
        if mapping(c.get("securityContext")).get("privileged") is True:
            yield Violation(c.path + ("securityContext", "privileged"), f"{c.label} is privileged")
