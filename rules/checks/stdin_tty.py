"""Containers that ask for an interactive terminal (``stdin``, ``stdinOnce`` or ``tty``: true).

Fly Kubernetes lists ``stdin``, ``stdinOnce`` and ``tty`` as unsupported and documents interactive
Pods (``kubectl run -it``) as not working. The AKS virtual nodes provider's attach is an empty stub,
so nothing can be attached to the container. EKS Fargate and GKE Autopilot support them with a real
kubelet (inference). Only ``true`` counts: ``false`` is the default.

PASS::

    spec:
      containers:
      - name: shell
        image: busybox
        command: [sleep, "3600"]

FAIL::

    spec:
      containers:
      - name: shell
        image: busybox
        stdin: true
        tty: true
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView

ID = "stdin-tty"
SCOPE = "pod"
FIELDS = frozenset({"container.stdin", "container.stdinOnce", "container.tty"})
CONF = {}
DEFAULT = {}
REMEDIATION = ("Run the program non-interactively (remove stdin/tty) and use logs or exec to "
               "inspect it.")

SWITCHES = ("stdin", "stdinOnce", "tty")


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    for c in pod.containers:
        on = [f for f in SWITCHES if c.get(f) is True]
        if on:
            yield Violation(c.path + (on[0],),
                            f"{c.label} sets {_join(on)} to true "
                            "(interactive terminal)")


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
