"""A Kubernetes object -> what rules look at: its identity and its pod views.

Pod specs are found in one place, by an explicit kind table (as Pod Security Admission does) plus a
generic look at `spec.template.spec` / `spec.jobTemplate.spec.template.spec` for custom resources
(Argo Rollouts, Knative, KEDA ScaledJob...). Rules never branch on workload kind.

Objects from a real API server and from files go through the same code: no default is assumed.
Fields of the wrong shape (a mapping where a list is expected) become `problems`, and the view
leaves them out, so rules only ever see the shapes they expect.
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Iterator, Mapping, NamedTuple

from rules.findings import ObjectRef

EMPTY: Mapping = MappingProxyType({})

_APPS = {"apps", "extensions"}
# kind -> (API groups it is built into, path of the pod template's metadata parent)
_POD_TEMPLATE_KINDS = {
    "Pod": ({""}, ()),
    "PodTemplate": ({""}, ("template",)),
    "ReplicationController": ({""}, ("spec", "template")),
    "ReplicaSet": (_APPS, ("spec", "template")),
    "Deployment": (_APPS, ("spec", "template")),
    "StatefulSet": (_APPS, ("spec", "template")),
    "DaemonSet": (_APPS, ("spec", "template")),
    "Job": ({"batch"}, ("spec", "template")),
    "CronJob": ({"batch"}, ("spec", "jobTemplate", "spec", "template")),
}
# Where custom resources embed a pod template, most common first.
_GENERIC_TEMPLATES = (("spec", "template"), ("spec", "jobTemplate", "spec", "template"))

CONTAINER_FIELDS = ("initContainers", "containers", "ephemeralContainers")
_CONTAINER_WORD = {"initContainers": "init container", "containers": "container",
                   "ephemeralContainers": "ephemeral container"}

# Expected shapes of the fields rules read; anything else is reported, then ignored.
_POD_SHAPES = {key: list for key in ("containers", "initContainers", "ephemeralContainers", "volumes",
                                     "tolerations", "hostAliases", "imagePullSecrets",
                                     "topologySpreadConstraints")}
_POD_SHAPES.update((key, dict) for key in ("nodeSelector", "affinity", "securityContext", "overhead", "os"))
_CONTAINER_SHAPES = {key: list for key in ("ports", "env", "envFrom", "volumeMounts", "volumeDevices",
                                           "command", "args")}
_CONTAINER_SHAPES.update((key, dict) for key in ("resources", "securityContext", "livenessProbe",
                                                 "readinessProbe", "startupProbe", "lifecycle"))
_SHAPE_WORD = {list: "a list", dict: "a mapping"}

VOLUME_SOURCES = frozenset((
    "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs",
    "iscsi", "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker",
    "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume", "quobyte", "azureDisk",
    "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi", "ephemeral",
    "image",
))


def mapping(value) -> Mapping:
    """`value` if it is a mapping, else an empty one: rules read fields without shape checks."""
    return value if isinstance(value, dict) else EMPTY


def seq(value) -> list:
    return value if isinstance(value, list) else []


def group_of(api_version: str) -> str:
    return api_version.rpartition("/")[0] if "/" in api_version else ""


# Container and Volume are NamedTuples, not frozen dataclasses: as immutable and three times cheaper to
# build, which shows on a 50-container Pod reviewed by the webhook.
class Container(NamedTuple):
    field: str          # 'initContainers' | 'containers' | 'ephemeralContainers'
    index: int
    spec: Mapping
    path: tuple         # from the object root, e.g. ('spec', 'template', 'spec', 'containers', 0)

    @property
    def name(self) -> str:
        name = self.spec.get("name")
        return name if isinstance(name, str) else f"#{self.index}"

    @property
    def label(self) -> str:
        """'container "web"', 'init container "setup"' - for messages."""
        return f'{_CONTAINER_WORD[self.field]} "{self.name}"'

    @property
    def is_sidecar(self) -> bool:
        """A native sidecar: an init container with restartPolicy Always (Kubernetes >= 1.28)."""
        return self.field == "initContainers" and self.spec.get("restartPolicy") == "Always"

    def get(self, key, default=None):
        return self.spec.get(key, default)


def _well_set(spec: Mapping, key: str) -> bool:
    value = spec.get(key)
    if value is None:
        return False
    expected = _CONTAINER_SHAPES.get(key)
    return expected is None or isinstance(value, expected)


def volume_type(volume: Mapping) -> str:
    """The volume source a volume uses ('emptyDir', 'csi'...), or its first other key."""
    for key in volume:
        if key != "name" and key in VOLUME_SOURCES:
            return key
    for key in volume:
        if key != "name":
            return key
    return "emptyDir"  # a volume with only a name defaults to emptyDir in the API


class Volume(NamedTuple):
    index: int
    spec: Mapping
    path: tuple         # from the object root, e.g. ('spec', 'volumes', 3)
    kind: str           # its source: 'emptyDir', 'persistentVolumeClaim', 'csi'... (volume_type)

    @property
    def name(self) -> str:
        name = self.spec.get("name")
        return name if isinstance(name, str) else "?"


# The views are NamedTuples too: one is built per object reviewed, and it shows at webhook rates.
class PodView(NamedTuple):
    spec: Mapping       # the pod spec
    path: tuple         # path of the pod spec from the object root
    metadata: Mapping   # the pod (template) metadata
    metadata_path: tuple
    owner_kind: str     # kind of the object that holds the pod spec
    containers: tuple   # every Container: init, regular and ephemeral, in that order
    owner: Mapping      # the whole object (e.g. for a StatefulSet's volumeClaimTemplates)
    volumes: tuple      # Volume, for each well-shaped volume
    volume_kinds: Mapping   # volume source -> its Volumes
    container_keys: frozenset   # every key some container has (for the engine's FIELDS gates)
    memo: dict          # values derived from the spec, computed once on first use (having, totals)

    def at(self, *keys) -> tuple:
        return self.path + keys

    def of(self, field: str) -> Iterator[Container]:
        return (c for c in self.containers if c.field == field)

    def having(self, *fields: str) -> tuple:
        """The containers that set any of `fields` (to a value of the right shape, not null), in order."""
        found = self.memo.get(fields)
        if found is None:
            if len(fields) == 1:
                key = fields[0]
                found = tuple(c for c in self.containers if _well_set(c.spec, key))
            else:
                found = tuple(c for c in self.containers if any(_well_set(c.spec, f) for f in fields))
            self.memo[fields] = found
        return found

    def volumes_of(self, kind: str) -> tuple:
        """The volumes of one source ('emptyDir', 'hostPath'...), in order."""
        return self.volume_kinds.get(kind, ())

    @property
    def sized(self) -> Iterator[Container]:
        """Init and regular containers: those with resources (ephemeral containers have none)."""
        return (c for c in self.containers if c.field != "ephemeralContainers")



class ObjectView(NamedTuple):
    obj: Mapping
    ref: ObjectRef
    group: str
    pods: tuple         # PodView, at most one today; a tuple so multi-template kinds fit later
    problems: tuple     # (path, message) for fields of the wrong shape

    @property
    def kind(self) -> str:
        return self.ref.kind

    @property
    def metadata(self) -> Mapping:
        return mapping(self.obj.get("metadata"))

    @property
    def spec(self) -> Mapping:
        return mapping(self.obj.get("spec"))


def object_ref(obj: Mapping) -> ObjectRef:
    meta = mapping(obj.get("metadata"))
    name = meta.get("name") or meta.get("generateName")
    namespace = meta.get("namespace")
    return ObjectRef(str(obj.get("apiVersion", "")), str(obj.get("kind", "")),
                     namespace if isinstance(namespace, str) else None,
                     name if isinstance(name, str) else None)


def view(obj: Mapping) -> ObjectView:
    ref = object_ref(obj)
    group = group_of(ref.api_version)
    problems: list = []
    if "metadata" in obj and not isinstance(obj["metadata"], dict) and obj["metadata"] is not None:
        problems.append((("metadata",), _shape("a mapping", obj["metadata"])))
    pods = ()
    template_at = _template_path(obj, ref.kind, group)
    if template_at is not None:
        pod = _pod_view(obj, template_at, ref.kind, problems)
        if pod is not None:
            pods = (pod,)
    return ObjectView(obj, ref, group, pods, tuple(problems))


def _template_path(obj: Mapping, kind: str, group: str) -> tuple | None:
    known = _POD_TEMPLATE_KINDS.get(kind)
    if known is not None and group in known[0]:
        return known[1]
    for path in _GENERIC_TEMPLATES:
        node = obj
        for key in path + ("spec",):
            node = node.get(key) if isinstance(node, dict) else None
        # Only a spec with containers is a pod spec (an ApplicationSet's template.spec is not).
        if isinstance(node, dict) and isinstance(node.get("containers"), list):
            return path
    return None


def _pod_view(obj: Mapping, template_at: tuple, kind: str, problems: list) -> PodView | None:
    node = obj
    for i, key in enumerate(template_at):
        child = node.get(key)
        if child is None:
            return None  # no template: nothing to judge (as PSA does)
        if not isinstance(child, dict):
            problems.append((template_at[:i + 1], _shape("a mapping", child)))
            return None
        node = child
    spec_path = template_at + ("spec",)
    spec = node.get("spec")
    if spec is None:
        return None
    if not isinstance(spec, dict):
        problems.append((spec_path, _shape("a mapping", spec)))
        return None
    meta = node.get("metadata")
    if meta is not None and not isinstance(meta, dict):
        problems.append((template_at + ("metadata",), _shape("a mapping", meta)))
    _check_shapes(spec, spec_path, _POD_SHAPES, problems)
    containers = []
    for field_name in CONTAINER_FIELDS:
        items = spec.get(field_name)
        if not isinstance(items, list):
            continue
        for i, c in enumerate(items):
            path = spec_path + (field_name, i)
            if isinstance(c, dict):
                _check_shapes(c, path, _CONTAINER_SHAPES, problems)
                containers.append(Container(field_name, i, c, path))
            else:
                problems.append((path, _shape("a mapping", c)))
    volumes = []
    kinds: dict = {}
    for i, v in enumerate(seq(spec.get("volumes"))):
        if isinstance(v, dict):
            volume = Volume(i, v, spec_path + ("volumes", i), volume_type(v))
            volumes.append(volume)
            group = kinds.get(volume.kind)
            if group is None:
                kinds[volume.kind] = [volume]
            else:
                group.append(volume)
        else:
            problems.append((spec_path + ("volumes", i), _shape("a mapping", v)))
    return PodView(spec, spec_path, mapping(meta), template_at + ("metadata",), kind, tuple(containers), obj,
                   tuple(volumes), {k: tuple(v) for k, v in kinds.items()},
                   frozenset().union(*(c.spec for c in containers)), {})


def _check_shapes(node: Mapping, path: tuple, shapes: Mapping, problems: list) -> None:
    """Report the fields of `node` whose shape is wrong (rules then see them as absent), in the
    order they appear."""
    for key, value in node.items():
        expected = shapes.get(key)
        if expected is not None and value is not None and not isinstance(value, expected):
            problems.append((path + (key,), _shape(_SHAPE_WORD[expected], value)))


def _shape(expected: str, found) -> str:
    if isinstance(found, dict):
        what = "a mapping"
    elif isinstance(found, list):
        what = "a list"
    elif isinstance(found, str):
        what = "a string"
    elif isinstance(found, bool):
        what = "a boolean"
    else:
        what = "a number"
    return f"expected {expected}, found {what}"
