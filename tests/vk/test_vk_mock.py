"""The mock backend follows Virtual Kubelet's mock provider, and satisfies the protocol."""
import threading

import pytest
from vkhelpers import make_pod

from vk.backends import load_backend
from vk.backends.mock import MockBackend
from vk.provider import InvalidInput, LogProvider, NotFound, PodLifecycleHandler, PodNotifier


def pod(name="p", uid="u1"):
    p = make_pod(name)
    p["metadata"]["uid"] = uid
    return p


def test_protocols_and_registry():
    b = load_backend("mock")
    assert isinstance(b, PodLifecycleHandler) and isinstance(b, PodNotifier) and isinstance(b, LogProvider)
    with pytest.raises(ValueError, match="mock"):
        load_backend("nope")


def test_lifecycle():
    b = MockBackend()
    seen = []
    b.notify_pods(seen.append)
    b.create_pod(pod())
    st = b.get_pod_status("default", "p")
    assert st["phase"] == "Running" and st["podIP"].startswith("10.")
    assert [c["type"] for c in st["conditions"]] == ["PodScheduled", "Initialized", "ContainersReady", "Ready"]
    assert [p["metadata"]["name"] for p in b.list_pods()] == ["p"]
    b.delete_pod(pod())
    assert "terminated" in seen[-1]["status"]["containerStatuses"][0]["state"]
    with pytest.raises(NotFound):
        b.get_pod("default", "p")
    with pytest.raises(NotFound):
        b.delete_pod(pod())            # idempotent for the caller: NotFound, nothing else


def test_update_and_invalid_input():
    b = MockBackend()
    b.create_pod(pod())
    changed = pod()
    changed["spec"]["containers"][0]["image"] = "nginx:2"
    b.update_pod(changed)
    assert b.get_pod_status("default", "p")["containerStatuses"][0]["image"] == "nginx:2"
    with pytest.raises(NotFound):
        b.update_pod(pod("other"))
    empty = pod("e")
    empty["spec"]["containers"] = []
    with pytest.raises(InvalidInput):
        b.create_pod(empty)


def test_returns_copies_and_is_thread_safe():
    b = MockBackend()
    threads = [threading.Thread(target=lambda i=i: b.create_pod(pod(f"p{i}", f"u{i}"))) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(b.list_pods()) == 50 and len({p["status"]["podIP"] for p in b.list_pods()}) == 50
    got = b.get_pod("default", "p1")
    got["status"]["phase"] = "Mutated"
    assert b.get_pod("default", "p1")["status"]["phase"] == "Running"
