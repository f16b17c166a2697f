"""TODO(stub): gateway-api. Replace this whole module; the CONF/DEFAULT options are the contract profiles use.

PASS: TODO
FAIL: TODO
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import ObjectView

ID = "gateway-api"
SCOPE = "object"
KINDS = frozenset(['Gateway', 'GatewayClass', 'HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute', 'ReferenceGrant', 'BackendTLSPolicy'])
CONF = {}
DEFAULT = {}
REMEDIATION = "TODO."


def check(obj: ObjectView, conf: Mapping) -> Iterator[Violation]:
    return iter(())
