"""TODO(stub): env-field-ref. Replace this whole module; the CONF/DEFAULT options are the contract profiles use.

PASS: TODO
FAIL: TODO
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView

ID = "env-field-ref"
SCOPE = "pod"
CONF = {
    'allowed_field_paths': {"type": "array", "items": {"type": "string"}}, 
    'resource_field_ref': {"type": "boolean"}
}
DEFAULT = {'allowed_field_paths': [], 'resource_field_ref': False}
REMEDIATION = "TODO."


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    return iter(())
