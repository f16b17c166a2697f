"""TODO(stub): container-ports. Replace this whole module; the CONF/DEFAULT options are the contract profiles use.

PASS: TODO
FAIL: TODO
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView

ID = "container-ports"
SCOPE = "pod"
CONF = {
    'max_ports': {"type": ["integer", "null"], "minimum": 0}
}
DEFAULT = {'max_ports': None}
REMEDIATION = "TODO."


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    return iter(())
