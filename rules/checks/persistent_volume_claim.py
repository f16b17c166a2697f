"""TODO(stub): persistent-volume-claim. Replace this whole module; the CONF/DEFAULT options are the contract profiles use.

PASS: TODO
FAIL: TODO
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView

ID = "persistent-volume-claim"
SCOPE = "pod"
CONF = {
    'storage_classes': {"type": ["array", "null"], "items": {"type": "string"}}, 
    'access_modes': {"type": ["array", "null"], "items": {"type": "string"}}, 
    'max_per_pod': {"type": ["integer", "null"], "minimum": 0}
}
DEFAULT = {'storage_classes': None, 'access_modes': None, 'max_per_pod': None}
REMEDIATION = "TODO."


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    return iter(())
