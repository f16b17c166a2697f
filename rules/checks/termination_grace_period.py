"""Pods that ask for a longer termination grace period than the provider honours.

GKE Autopilot honours the grace period for at most 10 minutes when it scales down (1 hour for node
upgrades), so a Pod that needs longer to drain is killed mid-shutdown. Whether Fly Kubernetes maps
``terminationGracePeriodSeconds`` onto a Fly Machine's stop timeout (Fly apps: at most 300 s) is
not documented; EKS Fargate and AKS virtual nodes: unknown.

The API server sets 30 when the field is left out, so the option's minimum is 30: a lower maximum
would flag every Pod.

Options: ``max_seconds`` (default null: the rule does nothing).

PASS (max_seconds: 600)::

    spec:
      terminationGracePeriodSeconds: 30

FAIL (max_seconds: 600)::

    spec:
      terminationGracePeriodSeconds: 3600
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView

ID = "termination-grace-period"
SCOPE = "pod"
FIELDS = frozenset({"spec.terminationGracePeriodSeconds"})
CONF = {"max_seconds": {"type": ["integer", "null"], "minimum": 30}}
DEFAULT = {"max_seconds": None}
REMEDIATION = ("Make the workload shut down within the time the provider allows and lower "
               "terminationGracePeriodSeconds to match.")


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    limit = conf["max_seconds"]
    seconds = pod.spec.get("terminationGracePeriodSeconds")
    if limit is None or isinstance(seconds, bool) or not isinstance(seconds, int):
        return
    if seconds > limit:
        yield Violation(pod.at("terminationGracePeriodSeconds"),
                        f"Pod asks for a {seconds} s termination grace period, more than {limit} s")
