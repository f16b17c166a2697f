"""The whole provider (real kubernetes client -> HTTP -> fake API server), scenario by scenario."""
import re
import time

import pytest
from vkhelpers import NODE, fake_judge, make_pod, wait_for

from vk.backends.mock import MockBackend
from vk.node import NodeConfig
from vk.runner import Provider


def start_provider(kube, backend=None, judge=fake_judge):
    cfg = NodeConfig(name=NODE, profile="test", renew_interval=0.3, status_interval=1.0)
    p = Provider(kube, backend or MockBackend(), judge, cfg, workers=4, resync_period=1.0,
                 watch_timeout=5, max_backoff=0.5)
    return p.start()


@pytest.fixture
def provider(kube):
    started = []

    def start(backend=None, judge=fake_judge):
        p = start_provider(kube, backend, judge)
        started.append(p)
        return p
    yield start
    for p in started:
        p.stop()


def phase(api, name):
    pod = api.get("pods", name)
    return pod and (pod.get("status") or {}).get("phase")


def writes_for(api, name):
    rx = re.compile(rf"/pods/{re.escape(name)}(/status)?$|/events$")
    return [w for w in api.writes() if rx.search(w[1]) and (not w[1].endswith("/events"))]


def events_for(api, name):
    return [e for e in api.list("events") if e["involvedObject"]["name"] == name]


def test_accept(api, provider):
    p = provider()
    api.create("pods", make_pod("web", containers=2))
    wait_for(lambda: phase(api, "web") == "Running", what="web Running")
    pod = api.get("pods", "web")
    st = pod["status"]
    assert st["podIP"] and st["startTime"] and st["hostIP"]
    assert {c["type"]: c["status"] for c in st["conditions"]} == {
        "PodScheduled": "True", "Initialized": "True", "ContainersReady": "True", "Ready": "True"}
    assert [(c["name"], c["image"], list(c["state"])) for c in st["containerStatuses"]] == [
        ("c0", "nginx:1.0", ["running"]), ("c1", "nginx:1.1", ["running"])]
    wait_for(p.pods.idle, what="idle")
    assert len(writes_for(api, "web")) == 1          # one status patch, straight to Running
    assert events_for(api, "web") == []


def test_kubectl_debug_on_the_virtual_node_fails_fast(api, provider):
    """An ephemeral container added to a running Pod is shown as unsupported at once (terminated,
    NodelessUnsupported) with a Warning Event, so `kubectl debug` does not wait forever."""
    p = provider()
    api.create("pods", make_pod("web"))
    wait_for(lambda: phase(api, "web") == "Running", what="web Running")
    api.add_ephemeral_container("web", {"name": "debugger-x7k2p", "image": "busybox", "targetContainerName": "c0"})
    statuses = wait_for(lambda: (api.get("pods", "web")["status"].get("ephemeralContainerStatuses")),
                        what="the ephemeral container's status")
    (only,) = statuses
    assert only["name"] == "debugger-x7k2p"
    assert only["state"]["terminated"]["reason"] == "NodelessUnsupported"
    assert phase(api, "web") == "Running"                      # the Pod itself runs on
    (ev,) = wait_for(lambda: [e for e in events_for(api, "web") if e["reason"] == "NodelessUnsupported"],
                     what="the Warning event")
    assert ev["type"] == "Warning" and "debugger-x7k2p" in ev["message"]
    wait_for(p.pods.idle, what="idle")
    assert len(writes_for(api, "web")) == 2                   # Running, then the ephemeral status


def test_refuse(api, provider):
    p = provider()
    api.create("pods", make_pod("bad", host_network=True))
    wait_for(lambda: phase(api, "bad") == "Failed", what="bad Failed")
    st = api.get("pods", "bad")["status"]
    assert st["reason"] == "NodelessUnsupported" and "host-network at spec.hostNetwork" in st["message"]
    wait_for(lambda: events_for(api, "bad"), what="the Warning event")
    (ev,) = events_for(api, "bad")
    assert (ev["type"], ev["reason"]) == ("Warning", "NodelessUnsupported")
    assert p.backend.list_pods() == [] and p.backend.creates == 0
    # kubectl delete of a Failed Pod completes at once (the API server needs no kubelet for that)
    api.delete("pods", "bad")
    assert api.get("pods", "bad") is None


def test_warning_event_on_accepted_pod(api, provider):
    provider()
    api.create("pods", make_pod("warned", warn=True))
    wait_for(lambda: phase(api, "warned") == "Running")
    wait_for(lambda: events_for(api, "warned"))
    assert [e["reason"] for e in events_for(api, "warned")] == ["NodelessWarning"]


def test_delete(api, provider):
    p = provider()
    api.create("pods", make_pod("web"))
    wait_for(lambda: phase(api, "web") == "Running")
    api.delete("pods", "web")                         # graceful: deletionTimestamp, the Pod stays
    wait_for(lambda: api.get("pods", "web") is None, what="the Pod to be deleted")
    assert p.backend.list_pods() == [] and p.backend.deletes == 1
    deletes = api.requests("DELETE", r"/pods/web$")
    assert deletes and deletes[-1][2] == 200
    assert len(writes_for(api, "web")) == 2           # status + delete


def test_restart_mid_flight(api, kube, provider):
    backend = MockBackend()      # stands for a backend whose state outlives the provider process
    first = provider(backend)
    for i in range(10):
        api.create("pods", make_pod(f"p{i}", host_network=(i % 5 == 0)))
    wait_for(lambda: backend.creates >= 4, what="some pods started")
    first.stop()
    # while the provider is down: one Pod deleted gracefully, one removed outright, new ones bound
    api.delete("pods", "p1")
    api.delete("pods", "p2", grace=0)
    for i in range(10, 14):
        api.create("pods", make_pod(f"p{i}"))
    provider(backend)
    survivors = [f"p{i}" for i in range(14) if i not in (1, 2)]
    refused = {"p0", "p5"}

    def converged():
        if api.get("pods", "p1") is not None:
            return False
        return all(phase(api, n) == ("Failed" if n in refused else "Running") for n in survivors)
    wait_for(converged, timeout=15, what="convergence after restart")
    running = sorted(p["metadata"]["name"] for p in backend.list_pods())
    assert running == sorted(n for n in survivors if n not in refused)
    assert backend.creates == 14 - len(refused)       # nothing was created twice
    for n in refused:
        assert len(events_for(api, n)) == 1


def test_watch_dropped(api, provider):
    p = provider()
    for i in range(5):
        api.create("pods", make_pod(f"a{i}"))
        api.drop_watches()
        time.sleep(0.05)
    wait_for(lambda: all(phase(api, f"a{i}") == "Running" for i in range(5)), what="all Running")
    assert len(api.requests("GET", r"^/api/v1/pods$")) >= 2     # it watched again
    assert p.backend.creates == 5


def test_410_gone_relists(api, provider):
    p = provider()
    wait_for(lambda: p.pods.synced.is_set())
    api.unavailable(60)                    # the watch breaks ...
    api.create("pods", make_pod("during"))
    api.compact()                          # ... and its resourceVersion is compacted away
    api.unavailable(0)                     # the API server is back
    wait_for(lambda: phase(api, "during") == "Running", what="the pod created during the outage")
    assert p.pods.relists >= 2


def test_conflict_storm(api, provider):
    p = provider()
    api.fail(409, times=30, method="PATCH", path=r"/pods/[^/]+/status$")
    for i in range(6):
        api.create("pods", make_pod(f"c{i}", host_network=(i == 0)))
    wait_for(lambda: phase(api, "c0") == "Failed" and all(phase(api, f"c{i}") == "Running" for i in range(1, 6)),
             timeout=20, what="convergence through conflicts")
    assert p.backend.creates == 5
    wait_for(p.pods.idle)
    assert len(events_for(api, "c0")) == 1


def test_api_unavailable_for_a_while(api, provider):
    p = provider()
    wait_for(lambda: p.pods.synced.is_set())
    for i in range(5):
        api.create("pods", make_pod(f"u{i}"))
    api.unavailable(1.5)
    time.sleep(0.2)
    assert all(t.is_alive() for t in p.pods._threads)        # no crash
    wait_for(lambda: all(phase(api, f"u{i}") == "Running" for i in range(5)), timeout=15,
             what="all Running after the outage")
    assert p.backend.creates == 5


def test_node_and_lease(api, provider):
    provider()
    node = wait_for(lambda: api.get("nodes", NODE, None), what="the node")
    labels = node["metadata"]["labels"]
    assert labels["type"] == "virtual-kubelet" and labels["kubernetes.io/role"] == "agent"
    assert labels["kubernetes.io/os"] == "linux" and labels["kubernetes.io/hostname"] == NODE
    assert labels["nodeless.dev/profile"] == "test"
    assert node["spec"]["taints"] == [{"key": "virtual-kubelet.io/provider", "value": "nodeless",
                                       "effect": "NoSchedule"}]
    wait_for(lambda: (api.get("nodes", NODE, None).get("status") or {}).get("conditions"))
    st = api.get("nodes", NODE, None)["status"]
    assert {c["type"]: c["status"] for c in st["conditions"]}["Ready"] == "True"
    assert st["capacity"]["pods"] == st["allocatable"]["pods"]
    assert st["daemonEndpoints"]["kubeletEndpoint"]["Port"] == 10250
    assert st["addresses"] == [{"type": "InternalIP", "address": "127.0.0.1"}]
    lease = wait_for(lambda: api.get("leases", NODE, "kube-node-lease"), what="the lease")
    assert lease["spec"]["holderIdentity"] == NODE and lease["spec"]["leaseDurationSeconds"] == 40
    assert lease["metadata"]["ownerReferences"][0]["uid"] == node["metadata"]["uid"]
    first = lease["spec"]["renewTime"]
    wait_for(lambda: api.get("leases", NODE, "kube-node-lease")["spec"]["renewTime"] != first,
             what="the lease renewed")


def test_takes_over_an_existing_node(api, provider):
    api.create("nodes", {"metadata": {"name": NODE, "labels": {"keep": "me"}},
                         "spec": {"taints": [{"key": "other", "effect": "NoExecute"},
                                             {"key": "virtual-kubelet.io/provider", "value": "old",
                                              "effect": "NoSchedule"}]}}, None)
    provider()
    wait_for(lambda: (api.get("nodes", NODE, None).get("status") or {}).get("conditions"))
    node = api.get("nodes", NODE, None)
    assert node["metadata"]["labels"]["keep"] == "me" and node["metadata"]["labels"]["type"] == "virtual-kubelet"
    assert node["spec"]["taints"] == [{"key": "other", "effect": "NoExecute"},
                                      {"key": "virtual-kubelet.io/provider", "value": "nodeless",
                                       "effect": "NoSchedule"}]


def test_image_update_reaches_the_backend(api, provider):
    p = provider()
    api.create("pods", make_pod("web"))
    wait_for(lambda: phase(api, "web") == "Running")
    api.store.update("pods", "default", "web",
                     {"spec": {"containers": [{"name": "c0", "image": "nginx:2.0"}]}}, None, "strategic")
    wait_for(lambda: api.get("pods", "web")["status"]["containerStatuses"][0]["image"] == "nginx:2.0",
             what="the new image in the status")
    assert p.backend.updates == 1 and p.backend.creates == 1


def test_node_deleted_is_registered_again(api, provider):
    p = provider()
    first = wait_for(lambda: api.get("nodes", NODE, None), what="the node")
    wait_for(lambda: p.node.lease is not None)
    api.delete("nodes", NODE, None)
    api.delete("leases", NODE, "kube-node-lease")      # what the garbage collector does (ownerReference)
    again = wait_for(lambda: api.get("nodes", NODE, None), what="the node again")
    assert again["metadata"]["uid"] != first["metadata"]["uid"]
    lease = wait_for(lambda: api.get("leases", NODE, "kube-node-lease"), what="a new lease")
    wait_for(lambda: api.get("leases", NODE, "kube-node-lease")["metadata"]["ownerReferences"][0]["uid"]
             == api.get("nodes", NODE, None)["metadata"]["uid"], what="the lease owned by the new node")
    assert lease["spec"]["holderIdentity"] == NODE


class SlowBackend:
    """Another backend, plugged in without touching the controller: Pods start Pending and turn
    Running a moment later, reported through notify_pods (like a cloud's micro-VM API)."""

    def __init__(self, delay=0.3):
        import threading
        self.delay, self.pods, self.lock, self.notify = delay, {}, threading.Lock(), None

    def notify_pods(self, cb):
        self.notify = cb

    def _key(self, ns, name):
        return f"{ns}/{name}"

    def create_pod(self, pod):
        import copy
        import threading

        from vk import decisions as d
        key = d.pod_key(pod)
        stored = copy.deepcopy(pod)
        stored["status"] = {"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "True"}]}
        with self.lock:
            self.pods[key] = stored

        def boot():
            with self.lock:
                if key not in self.pods:
                    return
                self.pods[key]["status"] = d.running_status(stored, "10.9.9.9", "10.0.0.1", d.rfc3339())
                out = copy.deepcopy(self.pods[key])
            self.notify(out)
        threading.Timer(self.delay, boot).start()

    def update_pod(self, pod):
        pass

    def delete_pod(self, pod):
        from vk.provider import NotFound
        with self.lock:
            if self.pods.pop(self._key(pod["metadata"]["namespace"], pod["metadata"]["name"]), None) is None:
                raise NotFound(pod["metadata"]["name"])

    def get_pod(self, ns, name):
        import copy

        from vk.provider import NotFound
        with self.lock:
            if self._key(ns, name) not in self.pods:
                raise NotFound(name)
            return copy.deepcopy(self.pods[self._key(ns, name)])

    def get_pod_status(self, ns, name):
        return self.get_pod(ns, name)["status"]

    def list_pods(self):
        with self.lock:
            return list(self.pods.values())


def test_an_asynchronous_backend_plugs_in(api, provider):
    from vk.provider import PodLifecycleHandler
    backend = SlowBackend()
    assert isinstance(backend, PodLifecycleHandler)
    provider(backend)
    api.create("pods", make_pod("slow", containers=2))
    pending = wait_for(lambda: (api.get("pods", "slow").get("status") or {}).get("containerStatuses"),
                       what="the Pending status with waiting containers")
    assert api.get("pods", "slow")["status"]["phase"] == "Pending"
    assert [list(c["state"]) for c in pending] == [["waiting"], ["waiting"]]
    wait_for(lambda: phase(api, "slow") == "Running", what="Running after the backend's notification")
    assert api.get("pods", "slow")["status"]["podIP"] == "10.9.9.9"
    api.delete("pods", "slow")
    wait_for(lambda: api.get("pods", "slow") is None, what="deleted")
