"""TODO(stub): security-context. Replace this whole module; the CONF/DEFAULT options are the contract profiles use.

PASS: TODO
FAIL: TODO
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView

ID = "security-context"
SCOPE = "pod"
CONF = {
    'include_pod_level': {"type": "boolean"}
}
DEFAULT = {'include_pod_level': False}
REMEDIATION = "TODO."


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    return iter(())
