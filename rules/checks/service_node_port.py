"""TODO(stub): service-node-port. Replace this whole module; the CONF/DEFAULT options are the contract profiles use.

PASS: TODO
FAIL: TODO
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import ObjectView

ID = "service-node-port"
SCOPE = "object"
KINDS = frozenset(['Service'])
CONF = {}
DEFAULT = {}
REMEDIATION = "TODO."


def check(obj: ObjectView, conf: Mapping) -> Iterator[Violation]:
    return iter(())
