"""TODO(stub): node-selector. Replace this whole module; the CONF/DEFAULT options are the contract profiles use.

PASS: TODO
FAIL: TODO
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView

ID = "node-selector"
SCOPE = "pod"
CONF = {
    'allowed_keys': {"type": ["array", "null"], "items": {"type": "string"}}, 
    'required': {"type": "object", "additionalProperties": {"type": "string"}}
}
DEFAULT = {'allowed_keys': None, 'required': {}}
REMEDIATION = "TODO."


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    return iter(())
