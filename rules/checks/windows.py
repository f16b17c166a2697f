"""Windows Pods.

Nodeless capacity runs Linux: EKS Fargate has no Windows support, AKS virtual nodes run Windows only
with a manually installed provider, and Fly Kubernetes runs Linux micro-VMs (so Windows presumably
not; unknown). GKE Autopilot: unknown. A Pod is judged Windows when ``spec.os.name`` is
``windows``, when its nodeSelector sets ``kubernetes.io/os`` (or ``beta.kubernetes.io/os``) to
``windows``, or when its required node affinity admits only ``windows`` for those keys.

PASS::

    spec:
      nodeSelector:
        kubernetes.io/os: linux

FAIL::

    spec:
      nodeSelector:
        kubernetes.io/os: windows
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.common import NODE_OS_KEYS, required_node_values
from rules.findings import Violation
from rules.objects import PodView, mapping

ID = "windows"
SCOPE = "pod"
FIELDS = frozenset({"spec.os", "spec.nodeSelector", "spec.affinity"})
CONF = {}
DEFAULT = {}
REMEDIATION = "Run Windows workloads on a Windows node pool, or port them to a Linux image."


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    if mapping(pod.spec.get("os")).get("name") == "windows":
        yield Violation(pod.at("os", "name"), "Pod runs on Windows (os.name: windows)")
        return
    selector = mapping(pod.spec.get("nodeSelector"))
    for key in NODE_OS_KEYS:
        if selector.get(key) == "windows":
            yield Violation(pod.at("nodeSelector", key), f"Pod runs on Windows ({key}: windows)")
            return
    if required_node_values(pod, NODE_OS_KEYS) == {"windows"}:
        yield Violation(pod.at("affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution"),
                        "Pod runs on Windows (its node affinity admits only windows)")
