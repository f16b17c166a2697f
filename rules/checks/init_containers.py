"""TODO(stub): init-containers. Replace this whole module; the CONF/DEFAULT options are the contract profiles use.

PASS: TODO
FAIL: TODO
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView

ID = "init-containers"
SCOPE = "pod"
CONF = {
    'rejected_fields': {"type": ["array", "null"], "items": {"type": "string"}}
}
DEFAULT = {'rejected_fields': None}
REMEDIATION = "TODO."


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    return iter(())
