"""Volumes of a type the provider cannot mount.

Each nodeless offering mounts only some volume sources. The ACI provider accepts emptyDir, secret,
configMap, projected, azureFile, gitRepo and the Azure Files CSI driver (``file.csi.azure.com``)
and rejects the rest; EKS Fargate rejects unsupported types at scheduling ("volumes not
supported: <name> is of an unsupported volume Type"; the accepted list is not published); Azure-
only types such as ``azureFile`` cannot work anywhere else; for Fly Kubernetes even configMap,
secret and projected volumes are of unknown status.

Types with their own rules are skipped here: ``emptyDir``, ``hostPath``, ``persistentVolumeClaim``
and ``ephemeral``. The service-account token volume the API server injects into every Pod (a
``projected`` volume named ``kube-api-access-<suffix>``, or the older ``<account>-token-<suffix>``
secret mounted at ``/var/run/secrets/kubernetes.io/serviceaccount``) is platform-provided and never
reported.

Options:

- ``allowed`` (default ``[configMap, secret, projected, downwardAPI]``): volume source types that
  are fine.
- ``allowed_csi_drivers`` (default null): null judges ``csi`` volumes by ``allowed`` like any
  type; a list judges them by driver instead: drivers in the list are fine, others reported.

PASS::

    spec:
      volumes:
      - name: config
        configMap: {name: web-config}

FAIL::

    spec:
      volumes:
      - name: shared
        nfs: {server: nfs.example.com, path: /exports}
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.common import volume_type
from rules.findings import Violation
from rules.objects import PodView, mapping, seq

ID = "volume-types"
SCOPE = "pod"
CONF = {
    'allowed': {"type": "array", "items": {"type": "string"}}, 
    'allowed_csi_drivers': {"type": ["array", "null"], "items": {"type": "string"}}
}
DEFAULT = {'allowed': ['configMap', 'secret', 'projected', 'downwardAPI'], 'allowed_csi_drivers': None}
REMEDIATION = ("Replace the volume with a type the provider supports (configMap, secret or "
               "projected for configuration; the provider's own storage for data).")

_OWN_RULES = frozenset({"emptyDir", "hostPath", "persistentVolumeClaim", "ephemeral"})
TOKEN_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount"
_TOKEN_SOURCES = frozenset({"serviceAccountToken", "configMap", "downwardAPI"})


def _is_injected_token(volume: Mapping, kind: str, token_mounts: set) -> bool:
    """The service-account token volume the API server adds to every Pod."""
    name = volume.get("name")
    if not isinstance(name, str):
        return False
    if kind == "projected" and name.startswith("kube-api-access-"):
        sources = seq(mapping(volume.get("projected")).get("sources"))
        keys = {k for s in sources if isinstance(s, dict) for k in s}
        if not keys or not keys <= _TOKEN_SOURCES or "serviceAccountToken" not in keys:
            return False
        return all(mapping(s.get("configMap")).get("name") == "kube-root-ca.crt"
                   for s in sources if isinstance(s, dict) and "configMap" in s)
    if kind == "secret":
        secret = mapping(volume.get("secret")).get("secretName")
        return name in token_mounts and isinstance(secret, str) and "-token-" in secret
    return False


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    allowed = set(conf["allowed"])
    drivers = conf["allowed_csi_drivers"]
    token_mounts = {mapping(m).get("name") for c in pod.containers for m in seq(c.get("volumeMounts"))
                    if mapping(m).get("mountPath") in (TOKEN_MOUNT_PATH, TOKEN_MOUNT_PATH + "/")}
    for _, volume, path in pod.volumes:
        kind = volume_type(volume)
        name = volume.get("name", "?")
        if kind in _OWN_RULES or _is_injected_token(volume, kind, token_mounts):
            continue
        if kind == "csi" and drivers is not None:
            csi = mapping(volume.get("csi"))
            driver = csi.get("driver")
            if driver in drivers:
                continue
            where = path + (("csi", "driver") if "driver" in csi else ("csi",))
            shown = f'"{driver}"' if isinstance(driver, str) else "(none)"
            yield Violation(where, f'volume "{name}" uses CSI driver {shown}, which cannot be mounted')
            continue
        if kind in allowed:
            continue
        where = path + ((kind,) if kind in volume else ())
        yield Violation(where, f'volume "{name}" is of type {kind}, which cannot be mounted')
