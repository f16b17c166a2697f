"""Liveness and readiness probes the provider does not run.

Fly Kubernetes lists ``livenessProbe`` and ``readinessProbe`` as unsupported: they will not take
effect, so a hung container is never restarted and an unready one still gets traffic. The AKS
virtual nodes provider translates ``exec`` and ``httpGet`` probes and rejects the Pod for any other
handler (``tcpSocket``, ``grpc``). EKS Fargate and GKE Autopilot run probes with a real kubelet
(inference). Startup probes are judged by ``startup-probe``.

Options: ``allowed_handlers`` (default null). null: flag every liveness/readiness probe. A list such
as ``[exec, httpGet]``: flag probes whose handler (``exec``, ``httpGet``, ``tcpSocket``, ``grpc``)
is not in it.

PASS (allowed_handlers: [exec, httpGet])::

    spec:
      containers:
      - name: web
        image: nginx
        readinessProbe:
          httpGet: {path: /healthz, port: 80}

FAIL (allowed_handlers: [exec, httpGet])::

    spec:
      containers:
      - name: web
        image: nginx
        livenessProbe:
          tcpSocket: {port: 80}

FAIL (allowed_handlers: null): any container with a ``livenessProbe`` or ``readinessProbe``.
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView, mapping

ID = "probes"
SCOPE = "pod"
FIELDS = frozenset({"container.livenessProbe", "container.readinessProbe"})
CONF = {"allowed_handlers": {"type": ["array", "null"],
                             "items": {"enum": ["exec", "httpGet", "tcpSocket", "grpc"]}}}
DEFAULT = {"allowed_handlers": None}
REMEDIATION = ("Remove the probe, or rewrite it with a handler the provider runs (for example an "
               "httpGet or exec check).")

PROBES = ("livenessProbe", "readinessProbe")
HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    allowed = conf["allowed_handlers"]
    for c in pod.containers:
        for field in PROBES:
            probe = mapping(c.get(field))
            if not probe:
                continue
            if allowed is None:
                yield Violation(c.path + (field,), f"{c.label} has a {field}, which will not run")
                continue
            for handler in HANDLERS:
                if probe.get(handler) is not None and handler not in allowed:
                    only = f"; only {' and '.join(allowed)} can run" if allowed else ""
                    yield Violation(c.path + (field, handler),
                                    f"{c.label} {field} uses {handler}{only}")
