"""PersistentVolumeClaims a Pod mounts, and a StatefulSet's claim templates.

Fly Kubernetes had no persistent volumes at the beta; now it provisions Fly Volumes only: storage
class ``flyio-volume`` (or ``flyio-volume-retain``), access mode ``ReadWriteOncePod``, one volume per
Pod. EKS Fargate mounts only statically provisioned EFS volumes; AKS virtual nodes take no
PersistentVolumeClaims (use inline Azure Files volumes); GKE Autopilot is assumed to support them.

Two places are judged: ``persistentVolumeClaim`` volumes of the pod spec, and, when the pod spec
belongs to an ``apps`` StatefulSet, its ``spec.volumeClaimTemplates`` (the controller adds one
volume per template to every replica).

Options (default null each):

- ``storage_classes``, ``access_modes`` and ``max_per_pod`` all null: every claim volume and every
  claim template is reported.
- ``storage_classes``: claim templates whose ``storageClassName`` is not in the list are reported.
  A template without ``storageClassName`` gets the cluster's default class: it is reported too,
  unless ``default_storage_class`` names that class and it is in the list;
  ``storageClassName: ""`` asks for no class at all.
- ``default_storage_class`` (null: unknown): the cluster's default StorageClass, e.g.
  ``flyio-volume`` on Fly Kubernetes; only used with ``storage_classes``.
- ``access_modes``: claim template ``accessModes`` entries not in the list are reported.
- ``max_per_pod``: Pods with more persistent volumes than this are reported, at the first one
  too many. Claim volumes, claim templates and generic ephemeral volumes all count, since each
  becomes a PersistentVolume attached to the Pod.

A ``persistentVolumeClaim`` volume only names a claim that lives in its own object, so its class
and access modes cannot be checked here; only templates (and the ``max_per_pod`` count) can.

PASS (storage_classes: [flyio-volume], access_modes: [ReadWriteOncePod], max_per_pod: 1)::

    kind: StatefulSet
    spec:
      volumeClaimTemplates:
      - metadata: {name: data}
        spec:
          storageClassName: flyio-volume
          accessModes: [ReadWriteOncePod]
          resources: {requests: {storage: 10Gi}}

FAIL (all options null)::

    spec:
      volumes:
      - name: data
        persistentVolumeClaim: {claimName: web-data}
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.common import join_quoted, plural
from rules.findings import Violation
from rules.objects import PodView, group_of, mapping, seq

ID = "persistent-volume-claim"
SCOPE = "pod"
CONF = {
    'storage_classes': {"type": ["array", "null"], "items": {"type": "string"}}, 
    'access_modes': {"type": ["array", "null"], "items": {"type": "string"}}, 
    'max_per_pod': {"type": ["integer", "null"], "minimum": 0},
    'default_storage_class': {"type": ["string", "null"]},
}
DEFAULT = {'storage_classes': None, 'access_modes': None, 'max_per_pod': None, 'default_storage_class': None}
REMEDIATION = ("Use only the storage the provider offers (its storage classes, access modes and "
               "volume count), or keep the data in a managed database or object store.")


def _one_of(names) -> str:
    names = [f'"{n}"' for n in names]
    if not names:
        return "(none allowed)"
    return names[0] if len(names) == 1 else "one of " + ", ".join(names)


def storage_class_problem(claim_spec: Mapping, classes: list, default: str | None = None) -> str | None:
    """Why a claim spec's storage class is not one of `classes`, or None when it is.

    Without storageClassName a claim gets the cluster's default class: `default` when known.
    """
    name = claim_spec.get("storageClassName")
    if name is None:
        if default is None:
            return f"has no storageClassName; the cluster default class must be {_one_of(classes)}"
        if default in classes:
            return None
        return f'has no storageClassName, so it gets "{default}", not {_one_of(classes)}'
    if name == "":
        return f'asks for no storage class (storageClassName: ""), not {_one_of(classes)}'
    if name not in classes:
        return f'uses storage class "{name}", not {_one_of(classes)}'
    return None


def claim_templates(pod: PodView) -> list[tuple[str, Mapping, tuple]]:
    """(name, template, path) of the claim templates of the StatefulSet holding this pod spec."""
    owner = pod.owner
    if pod.owner_kind != "StatefulSet" or group_of(str(owner.get("apiVersion", ""))) != "apps":
        return []
    out = []
    for k, template in enumerate(seq(mapping(owner.get("spec")).get("volumeClaimTemplates"))):
        if isinstance(template, dict):
            name = mapping(template.get("metadata")).get("name")
            out.append((name if isinstance(name, str) else f"#{k}", template,
                        ("spec", "volumeClaimTemplates", k)))
    return out


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    classes, modes, limit = conf["storage_classes"], conf["access_modes"], conf["max_per_pod"]
    templates = claim_templates(pod)
    claims = [(v.name, v.spec, v.path) for v in pod.volumes_of("persistentVolumeClaim")]
    if classes is None and modes is None and limit is None:
        for name, volume, path in claims:
            claim = mapping(volume.get("persistentVolumeClaim")).get("claimName")
            which = f' (claim "{claim}")' if isinstance(claim, str) else ""
            yield Violation(path + ("persistentVolumeClaim",),
                            f'volume "{name}" mounts a PersistentVolumeClaim{which}')
        for name, _, path in templates:
            yield Violation(path, f'claim template "{name}" creates a PersistentVolumeClaim per replica')
        return
    for name, template, path in templates:
        spec = mapping(template.get("spec"))
        spec_path = path + ("spec",) if "spec" in template else path
        if classes is not None:
            problem = storage_class_problem(spec, classes, conf["default_storage_class"])
            if problem:
                where = spec_path + (("storageClassName",) if "storageClassName" in spec else ())
                yield Violation(where, f'claim template "{name}" {problem}')
        if modes is not None:
            for j, mode in enumerate(seq(spec.get("accessModes"))):
                if mode not in modes:
                    yield Violation(spec_path + ("accessModes", j),
                                    f'claim template "{name}" asks for access mode {mode}, '
                                    f'not {_one_of(modes)}')
    if limit is not None:
        template_names = {name for name, _, _ in templates}
        persistent = []
        for v in pod.volumes:
            if v.kind == "persistentVolumeClaim" and v.name not in template_names:
                persistent.append((v.name, v.path + ("persistentVolumeClaim",)))
            elif v.kind == "ephemeral":
                persistent.append((v.name, v.path + ("ephemeral",)))
        persistent += [(name, path) for name, _, path in templates]
        if len(persistent) > limit:
            yield Violation(persistent[limit][1],
                            f"Pod has {plural(len(persistent), 'persistent volume')} "
                            f"({join_quoted(n for n, _ in persistent)}); at most {limit} can be attached")
