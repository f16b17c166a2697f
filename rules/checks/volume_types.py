"""Volumes of a type the provider is not known to mount, and too many volumes per Pod.

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
- ``allowed_projected_sources`` (default null = any): for ``projected`` volumes (when
  ``projected`` is allowed), the source kinds (``serviceAccountToken``, ``secret``,
  ``configMap``, ``downwardAPI``, ``clusterTrustBundle``...) that are fine; others are reported.
  The ACI provider flattens only service-account token, secret and configMap sources.
- ``max_volumes`` (default null = no limit): most volumes a Pod may have, counting every volume
  (the injected token volume and types with their own rules too). ACI allows 20 volumes per
  container group.

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

from rules.common import plural
from rules.findings import Violation
from rules.objects import PodView, mapping, seq

ID = "volume-types"
SCOPE = "pod"
FIELDS = frozenset({"spec.volumes"})
CONF = {
    "allowed": {"type": "array", "items": {"type": "string"}},
    "allowed_csi_drivers": {"type": ["array", "null"], "items": {"type": "string"}},
    "allowed_projected_sources": {"type": ["array", "null"], "items": {"type": "string"}},
    "max_volumes": {"type": ["integer", "null"], "minimum": 0},
}
DEFAULT = {"allowed": ["configMap", "secret", "projected", "downwardAPI"], "allowed_csi_drivers": None,
           "allowed_projected_sources": None, "max_volumes": None}
REMEDIATION = ("Replace the volume with a type the provider supports (configMap, secret or "
               "projected for configuration; the provider's own storage for data).")

_OWN_RULES = frozenset({"emptyDir", "hostPath", "persistentVolumeClaim", "ephemeral"})
TOKEN_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount"
_TOKEN_SOURCES = frozenset({"serviceAccountToken", "configMap", "downwardAPI"})


def _is_injected_token(volume: Mapping, kind: str, pod: PodView) -> bool:
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
    if kind == "secret":   # the legacy token Secret, mounted where the token belongs
        secret = mapping(volume.get("secret")).get("secretName")
        return isinstance(secret, str) and "-token-" in secret and name in _token_mounts(pod)
    return False


def _token_mounts(pod: PodView) -> set:
    return {mapping(m).get("name") for c in pod.having("volumeMounts") for m in c.get("volumeMounts")
            if mapping(m).get("mountPath") in (TOKEN_MOUNT_PATH, TOKEN_MOUNT_PATH + "/")}


def _projected_sources(name, volume: Mapping, path: tuple, allowed) -> Iterator[Violation]:
    for i, source in enumerate(seq(mapping(volume.get("projected")).get("sources"))):
        for key in mapping(source):
            if key not in allowed:
                yield Violation(path + ("projected", "sources", i, key),
                                f'volume "{name}" projects a {key} source, which is not known to work')


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    allowed = set(conf["allowed"])
    drivers = conf["allowed_csi_drivers"]
    projected = conf.get("allowed_projected_sources")
    maximum = conf.get("max_volumes")
    count = len(pod.volumes)
    if maximum is not None and count > maximum:
        yield Violation(pod.at("volumes", maximum),
                        f"Pod has {plural(count, 'volume')}, more than the {maximum} known to be supported")
    for kind, group in pod.volume_kinds.items():
        if kind in _OWN_RULES:
            continue
        if kind in allowed and not (kind == "projected" and projected is not None) and not (
                kind == "csi" and drivers is not None):
            continue        # every volume of this source is fine: no need to look at each
        for v in group:
            volume, path, name = v.spec, v.path, v.name
            if _is_injected_token(volume, kind, pod):
                continue
            if kind == "csi" and drivers is not None:
                csi = mapping(volume.get("csi"))
                driver = csi.get("driver")
                if driver in drivers:
                    continue
                where = path + (("csi", "driver") if "driver" in csi else ("csi",))
                shown = f'"{driver}"' if isinstance(driver, str) else "(none)"
                yield Violation(where, f'volume "{name}" uses CSI driver {shown}, not a driver known to be '
                                       f'mountable')
                continue
            if kind in allowed:
                if kind == "projected" and projected is not None:
                    yield from _projected_sources(name, volume, path, set(projected))
                continue
            where = path + ((kind,) if kind in volume else ())
            yield Violation(where, f'volume "{name}" is of type {kind}, not a type known to be mountable')
