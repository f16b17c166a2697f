"""The adapter over real HTTP (the official client) against the fake API server."""
import socket
import threading
import time

import pytest
from vkhelpers import NODE, make_pod, wait_for

from vk.errors import ApiError, Conflict, Gone, NotFoundError, Unavailable
from vk.kube import Kube


def collect(gen, out, stop_after=None):
    try:
        for ev in gen:
            out.append(ev)
            if stop_after and len(out) >= stop_after:
                return
    except Exception as e:       # recorded for the assertions
        out.append(e)


def test_list_selects_the_node(api, kube):
    api.create("pods", make_pod("mine"))
    api.create("pods", make_pod("other", node="elsewhere"))
    api.create("pods", make_pod("unbound", node=None))
    items, rv = kube.list_pods(NODE)
    assert [p["metadata"]["name"] for p in items] == ["mine"]
    assert items[0]["metadata"]["uid"] and int(rv) >= int(items[0]["metadata"]["resourceVersion"])
    assert items[0]["status"]["phase"] == "Pending"


def test_watch_streams_events_and_bookmarks(api, kube):
    _, rv = kube.list_pods(NODE)
    out = []
    t = threading.Thread(target=collect, args=(kube.watch_pods(NODE, rv, timeout_seconds=3), out))
    t.start()
    time.sleep(0.1)
    api.create("pods", make_pod("a"))
    api.create("pods", make_pod("b", node="elsewhere"))        # not selected
    unbound = api.create("pods", make_pod("c", node=None))
    api.store.bind("default", "c", {"name": NODE})               # binding: enters the selection
    api.delete("pods", "a", grace=0)
    wait_for(lambda: sum(1 for e in out if isinstance(e, dict) and e["type"] == "BOOKMARK") >= 1,
             what="a bookmark")
    api.drop_watches()
    t.join(5)
    typed = [(e["type"], e["object"]["metadata"].get("name")) for e in out if isinstance(e, dict)
             and e["type"] != "BOOKMARK"]
    assert typed == [("ADDED", "a"), ("ADDED", "c"), ("DELETED", "a")]
    bm = next(e for e in out if isinstance(e, dict) and e["type"] == "BOOKMARK")
    assert bm["object"]["metadata"]["resourceVersion"]
    assert isinstance(out[-1], Unavailable)      # a dropped connection is an error to retry
    assert unbound["metadata"]["uid"]


def test_watch_resumes_from_a_resource_version(api, kube):
    _, rv = kube.list_pods(NODE)
    api.create("pods", make_pod("a"))
    api.create("pods", make_pod("b"))
    out = []
    collect(kube.watch_pods(NODE, rv, timeout_seconds=1), out, stop_after=2)
    assert [e["object"]["metadata"]["name"] for e in out] == ["a", "b"]


def test_watch_too_old_is_410_error_event(api, kube):
    _, rv = kube.list_pods(NODE)
    api.create("pods", make_pod("a"))
    api.compact()
    out = list(kube.watch_pods(NODE, rv, timeout_seconds=1))
    assert out[0]["type"] == "ERROR" and out[0]["object"]["code"] == 410


def test_patch_status_merge_with_uid_precondition(api, kube):
    pod = api.create("pods", make_pod("p"))
    uid = pod["metadata"]["uid"]
    out = kube.patch_pod_status("default", "p", {"metadata": {"uid": uid},
                                                 "status": {"phase": "Running", "podIP": "10.0.0.5"}})
    assert out["status"]["phase"] == "Running" and out["status"]["qosClass"] == "BestEffort"
    assert int(out["metadata"]["resourceVersion"]) > int(pod["metadata"]["resourceVersion"])
    with pytest.raises(Conflict):
        kube.patch_pod_status("default", "p", {"metadata": {"uid": "someone-else"}, "status": {}})
    with pytest.raises(NotFoundError):
        kube.patch_pod_status("default", "nope", {"metadata": {"uid": uid}, "status": {}})
    # the status subresource leaves the spec alone
    kube.patch_pod_status("default", "p", {"metadata": {"uid": uid}, "spec": {"nodeName": "x"},
                                           "status": {"phase": "Running"}})
    assert api.get("pods", "p")["spec"]["nodeName"] == NODE
    assert api.requests("PATCH")[0][1] == "/api/v1/namespaces/default/pods/p/status"


def test_delete_with_grace_zero_and_uid(api, kube):
    pod = api.create("pods", make_pod("p"))
    api.delete("pods", "p")             # kubectl delete: graceful, the Pod stays
    assert api.get("pods", "p")["metadata"]["deletionGracePeriodSeconds"] == 30
    with pytest.raises(Conflict):
        kube.delete_pod("default", "p", "another-uid")
    kube.delete_pod("default", "p", pod["metadata"]["uid"])
    assert api.get("pods", "p") is None
    assert kube.delete_pod("default", "p", pod["metadata"]["uid"]) is None    # already gone: fine


def test_events_nodes_leases(api, kube):
    ev = {"metadata": {"name": "p.1", "namespace": "default"}, "involvedObject": {"kind": "Pod", "name": "p"},
          "reason": "R", "message": "m", "type": "Warning"}
    kube.create_event(ev)
    with pytest.raises(Conflict):
        kube.create_event(ev)
    assert api.get("events", "p.1")["reason"] == "R"
    assert kube.get_node("n") is None
    kube.create_node({"metadata": {"name": "n"}, "spec": {}})
    kube.patch_node("n", {"metadata": {"labels": {"a": "b"}}})
    kube.patch_node_status("n", {"status": {"conditions": [{"type": "Ready", "status": "True"}]}})
    kube.patch_node_status("n", {"status": {"conditions": [{"type": "DiskPressure", "status": "False"}]}})
    node = kube.get_node("n")
    assert node["metadata"]["labels"] == {"a": "b"}
    assert [c["type"] for c in node["status"]["conditions"]] == ["Ready", "DiskPressure"]  # strategic merge
    lease = kube.create_lease({"metadata": {"name": "n", "namespace": "kube-node-lease"},
                               "spec": {"holderIdentity": "n"}})
    lease["spec"]["renewTime"] = "2026-01-01T00:00:00.000000Z"
    kube.replace_lease(lease)
    with pytest.raises(Conflict):       # stale resourceVersion
        kube.replace_lease(lease)
    assert kube.get_lease("n")["spec"]["renewTime"] == "2026-01-01T00:00:00.000000Z"


def test_unavailable_and_injected_faults(api, kube):
    api.fail(503, times=1)
    with pytest.raises(Unavailable):
        kube.get_pod("default", "p")
    api.fail(500, times=1, method="GET")
    with pytest.raises(Unavailable):
        kube.list_pods(NODE)
    api.fail(403, times=1)
    with pytest.raises(ApiError) as e:
        kube.get_node("x")
    assert e.value.status == 403 and not isinstance(e.value, Unavailable)
    api.fail(410, times=1)
    with pytest.raises(Gone):
        list(kube.watch_pods(NODE, "1", 1))
    assert kube.get_pod("default", "p") is None


def test_connection_refused_is_unavailable():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    k = Kube.connect(host=f"http://127.0.0.1:{port}")
    k.timeout = (0.5, 0.5)
    k.api.configuration.retries = 0
    with pytest.raises(Unavailable):
        k.get_pod("default", "p")


def test_unauthorized_is_a_plain_api_error(api, kube):
    api.token = "secret"
    with pytest.raises(ApiError) as e:
        kube.get_pod("default", "p")
    assert e.value.status == 401 and not isinstance(e.value, Unavailable)
