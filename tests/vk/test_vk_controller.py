"""The controller at our own seam: FakeKube in memory, mock backend, sync() called directly."""
import pytest
from vkhelpers import NODE, FakeKube, fake_judge, make_pod

from vk import decisions as d
from vk.backends.mock import MockBackend
from vk.controller import PodController, RetryLater
from vk.errors import Conflict, Unavailable


@pytest.fixture
def world():
    kube, backend = FakeKube(), MockBackend()
    ctl = PodController(kube, backend, fake_judge, NODE, workers=1)
    return kube, backend, ctl


def listed(ctl):
    ctl._relist()
    while (key := ctl.queue.get(timeout=0)) is not None:
        ctl.queue.done(key)      # drain: tests call sync() themselves


def sync(ctl, key="default/p"):
    ctl.sync(key)


def test_accepted_pod_costs_one_write(world):
    kube, backend, ctl = world
    kube.add(make_pod("p"))
    listed(ctl)
    sync(ctl)
    assert backend.creates == 1
    assert [c[0] for c in kube.writes()] == ["patch_pod_status"]
    st = kube.pods["default/p"]["status"]
    assert st["phase"] == "Running" and st["podIP"] and st["containerStatuses"][0]["image"] == "nginx:1.0"
    sync(ctl)        # nothing changed: no second create, no second write
    assert backend.creates == 1 and len(kube.writes()) == 1


def test_warnings_become_an_event_not_a_refusal(world):
    kube, backend, ctl = world
    kube.add(make_pod("p", warn=True))
    listed(ctl)
    sync(ctl)
    assert backend.creates == 1
    assert [(e["type"], e["reason"]) for e in kube.events] == [("Warning", d.REASON_WARNING)]
    assert len(kube.writes()) == 2


def test_refused_pod_is_never_started(world):
    kube, backend, ctl = world
    kube.add(make_pod("p", host_network=True))
    listed(ctl)
    sync(ctl)
    assert backend.creates == 0
    st = kube.pods["default/p"]["status"]
    assert (st["phase"], st["reason"]) == ("Failed", "NodelessUnsupported")
    assert "host-network at spec.hostNetwork" in st["message"]
    assert [(e["type"], e["reason"], e["involvedObject"]["name"]) for e in kube.events] == [
        ("Warning", "NodelessUnsupported", "p")]
    sync(ctl)
    assert len(kube.writes()) == 2 and backend.creates == 0


def test_deletion_stops_then_deletes_with_grace_zero(world):
    kube, backend, ctl = world
    kube.add(make_pod("p"))
    listed(ctl)
    sync(ctl)
    kube.pods["default/p"]["metadata"]["deletionTimestamp"] = "2026-01-01T00:00:30Z"
    ctl.cache["default/p"] = kube.get_pod("default", "p")
    sync(ctl)
    assert backend.deletes == 1 and "default/p" not in kube.pods
    assert [c[0] for c in kube.writes()] == ["patch_pod_status", "delete_pod"]


def test_a_watch_event_during_a_status_patch_is_not_overwritten(world):
    """The informer stores a deletion while a worker's status patch is in flight; the patch's answer
    (older than the deletion) must not replace it, or the Pod is never deleted (seen in CI)."""
    kube, backend, ctl = world
    kube.add(make_pod("p"))
    listed(ctl)
    real_patch = kube.patch_pod_status

    def patch_then_watch_delivers_deletion(ns, name, patch):
        answer = real_patch(ns, name, patch)
        deleting = kube.get_pod(ns, name)
        deleting["metadata"]["deletionTimestamp"] = "2026-01-01T00:00:30Z"
        deleting["metadata"]["resourceVersion"] = str(int(answer["metadata"]["resourceVersion"]) + 1)
        kube.pods[f"{ns}/{name}"] = deleting
        ctl.cache[f"{ns}/{name}"] = deleting          # what the informer does on the MODIFIED event
        return answer
    kube.patch_pod_status = patch_then_watch_delivers_deletion
    sync(ctl)
    assert "deletionTimestamp" in ctl.cache["default/p"]["metadata"]
    kube.patch_pod_status = real_patch
    sync(ctl)                                            # the informer queued the key again
    assert "default/p" not in kube.pods and backend.deletes == 1


def test_a_recreated_pod_is_not_dropped_from_the_cache_by_the_old_ones_delete(world):
    kube, backend, ctl = world
    kube.add(make_pod("p"))
    listed(ctl)
    sync(ctl)
    real_delete = kube.delete_pod

    def delete_then_watch_delivers_new_pod(ns, name, uid):
        left = real_delete(ns, name, uid)
        ctl.cache[f"{ns}/{name}"] = kube.add(make_pod("p"))   # ADDED for the new Pod, same name
        return left
    kube.delete_pod = delete_then_watch_delivers_new_pod
    kube.pods["default/p"]["metadata"]["deletionTimestamp"] = "2026-01-01T00:00:30Z"
    ctl.cache["default/p"] = kube.get_pod("default", "p")
    sync(ctl)
    assert "default/p" in ctl.cache
    sync(ctl)
    assert backend.creates == 2


def test_conflict_rereads_and_retries(world):
    kube, backend, ctl = world
    kube.add(make_pod("p"))
    listed(ctl)
    kube.faults["patch_pod_status"] = [Conflict(409, "Conflict", "x"), Conflict(409, "Conflict", "y")]
    sync(ctl)
    assert kube.pods["default/p"]["status"]["phase"] == "Running"
    assert [c[0] for c in kube.calls].count("get_pod") == 2
    assert backend.creates == 1       # the retries did not create it again


def test_recreated_pod_with_same_name(world):
    kube, backend, ctl = world
    kube.add(make_pod("p"))
    listed(ctl)
    sync(ctl)
    old_uid = kube.pods["default/p"]["metadata"]["uid"]
    del kube.pods["default/p"]
    new = kube.add(make_pod("p"))
    ctl.cache["default/p"] = new
    sync(ctl)
    assert backend.deletes == 1 and backend.creates == 2
    assert backend.get_pod("default", "p")["metadata"]["uid"] not in (old_uid, None)


def test_api_unavailable_raises_for_retry_and_loses_nothing(world):
    kube, backend, ctl = world
    kube.add(make_pod("p"))
    listed(ctl)
    kube.faults["patch_pod_status"] = [Unavailable(503, "ServiceUnavailable", "down")]
    with pytest.raises(Unavailable):
        sync(ctl)
    assert backend.creates == 1
    sync(ctl)          # the retry writes the status; the Pod is not created twice
    assert backend.creates == 1 and kube.pods["default/p"]["status"]["phase"] == "Running"


def test_event_failure_is_retried_not_lost(world):
    kube, backend, ctl = world
    kube.add(make_pod("p", host_network=True))
    listed(ctl)
    kube.faults["create_event"] = [Unavailable(503, "ServiceUnavailable", "down")]
    with pytest.raises(Unavailable):
        sync(ctl)
    assert kube.events == []
    sync(ctl)
    assert [e["reason"] for e in kube.events] == ["NodelessUnsupported"]
    assert [c[0] for c in kube.writes()].count("patch_pod_status") == 1


def test_restart_does_not_create_twice_and_cleans_up(world):
    kube, backend, _ = world
    kube.add(make_pod("kept"))
    kube.add(make_pod("gone"))
    first = PodController(kube, backend, fake_judge, NODE)
    listed(first)
    first.sync("default/kept")
    first.sync("default/gone")
    assert backend.creates == 2
    # the provider goes away; meanwhile "gone" is deleted from the API
    del kube.pods["default/gone"]
    second = PodController(kube, backend, fake_judge, NODE)
    second._relist()
    keys = []
    while (key := second.queue.get(timeout=0)) is not None:
        keys.append(key)
        second.sync(key)
        second.queue.done(key)
    assert set(keys) == {"default/gone", "default/kept"}
    assert backend.creates == 2 and backend.deletes == 1
    assert [p["metadata"]["name"] for p in backend.list_pods()] == ["kept"]


def test_sync_waits_for_the_first_list(world):
    _, _, ctl = world
    with pytest.raises(RetryLater):
        ctl.sync("default/p")


def test_invalid_input_from_backend_fails_the_pod(world):
    kube, backend, ctl = world
    pod = make_pod("p")
    pod["spec"]["containers"] = []
    kube.add(pod)
    listed(ctl)
    sync(ctl)
    st = kube.pods["default/p"]["status"]
    assert (st["phase"], st["reason"]) == ("Failed", "ProviderFailed")
    assert [e["reason"] for e in kube.events] == ["ProviderFailed"]


def test_lost_pod_with_restart_policy_never_fails(world):
    kube, backend, ctl = world
    pod = make_pod("p")
    pod["spec"]["restartPolicy"] = "Never"
    kube.add(pod)
    listed(ctl)
    sync(ctl)
    backend.delete_pod(backend.get_pod("default", "p"))      # the backend lost it
    sync(ctl)
    st = kube.pods["default/p"]["status"]
    assert (st["phase"], st["reason"]) == ("Failed", d.REASON_LOST) and backend.creates == 1
    assert [e["reason"] for e in kube.events] == [d.REASON_LOST]


def test_lost_pod_that_may_restart_is_started_again(world):
    kube, backend, ctl = world
    kube.add(make_pod("p"))
    listed(ctl)
    sync(ctl)
    backend.delete_pod(backend.get_pod("default", "p"))
    sync(ctl)
    assert backend.creates == 2 and kube.pods["default/p"]["status"]["phase"] == "Running"


def test_informer_backs_off_on_watch_errors_and_relists_on_410(world):
    """The informer loop with a scripted adapter: ERROR events, a 410, then a clean stream."""
    import threading
    kube, backend, ctl = world
    script = [
        [{"type": "ERROR", "object": {"kind": "Status", "code": 500, "message": "etcd hiccup"}}],
        [{"type": "ERROR", "object": {"kind": "Status", "code": 410, "reason": "Expired"}}],
        [{"type": "BOOKMARK", "object": {"metadata": {"resourceVersion": "777"}}}],
    ]
    seen_rvs, done = [], threading.Event()

    def watch_pods(node, rv, timeout=300):
        seen_rvs.append(rv)
        if script:
            return iter(script.pop(0))
        done.set()
        ctl.stop_event.set()
        return iter(())
    kube.watch_pods = watch_pods
    ctl.max_backoff = 0.05
    t = threading.Thread(target=ctl._informer)
    t.start()
    assert done.wait(5)
    t.join(5)
    assert ctl.relists == 2                       # the first list, and the one after 410
    assert seen_rvs[-1] == "777"                  # resumed from the bookmark
    assert [c[0] for c in kube.calls].count("list_pods") == 2
