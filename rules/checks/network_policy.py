"""NetworkPolicy objects, where the provider does not enforce them.

On Fly Kubernetes, EKS Fargate (the VPC CNI's policy engine does not cover Fargate Pods) and AKS
virtual nodes a NetworkPolicy is accepted by the API server and then silently not enforced: traffic
you meant to block still flows. Only ``networking.k8s.io`` NetworkPolicies are judged.

PASS: a Service, a Deployment, anything but a NetworkPolicy.

FAIL::

    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata:
      name: deny-all
    spec:
      podSelector: {}
      policyTypes: [Ingress]
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import ObjectView

ID = "network-policy"
SCOPE = "object"
KINDS = frozenset({("networking.k8s.io", "NetworkPolicy")})
CONF = {}
DEFAULT = {}
REMEDIATION = ("Enforce isolation another way (provider firewalls, security groups for Pods, "
               "separate apps or clusters) and do not rely on this NetworkPolicy.")


def check(obj: ObjectView, conf: Mapping) -> Iterator[Violation]:
    yield Violation(("kind",), f'NetworkPolicy "{obj.ref.name}" will not be enforced')
