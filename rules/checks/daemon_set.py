"""DaemonSets, which need nodes to run one Pod on each.

A DaemonSet places one Pod on every matching node. A nodeless cluster has no nodes of its own to
run them on: Virtual Kubelet nodes (Fly Kubernetes, AKS virtual nodes) carry a
``virtual-kubelet.io/provider`` NoSchedule taint that DaemonSet Pods do not tolerate unless told to,
so they skip the virtual nodes, and a node agent would have no host to watch anyway. Fly
Kubernetes, EKS Fargate (run the agent as a sidecar instead) and AKS virtual nodes do not support
DaemonSets; GKE Autopilot does, with its own resource defaults. ``apps`` and the old
``extensions`` DaemonSets are judged.

PASS: a Deployment, a Service, anything but a DaemonSet.

FAIL::

    apiVersion: apps/v1
    kind: DaemonSet
    metadata:
      name: log-agent
    spec:
      selector: {matchLabels: {app: log-agent}}
      template:
        metadata: {labels: {app: log-agent}}
        spec:
          containers:
          - name: fluent-bit
            image: fluent/fluent-bit:3.0
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import ObjectView

ID = "daemon-set"
SCOPE = "object"
KINDS = frozenset({("apps", "DaemonSet"), ("extensions", "DaemonSet")})
CONF = {}
DEFAULT = {}
REMEDIATION = ("Run the agent as a sidecar container in the Pods that need it, or use the "
               "provider's managed logging and monitoring instead of a DaemonSet.")


def check(obj: ObjectView, conf: Mapping) -> Iterator[Violation]:
    yield Violation(("kind",), f'DaemonSet "{obj.ref.name}" has no nodes to run on: virtual nodes are '
                        f'tainted against its Pods')
