"""TODO(stub): resources-exceed. Replace this whole module; the CONF/DEFAULT options are the contract profiles use.

PASS: TODO
FAIL: TODO
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView

ID = "resources-exceed"
SCOPE = "pod"
CONF = {
    'max_cpu': {"type": ["string", "number", "null"]}, 
    'max_memory': {"type": ["string", "number", "null"]}
}
DEFAULT = {'max_cpu': None, 'max_memory': None}
REMEDIATION = "TODO."


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    return iter(())
