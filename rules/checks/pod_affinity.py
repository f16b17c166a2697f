"""Pods with inter-pod affinity or anti-affinity.

AWS says affinity and anti-affinity "does not apply" to Fargate Pods, and Fly Kubernetes does not
support inter-pod (anti-)affinity (not on the roadmap): spreading replicas apart, or keeping them
together, silently does nothing. On AKS virtual nodes every Pod lands on the one virtual node
(inference). GKE Autopilot supports it (anti-affinity needs at least 500m CPU per Pod, third-party
report). Empty ``{}`` values (as Helm charts render them) are not judged.

PASS::

    spec:
      affinity: {}

FAIL::

    spec:
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            podAffinityTerm:
              topologyKey: kubernetes.io/hostname
              labelSelector: {matchLabels: {app: web}}
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView, mapping

ID = "pod-affinity"
SCOPE = "pod"
FIELDS = frozenset({"spec.affinity"})
CONF = {}
DEFAULT = {}
REMEDIATION = ("Do not rely on pod (anti-)affinity here: spread replicas with the provider's own "
               "placement (regions, zones), or drop the constraint.")


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    affinity = mapping(pod.spec.get("affinity"))
    for field in ("podAffinity", "podAntiAffinity"):
        value = affinity.get(field)
        if isinstance(value, dict) and any(value.values()):
            yield Violation(pod.at("affinity", field), f"Pod sets {field}")
