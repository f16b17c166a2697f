"""Security context settings that will not take effect.

Fly Kubernetes lists the whole container ``securityContext`` as unsupported, and the ACI provider
behind AKS virtual nodes never reads it: ``runAsUser``, ``runAsNonRoot``, ``readOnlyRootFilesystem``,
``allowPrivilegeEscalation``, ``capabilities.drop``, ``seccompProfile``... are accepted and then
silently not applied, so the container runs with the image's defaults (often as root, with a
writable root filesystem). EKS Fargate (a real kubelet per Pod) and GKE Autopilot are assumed to
apply them (inferred; not stated by the vendors).
``privileged`` and ``capabilities.add`` are judged by their own rules and not repeated here.

One finding per container (init, regular, ephemeral) lists its settings. Empty values are not
settings: the API server's ``securityContext: {}`` is never reported. Nor are values equal to what
Kubernetes does anyway (``allowPrivilegeEscalation: true``, ``readOnlyRootFilesystem: false``,
``runAsNonRoot: false``, ``procMount: Default``), since losing them changes nothing.

Options: ``include_pod_level`` (default false) also reports the Pod's ``spec.securityContext``
settings (``runAsUser``, ``fsGroup``, ``seccompProfile``...; ``sysctls`` have their own rule).

PASS::

    spec:
      securityContext: {}
      containers:
      - name: web
        image: nginx

FAIL::

    spec:
      containers:
      - name: web
        image: nginx
        securityContext:
          runAsNonRoot: true
          readOnlyRootFilesystem: true
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.common import declared
from rules.findings import Violation
from rules.objects import PodView, mapping

ID = "security-context"
SCOPE = "pod"
FIELDS = frozenset({"container.securityContext", "spec.securityContext"})
CONF = {
    'include_pod_level': {"type": "boolean"}
}
DEFAULT = {'include_pod_level': False}
REMEDIATION = ("Do not rely on these settings: bake the user, file permissions and hardening into "
               "the image, or run the workload where security contexts are enforced.")

# Fields reported by other rules.
_CONTAINER_SKIP = {"privileged"}
_POD_SKIP = {"sysctls"}
# Values that only restate what happens without the setting.
_NO_OP = {"allowPrivilegeEscalation": True, "readOnlyRootFilesystem": False, "runAsNonRoot": False,
          "procMount": "Default", "fsGroupChangePolicy": "Always", "supplementalGroupsPolicy": "Merge"}


def _settings(context: Mapping, skip: set) -> list[str]:
    names = []
    for key, value in context.items():
        if key in skip or not declared(value):
            continue
        if key in _NO_OP and value == _NO_OP[key] and type(value) is type(_NO_OP[key]):
            continue
        if key == "capabilities":  # `add` is judged by the capabilities rule
            if declared(mapping(value).get("drop")):
                names.append("capabilities.drop")
            continue
        names.append(str(key))
    return names


def _listed(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return f"{names[0]} and {len(names) - 1} more"


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    if conf["include_pod_level"]:
        names = _settings(mapping(pod.spec.get("securityContext")), _POD_SKIP)
        if names:
            yield Violation(pod.at("securityContext"),
                            f"Pod securityContext will not take effect: {_listed(names)}")
    for c in pod.containers:
        names = _settings(mapping(c.get("securityContext")), _CONTAINER_SKIP)
        if names:
            yield Violation(c.path + ("securityContext",),
                            f"{c.label} securityContext will not take effect: {_listed(names)}")
