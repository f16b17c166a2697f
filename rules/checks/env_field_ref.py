"""Environment variables taken from ``fieldRef`` or ``resourceFieldRef`` (the downward API).

Fly Kubernetes lists both ``env[].valueFrom.fieldRef`` and ``resourceFieldRef`` as unsupported. On
AKS virtual nodes the Virtual Kubelet library resolves ``fieldRef`` for ``metadata.*`` paths only
and leaves ``resourceFieldRef`` variables empty. Sidecars injected by other webhooks (istio-proxy
reads ``status.podIP``, ``spec.nodeName``...) count like any container. EKS Fargate and GKE
Autopilot resolve both with a real kubelet (inference). Downward API volumes are not judged here.

Options: ``allowed_field_paths`` (default ``[]``: none allowed): globs (``fnmatch``) of the
``fieldPath`` values that work, e.g. ``["metadata.*"]``; ``resource_field_ref`` (default false):
whether ``resourceFieldRef`` works.

PASS (allowed_field_paths: ["metadata.*"])::

    env:
    - name: POD_NAME
      valueFrom:
        fieldRef: {fieldPath: metadata.name}

FAIL (allowed_field_paths: ["metadata.*"])::

    env:
    - name: POD_IP
      valueFrom:
        fieldRef: {fieldPath: status.podIP}
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.common import glob_matcher
from rules.findings import Violation
from rules.objects import PodView, mapping

ID = "env-field-ref"
SCOPE = "pod"
FIELDS = frozenset({"container.env"})
CONF = {
    "allowed_field_paths": {"type": "array", "items": {"type": "string"}},
    "resource_field_ref": {"type": "boolean"},
}
DEFAULT = {"allowed_field_paths": [], "resource_field_ref": False}
REMEDIATION = ("Pass the value another way (a literal, a ConfigMap, or have the program read it "
               "itself) and remove the fieldRef/resourceFieldRef.")


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    allowed = glob_matcher(tuple(conf["allowed_field_paths"]))
    for c in pod.having("env"):
        for i, env in enumerate(c.spec["env"]):
            if not isinstance(env, dict) or "valueFrom" not in env:
                continue
            value_from = mapping(env.get("valueFrom"))
            name = env.get("name") if isinstance(env.get("name"), str) else f"#{i}"
            field_ref = mapping(value_from.get("fieldRef"))
            if field_ref:
                path = field_ref.get("fieldPath")
                path = path if isinstance(path, str) else ""
                if not allowed(path):
                    yield Violation(c.path + ("env", i, "valueFrom", "fieldRef"),
                                    f'{c.label} env "{name}" reads fieldRef {path or "(no fieldPath)"}')
            resource_ref = mapping(value_from.get("resourceFieldRef"))
            if resource_ref and not conf["resource_field_ref"]:
                what = resource_ref.get("resource")
                yield Violation(c.path + ("env", i, "valueFrom", "resourceFieldRef"),
                                f'{c.label} env "{name}" reads resourceFieldRef '
                                f'{what if isinstance(what, str) else "(no resource)"}')
