"""Container fields the provider is not known to honour, set to something other than the default.

Fly Kubernetes lists ``imagePullPolicy``, ``resizePolicy``, ``terminationMessagePath`` and
``terminationMessagePolicy`` among the container fields it does not support, without saying
whether a Pod using them is rejected or runs with them ignored; read as "will not take effect".
The ACI provider behind AKS virtual nodes never passes ``imagePullPolicy`` to ACI (effect unknown).
EKS Fargate and GKE Autopilot run a real kubelet (``imagePullPolicy`` is assumed to work); the
other fields are unknown there.

The API server fills all of these in on every container (init, regular and ephemeral):
``imagePullPolicy`` becomes ``Always`` when the image has the tag ``latest`` or no tag and no digest,
``IfNotPresent`` otherwise (a digest-only reference gets ``IfNotPresent``);
``terminationMessagePath`` becomes ``/dev/termination-log``; ``terminationMessagePolicy`` becomes
``File``; and with in-place resize (Kubernetes 1.33+) ``resizePolicy`` entries may be added with
``restartPolicy: NotRequired``. So this rule reports only values that differ from what the API
server would have defaulted: those, and only those, must be what the user wrote, and they are the
ones whose loss changes behaviour. A raw manifest and the same Pod read back from a cluster are
judged the same.

Options: ``fields`` (default all four): which of ``imagePullPolicy``, ``resizePolicy``,
``terminationMessagePath``, ``terminationMessagePolicy`` to judge.

PASS (defaults, written out or not)::

    spec:
      containers:
      - name: web
        image: nginx:1.27
        imagePullPolicy: IfNotPresent
        terminationMessagePath: /dev/termination-log

FAIL::

    spec:
      containers:
      - name: web
        image: nginx:1.27
        imagePullPolicy: Always
        terminationMessagePolicy: FallbackToLogsOnError
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import Container, PodView, mapping, seq

ID = "ignored-container-fields"
SCOPE = "pod"
FIELDS = frozenset({"container.imagePullPolicy", "container.resizePolicy", "container.terminationMessagePath",
                    "container.terminationMessagePolicy"})
JUDGED = ("imagePullPolicy", "resizePolicy", "terminationMessagePath", "terminationMessagePolicy")
CONF = {
    "fields": {"type": "array", "items": {"enum": list(JUDGED)}, "uniqueItems": True},
}
DEFAULT = {"fields": list(JUDGED)}
REMEDIATION = ("Do not rely on these container fields: remove them or set the values the API "
               "server defaults to.")

DEFAULT_MESSAGE_PATH = "/dev/termination-log"
DEFAULT_MESSAGE_POLICY = "File"
DEFAULT_RESIZE_RESTART = "NotRequired"


def default_pull_policy(image) -> str | None:
    """The imagePullPolicy the API server defaults for `image` (as SetDefaults_Container does)."""
    if not isinstance(image, str) or not image.strip():
        return None
    name, _, digest = image.strip().partition("@")
    last = name.rpartition("/")[2]
    tag = last.rpartition(":")[2] if ":" in last else ""
    if not tag and not digest:
        tag = "latest"
    return "Always" if tag == "latest" else "IfNotPresent"


def _pull_policy(c: Container) -> Iterator[Violation]:
    value = c.get("imagePullPolicy")
    if not isinstance(value, str) or not value:
        return
    default = default_pull_policy(c.get("image"))
    if default is None or value == default:
        return
    yield Violation(c.path + ("imagePullPolicy",),
                    f"{c.label} sets imagePullPolicy {value}, which may not take effect")


def _resize_policy(c: Container) -> Iterator[Violation]:
    for i, entry in enumerate(seq(c.get("resizePolicy"))):
        restart = mapping(entry).get("restartPolicy")
        if isinstance(restart, str) and restart and restart != DEFAULT_RESIZE_RESTART:
            resource = mapping(entry).get("resourceName", "?")
            yield Violation(c.path + ("resizePolicy", i, "restartPolicy"),
                            f"{c.label} asks for a restart on {resource} resize, which may not take effect")


def _message(c: Container, field: str, default: str) -> Iterator[Violation]:
    value = c.get(field)
    if isinstance(value, str) and value and value != default:
        yield Violation(c.path + (field,), f"{c.label} sets {field} {value}, which may not take effect")


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    fields = set(conf["fields"])
    for c in pod.containers:
        if "imagePullPolicy" in fields:
            yield from _pull_policy(c)
        if "resizePolicy" in fields:
            yield from _resize_policy(c)
        if "terminationMessagePath" in fields:
            yield from _message(c, "terminationMessagePath", DEFAULT_MESSAGE_PATH)
        if "terminationMessagePolicy" in fields:
            yield from _message(c, "terminationMessagePolicy", DEFAULT_MESSAGE_POLICY)
