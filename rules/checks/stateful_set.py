"""TODO(stub): stateful-set. Replace this whole module; the CONF/DEFAULT options are the contract profiles use.

PASS: TODO
FAIL: TODO
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import ObjectView

ID = "stateful-set"
SCOPE = "object"
KINDS = frozenset(['StatefulSet'])
CONF = {}
DEFAULT = {}
REMEDIATION = "TODO."


def check(obj: ObjectView, conf: Mapping) -> Iterator[Violation]:
    return iter(())
