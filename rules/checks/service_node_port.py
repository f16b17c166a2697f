"""Services of type NodePort, where there are no nodes to open the port on.

A NodePort Service opens the same port on every node. Fly Kubernetes does not support NodePort
Services (ClusterIP and LoadBalancer only); on EKS Fargate there is no node-IP mode, so load
balancers must target Pod IPs; on AKS virtual nodes the status is unknown; GKE Autopilot supports
it. Only core (``v1``) Services with ``spec.type: NodePort`` are judged: LoadBalancer Services that
also allocate node ports are left alone.

PASS::

    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      selector: {app: web}
      ports:
      - port: 80

FAIL::

    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      type: NodePort
      selector: {app: web}
      ports:
      - port: 80
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import ObjectView

ID = "service-node-port"
SCOPE = "object"
KINDS = frozenset({("", "Service")})
CONF = {}
DEFAULT = {}
REMEDIATION = ("Use a ClusterIP Service inside the cluster, or a LoadBalancer Service (with "
               "IP targets) to expose it outside.")


def check(obj: ObjectView, conf: Mapping) -> Iterator[Violation]:
    if obj.spec.get("type") != "NodePort":
        return
    yield Violation(("spec", "type"), f'Service "{obj.ref.name}" is of type NodePort, but there are '
                                      f'no nodes to open the port on')
