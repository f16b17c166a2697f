"""Generic ephemeral volumes (``volumes[].ephemeral``), which need dynamic provisioning.

A generic ephemeral volume is a PersistentVolumeClaim created for the Pod from an inline
``volumeClaimTemplate`` and deleted with it, so it needs a storage class that provisions volumes on
demand. Fly Kubernetes supports them now with ``storageClassName: flyio-volume`` (not at the
beta, when there were no persistent volumes); EKS Fargate cannot provision volumes dynamically; the
ACI provider rejects the volume type; GKE Autopilot is assumed to support them.

Options: ``storage_classes`` (default null): null reports every generic ephemeral volume; a list
reports those whose ``volumeClaimTemplate.spec.storageClassName`` is not in it. A template without
``storageClassName`` gets the cluster's default class: it is reported too, unless
``default_storage_class`` (default null: unknown) names that class and it is in the list, e.g.
``flyio-volume`` on Fly Kubernetes; ``storageClassName: ""`` asks for no class at all.

PASS (storage_classes: [flyio-volume])::

    spec:
      volumes:
      - name: scratch
        ephemeral:
          volumeClaimTemplate:
            spec:
              storageClassName: flyio-volume
              accessModes: [ReadWriteOncePod]
              resources: {requests: {storage: 1Gi}}

FAIL (storage_classes: null)::

    spec:
      volumes:
      - name: scratch
        ephemeral:
          volumeClaimTemplate:
            spec:
              accessModes: [ReadWriteOnce]
              resources: {requests: {storage: 1Gi}}
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.checks.persistent_volume_claim import storage_class_problem
from rules.findings import Violation
from rules.objects import PodView, mapping

ID = "ephemeral-volume"
SCOPE = "pod"
FIELDS = frozenset({"volume.ephemeral"})
CONF = {
    'storage_classes': {"type": ["array", "null"], "items": {"type": "string"}},
    'default_storage_class': {"type": ["string", "null"]},
}
DEFAULT = {'storage_classes': None, 'default_storage_class': None}
REMEDIATION = ("Use one of the provider's storage classes for the volume, or an emptyDir or the "
               "container's own filesystem for scratch data where the provider supports them.")


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    classes = conf["storage_classes"]
    for v in pod.volumes_of("ephemeral"):
        volume, name = v.spec, v.name
        path = v.path + ("ephemeral",)
        if classes is None:
            yield Violation(path, f'volume "{name}" is a generic ephemeral volume, which needs '
                                  f'dynamic provisioning')
            continue
        # Walk to the deepest existing node, so the finding points at something in the file.
        node = mapping(volume.get("ephemeral"))
        for key in ("volumeClaimTemplate", "spec"):
            if not isinstance(node.get(key), dict):
                break
            node, path = node[key], path + (key,)
        spec = mapping(mapping(mapping(volume.get("ephemeral")).get("volumeClaimTemplate")).get("spec"))
        problem = storage_class_problem(spec, classes, conf["default_storage_class"])
        if problem:
            where = path + (("storageClassName",) if "storageClassName" in spec else ())
            yield Violation(where, f'ephemeral volume "{name}" {problem}')
