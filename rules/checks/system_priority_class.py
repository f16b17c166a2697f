"""Pods that ask for a system priority class (``system-node-critical``, ``system-cluster-critical``).

The two built-in system priority classes are meant for components a node or the cluster cannot run
without. On GKE Autopilot, a deployment tool notes that the node-critical class cannot be used
(third-party; no rejection message has been seen). On Fly Kubernetes, EKS Fargate and AKS virtual
nodes the status is unknown. Only ``spec.priorityClassName`` is judged; the resolved
numeric ``priority`` the API server adds is not.

Options: ``class_names`` (default ``[system-node-critical, system-cluster-critical]``): priority
class names to report.

PASS::

    spec:
      priorityClassName: high-priority
      containers:
      - name: agent
        image: example/agent:1.0

FAIL::

    spec:
      priorityClassName: system-node-critical
      containers:
      - name: agent
        image: example/agent:1.0
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView

ID = "system-priority-class"
SCOPE = "pod"
FIELDS = frozenset({"spec.priorityClassName"})
CONF = {
    "class_names": {"type": "array", "items": {"type": "string"}},
}
DEFAULT = {"class_names": ["system-node-critical", "system-cluster-critical"]}
REMEDIATION = "Use a priority class of your own instead of a system priority class."


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    name = pod.spec.get("priorityClassName")
    if isinstance(name, str) and name in conf["class_names"]:
        yield Violation(pod.at("priorityClassName"), f'Pod uses the system priority class "{name}"')
