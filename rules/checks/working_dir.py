"""Containers that set ``workingDir``.

Fly Kubernetes lists ``workingDir`` as unsupported, and the AKS virtual nodes provider never reads
it: the process starts in the image's working directory instead, so relative paths may break. EKS
Fargate and GKE Autopilot honour it (inference).

PASS::

    spec:
      containers:
      - name: app
        image: python:3.12
        command: [python, /app/main.py]

FAIL::

    spec:
      containers:
      - name: app
        image: python:3.12
        workingDir: /app
        command: [python, main.py]
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView

ID = "working-dir"
SCOPE = "pod"
FIELDS = frozenset({"container.workingDir"})
CONF = {}
DEFAULT = {}
REMEDIATION = "Set WORKDIR in the image, or use absolute paths in the command, and remove workingDir."


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    for c in pod.containers:
        wd = c.get("workingDir")
        if isinstance(wd, str) and wd:
            yield Violation(c.path + ("workingDir",), f'{c.label} sets workingDir "{wd}", which is ignored')
