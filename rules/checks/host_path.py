"""``hostPath`` volumes, which mount a directory of a node the Pod does not have.

A nodeless Pod has no node filesystem to mount. EKS Fargate rejects the Pod (the scheduler reports
an unsupported volume type), the ACI provider rejects hostPath volumes, GKE Autopilot only admits
read-only mounts under ``/var/log/`` (autogke-no-write-mode-hostpath), and on Fly Kubernetes the
status is unknown (each Pod is its own micro-VM, so there is no host).

Options:

- ``allowed_prefixes`` (default ``[]``): with an empty list every hostPath volume is reported;
  otherwise only those whose ``path`` is not under one of the prefixes. Prefixes are directories:
  ``/var/log/`` admits ``/var/log`` itself and ``/var/log/pods`` but not ``/var/logs`` (GKE
  Autopilot admits a read-only ``/var/log`` mount); a path with a ``..`` segment never matches.
- ``read_only`` (default false, only used with ``allowed_prefixes``): also report each mount of a
  hostPath volume, in every container, that is not ``readOnly: true``.

GKE Autopilot is ``allowed_prefixes: [/var/log/]`` with ``read_only: true``.

PASS (allowed_prefixes: [/var/log/], read_only: true)::

    spec:
      containers:
      - name: shipper
        image: fluent/fluent-bit
        volumeMounts:
        - {name: logs, mountPath: /var/log, readOnly: true}
      volumes:
      - name: logs
        hostPath: {path: /var/log/}

FAIL (allowed_prefixes: [])::

    spec:
      volumes:
      - name: docker-sock
        hostPath: {path: /var/run/docker.sock}
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView, mapping, seq

ID = "host-path"
SCOPE = "pod"
FIELDS = frozenset({"volume.hostPath"})
CONF = {
    'allowed_prefixes': {"type": "array", "items": {"type": "string"}}, 
    'read_only': {"type": "boolean"}
}
DEFAULT = {'allowed_prefixes': [], 'read_only': False}
REMEDIATION = ("Remove the hostPath volume: ship logs and metrics through the provider's own "
               "integrations, or use a volume type the provider supports.")


def _allowed(path, prefixes) -> bool:
    if not isinstance(path, str) or ".." in path.split("/"):
        return False
    path = path.rstrip("/") + "/"
    return any(path.startswith(p if p.endswith("/") else p + "/") for p in prefixes)


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    prefixes = conf["allowed_prefixes"]
    host_volumes = set()
    for v in pod.volumes_of("hostPath"):
        volume, vpath, name = v.spec, v.path, v.name
        host_volumes.add(name)
        source = mapping(volume.get("hostPath"))
        path = source.get("path")
        where = vpath + (("hostPath", "path") if "path" in source else ("hostPath",))
        shown = path if isinstance(path, str) else "?"
        if not prefixes:
            yield Violation(where, f'hostPath volume "{name}" mounts the node\'s {shown}')
        elif not _allowed(path, prefixes):
            yield Violation(where, f'hostPath volume "{name}" mounts {shown}, outside '
                                   f'{", ".join(prefixes)}')
    if not prefixes or not conf["read_only"] or not host_volumes:
        return
    for c in pod.containers:
        for i, mount in enumerate(seq(c.get("volumeMounts"))):
            mount = mapping(mount)
            if mount.get("name") not in host_volumes or mount.get("readOnly") is True:
                continue
            where = c.path + ("volumeMounts", i) + (("readOnly",) if "readOnly" in mount else ())
            yield Violation(where, f'{c.label} mounts hostPath volume "{mount.get("name")}" '
                                   f'writable (readOnly is not true)')
