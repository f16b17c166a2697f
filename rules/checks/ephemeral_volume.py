"""TODO(stub): ephemeral-volume. Replace this whole module; the CONF/DEFAULT options are the contract profiles use.

PASS: TODO
FAIL: TODO
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView

ID = "ephemeral-volume"
SCOPE = "pod"
CONF = {
    'storage_classes': {"type": ["array", "null"], "items": {"type": "string"}}
}
DEFAULT = {'storage_classes': None}
REMEDIATION = "TODO."


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    return iter(())
