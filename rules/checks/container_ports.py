"""Containers that declare ``ports``, or Pods that declare more ports than the provider exposes.

Fly Kubernetes lists the whole container ``ports`` field as unsupported: declared ports will not
take effect (Services reach the Pod through Fly Proxy instead). An ACI container group exposes at
most 5 ports per IP address, so the AKS virtual nodes provider cannot create a Pod whose containers
declare more distinct ports than that. EKS Fargate and GKE Autopilot are believed to accept ports as
any node does (inference). ``hostPort`` is judged by ``host-port``.

Options: ``max_ports`` (default null). null: flag every container that declares ports. An integer:
flag the Pod when the distinct ``containerPort``/``protocol`` pairs of all its containers (protocol
defaults to TCP) are more than ``max_ports``; the finding points at the first port over the limit.

PASS (max_ports: null)::

    spec:
      containers:
      - name: web
        image: nginx

FAIL (max_ports: null)::

    spec:
      containers:
      - name: web
        image: nginx
        ports:
        - containerPort: 80

FAIL (max_ports: 1)::

    spec:
      containers:
      - name: web
        image: nginx
        ports:
        - containerPort: 80
        - containerPort: 443
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.common import plural
from rules.findings import Violation
from rules.objects import PodView, seq

ID = "container-ports"
SCOPE = "pod"
FIELDS = frozenset({"container.ports"})
CONF = {"max_ports": {"type": ["integer", "null"], "minimum": 0}}
DEFAULT = {"max_ports": None}
REMEDIATION = ("Remove the container ports the provider cannot expose, and reach the workload "
               "through a Service on the ports that remain.")


def _ports(container) -> list[tuple[int, str]]:
    """(index, 'port/PROTO') of each well-formed port entry."""
    out = []
    for i, port in enumerate(seq(container.get("ports"))):
        if not isinstance(port, dict):
            continue
        number = port.get("containerPort")
        if isinstance(number, bool) or not isinstance(number, (int, str)):
            continue
        protocol = port.get("protocol") or "TCP"
        out.append((i, f"{number}/{protocol}"))
    return out


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    limit = conf["max_ports"]
    if limit is None:
        for c in pod.containers:
            ports = _ports(c)
            if ports:
                yield Violation(c.path + ("ports",),
                                f"{c.label} declares {plural(len(ports), 'port')} "
                                f"({', '.join(p for _, p in ports)}), which will not take effect")
        return
    seen: list[str] = []
    first_over = None
    for c in pod.containers:
        for i, port in _ports(c):
            if port in seen:
                continue
            seen.append(port)
            if len(seen) > limit and first_over is None:
                first_over = (c, i, port)
    if first_over is not None:
        c, i, port = first_over
        yield Violation(c.path + ("ports", i),
                        f"Pod declares {plural(len(seen), 'distinct port')}, more than the {limit} "
                        f"allowed ({port} in {c.label} is the first over)")
