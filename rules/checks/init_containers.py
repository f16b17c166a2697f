"""Init containers (not native sidecars), or init containers that declare fields the provider rejects.

Fly Kubernetes runs one process per Pod: init containers ("init processes") are on its roadmap,
beta and now. The AKS virtual nodes docs list init containers as unsupported, while the ACI
provider runs them unless one declares ``ports``, ``resources`` (requests or limits), probes or
lifecycle hooks, which it rejects. EKS Fargate supports them; GKE Autopilot is assumed to. Native
sidecars (``restartPolicy: Always``) are judged by ``sidecar-containers``.

A field counts as declared when it holds something: ``resources: {}``, which the API server writes
into every stored container, and ``resources: {requests: {}}`` do not. Requests and limits that a
LimitRange fills in at admission do count: the provider sees them.

Options: ``rejected_fields`` (default null): null flags every init container; a list of container
field names (e.g. ``[ports, resources, livenessProbe, readinessProbe, startupProbe, lifecycle]``)
flags only init containers that declare one of them, at that field.

PASS (rejected_fields: null)::

    spec:
      containers:
      - name: web
        image: nginx

FAIL (rejected_fields: null)::

    spec:
      initContainers:
      - name: migrate
        image: migrate/migrate
      containers:
      - name: web
        image: nginx

FAIL (rejected_fields: [resources])::

    spec:
      initContainers:
      - name: migrate
        image: migrate/migrate
        resources:
          requests: {cpu: 100m}
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.common import declared
from rules.findings import Violation
from rules.objects import PodView

ID = "init-containers"
SCOPE = "pod"
FIELDS = frozenset({"spec.initContainers"})
CONF = {
    'rejected_fields': {"type": ["array", "null"], "items": {"type": "string"}}
}
DEFAULT = {'rejected_fields': None}
REMEDIATION = ("Move the init step into the main container's entrypoint or a separate Job, or "
               "remove the fields init containers cannot have.")


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    rejected = conf["rejected_fields"]
    for c in pod.of("initContainers"):
        if c.is_sidecar:
            continue
        if rejected is None:
            yield Violation(c.path, f"{c.label} is not supported: init containers may never run")
            continue
        for field in rejected:
            if declared(c.get(field)):
                yield Violation(c.path + (field,), f"{c.label} declares {field}, which init "
                                                   f"containers cannot have")
