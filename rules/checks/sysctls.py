"""Pods that set kernel parameters (``spec.securityContext.sysctls``).

Namespaced sysctls are applied by the kubelet when it creates the Pod sandbox. The ACI provider
behind AKS virtual nodes never reads them, so they silently do not take effect; for Fly Kubernetes,
EKS Fargate and GKE Autopilot the status is unknown.

PASS::

    spec:
      securityContext:
        runAsNonRoot: true
      containers:
      - name: web
        image: nginx

FAIL::

    spec:
      securityContext:
        sysctls:
        - name: net.core.somaxconn
          value: "1024"
      containers:
      - name: web
        image: nginx
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.common import join_quoted
from rules.findings import Violation
from rules.objects import PodView, mapping, seq

ID = "sysctls"
SCOPE = "pod"
FIELDS = frozenset({"spec.securityContext"})
CONF = {}
DEFAULT = {}
REMEDIATION = ("Remove the sysctls and tune the application instead, or check that the provider "
               "applies them.")


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    sysctls = seq(mapping(pod.spec.get("securityContext")).get("sysctls"))
    if not sysctls:
        return
    names = [s["name"] for s in sysctls if isinstance(s, dict) and isinstance(s.get("name"), str)]
    word = "sysctl" if len(names) == 1 else "sysctls"
    what = f"{word} {join_quoted(names)}" if names else "sysctls"
    yield Violation(pod.at("securityContext", "sysctls"), f"Pod sets {what}, which may not take effect")
