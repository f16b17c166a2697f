"""The real server: `python -m webhook serve` (gunicorn, gthread, TLS) on 127.0.0.1, HTTPS clients
that verify the CA made by `nodeless certs`."""
from __future__ import annotations

import json
import re
import ssl
import warnings

import pytest

from tests.webhook.webhook_support import deployment, pod, review


def test_allow_deny_warn_audit_over_tls(server):
    status, _, out = server.request("POST", "/validate", review(pod()))
    assert status == 200 and out["response"]["allowed"] is True
    status, _, out = server.request("POST", "/validate", review(deployment(host_network=True)))
    assert status == 200 and out["response"]["allowed"] is False
    assert out["response"]["status"]["code"] == 403
    assert "host-network at spec.template.spec.hostNetwork" in out["response"]["status"]["message"]
    status, _, out = server.request("POST", "/warn/strict-test", review(pod(host_network=True)))
    assert out["response"]["allowed"] is True and out["response"]["warnings"]
    status, _, out = server.request("POST", "/audit/strict-test", review(pod(host_network=True)))
    assert out["response"]["allowed"] is True and "host-network" in out["response"]["auditAnnotations"]
    assert out["response"]["uid"] == review(pod())["request"]["uid"]


def test_keep_alive_connection_is_reused(server):
    conn = server.connection()
    server.request("POST", "/validate", review(pod()), conn=conn)
    sock = conn.sock
    for i in range(20):
        status, _, out = server.request("POST", "/validate", review(pod(), uid=f"u-{i}"), conn=conn)
        assert status == 200 and out["response"]["uid"] == f"u-{i}"
    assert conn.sock is sock   # the same TLS connection served every request
    conn.close()


def test_tls_1_2_minimum_and_hostname_checked(server):
    conn = server.connection()
    conn.connect()
    assert conn.sock.version() in ("TLSv1.2", "TLSv1.3")
    conn.close()
    ctx = ssl.create_default_context(cafile=str(server.ca))
    ctx.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ctx.maximum_version = ssl.TLSVersion.TLSv1_1
    ctx.set_ciphers("ALL:@SECLEVEL=0")
    import http.client
    old = http.client.HTTPSConnection("127.0.0.1", server.port, context=ctx, timeout=5)
    with pytest.raises((ssl.SSLError, ConnectionError)):
        old.request("GET", "/healthz")
        old.getresponse()
    untrusted = http.client.HTTPSConnection("127.0.0.1", server.port,
                                           context=ssl.create_default_context(), timeout=5)
    with pytest.raises(ssl.SSLCertVerificationError):
        untrusted.request("GET", "/healthz")


BAD = [
    ("POST", "/validate", b"{not json", 400, "bad_request"),
    ("POST", "/validate", json.dumps({"apiVersion": "admission.k8s.io/v1", "kind": "Nope",
                                      "request": {}}).encode(), 400, "bad_request"),
    ("POST", "/validate", json.dumps({"apiVersion": "admission.k8s.io/v1beta1",
                                      "kind": "AdmissionReview", "request": {}}).encode(), 400, "bad_request"),
    ("POST", "/validate", json.dumps({"apiVersion": "admission.k8s.io/v1",
                                      "kind": "AdmissionReview"}).encode(), 400, "bad_request"),
    ("POST", "/validate", json.dumps(review({"apiVersion": "v1", "kind": "Pod", "metadata": [],
                                             "spec": {}})).encode(), 400, "bad_request"),
    ("GET", "/validate", None, 405, "method_not_allowed"),
    ("DELETE", "/audit/fks", None, 405, "method_not_allowed"),
    ("POST", "/validate/not-a-profile", json.dumps(review(pod())).encode(), 404, "unknown_profile"),
]


@pytest.mark.parametrize("method, path, body, code, error", BAD)
def test_bad_requests_over_tls(server, method, path, body, code, error):
    status, resp, out = server.request(method, path, body)
    assert status == code
    assert resp.getheader("Content-Type") == "application/json"
    assert out["error"] == error and out["code"] == code


def test_wrong_shape_deep_in_the_object_is_400(server):
    body = review(pod())
    body["request"]["object"]["spec"]["containers"] = [{"name": "x", "image": 5, "ports": "80"}]
    status, _, out = server.request("POST", "/validate", body)
    assert status == 400 and "wrong shape" in out["message"]


def test_body_over_3_mib_is_413_and_connection_survives(server):
    conn = server.connection()
    big = json.dumps(review(pod(annotations={"blob": "a" * (3 * 1024 * 1024 + 10)}))).encode()
    status, _, out = server.request("POST", "/validate", big, conn=conn)
    assert status == 413 and out["error"] == "too_large"
    # just under the limit is read and judged, on the same connection
    ok = json.dumps(review(pod(annotations={"blob": "a" * (3 * 1024 * 1024 - 2048)}))).encode()
    sock = conn.sock
    status, _, out = server.request("POST", "/validate", ok, conn=conn)
    assert status == 200 and out["response"]["allowed"] is True
    assert conn.sock is sock
    conn.close()


def test_no_worker_crashed_and_logs_are_json(server):
    status, _, _ = server.request("GET", "/healthz")
    assert status == 200
    log = server.log()
    assert "Traceback" not in log and "was sent" not in log and "exited" not in log
    reviews = []
    for line in log.splitlines():
        entry = json.loads(line)   # every line is JSON
        if entry.get("msg") == "review":
            reviews.append(entry)
    assert reviews
    assert {"uid", "kind", "namespace", "name", "verdict", "rules", "duration_ms", "pid"} <= set(
        next(r for r in reviews if r["verdict"] == "deny"))
    assert not re.search(r'"level":"(error|critical)"', log)


def _metric(text: str, name: str, **labels) -> float:
    total = 0.0
    for line in text.splitlines():
        if not line.startswith(name + "{"):
            continue
        got = dict(re.findall(r'(\w+)="([^"]*)"', line[len(name):line.rindex("}")]))
        if all(got.get(k) == v for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


def test_metrics_add_up_across_workers(server):
    status, _, before = server.request("GET", "/metrics")
    assert status == 200
    base = _metric(before, "nodeless_webhook_reviews_total", endpoint="audit", verdict="audit")
    base_hits = _metric(before, "nodeless_webhook_rule_hits_total", rule="host-network", profile="strict-test")
    n = 0
    pids: set = set()
    while n < 20 or (len(pids) < 2 and n < 400):   # new connections until both workers answered
        server.request("POST", "/audit/strict-test", review(pod(host_network=True), uid=f"m-{n}"))
        n += 1
        if n % 10 == 0:
            pids = {json.loads(line)["pid"] for line in server.log().splitlines() if '"uid":"m-' in line}
    assert len(pids) == 2, "both workers should have answered some reviews"
    for _ in range(4):   # whichever worker answers the scrape, it reports both workers' counts
        _, resp, text = server.request("GET", "/metrics")
        assert resp.getheader("Content-Type").startswith("text/plain")
        assert _metric(text, "nodeless_webhook_reviews_total", endpoint="audit", verdict="audit") == base + n
        assert _metric(text, "nodeless_webhook_rule_hits_total", rule="host-network",
                       profile="strict-test") == base_hits + n
        assert _metric(text, "nodeless_webhook_review_duration_seconds_count", endpoint="audit") >= n
