"""Containers without CPU or memory requests.

A nodeless Pod is sized from its requests, so without them the provider picks a size for you: EKS
Fargate runs the Pod as 0.25 vCPU / 0.5 GB, the AKS virtual nodes provider gives each container 1
vCPU and 1.5 GB, and GKE Autopilot applies its defaults (500m CPU, 2 GiB for general-purpose Pods).
How Fly Kubernetes sizes a Pod without requests is unknown (its examples set limits only). Requests
default to limits in the API, so a container that sets only limits is fine. Init containers and
native sidecars count; ephemeral containers have no resources and are skipped.

Options: ``resources`` (default ``[cpu, memory]``): the resources every container must request.

PASS::

    spec:
      containers:
      - name: web
        image: nginx
        resources:
          limits: {cpu: 500m, memory: 256Mi}

FAIL::

    spec:
      containers:
      - name: web
        image: nginx
        resources:
          requests: {cpu: 500m}
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView, mapping

ID = "resources-missing"
SCOPE = "pod"
CONF = {"resources": {"type": "array", "items": {"type": "string"}}}
DEFAULT = {"resources": ["cpu", "memory"]}
REMEDIATION = ("Set resources.requests (or limits) for CPU and memory on every container, sized "
               "for what it really uses.")


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    for c in pod.sized:
        res = mapping(c.get("resources"))
        requests, limits = mapping(res.get("requests")), mapping(res.get("limits"))
        missing = [r for r in conf["resources"] if requests.get(r) is None and limits.get(r) is None]
        if not missing:
            continue
        if requests:
            path = c.path + ("resources", "requests")
        elif "resources" in c.spec:
            path = c.path + ("resources",)
        else:
            path = c.path
        what = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " or " + missing[-1]
        yield Violation(path, f"{c.label} has no {what} request")
