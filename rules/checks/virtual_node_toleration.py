"""TODO(stub): virtual-node-toleration. Replace this whole module; the CONF/DEFAULT options are the contract profiles use.

PASS: TODO
FAIL: TODO
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView

ID = "virtual-node-toleration"
SCOPE = "pod"
CONF = {
    'required': {"type": "array", "items": {"type": "object", "required": ["key"], "additionalProperties": False, "properties": {"key": {"type": "string"}, "value": {"type": "string"}, "effect": {"enum": ["NoSchedule", "PreferNoSchedule", "NoExecute"]}}}}
}
DEFAULT = {'required': []}
REMEDIATION = "TODO."


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    return iter(())
