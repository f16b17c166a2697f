"""TODO(stub): shape-rounding. Replace this whole module; the CONF/DEFAULT options are the contract profiles use.

PASS: TODO
FAIL: TODO
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView

ID = "shape-rounding"
SCOPE = "pod"
CONF = {
    'shapes': {"type": "array", "items": {"type": "object", "required": ["cpu", "memory"], "additionalProperties": False, "properties": {"cpu": {"type": ["string", "number"]}, "memory": {"type": "array", "items": {"type": ["string", "number"]}}}}}, 
    'overhead_memory': {"type": ["string", "number"]}
}
DEFAULT = {'shapes': [], 'overhead_memory': '0'}
REMEDIATION = "TODO."


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    return iter(())
