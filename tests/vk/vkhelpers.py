"""Helpers shared by the provider's tests: pods, a stand-in judge, waiting."""
from __future__ import annotations

import time

from vk.decisions import Issue, Verdict

NODE = "vk-test"


def make_pod(name: str, *, node: str | None = NODE, host_network: bool = False, warn: bool = False,
             containers: int = 1, namespace: str = "default") -> dict:
    pod = {"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": name, "namespace": namespace},
           "spec": {"containers": [{"name": f"c{i}", "image": f"nginx:1.{i}"} for i in range(containers)]}}
    if node:
        pod["spec"]["nodeName"] = node
    if host_network:
        pod["spec"]["hostNetwork"] = True
    if warn:
        pod["metadata"]["annotations"] = {"test/warn": "yes"}
    return pod


def fake_judge(pod: dict) -> Verdict:
    """Refuses hostNetwork, warns on the `test/warn` annotation: enough to drive every branch."""
    errors, warnings = [], []
    if (pod.get("spec") or {}).get("hostNetwork"):
        errors.append(Issue("host-network", "spec.hostNetwork", "the Pod uses the host's network"))
    if ((pod.get("metadata") or {}).get("annotations") or {}).get("test/warn"):
        warnings.append(Issue("test-warning", "metadata.annotations", "a warning"))
    return Verdict("test", tuple(errors), tuple(warnings))


fake_judge.profile = "test"


def wait_for(cond, timeout: float = 10.0, interval: float = 0.02, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = cond()
        if got:
            return got
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")




class FakeKube:
    """The adapter's interface in memory, at our own seam (kopf's k8s_mocked habit): records every
    call, and `faults[method] = [exc, ...]` makes the next calls of that method raise."""

    def __init__(self):
        import uuid
        self._uuid = uuid
        self.pods: dict[str, dict] = {}
        self.calls: list[tuple] = []
        self.events: list[dict] = []
        self.faults: dict[str, list[Exception]] = {}
        self.rv = 100

    def _call(self, name, *args):
        self.calls.append((name,) + args)
        queue = self.faults.get(name)
        if queue:
            raise queue.pop(0)

    def add(self, pod: dict) -> dict:
        import copy
        pod = copy.deepcopy(pod)
        pod["metadata"].setdefault("namespace", "default")
        pod["metadata"]["uid"] = pod["metadata"].get("uid") or str(self._uuid.uuid4())
        self.rv += 1
        pod["metadata"]["resourceVersion"] = str(self.rv)
        pod.setdefault("status", {"phase": "Pending"})
        self.pods[f'{pod["metadata"]["namespace"]}/{pod["metadata"]["name"]}'] = pod
        return copy.deepcopy(pod)

    def writes(self, name=None):
        kinds = ("patch_pod_status", "delete_pod", "create_event")
        return [c for c in self.calls if c[0] in kinds and (name is None or c[0] == name)]

    # ---- the adapter interface
    def list_pods(self, node_name):
        import copy
        self._call("list_pods", node_name)
        return [copy.deepcopy(p) for p in self.pods.values() if p["spec"].get("nodeName") == node_name], str(self.rv)

    def watch_pods(self, node_name, rv, timeout_seconds=300):
        self._call("watch_pods", node_name, rv)
        return iter(())

    def get_pod(self, ns, name):
        import copy
        self._call("get_pod", ns, name)
        p = self.pods.get(f"{ns}/{name}")
        return copy.deepcopy(p) if p else None

    def patch_pod_status(self, ns, name, patch):
        import copy
        from vk.errors import Conflict, NotFoundError
        self._call("patch_pod_status", ns, name, patch)
        p = self.pods.get(f"{ns}/{name}")
        if p is None:
            raise NotFoundError(404, "NotFound", name)
        if patch["metadata"]["uid"] != p["metadata"]["uid"]:
            raise Conflict(409, "Conflict", "uid precondition")
        p["status"] = copy.deepcopy(patch["status"])
        self.rv += 1
        p["metadata"]["resourceVersion"] = str(self.rv)
        return copy.deepcopy(p)

    def delete_pod(self, ns, name, uid):
        from vk.errors import Conflict
        self._call("delete_pod", ns, name, uid)
        p = self.pods.get(f"{ns}/{name}")
        if p is None:
            return None
        if uid and p["metadata"]["uid"] != uid:
            raise Conflict(409, "Conflict", "uid precondition")
        return self.pods.pop(f"{ns}/{name}")

    def create_event(self, event):
        self._call("create_event", event)
        self.events.append(event)
        return event
