"""The Flask app through its test client: verdicts per mode, UPDATE semantics, errors, metrics."""
from __future__ import annotations

import json

import pytest

from tests.webhook.webhook_support import CONFIG_FILE, STRICT_PROFILE, deployment, pod, review


def post(client, path, body):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    resp = client.post(path, data=data, content_type="application/json")
    return resp.status_code, resp.get_json(silent=True)


def test_allow_clean_pod(client):
    status, out = post(client, "/validate", review(pod()))
    assert status == 200
    assert out["apiVersion"] == "admission.k8s.io/v1" and out["kind"] == "AdmissionReview"
    resp = out["response"]
    assert resp["uid"] == review(pod())["request"]["uid"] and resp["allowed"] is True
    assert "status" not in resp and "auditAnnotations" not in resp


def test_deny_names_object_profile_rule_and_path(client):
    status, out = post(client, "/validate", review(pod(host_network=True)))
    resp = out["response"]
    assert status == 200 and resp["allowed"] is False
    assert resp["status"]["code"] == 403 and resp["status"]["reason"] == "Forbidden"
    msg = resp["status"]["message"]
    assert msg.startswith("Pod default/web will not run on nodeless profile strict-test")
    assert "host-network at spec.hostNetwork" in msg
    assert max(len(line) for line in msg.splitlines()) < 200


def test_deny_workload_with_template_path(client):
    _, out = post(client, "/validate", review(deployment(host_network=True)))
    assert out["response"]["allowed"] is False
    assert "Deployment default/web" in out["response"]["status"]["message"]
    assert "spec.template.spec.hostNetwork" in out["response"]["status"]["message"]


def test_custom_resource_with_a_pod_template_is_judged(client):
    # what `nodeless manifests --custom-resource argoproj.io/rollouts` routes here
    rollout = deployment(host_network=True)
    rollout.update(apiVersion="argoproj.io/v1alpha1", kind="Rollout")
    _, out = post(client, "/validate", review(rollout))
    assert out["response"]["allowed"] is False
    assert "Rollout default/web" in out["response"]["status"]["message"]
    assert "host-network at spec.template.spec.hostNetwork" in out["response"]["status"]["message"]


def test_enforce_puts_warning_findings_in_warnings(client):
    _, out = post(client, "/validate", review(pod(containers=2)))
    resp = out["response"]
    assert resp["allowed"] is True
    assert any(w.startswith("nodeless strict-test: multi-container at spec.containers[1]")
               for w in resp["warnings"])
    assert all(len(w) <= 256 for w in resp["warnings"])


def test_named_profile_endpoints(client):
    from rules.engine import evaluate
    from rules.profiles import available_profiles, load_profile
    obj = pod(host_network=True, containers=3)
    for name in available_profiles():
        expected = evaluate(obj, load_profile(name))
        for path in (f"/validate/{name}", f"/warn/{name}", f"/audit/{name}"):
            status, out = post(client, path, review(obj))
            assert status == 200, (path, out)
            resp = out["response"]
            if path.startswith("/validate"):
                assert resp["allowed"] is (not expected.errors), path
            else:
                assert resp["allowed"] is True
            if path.startswith("/warn"):
                assert len(resp.get("warnings", [])) == len(
                    [f for f in expected.findings if f.severity in ("error", "warning")])


def test_warn_mode_turns_errors_into_warnings(client):
    _, out = post(client, "/warn/strict-test", review(pod(host_network=True)))
    resp = out["response"]
    assert resp["allowed"] is True and "status" not in resp
    assert any("host-network at spec.hostNetwork" in w for w in resp["warnings"])


def test_audit_mode_only_annotates(client):
    _, out = post(client, "/audit/strict-test", review(pod(host_network=True)))
    resp = out["response"]
    assert resp["allowed"] is True and "warnings" not in resp
    assert resp["auditAnnotations"]["host-network"].startswith("error at spec.hostNetwork")


def test_update_changing_only_labels_passes_even_if_object_is_bad(client):
    old = pod(host_network=True)
    new = pod(host_network=True, labels={"release": "2"})
    _, out = post(client, "/validate", review(new, "UPDATE", old))
    assert out["response"]["allowed"] is True


def test_update_changing_spec_is_judged(client):
    old = pod(host_network=True)
    new = pod(host_network=True)
    new["spec"]["containers"][0]["image"] = "nginx:1.27"
    _, out = post(client, "/validate", review(new, "UPDATE", old))
    assert out["response"]["allowed"] is False
    _, out = post(client, "/validate", review(pod(host_network=True), "UPDATE", pod()))
    assert out["response"]["allowed"] is False


def test_ephemeralcontainers_update_is_checked_and_status_ignored(client):
    old = pod()
    new = pod(host_network=True)
    new["spec"]["ephemeralContainers"] = [{"name": "debug", "image": "busybox"}]
    _, out = post(client, "/validate", review(new, "UPDATE", old, sub_resource="ephemeralcontainers"))
    assert out["response"]["allowed"] is False
    _, out = post(client, "/validate", review(new, "UPDATE", old, sub_resource="status"))
    assert out["response"]["allowed"] is True


def test_delete_and_connect_allowed_without_evaluation(client):
    _, out = post(client, "/validate", review(None, "DELETE", old=pod(host_network=True)))
    assert out["response"]["allowed"] is True
    body = review(None, "CONNECT", old=pod())
    body["request"]["oldObject"] = None
    body["request"]["object"] = {"apiVersion": "v1", "kind": "PodExecOptions", "command": ["sh"]}
    _, out = post(client, "/validate", body)
    assert out["response"]["allowed"] is True


def test_ignore_annotation_and_config_exemption_as_in_the_cli(client):
    ignored = pod(host_network=True, annotations={"nodeless.dev/ignore": "host-network"})
    _, out = post(client, "/validate", review(ignored))
    assert out["response"]["allowed"] is True
    exempt = pod(host_network=True, namespace="exempt-ns")   # tests/webhook/data/nodeless-test.yaml
    _, out = post(client, "/validate", review(exempt))
    assert out["response"]["allowed"] is True


def test_irrelevant_kinds_are_allowed(client):
    cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "default"},
          "data": {"a": "b"}}
    _, out = post(client, "/validate", review(cm))
    assert out["response"]["allowed"] is True


BAD = [
    (b"not json", 400, "not JSON"),
    (b"\xff\xfe\x00", 400, "not JSON"),
    (b"[" * 100000 + b"]" * 100000, 400, ""),
    (b"[]", 400, "must be a JSON object"),
    (json.dumps({"apiVersion": "admission.k8s.io/v1", "kind": "Pod", "request": {}}).encode(), 400, "kind"),
    (json.dumps({"apiVersion": "v1", "kind": "AdmissionReview", "request": {}}).encode(), 400, "apiVersion"),
    (json.dumps({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview"}).encode(), 400,
     "request is missing"),
]


@pytest.mark.parametrize("body, code, words", BAD)
def test_bad_requests_are_400_json(client, body, code, words):
    status, out = post(client, "/validate", body)
    assert status == code
    assert out["error"] == "bad_request" and words in out["message"]


def test_object_of_wrong_shape_is_400(client):
    body = review(pod())
    body["request"]["object"]["spec"]["containers"] = "nginx"
    status, out = post(client, "/validate", body)
    assert status == 400 and "wrong shape" in out["message"], out
    body = review(pod())
    body["request"]["object"]["metadata"] = "web"
    status, out = post(client, "/validate", body)
    assert status == 400 and "request.object.metadata" in out["message"]


def test_too_large_is_413(client):
    big = b'{"x": "' + b"a" * (3 * 1024 * 1024) + b'"}'
    status, out = post(client, "/validate", big)
    assert status == 413 and out["error"] == "too_large"


def test_wrong_method_is_405_and_unknown_profile_404(client):
    resp = client.get("/validate")
    assert resp.status_code == 405 and resp.get_json()["code"] == 405
    assert "POST" in resp.headers["Allow"]
    resp = client.put("/warn/fks", data=b"{}")
    assert resp.status_code == 405
    status, out = post(client, "/validate/no-such-profile", review(pod()))
    assert status == 404 and out["error"] == "unknown_profile"
    status, out = post(client, "/audit/..%2F..%2Fetc%2Fpasswd", review(pod()))
    assert status == 404
    resp = client.get("/nowhere")
    assert resp.status_code == 404 and resp.get_json()["code"] == 404


def test_health_and_readiness(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").get_json() == {"status": "ready", "profile": "strict-test"}


def test_metrics_count_verdicts_and_rule_hits(client):
    post(client, "/validate", review(pod(host_network=True)))
    post(client, "/validate", b"nope")
    text = client.get("/metrics").get_data(as_text=True)
    assert 'nodeless_webhook_reviews_total{endpoint="validate",profile="strict-test",verdict="deny"}' in text
    assert 'nodeless_webhook_reviews_total{endpoint="validate",profile="strict-test",verdict="bad_request"}' in text
    assert 'nodeless_webhook_rule_hits_total{profile="strict-test",rule="host-network",severity="error"}' in text
    assert "nodeless_webhook_review_duration_seconds_bucket" in text


def test_one_json_log_line_per_review(client, caplog):
    import logging
    logger = logging.getLogger("nodeless.webhook")
    logger.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO, logger="nodeless.webhook"):
            post(client, "/validate", review(pod(host_network=True)))
    finally:
        logger.removeHandler(caplog.handler)
    records = [r for r in caplog.records if r.getMessage() == "review"]
    assert len(records) == 1
    from webhook.app import JsonFormatter
    line = json.loads(JsonFormatter().format(records[0]))
    for key in ("uid", "kind", "namespace", "name", "verdict", "rules", "duration_ms"):
        assert key in line
    assert line["verdict"] == "deny" and line["rules"] == ["host-network"]


def test_bench_endpoint_only_when_enabled(app):
    from webhook import create_app
    assert app.test_client().post("/bench/allow", json=review(pod())).status_code == 404
    bench = create_app({"TESTING": True, "BENCH_ENDPOINTS": True, "LOG_LEVEL": "WARNING"})
    out = bench.test_client().post("/bench/allow", json=review(pod(host_network=True))).get_json()
    assert out["response"]["allowed"] is True


def test_environment_configures_the_app(monkeypatch):
    from webhook import create_app
    monkeypatch.setenv("NODELESS_PROFILE", "eks-fargate")
    app = create_app({"LOG_LEVEL": "WARNING"})
    assert app.test_client().get("/readyz").get_json()["profile"] == "eks-fargate"


def test_unknown_default_profile_fails_at_startup():
    from rules.profiles import ProfileError
    from webhook import create_app
    with pytest.raises(ProfileError):
        create_app({"PROFILE": "no-such-profile"})


def test_paths_are_module_constants():
    assert STRICT_PROFILE.is_file() and CONFIG_FILE.is_file()
