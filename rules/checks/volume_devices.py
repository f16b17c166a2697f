"""Containers that attach raw block devices (``volumeDevices``).

``volumeDevices`` hands a block-mode PersistentVolume to the container as a device file. Fly
Kubernetes lists ``volumeDevices`` as unsupported (beta and now); EKS Fargate has no block storage
(EBS is not supported); the ACI provider does not translate the field, so the device never
appears; on GKE Autopilot the status is unknown. Every container (init, regular, ephemeral) is
visited; an empty list is not reported.

PASS::

    spec:
      containers:
      - name: db
        image: postgres:16
        volumeMounts:
        - {name: data, mountPath: /var/lib/postgresql/data}

FAIL::

    spec:
      containers:
      - name: db
        image: postgres:16
        volumeDevices:
        - {name: data, devicePath: /dev/xvda}
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.common import join_quoted
from rules.findings import Violation
from rules.objects import PodView, mapping, seq

ID = "volume-devices"
SCOPE = "pod"
FIELDS = frozenset({"container.volumeDevices"})
CONF = {}
DEFAULT = {}
REMEDIATION = ("Mount the volume as a filesystem (volumeMounts with volumeMode: Filesystem) "
               "instead of as a raw block device.")


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    for c in pod.containers:
        devices = seq(c.get("volumeDevices"))
        if not devices:
            continue
        names = [d["name"] for d in devices if isinstance(mapping(d).get("name"), str)]
        what = f" {join_quoted(names)}" if names else ""
        yield Violation(c.path + ("volumeDevices",),
                        f"{c.label} attaches raw block device{'s' if len(devices) > 1 else ''}{what}")
