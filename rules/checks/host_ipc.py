"""TODO(stub): host-ipc. Replace this whole module; the CONF/DEFAULT options are the contract profiles use.

PASS: TODO
FAIL: TODO
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView

ID = "host-ipc"
SCOPE = "pod"
CONF = {}
DEFAULT = {}
REMEDIATION = "TODO."


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    return iter(())
