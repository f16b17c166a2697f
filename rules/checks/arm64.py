"""Pods that must run on Arm64.

EKS Fargate runs only x86-64 (no Arm). GKE Autopilot runs Arm64 through Arm-capable compute
classes. On Fly Kubernetes and AKS virtual nodes: unknown. A Pod is judged Arm64-only when its
nodeSelector sets ``kubernetes.io/arch`` (or ``beta.kubernetes.io/arch``) to ``arm64``, or when its
required node affinity admits only ``arm64`` for those keys (a multi-arch affinity such as
``In [amd64, arm64]`` is fine).

PASS::

    spec:
      nodeSelector:
        kubernetes.io/arch: amd64

FAIL::

    spec:
      nodeSelector:
        kubernetes.io/arch: arm64
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.common import NODE_ARCH_KEYS, required_node_values
from rules.findings import Violation
from rules.objects import PodView, mapping

ID = "arm64"
SCOPE = "pod"
FIELDS = frozenset({"spec.nodeSelector", "spec.affinity"})
CONF = {}
DEFAULT = {}
REMEDIATION = "Build a multi-arch (amd64) image and select amd64, or run the Pod on an Arm64 node pool."


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    selector = mapping(pod.spec.get("nodeSelector"))
    for key in NODE_ARCH_KEYS:
        if selector.get(key) == "arm64":
            yield Violation(pod.at("nodeSelector", key), f"Pod runs only on Arm64 ({key}: arm64)")
            return
    if required_node_values(pod, NODE_ARCH_KEYS) == {"arm64"}:
        yield Violation(pod.at("affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution"),
                        "Pod runs only on Arm64 (its node affinity admits only arm64)")
