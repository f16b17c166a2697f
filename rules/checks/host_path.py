"""TODO(stub): host-path. Replace this whole module; the CONF/DEFAULT options are the contract profiles use.

PASS: TODO
FAIL: TODO
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView

ID = "host-path"
SCOPE = "pod"
CONF = {
    'allowed_prefixes': {"type": "array", "items": {"type": "string"}}, 
    'read_only': {"type": "boolean"}
}
DEFAULT = {'allowed_prefixes': [], 'read_only': False}
REMEDIATION = "TODO."


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    return iter(())
