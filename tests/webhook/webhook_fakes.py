"""Stand-ins for engine values in the pure tests of webhook.review (no engine needed there)."""
from __future__ import annotations

from dataclasses import dataclass, field

from rules.findings import Finding, ObjectRef


@dataclass
class FakeProfile:
    name: str = "fks"
    title: str = "Fly Kubernetes"


@dataclass
class FakeEvaluation:
    findings: tuple = ()
    suppressed: tuple = ()
    relevant: bool = True

    @property
    def errors(self):
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self):
        return tuple(f for f in self.findings if f.severity == "warning")


def finding(rule="host-network", severity="error", message="hostNetwork is not supported",
            path=("spec", "hostNetwork"), kind="Pod", namespace="default", name="web"):
    return Finding(rule=rule, severity=severity, message=message, remediation="Remove it.",
                   object=ObjectRef("v1", kind, namespace, name), path=path)
