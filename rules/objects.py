"""A Kubernetes object -> what rules look at: its identity and its pod views.

Pod specs are found in one place, by an explicit kind table (as Pod Security Admission does) plus a
generic look at `spec.template.spec` / `spec.jobTemplate.spec.template.spec` for custom resources
(Argo Rollouts, Knative, KEDA ScaledJob...). Rules never branch on workload kind.

Objects from a real API server and from files go through the same code: no default is assumed.
Fields of the wrong shape (a mapping where a list is expected) become `problems`, and the view
leaves them out, so rules only ever see the shapes they expect.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Iterator, Mapping

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
_POD_LISTS = ("containers", "initContainers", "ephemeralContainers", "volumes", "tolerations",
              "hostAliases", "imagePullSecrets", "topologySpreadConstraints")
_POD_MAPS = ("nodeSelector", "affinity", "securityContext", "overhead", "os")
_CONTAINER_LISTS = ("ports", "env", "envFrom", "volumeMounts", "volumeDevices", "command", "args")
_CONTAINER_MAPS = ("resources", "securityContext", "livenessProbe", "readinessProbe", "startupProbe",
                   "lifecycle")


def mapping(value) -> Mapping:
    """`value` if it is a mapping, else an empty one: rules read fields without shape checks."""
    return value if isinstance(value, dict) else EMPTY


def seq(value) -> list:
    return value if isinstance(value, list) else []


def group_of(api_version: str) -> str:
    return api_version.rpartition("/")[0] if "/" in api_version else ""


@dataclass(frozen=True, slots=True)
class Container:
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


@dataclass(frozen=True, slots=True)
class PodView:
    spec: Mapping       # the pod spec
    path: tuple         # path of the pod spec from the object root
    metadata: Mapping   # the pod (template) metadata
    metadata_path: tuple
    owner_kind: str     # kind of the object that holds the pod spec
    containers: tuple   # every Container: init, regular and ephemeral, in that order
    owner: Mapping      # the whole object (e.g. for a StatefulSet's volumeClaimTemplates)
    volumes: tuple      # (index, volume, path) for each well-shaped volume

    def at(self, *keys) -> tuple:
        return self.path + keys

    def of(self, field: str) -> Iterator[Container]:
        return (c for c in self.containers if c.field == field)

    @property
    def sized(self) -> Iterator[Container]:
        """Init and regular containers: those with resources (ephemeral containers have none)."""
        return (c for c in self.containers if c.field != "ephemeralContainers")



@dataclass(frozen=True, slots=True)
class ObjectView:
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
    _check_shapes(spec, spec_path, _POD_LISTS, _POD_MAPS, problems)
    containers = []
    for field in CONTAINER_FIELDS:
        items = spec.get(field)
        if not isinstance(items, list):
            continue
        for i, c in enumerate(items):
            path = spec_path + (field, i)
            if isinstance(c, dict):
                _check_shapes(c, path, _CONTAINER_LISTS, _CONTAINER_MAPS, problems)
                containers.append(Container(field, i, c, path))
            else:
                problems.append((path, _shape("a mapping", c)))
    volumes = []
    for i, v in enumerate(seq(spec.get("volumes"))):
        if isinstance(v, dict):
            volumes.append((i, v, spec_path + ("volumes", i)))
        else:
            problems.append((spec_path + ("volumes", i), _shape("a mapping", v)))
    return PodView(spec, spec_path, mapping(meta), template_at + ("metadata",), kind, tuple(containers), obj,
                   tuple(volumes))


def _check_shapes(node: Mapping, path: tuple, lists, maps, problems: list) -> None:
    for key in lists:
        value = node.get(key)
        if value is not None and not isinstance(value, list):
            problems.append((path + (key,), _shape("a list", value)))
    for key in maps:
        value = node.get(key)
        if value is not None and not isinstance(value, dict):
            problems.append((path + (key,), _shape("a mapping", value)))


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
