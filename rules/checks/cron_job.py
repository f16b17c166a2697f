"""CronJobs, where the provider does not run scheduled Jobs.

A CronJob creates a Job on a schedule. Fly Kubernetes lists CronJobs on its roadmap (beta and
now), so the schedule may never produce a Job there; EKS Fargate, AKS virtual nodes and GKE
Autopilot run them like any Job (not stated by the vendors, inferred). Only ``batch`` CronJobs are
judged; the Pods they create are judged by the pod rules through the CronJob's job template.

PASS: a Job, a Deployment, anything but a CronJob.

FAIL::

    apiVersion: batch/v1
    kind: CronJob
    metadata:
      name: nightly-report
    spec:
      schedule: "0 3 * * *"
      jobTemplate:
        spec:
          template:
            spec:
              restartPolicy: OnFailure
              containers:
              - name: report
                image: busybox
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import ObjectView

ID = "cron-job"
SCOPE = "object"
KINDS = frozenset({("batch", "CronJob")})
CONF = {}
DEFAULT = {}
REMEDIATION = ("Trigger the work from outside the cluster (a scheduler calling the API to create a "
               "Job, or the platform's own scheduled machines) instead of a CronJob.")


def check(obj: ObjectView, conf: Mapping) -> Iterator[Violation]:
    schedule = obj.spec.get("schedule")
    when = f' (schedule "{schedule}")' if isinstance(schedule, str) and schedule else ""
    yield Violation(("kind",), f'CronJob "{obj.ref.name}"{when}: scheduled Jobs may never be created')
