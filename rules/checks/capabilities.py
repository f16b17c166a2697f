"""Linux capabilities added to a container beyond what the provider allows.

EKS Fargate only lets containers drop capabilities, GKE Autopilot accepts a fixed allow-list
(AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, NET_RAW, SETFCAP,
SETGID, SETPCAP, SETUID, SYS_CHROOT, SYS_PTRACE in recent reports; version-dependent), the ACI
provider ignores ``securityContext``, and Fly Kubernetes does not support it. Each entry of
``securityContext.capabilities.add`` not in ``allowed`` is reported, on every container (init,
regular, ephemeral); ``drop`` is always fine. Names compare without case and without a ``CAP_``
prefix, as container runtimes accept both.

Options: ``allowed`` (default ``[]``: every added capability is reported).

PASS (allowed: [])::

    spec:
      containers:
      - name: web
        image: nginx
        securityContext:
          capabilities:
            drop: [ALL]

FAIL (allowed: [])::

    spec:
      containers:
      - name: web
        image: nginx
        securityContext:
          capabilities:
            add: [NET_ADMIN]
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView, mapping, seq

ID = "capabilities"
SCOPE = "pod"
FIELDS = frozenset({"container.securityContext"})
CONF = {
    'allowed': {"type": "array", "items": {"type": "string"}}
}
DEFAULT = {'allowed': []}
REMEDIATION = ("Remove the added capabilities the provider does not allow, and drop the ones the "
               "container does not need.")


def _norm(name: str) -> str:
    name = name.strip().upper()
    return name[4:] if name.startswith("CAP_") else name


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    allowed = {_norm(n) for n in conf["allowed"]}
    for c in pod.containers:
        caps = mapping(mapping(c.get("securityContext")).get("capabilities"))
        for i, name in enumerate(seq(caps.get("add"))):
            if not isinstance(name, str) or not name.strip() or _norm(name) in allowed:
                continue
            yield Violation(c.path + ("securityContext", "capabilities", "add", i),
                            f"{c.label} adds capability {name}")
