"""``emptyDir`` volumes, where the provider has none.

An emptyDir is scratch space the kubelet creates on the node for the Pod's lifetime. Fly
Kubernetes lists emptyDir as unsupported and on its roadmap (beta and now); EKS Fargate backs it
with the Pod's ephemeral storage, the ACI provider maps it to an ACI emptyDir volume, and GKE
Autopilot is assumed to support it. A volume with only a ``name`` is an emptyDir too: the API
server defaults it so. Service meshes inject emptyDir volumes (istio-envoy, istio-data), which are
reported like any other.

PASS::

    spec:
      volumes:
      - name: config
        configMap: {name: web-config}

FAIL::

    spec:
      volumes:
      - name: cache
        emptyDir: {}
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView, mapping

ID = "empty-dir"
SCOPE = "pod"
FIELDS = frozenset({"volume.emptyDir"})
CONF = {}
DEFAULT = {}
REMEDIATION = ("Write scratch data inside the container's own filesystem, or use a volume type the "
               "provider supports.")


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    for v in pod.volumes_of("emptyDir"):
        volume, path, name = v.spec, v.path, v.name
        memory = mapping(volume.get("emptyDir")).get("medium") == "Memory"
        kind = "in-memory emptyDir" if memory else "emptyDir"
        yield Violation(path + ("emptyDir",) if "emptyDir" in volume else path,
                        f'volume "{name}" is an {kind} volume, which may not be available')
