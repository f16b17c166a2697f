"""The virtual Node and its Lease: pure builders, plus the heartbeat loop that keeps them fresh.

As a kubelet does: the Lease in `kube-node-lease` is renewed every ~10 s (a quarter of its 40 s
duration) and is what the node lifecycle controller reads for health; the Node's status (conditions
with Ready=True, capacity, addresses, daemon endpoint) is patched at start and then every
`status_interval` (default 60 s; a kubelet reports every 5 min when nothing changes).
"""
from __future__ import annotations

import logging
import platform
import re
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from .errors import ApiError, Conflict, NotFoundError

log = logging.getLogger("nodeless.vk.node")

TAINT_KEY = "virtual-kubelet.io/provider"
TAINT_VALUE = "nodeless"
TAINT_EFFECT = "NoSchedule"
PROFILE_LABEL = "nodeless.dev/profile"
LEASE_NAMESPACE = "kube-node-lease"
VERSION = "v1.31.0-nodeless-0.1.0"


@dataclass(frozen=True)
class NodeConfig:
    name: str
    profile: str
    cpu: str = "20"
    memory: str = "100Gi"
    pods: str = "1000"
    ephemeral_storage: str = "500Gi"
    node_ip: str = "127.0.0.1"
    kubelet_port: int = 10250
    backend: str = "mock"
    lease_duration: int = 40
    renew_interval: float = 10.0
    status_interval: float = 60.0


def micro_time(now: datetime) -> str:
    """metav1.MicroTime: RFC 3339 with microseconds."""
    return now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def rfc3339(now: datetime) -> str:
    return now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def node_labels(cfg: NodeConfig) -> dict:
    return {
        "type": "virtual-kubelet",
        "kubernetes.io/role": "agent",
        "kubernetes.io/os": "linux",
        "kubernetes.io/hostname": cfg.name,
        PROFILE_LABEL: label_value(cfg.profile),
    }


def label_value(text: str) -> str:
    """A valid label value: at most 63 characters of [A-Za-z0-9._-], alphanumeric at both ends."""
    return re.sub(r"[^A-Za-z0-9._-]", "-", text)[:63].strip("._-")


def our_taint() -> dict:
    return {"key": TAINT_KEY, "value": TAINT_VALUE, "effect": TAINT_EFFECT}


def merge_taints(existing: list[dict] | None, ours: dict) -> list[dict]:
    """Keep others' taints, replace any with our key and effect by ours."""
    kept = [t for t in existing or [] if (t.get("key"), t.get("effect")) != (ours["key"], ours["effect"])]
    return kept + [ours]


def node_status(cfg: NodeConfig, now: datetime, ready_since: datetime) -> dict:
    hb, since = rfc3339(now), rfc3339(ready_since)

    def cond(type_, status, reason, message):
        return {"type": type_, "status": status, "reason": reason, "message": message,
                "lastHeartbeatTime": hb, "lastTransitionTime": since}
    resources = {"cpu": cfg.cpu, "memory": cfg.memory, "pods": cfg.pods,
                 "ephemeral-storage": cfg.ephemeral_storage}
    return {
        "capacity": dict(resources),
        "allocatable": dict(resources),
        "conditions": [
            cond("Ready", "True", "KubeletReady", "nodeless virtual kubelet is ready"),
            cond("MemoryPressure", "False", "KubeletHasSufficientMemory", "no memory pressure on a virtual node"),
            cond("DiskPressure", "False", "KubeletHasNoDiskPressure", "no disk pressure on a virtual node"),
            cond("PIDPressure", "False", "KubeletHasSufficientPID", "no PID pressure on a virtual node"),
            cond("NetworkUnavailable", "False", "RouteCreated", "the backend provides Pod networking"),
        ],
        # InternalIP only: the API server tries a Hostname address first by default, and the node
        # name resolves nowhere (Virtual Kubelet's mock publishes only InternalIP too)
        "addresses": [{"type": "InternalIP", "address": cfg.node_ip}],
        "daemonEndpoints": {"kubeletEndpoint": {"Port": cfg.kubelet_port}},
        "nodeInfo": {
            "machineID": "", "systemUUID": "", "bootID": "", "kernelVersion": "",
            "osImage": f"nodeless {cfg.backend} backend", "containerRuntimeVersion": f"nodeless://{cfg.backend}",
            "kubeletVersion": VERSION, "kubeProxyVersion": "", "operatingSystem": "linux",
            "architecture": {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), "amd64"),
        },
    }


def node_object(cfg: NodeConfig, now: datetime, ready_since: datetime) -> dict:
    return {
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": cfg.name, "labels": node_labels(cfg),
                     "annotations": {"node.alpha.kubernetes.io/ttl": "0"}},
        "spec": {"taints": [our_taint()]},
        "status": node_status(cfg, now, ready_since),
    }


def take_over_patch(existing: dict, cfg: NodeConfig) -> dict:
    """Merge patch that makes an existing Node ours: our labels and taint; others' taints stay."""
    return {"metadata": {"labels": node_labels(cfg)},
            "spec": {"taints": merge_taints((existing.get("spec") or {}).get("taints"), our_taint())}}


def lease_object(cfg: NodeConfig, node: dict | None, now: datetime) -> dict:
    meta = {"name": cfg.name, "namespace": LEASE_NAMESPACE}
    if node and (node.get("metadata") or {}).get("uid"):
        meta["ownerReferences"] = [{"apiVersion": "v1", "kind": "Node", "name": cfg.name,
                                    "uid": node["metadata"]["uid"]}]
    return {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": meta,
            "spec": {"holderIdentity": cfg.name, "leaseDurationSeconds": cfg.lease_duration,
                     "renewTime": micro_time(now)}}


class NodeController:
    """Registers the Node (create, or take over) and keeps the Lease and the status fresh."""

    def __init__(self, kube, cfg: NodeConfig, clock: Callable[[], datetime] | None = None):
        self.kube, self.cfg = kube, cfg
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self.ready_since = self.clock()
        self.node: dict | None = None
        self.lease: dict | None = None
        self.registered = threading.Event()
        self.writes = 0

    def register(self) -> dict:
        now = self.clock()
        existing = self.kube.get_node(self.cfg.name)
        if existing is None:
            try:
                self.writes += 1
                self.node = self.kube.create_node(node_object(self.cfg, now, self.ready_since))
                log.info("created node %s", self.cfg.name)
            except Conflict:     # created meanwhile: take it over
                existing = self.kube.get_node(self.cfg.name)
        if existing is not None:
            self.writes += 1
            self.node = self.kube.patch_node(self.cfg.name, take_over_patch(existing, self.cfg))
            log.info("took over existing node %s", self.cfg.name)
        self.update_status()
        self.registered.set()
        return self.node

    def update_status(self) -> None:
        self.writes += 1
        self.node = self.kube.patch_node_status(
            self.cfg.name, {"status": node_status(self.cfg, self.clock(), self.ready_since)})

    def renew_lease(self) -> dict:
        now = self.clock()
        if self.lease is None:
            self.lease = self.kube.get_lease(self.cfg.name, LEASE_NAMESPACE)
        if self.lease is None:
            self.writes += 1
            self.lease = self.kube.create_lease(lease_object(self.cfg, self.node, now))
            return self.lease
        want = lease_object(self.cfg, self.node, now)
        lease = dict(self.lease, spec=dict(self.lease.get("spec") or {}, **want["spec"]))
        if "ownerReferences" in want["metadata"]:
            lease["metadata"] = dict(lease["metadata"], ownerReferences=want["metadata"]["ownerReferences"])
        try:
            self.writes += 1
            self.lease = self.kube.replace_lease(lease)
        except (Conflict, NotFoundError):
            self.lease = None          # someone else wrote or removed it: read again next time
            raise
        return self.lease

    def run(self, stop: threading.Event) -> None:
        """Register, then heartbeat until `stop` is set; API trouble is logged and retried."""
        from .controller import Backoff
        backoff = Backoff(cap=self.cfg.renew_interval)
        next_status = 0.0
        while not stop.is_set():
            try:
                if not self.registered.is_set():
                    self.register()
                    next_status = time.monotonic() + self.cfg.status_interval
                self.renew_lease()
                if time.monotonic() >= next_status:
                    self.update_status()
                    next_status = time.monotonic() + self.cfg.status_interval
                backoff.reset()
                wait = self.cfg.renew_interval
            except NotFoundError as e:
                log.warning("node or lease gone (%s); registering again", e)
                self.registered.clear()
                wait = backoff.next()
            except (ApiError, OSError) as e:
                wait = backoff.next()
                log.warning("node heartbeat failed (%s); retrying in %.1fs", e, wait)
            except Exception:
                wait = backoff.next()
                log.exception("node heartbeat crashed; retrying in %.1fs", wait)
            stop.wait(wait)
