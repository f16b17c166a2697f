"""The `mock` backend: Pods live in memory, Running on create, Terminated on delete.

Like Virtual Kubelet's mock provider (cmd/virtual-kubelet/internal/provider/mock/mock.go), with a
lock around the map. Each Pod gets a fake IP and a small event log served as container logs.
"""
from __future__ import annotations

import copy
import ipaddress
import threading
from datetime import datetime, timezone
from typing import Callable

from ..decisions import pod_key, rfc3339, running_status, terminated_status
from ..provider import InvalidInput, NotFound


class MockBackend:
    def __init__(self, node_ip: str = "10.0.0.1", pod_cidr: str = "10.128.0.0/12",
                 clock: Callable[[], datetime] | None = None):
        self._lock = threading.Lock()
        self._pods: dict[str, dict] = {}
        self._logs: dict[str, list[str]] = {}
        self._node_ip = node_ip
        self._ips = ipaddress.ip_network(pod_cidr).hosts()
        self._free_ips: list[str] = []
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self._notify: Callable[[dict], None] | None = None
        self.creates = 0       # counters for tests, as VK's mockProvider has
        self.deletes = 0
        self.updates = 0

    # ---- PodLifecycleHandler
    def create_pod(self, pod: dict) -> None:
        if not (pod.get("spec") or {}).get("containers"):
            raise InvalidInput("the Pod has no containers")
        now = rfc3339(self._clock())
        key = pod_key(pod)
        with self._lock:
            ip = self._free_ips.pop() if self._free_ips else str(next(self._ips))
            stored = copy.deepcopy(pod)
            stored["status"] = running_status(stored, ip, self._node_ip, now, "mock://")
            self._pods[key] = stored
            self._logs[key] = [f"{now} mock: created pod {key} ({stored['metadata'].get('uid')})"] + [
                f"{now} mock: started container {c.get('name')} image {c.get('image')}"
                for c in stored["spec"]["containers"]]
            self.creates += 1
            out = copy.deepcopy(stored)
        if self._notify:
            self._notify(out)

    def update_pod(self, pod: dict) -> None:
        key = pod_key(pod)
        with self._lock:
            old = self._pods.get(key)
            if old is None:
                raise NotFound(key)
            stored = copy.deepcopy(pod)
            stored["status"] = old["status"]
            for cs in stored["status"].get("containerStatuses") or []:
                for c in stored["spec"].get("containers") or []:
                    if c.get("name") == cs.get("name"):
                        cs["image"] = c.get("image", "")
            self._pods[key] = stored
            self._logs.setdefault(key, []).append(f"{rfc3339(self._clock())} mock: updated pod {key}")
            self.updates += 1

    def delete_pod(self, pod: dict) -> None:
        key = pod_key(pod)
        now = rfc3339(self._clock())
        with self._lock:
            stored = self._pods.get(key)
            if stored is None:
                raise NotFound(key)
            if pod.get("metadata", {}).get("uid") not in (None, stored["metadata"].get("uid")):
                raise NotFound(f"{key} with uid {pod['metadata']['uid']}")
            del self._pods[key]
            self._logs.pop(key, None)
            if stored["status"].get("podIP"):
                self._free_ips.append(stored["status"]["podIP"])
            stored["status"] = terminated_status(stored["status"], now, "MockProviderPodDeleted",
                                                 "Mock provider Pod deleted")
            self.deletes += 1
        if self._notify:
            self._notify(stored)

    def get_pod(self, namespace: str, name: str) -> dict:
        with self._lock:
            stored = self._pods.get(f"{namespace}/{name}")
            if stored is None:
                raise NotFound(f"{namespace}/{name}")
            return copy.deepcopy(stored)

    def get_pod_status(self, namespace: str, name: str) -> dict:
        return self.get_pod(namespace, name)["status"]

    def list_pods(self) -> list[dict]:
        with self._lock:
            return [copy.deepcopy(p) for p in self._pods.values()]

    # ---- optional abilities
    def notify_pods(self, callback: Callable[[dict], None]) -> None:
        self._notify = callback

    def get_container_logs(self, namespace: str, name: str, container: str, tail: int | None = None) -> str:
        key = f"{namespace}/{name}"
        with self._lock:
            stored = self._pods.get(key)
            if stored is None:
                raise NotFound(key)
            if container not in {c.get("name") for c in stored["spec"].get("containers") or []}:
                raise NotFound(f"container {container!r} in {key}")
            lines = [ln for ln in self._logs.get(key, []) if "mock: started container" not in ln
                     or f"container {container} " in ln]
        if tail is not None:
            lines = lines[-tail:] if tail > 0 else []
        return "".join(ln + "\n" for ln in lines)
