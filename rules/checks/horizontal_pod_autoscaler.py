"""HorizontalPodAutoscalers, whose metrics need the provider's stats endpoint.

An HPA scales on Pod metrics that metrics-server (or a metrics adapter) reads from each node's
kubelet ``/stats/summary`` endpoint. On Virtual Kubelet based clusters that endpoint is whatever the
provider implements (``GetStatsSummary``); where it is missing the HPA reports unknown metrics and
never scales. Fly Kubernetes lists HPA on its roadmap (beta and now); AKS virtual nodes need the
provider's metrics; EKS Fargate supports it; GKE Autopilot is assumed to. Only ``autoscaling`` HPAs
are judged, whatever the metric types (even External metrics scale Pods the provider must run).

PASS: a Deployment with a fixed ``replicas`` count.

FAIL::

    apiVersion: autoscaling/v2
    kind: HorizontalPodAutoscaler
    metadata:
      name: web
    spec:
      scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
      minReplicas: 2
      maxReplicas: 10
      metrics:
      - type: Resource
        resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import ObjectView

ID = "horizontal-pod-autoscaler"
SCOPE = "object"
KINDS = frozenset({("autoscaling", "HorizontalPodAutoscaler")})
CONF = {}
DEFAULT = {}
REMEDIATION = ("Set a fixed replica count, or check that the provider serves Pod metrics before "
               "relying on this autoscaler.")


def check(obj: ObjectView, conf: Mapping) -> Iterator[Violation]:
    yield Violation(("kind",), f'HorizontalPodAutoscaler "{obj.ref.name}" needs Pod metrics from the '
                               f"provider to scale")
