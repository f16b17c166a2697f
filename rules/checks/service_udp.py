"""Service ports that use UDP.

Fly Kubernetes Services are implemented by Fly Proxy, which the FKS docs say does not carry UDP
(beta and now); on AKS virtual nodes the status is unknown; EKS Fargate and GKE Autopilot are
assumed to support it. Each port of a core (``v1``) Service whose ``protocol`` is ``UDP`` is
reported; TCP (the default the API server fills in) and SCTP are not judged.

PASS::

    spec:
      ports:
      - name: dns-tcp
        port: 53
        protocol: TCP

FAIL::

    spec:
      ports:
      - name: dns
        port: 53
        protocol: UDP
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import ObjectView, mapping, seq

ID = "service-udp"
SCOPE = "object"
KINDS = frozenset({("", "Service")})
CONF = {}
DEFAULT = {}
REMEDIATION = ("Serve the protocol over TCP, or run the UDP service outside the cluster and reach "
               "it from the Pods.")


def check(obj: ObjectView, conf: Mapping) -> Iterator[Violation]:
    for i, port in enumerate(seq(obj.spec.get("ports"))):
        port = mapping(port)
        if port.get("protocol") != "UDP":
            continue
        name = port.get("name")
        label = f'port "{name}"' if isinstance(name, str) and name else f"port {port.get('port', f'#{i}')}"
        yield Violation(("spec", "ports", i, "protocol"),
                        f'Service "{obj.ref.name}" {label} uses UDP, which will not be carried')
