"""Services that need an IPv6 address (IPv6-only, or ``ipFamilyPolicy: RequireDualStack``).

AKS virtual nodes do not support IPv6 (ACI container groups in a virtual network get no IPv6
address), and Microsoft's virtual nodes v2 lists IPv6 as a limitation that "can be addressed in
the future": a Service's IPv6 address would have no ACI Pod to reach. Fly Kubernetes (IPv6
private network) and EKS Fargate (IPv6 clusters) support IPv6; on GKE Autopilot it is unknown.

Reported: ``ipFamilyPolicy: RequireDualStack``; ``spec.ipFamilies`` with ``IPv6`` first under
``SingleStack`` or no policy (IPv6-only); and two ``ipFamilies`` with no policy (the API server
then defaults the policy to ``RequireDualStack``). ``PreferDualStack`` is not reported: it falls
back to a single IPv4 family where IPv6 is missing. Only core (``v1``) Services are judged; a Service cannot
tell which Pods (virtual-node or not) it selects, so this is about the Services of workloads meant
for virtual nodes.

PASS::

    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      ipFamilyPolicy: PreferDualStack
      selector: {app: web}
      ports:
      - port: 80

FAIL::

    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      ipFamilies: [IPv6]
      selector: {app: web}
      ports:
      - port: 80
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import ObjectView, seq

ID = "service-ipv6"
SCOPE = "object"
KINDS = frozenset({("", "Service")})
CONF = {}
DEFAULT = {}
REMEDIATION = ("Use IPv4 (ipFamilies: [IPv4]) or ipFamilyPolicy PreferDualStack for Services of "
               "Pods on the provider.")


def check(obj: ObjectView, conf: Mapping) -> Iterator[Violation]:
    name = obj.ref.name
    policy = obj.spec.get("ipFamilyPolicy")
    if policy == "RequireDualStack":
        yield Violation(("spec", "ipFamilyPolicy"), f'Service "{name}" requires an IPv6 address (RequireDualStack)')
        return
    if policy == "PreferDualStack":
        return
    families = seq(obj.spec.get("ipFamilies"))
    if policy is None and len(families) > 1 and "IPv6" in families:
        # two families and no policy: the API server defaults the policy to RequireDualStack
        yield Violation(("spec", "ipFamilies", families.index("IPv6")),
                        f'Service "{name}" requires an IPv6 address (two families, no policy)')
    elif families and families[0] == "IPv6":
        # SingleStack (or no policy): only the first family is used
        yield Violation(("spec", "ipFamilies", 0), f'Service "{name}" is IPv6-only')
