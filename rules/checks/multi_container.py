"""Pods with more containers than the provider runs side by side.

A nodeless Pod becomes one micro-VM or container group. Fly Kubernetes runs exactly one container
per Pod ("multi-container Pods coming soon"); ACI container groups hold at most 60. Sidecars
injected by other admission webhooks (istio-proxy, linkerd-proxy...) count too: they are
containers like any other once the API server has stored the Pod. Native sidecars (init
containers with ``restartPolicy: Always``) are judged by ``sidecar-containers``.

Options: ``max_containers`` (default 1).

PASS (max_containers: 1)::

    spec:
      containers:
      - name: web
        image: nginx

FAIL (max_containers: 1)::

    spec:
      containers:
      - name: web
        image: nginx
      - name: log-shipper
        image: fluent-bit
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.common import join_quoted, plural
from rules.findings import Violation
from rules.objects import PodView

ID = "multi-container"
SCOPE = "pod"
CONF = {"max_containers": {"type": "integer", "minimum": 1}}
DEFAULT = {"max_containers": 1}
REMEDIATION = ("Run one container per Pod: move helpers into the main image or into their own "
               "Deployment, and talk to them over the network.")


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    containers = [c for c in pod.containers if c.field == "containers"]
    limit = conf["max_containers"]
    if len(containers) <= limit:
        return
    extra = containers[limit:]
    yield Violation(
        extra[0].path,
        f"Pod has {plural(len(containers), 'container')} ({join_quoted(c.name for c in containers)}); "
        f"at most {limit} can run, so {join_quoted(c.name for c in extra)} cannot",
    )
