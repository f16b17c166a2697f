"""Containers that give ``args`` but no ``command``.

The usual pattern (keep the image's ENTRYPOINT, pass it arguments) does not work on AKS virtual
nodes: the ACI provider rejects the Pod ("ACI does not support providing args without specifying the
command"). EKS Fargate and GKE Autopilot run a real container runtime and accept it (inference); on
Fly Kubernetes the status is unknown.

PASS::

    spec:
      containers:
      - name: app
        image: busybox
        command: [sleep]
        args: ["3600"]

FAIL::

    spec:
      containers:
      - name: app
        image: busybox
        args: ["3600"]
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView, seq

ID = "args-without-command"
SCOPE = "pod"
FIELDS = frozenset({"container.args"})
CONF = {}
DEFAULT = {}
REMEDIATION = "Add a command with the image's entrypoint (see `docker inspect`), keeping the args."


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    for c in pod.containers:
        if seq(c.get("args")) and not seq(c.get("command")):
            yield Violation(c.path + ("args",), f"{c.label} sets args but no command")
