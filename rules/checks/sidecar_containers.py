"""Native sidecars: init containers with ``restartPolicy: Always``.

Since Kubernetes 1.28 an init container with ``restartPolicy: Always`` keeps running next to the
app containers for the Pod's whole life (service meshes and log shippers inject them). Fly
Kubernetes has sidecars on its roadmap (beta and now); the ACI provider turns every init container
into an ACI init container that must exit before the app starts, so a sidecar would block the Pod
(inferred); on EKS Fargate and GKE Autopilot the status is unknown.

PASS::

    spec:
      initContainers:
      - name: migrate
        image: migrate/migrate

FAIL::

    spec:
      initContainers:
      - name: log-shipper
        image: fluent/fluent-bit
        restartPolicy: Always
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView

ID = "sidecar-containers"
SCOPE = "pod"
FIELDS = frozenset({"spec.initContainers"})
CONF = {}
DEFAULT = {}
REMEDIATION = ("Build the helper into the main container's image or run it as its own workload, "
               "and talk to it over the network.")


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    for c in pod.of("initContainers"):
        if c.is_sidecar:
            yield Violation(c.path + ("restartPolicy",),
                            f"{c.label} is a native sidecar (restartPolicy: Always), which may not run")
