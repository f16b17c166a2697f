"""The pure decisions: plan, statuses, watch steps, messages, events."""
from datetime import datetime, timezone

import pytest
from vkhelpers import fake_judge, make_pod

from vk import decisions as d


def api_pod(name="p", uid="u1", **kw):
    pod = make_pod(name, **kw)
    pod["metadata"].update(uid=uid, resourceVersion="5")
    pod["status"] = {"phase": "Pending", "qosClass": "BestEffort"}
    return pod


def backend_pod(name="p", uid="u1"):
    pod = api_pod(name, uid)
    pod["status"] = d.running_status(pod, "10.0.0.9", "10.0.0.1", "2026-01-01T00:00:00Z")
    return pod


def kinds(actions):
    return [a.kind for a in actions]


def never(_pod):
    raise AssertionError("the judge must not be called")


@pytest.mark.parametrize("api, backend, expected", [
    (None, None, []),
    (None, "running", [d.STOP]),
    ("new", None, [d.START, d.SYNC]),
    ("new-hostnet", None, [d.REFUSE]),
    ("running", "running", [d.SYNC]),
    ("deleting", "running", [d.STOP, d.DELETE]),
    ("deleting", None, [d.DELETE]),
    ("failed", None, []),
    ("succeeded", None, []),
    ("recreated", "running", [d.STOP_STALE, d.START, d.SYNC]),
    ("recreated-deleting", "running", [d.STOP_STALE, d.DELETE]),
    ("image-changed", "running", [d.UPDATE, d.SYNC]),
    ("finalizer-wait", None, []),
    ("running-lost-never", None, [d.LOST]),
    ("failed", "running", [d.STOP]),
    ("running-lost-always", None, [d.START, d.SYNC]),
])
def test_plan_table(api, backend, expected):
    pods = {
        None: None,
        "new": api_pod(),
        "new-hostnet": api_pod(host_network=True),
        "running": api_pod(),
        "deleting": api_pod(),
        "failed": api_pod(),
        "succeeded": api_pod(),
        "recreated": api_pod(uid="u2"),
        "recreated-deleting": api_pod(uid="u2"),
        "image-changed": api_pod(),
        "finalizer-wait": api_pod(),
        "running-lost-never": api_pod(),
        "running-lost-always": api_pod(),
    }
    pod = pods[api]
    if api and api.startswith("running-lost"):
        pod["status"] = {"phase": "Running"}
        pod["spec"]["restartPolicy"] = "Never" if api.endswith("never") else "Always"
    if api in ("deleting", "recreated-deleting"):
        pod["metadata"].update(deletionTimestamp="2026-01-01T00:00:30Z", deletionGracePeriodSeconds=30)
    if api == "finalizer-wait":
        pod["metadata"].update(deletionTimestamp="2026-01-01T00:00:30Z", deletionGracePeriodSeconds=0,
                               finalizers=["example.com/hold"])
    if api == "failed":
        pod["status"] = {"phase": "Failed", "reason": d.REASON_REFUSED}
    if api == "succeeded":
        pod["status"] = {"phase": "Succeeded"}
    if api == "image-changed":
        pod["spec"]["containers"][0]["image"] = "nginx:2"
    be = backend_pod() if backend else None
    needs_judge = api in ("new", "new-hostnet", "recreated", "running-lost-always")
    assert kinds(d.plan(pod, be, fake_judge if needs_judge else never)) == expected


def test_plan_carries_the_verdict():
    (refuse,) = d.plan(api_pod(host_network=True), None, fake_judge)
    assert refuse.verdict.errors[0].rule == "host-network"
    start, _ = d.plan(api_pod(warn=True), None, fake_judge)
    assert start.verdict.warnings and not start.verdict.refused


def test_refused_status_names_rule_and_path():
    v = d.Verdict("fks", errors=(d.Issue("host-network", "spec.hostNetwork", "uses the host network"),
                                 d.Issue("privileged", "spec.containers[0].securityContext.privileged", "privileged")))
    st = d.refused_status(v)
    assert st["phase"] == "Failed" and st["reason"] == "NodelessUnsupported"
    assert "profile fks" in st["message"]
    assert "host-network at spec.hostNetwork" in st["message"]
    assert "privileged at spec.containers[0].securityContext.privileged" in st["message"]


def test_messages_are_bounded_and_say_how_many_are_left():
    v = d.Verdict("fks", errors=tuple(d.Issue(f"rule-{i}", f"spec.x[{i}]", "m" * 50) for i in range(100)))
    msg = d.refusal_message(v, 500)
    assert len(msg) <= 500 and msg.endswith("more") and "rule-0 at spec.x[0]" in msg
    ev = d.pod_event(api_pod(), "Warning", d.REASON_REFUSED, d.refusal_message(v), "n", datetime.now(timezone.utc))
    assert len(ev["message"]) <= d.EVENT_MESSAGE_LIMIT


def test_running_status_has_every_container_and_condition():
    pod = api_pod(containers=2)
    st = d.running_status(pod, "10.1.2.3", "10.0.0.1", "2026-01-01T00:00:00Z")
    assert st["phase"] == "Running" and st["podIP"] == "10.1.2.3" and st["startTime"]
    assert {c["type"]: c["status"] for c in st["conditions"]} == dict.fromkeys(d.OWNED_CONDITIONS, "True")
    assert [(c["name"], c["image"], "running" in c["state"]) for c in st["containerStatuses"]] == [
        ("c0", "nginx:1.0", True), ("c1", "nginx:1.1", True)]


def test_terminated_status():
    st = d.terminated_status(backend_pod()["status"], "2026-01-01T00:01:00Z", "Stopped")
    assert all("terminated" in c["state"] and not c["ready"] for c in st["containerStatuses"])
    assert {c["type"]: c["status"] for c in st["conditions"]}["Ready"] == "False"


def test_desired_status_keeps_foreign_conditions_and_fills_missing_containers():
    pod = api_pod(containers=2)
    pod["status"]["conditions"] = [{"type": "example.com/gate", "status": "True"},
                                   {"type": "Ready", "status": "False"}]
    backend = {"phase": "Pending", "conditions": [{"type": "Ready", "status": "False"}],
               "containerStatuses": [{"name": "c0", "image": "nginx:1.0", "state": {"running": {}}}]}
    st = d.desired_status(pod, backend)
    assert [c["type"] for c in st["conditions"]] == ["Ready", "example.com/gate"]
    assert [c["name"] for c in st["containerStatuses"]] == ["c0", "c1"]
    assert st["containerStatuses"][1]["state"] == {"waiting": {"reason": "ContainerCreating"}}


def test_desired_status_shows_ephemeral_containers_the_backend_does_not_run_as_unsupported():
    pod = api_pod()
    pod["spec"]["ephemeralContainers"] = [{"name": "debugger-a", "image": "busybox"},
                                          {"name": "debugger-b", "image": "busybox"}]
    backend = d.running_status(api_pod(), "10.0.0.9", "10.0.0.1", "2026-01-01T00:00:00Z")
    backend["ephemeralContainerStatuses"] = [{"name": "debugger-b", "state": {"running": {}}}]
    st = d.desired_status(pod, backend)
    (a, b) = st["ephemeralContainerStatuses"]
    assert b == {"name": "debugger-b", "state": {"running": {}}}        # the backend's own word wins
    assert a["name"] == "debugger-a" and a["state"]["terminated"]["reason"] == "NodelessUnsupported"
    assert "kubectl debug" in a["state"]["terminated"]["message"]
    assert d.status_differs(backend, st)
    assert d.newly_unsupported_ephemeral(backend, st) == ["debugger-a"]
    assert d.newly_unsupported_ephemeral(st, st) == []
    del backend["ephemeralContainerStatuses"]
    assert "ephemeralContainerStatuses" not in d.desired_status(api_pod(), backend)


def test_status_differs_ignores_timestamps_and_order():
    pod = api_pod()
    a = d.running_status(pod, "10.0.0.9", "10.0.0.1", "2026-01-01T00:00:00Z")
    b = d.running_status(pod, "10.0.0.9", "10.0.0.1", "2026-02-02T00:00:00Z")
    b["conditions"].reverse()
    assert not d.status_differs(a, b)
    assert d.status_differs({"phase": "Pending"}, a)
    assert d.status_differs(a, dict(a, podIP="10.0.0.10"))
    assert d.status_differs(None, a)


def test_status_patch_carries_uid_precondition():
    assert d.status_patch(api_pod(uid="abc"), {"phase": "Running"}) == {
        "metadata": {"uid": "abc"}, "status": {"phase": "Running"}}


def test_an_added_ephemeral_container_is_a_spec_change():
    old, new = api_pod(), api_pod()
    new["spec"]["ephemeralContainers"] = [{"name": "debugger-a", "image": "busybox"}]
    assert d.spec_changed(old, new)


def test_spec_changed():
    a = api_pod()
    assert not d.spec_changed(a, api_pod())
    b = api_pod()
    b["metadata"]["labels"] = {"x": "y"}
    assert d.spec_changed(a, b)
    c = api_pod()
    c["spec"]["activeDeadlineSeconds"] = 5
    assert d.spec_changed(a, c)
    e = api_pod()
    e["status"] = {"phase": "Running"}
    e["metadata"]["resourceVersion"] = "99"
    assert not d.spec_changed(a, e)


@pytest.mark.parametrize("event, step", [
    ({"type": "ADDED", "object": {"metadata": {"name": "a"}}}, "upsert"),
    ({"type": "MODIFIED", "object": {"metadata": {"name": "a"}}}, "upsert"),
    ({"type": "DELETED", "object": {"metadata": {"name": "a"}}}, "remove"),
    ({"type": "BOOKMARK", "object": {"metadata": {"resourceVersion": "42"}}}, "bookmark"),
    ({"type": "ERROR", "object": {"kind": "Status", "code": 410, "reason": "Expired"}}, "relist"),
    ({"type": "ERROR", "object": {"kind": "Status", "code": 500}}, "restart"),
    ({"type": "WHATEVER"}, "ignore"),
])
def test_watch_step(event, step):
    got, payload = d.watch_step(event)
    assert got == step
    if step == "bookmark":
        assert payload == "42"


def test_pod_event_shape():
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    ev = d.pod_event(api_pod("web"), "Warning", d.REASON_REFUSED, "no", "vk1", now, seq=1)
    assert ev["metadata"]["name"].startswith("web.") and ev["metadata"]["namespace"] == "default"
    assert ev["involvedObject"] == {"apiVersion": "v1", "kind": "Pod", "namespace": "default",
                                    "name": "web", "uid": "u1", "resourceVersion": "5"}
    assert (ev["type"], ev["reason"], ev["source"]) == ("Warning", "NodelessUnsupported",
                                                       {"component": "nodeless-vk", "host": "vk1"})
    assert ev["firstTimestamp"] == "2026-01-01T00:00:00Z" and ev["count"] == 1


def test_node_label_values_are_valid():
    from vk.node import label_value
    assert label_value("fks") == "fks"
    long = label_value("my-" + "x" * 80 + "/odd name")
    assert len(long) <= 63 and long[0].isalnum() and long[-1].isalnum()
