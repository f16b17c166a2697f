"""Workloads created in a namespace the platform manages (``kube-system`` by default).

GKE Autopilot manages ``kube-system`` itself; third-party reports say nothing can be installed
there. EKS Fargate documents the opposite (CoreDNS in ``kube-system`` moves to Fargate with a
Fargate profile for that namespace); on Fly Kubernetes and AKS virtual nodes the status is unknown.

Every object that holds a pod spec is judged by its own ``metadata.namespace``; objects without a
namespace (applied with ``kubectl -n``) are not reported, since their namespace is not known.

Options: ``namespaces`` (default ``[kube-system]``): the managed namespaces.

PASS::

    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: agent
      namespace: monitoring

FAIL::

    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: agent
      namespace: kube-system
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView, mapping

ID = "managed-namespace"
SCOPE = "pod"
CONF = {
    "namespaces": {"type": "array", "items": {"type": "string"}},
}
DEFAULT = {"namespaces": ["kube-system"]}
REMEDIATION = "Deploy the workload to a namespace of your own."


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    meta = mapping(pod.owner.get("metadata"))
    namespace = meta.get("namespace")
    if isinstance(namespace, str) and namespace in conf["namespaces"]:
        name = meta.get("name") or meta.get("generateName")
        what = f'{pod.owner_kind} "{name}"' if isinstance(name, str) else pod.owner_kind
        yield Violation(("metadata", "namespace"), f'{what} is in the managed namespace "{namespace}"')
