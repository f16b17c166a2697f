"""Gateway API objects, where the provider does not implement the Gateway API.

Gateways and routes do nothing without a controller that implements them. Fly Kubernetes lists the
Gateway API as unsupported (beta and now); for EKS Fargate, AKS virtual nodes and GKE Autopilot the
status is unknown (a controller you install yourself would have to run on the nodeless Pods).
Objects of the listed kinds in the ``gateway.networking.k8s.io`` group are judged; other groups
that reuse the names (Istio's ``networking.istio.io`` Gateway) are not.

PASS: an Ingress, a Service of type LoadBalancer.

FAIL::

    apiVersion: gateway.networking.k8s.io/v1
    kind: HTTPRoute
    metadata:
      name: web
    spec:
      parentRefs: [{name: public}]
      rules:
      - backendRefs: [{name: web, port: 80}]
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import ObjectView

ID = "gateway-api"
SCOPE = "object"
KINDS = frozenset(("gateway.networking.k8s.io", kind) for kind in (
    "Gateway", "GatewayClass", "HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "UDPRoute", "ReferenceGrant",
    "BackendTLSPolicy"))
CONF = {}
DEFAULT = {}
REMEDIATION = ("Expose the workload with a Service of type LoadBalancer (or an Ingress the provider "
               "supports) instead of Gateway API objects.")


def check(obj: ObjectView, conf: Mapping) -> Iterator[Violation]:
    yield Violation(("kind",), f'{obj.kind} "{obj.ref.name}" needs a Gateway API implementation, which may '
                        f'not exist here')
