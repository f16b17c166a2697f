"""Pods that add entries to ``/etc/hosts`` (``spec.hostAliases``).

The kubelet writes ``hostAliases`` into the ``/etc/hosts`` file it manages for the Pod. AKS
virtual nodes do not support them (the ACI provider never reads the field), so the names do not
resolve; EKS Fargate (a real kubelet) and GKE Autopilot are assumed to support them; for Fly
Kubernetes the status is unknown.

PASS::

    spec:
      containers:
      - name: web
        image: nginx

FAIL::

    spec:
      hostAliases:
      - ip: 10.0.0.5
        hostnames: [db.internal]
      containers:
      - name: web
        image: nginx
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.common import join_quoted
from rules.findings import Violation
from rules.objects import PodView, mapping, seq

ID = "host-aliases"
SCOPE = "pod"
FIELDS = frozenset({"spec.hostAliases"})
CONF = {}
DEFAULT = {}
REMEDIATION = ("Resolve these names through DNS (a Service, an ExternalName Service or CoreDNS "
               "configuration) instead of hostAliases.")


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    aliases = seq(pod.spec.get("hostAliases"))
    if not aliases:
        return
    names = [h for a in aliases for h in seq(mapping(a).get("hostnames")) if isinstance(h, str)]
    what = f" for {join_quoted(names)}" if names else ""
    yield Violation(pod.at("hostAliases"), f"Pod adds /etc/hosts entries{what}, which may not be written")
