"""StatefulSets, whose stable identity and per-replica storage need PersistentVolumeClaims.

A StatefulSet exists to give each replica a stable name and its own persistent volume, created from
``volumeClaimTemplates`` as PersistentVolumeClaims. Where claims cannot be provisioned the replicas
stay Pending, or run without the storage the StatefulSet was written for. Fly Kubernetes had
StatefulSets on the beta roadmap and no longer lists them as unsupported (claims only on
``flyio-volume``, ``ReadWriteOncePod``, one per Pod); EKS Fargate mounts only statically provisioned
EFS volumes; AKS virtual nodes take no PersistentVolumeClaims at all. Only ``apps`` StatefulSets are
judged; the claims themselves are judged by ``persistent-volume-claim``.

PASS: a Deployment, a Service, anything but a StatefulSet.

FAIL::

    apiVersion: apps/v1
    kind: StatefulSet
    metadata:
      name: db
    spec:
      serviceName: db
      selector: {matchLabels: {app: db}}
      template:
        metadata: {labels: {app: db}}
        spec:
          containers:
          - name: postgres
            image: postgres:16
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.common import plural
from rules.findings import Violation
from rules.objects import ObjectView, seq

ID = "stateful-set"
SCOPE = "object"
KINDS = frozenset({("apps", "StatefulSet")})
CONF = {}
DEFAULT = {}
REMEDIATION = ("Check that the provider supports StatefulSets and the claims they need, or run the "
               "workload as a Deployment backed by a managed database or external storage.")


def check(obj: ObjectView, conf: Mapping) -> Iterator[Violation]:
    templates = seq(obj.spec.get("volumeClaimTemplates"))
    storage = f" ({plural(len(templates), 'claim template')})" if templates else ""
    yield Violation(("kind",), f'StatefulSet "{obj.ref.name}": the stable storage it exists for needs '
                               f'PersistentVolumeClaims{storage}')
