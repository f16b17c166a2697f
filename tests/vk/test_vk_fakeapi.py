"""The fake API server's own semantics, where they follow the Kubernetes API documentation."""
import pytest
from fakeapi import merge_patch, strategic_merge_patch
from fakeapi.server import ApiFailure
from vkhelpers import NODE, make_pod


def test_graceful_deletion_of_a_bound_pod(api):
    api.create("pods", make_pod("p"))
    api.delete("pods", "p")
    pod = api.get("pods", "p")
    assert pod["metadata"]["deletionTimestamp"] and pod["metadata"]["deletionGracePeriodSeconds"] == 30
    api.delete("pods", "p", grace=60)             # cannot be lengthened
    assert api.get("pods", "p")["metadata"]["deletionGracePeriodSeconds"] == 30
    api.delete("pods", "p", grace=0)
    assert api.get("pods", "p") is None


def test_unbound_and_terminal_pods_go_at_once(api):
    api.create("pods", make_pod("unbound", node=None))
    api.delete("pods", "unbound")
    assert api.get("pods", "unbound") is None
    api.create("pods", make_pod("done"))
    api.store.update("pods", "default", "done", {"status": {"phase": "Succeeded"}}, "status", "merge")
    api.delete("pods", "done")
    assert api.get("pods", "done") is None


def test_finalizers_hold_the_object(api):
    pod = make_pod("f")
    pod["metadata"]["finalizers"] = ["example.com/x"]
    api.create("pods", pod)
    api.delete("pods", "f", grace=0)
    assert api.get("pods", "f")["metadata"]["deletionTimestamp"]
    api.store.update("pods", "default", "f", {"metadata": {"finalizers": None}}, None, "merge")
    assert api.get("pods", "f") is None


def test_main_resource_ignores_status_and_conflicts_on_stale_rv(api):
    created = api.create("pods", make_pod("p"))
    body = dict(created, status={"phase": "Running"})
    body["metadata"] = dict(created["metadata"], labels={"a": "b"})
    out = api.store.update("pods", "default", "p", body)
    assert out["status"]["phase"] == "Pending" and out["metadata"]["labels"] == {"a": "b"}
    with pytest.raises(ApiFailure) as e:
        api.store.update("pods", "default", "p", body)    # body still carries the old resourceVersion
    assert e.value.code == 409


def test_create_existing_is_409(api):
    api.create("pods", make_pod("p"))
    with pytest.raises(ApiFailure) as e:
        api.create("pods", make_pod("p"))
    assert e.value.code == 409 and e.value.body["reason"] == "AlreadyExists"


def test_field_selector_list(api):
    api.create("pods", make_pod("a"))
    api.create("pods", make_pod("b", node="other"))
    assert [p["metadata"]["name"] for p in api.list("pods", field_selector=f"spec.nodeName={NODE}")] == ["a"]
    assert [p["metadata"]["name"] for p in api.list("pods", field_selector=f"spec.nodeName!={NODE}")] == ["b"]


def test_patches():
    assert merge_patch({"a": 1, "b": {"c": 2}}, {"b": {"c": None, "d": 3}}) == {"a": 1, "b": {"d": 3}}
    assert merge_patch({"l": [1, 2]}, {"l": [3]}) == {"l": [3]}
    got = strategic_merge_patch({"conditions": [{"type": "Ready", "status": "False"}, {"type": "X", "status": "True"}]},
                                {"conditions": [{"type": "Ready", "status": "True"}, {"type": "Y", "status": "True"}]})
    assert got == {"conditions": [{"type": "Ready", "status": "True"}, {"type": "X", "status": "True"},
                                  {"type": "Y", "status": "True"}]}
    assert strategic_merge_patch({"conditions": [{"type": "A"}]},
                                 {"conditions": [{"type": "A", "$patch": "delete"}]}) == {"conditions": []}


def test_pod_spec_is_immutable_but_for_images(api):
    api.create("pods", make_pod("p"))
    api.store.update("pods", "default", "p", {"spec": {"containers": [{"name": "c0", "image": "nginx:2"}]}},
                     None, "strategic")
    with pytest.raises(ApiFailure) as e:
        api.store.update("pods", "default", "p", {"spec": {"hostNetwork": True}}, None, "merge")
    assert e.value.code == 422
    with pytest.raises(ApiFailure) as e:   # only through the ephemeralcontainers subresource
        api.store.update("pods", "default", "p", {"spec": {"ephemeralContainers": [{"name": "d", "image": "x"}]}},
                         None, "merge")
    assert e.value.code == 422


def test_ephemeral_containers_subresource_only_adds(api):
    api.create("pods", make_pod("p"))
    api.add_ephemeral_container("p", {"name": "debugger-a", "image": "busybox"})
    pod = api.add_ephemeral_container("p", {"name": "debugger-b", "image": "busybox"})
    assert [c["name"] for c in pod["spec"]["ephemeralContainers"]] == ["debugger-a", "debugger-b"]
    assert pod["spec"]["containers"] == make_pod("p")["spec"]["containers"]
    for change in ([{"name": "debugger-a", "image": "alpine"}, {"name": "debugger-b", "image": "busybox"}],
                   [{"name": "debugger-b", "image": "busybox"}]):
        with pytest.raises(ApiFailure) as e:
            api.store.update("pods", "default", "p", {"spec": {"ephemeralContainers": change}},
                             "ephemeralcontainers", "merge")
        assert e.value.code == 422
