"""Containers with ``postStart`` or ``preStop`` lifecycle hooks.

Fly Kubernetes lists ``lifecycle`` as unsupported (hooks will not run), and the AKS virtual nodes
provider rejects a Pod with container hooks (AKS lists them as a limitation). A ``preStop`` hook that
drains connections or flushes data silently not running is the costly case. EKS Fargate and GKE
Autopilot run hooks with a real kubelet (inference). Only ``postStart`` and ``preStop`` are judged,
not ``lifecycle.stopSignal``.

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
        lifecycle:
          preStop:
            exec: {command: [nginx, -s, quit]}
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView, mapping

ID = "lifecycle-hooks"
SCOPE = "pod"
FIELDS = frozenset({"container.lifecycle"})
CONF = {}
DEFAULT = {}
REMEDIATION = ("Remove the hook and do the work in the container itself (at start-up, or on "
               "SIGTERM for shutdown).")

HOOKS = ("postStart", "preStop")


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    for c in pod.containers:
        lifecycle = mapping(c.get("lifecycle"))
        for hook in HOOKS:
            if mapping(lifecycle.get(hook)):
                yield Violation(c.path + ("lifecycle", hook), f"{c.label} has a {hook} hook")
