"""Helpers shared by rules: quantities, resource totals, message wording."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Iterable

from rules.objects import PodView, mapping

_QUANTITY = re.compile(r"^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$")
_SUFFIX = {
    None: Decimal(1), "n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"),
    "k": Decimal(10) ** 3, "M": Decimal(10) ** 6, "G": Decimal(10) ** 9, "T": Decimal(10) ** 12,
    "P": Decimal(10) ** 15, "E": Decimal(10) ** 18,
    "Ki": Decimal(2) ** 10, "Mi": Decimal(2) ** 20, "Gi": Decimal(2) ** 30, "Ti": Decimal(2) ** 40,
    "Pi": Decimal(2) ** 50, "Ei": Decimal(2) ** 60,
}
GIB = Decimal(2) ** 30
MIB = Decimal(2) ** 20


def quantity(value) -> Decimal | None:
    """A Kubernetes resource quantity ('500m', '1.5Gi', 2) as a Decimal in base units, else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    if not isinstance(value, str):
        return None
    m = _QUANTITY.match(value.strip())
    if not m:
        return None
    try:
        return Decimal(m.group(1)) * _SUFFIX[m.group(2)]
    except InvalidOperation:  # pragma: no cover - the pattern only admits valid numbers
        return None


def fmt_cpu(cores: Decimal) -> str:
    if cores < 1 and cores == cores.quantize(Decimal("0.001")):
        return f"{int(cores * 1000)}m"
    return f"{cores.normalize():f}"


def fmt_bytes(n: Decimal) -> str:
    for unit, size in (("Gi", GIB), ("Mi", MIB), ("Ki", Decimal(1024))):
        if n >= size:
            v = (n / size).quantize(Decimal("0.01")).normalize()
            return f"{v:f}{unit}"
    return f"{n.normalize():f}"


def container_resource(container_spec, which: str, name: str) -> Decimal | None:
    """requests/limits of one resource of a container; requests fall back to limits, as the API does."""
    res = mapping(container_spec.get("resources"))
    value = quantity(mapping(res.get(which)).get(name))
    if value is None and which == "requests":
        value = quantity(mapping(res.get("limits")).get(name))
    return value


def pod_total(pod: PodView, name: str, which: str = "requests") -> Decimal | None:
    """Effective pod request of a resource: max(largest init container, sum of the others).

    Native sidecars (init containers with restartPolicy Always) run for the Pod's lifetime, so they
    count with the regular containers, as the scheduler counts them. None when nothing sets it.
    """
    total = Decimal(0)
    init_peak = Decimal(0)
    seen = False
    for c in pod.containers:
        if c.field == "ephemeralContainers":
            continue  # ephemeral containers have no resources
        v = container_resource(c.spec, which, name)
        if v is None:
            continue
        seen = True
        if c.field == "initContainers" and not c.is_sidecar:
            init_peak = max(init_peak, total + v)
        else:
            total += v
    return max(total, init_peak) if seen else None


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def join_quoted(names: Iterable[str]) -> str:
    names = [f'"{n}"' for n in names]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


VOLUME_SOURCES = (
    "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs",
    "iscsi", "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker",
    "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume", "quobyte", "azureDisk",
    "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi", "ephemeral",
    "image",
)


def volume_type(volume) -> str:
    """The volume source a volume uses ('emptyDir', 'csi'...), or 'unknown'."""
    for key in volume:
        if key != "name" and key in VOLUME_SOURCES:
            return key
    for key in volume:
        if key != "name":
            return key
    return "emptyDir"  # a volume with only a name defaults to emptyDir in the API
