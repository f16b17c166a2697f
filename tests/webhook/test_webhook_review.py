"""webhook.review: parsing, skip decisions and response building, as pure functions."""
from __future__ import annotations

import pytest

from tests.webhook.webhook_support import pod, review
from tests.webhook.webhook_fakes import FakeEvaluation, FakeProfile, finding
from webhook.review import (
    WARNING_MAX, WARNING_TARGET, BadReview, audit_annotations, build_response, parse_review,
    skip_reason, warning_text,
)


def test_parse_valid_review():
    r = parse_review(review(pod()))
    assert (r.uid, r.operation, r.kind, r.namespace, r.name) == (
        "0f1e2d3c-0000-4000-8000-000000000001", "CREATE", "Pod", "default", "web")
    assert r.target == "Pod default/web"


@pytest.mark.parametrize("mutate, words", [
    (lambda b: b.update(kind="Nope"), "kind must be 'AdmissionReview'"),
    (lambda b: b.update(apiVersion="admission.k8s.io/v1beta1"), "apiVersion must be"),
    (lambda b: b.pop("request"), "request is missing"),
    (lambda b: b.update(request=[]), "request must be an object"),
    (lambda b: b["request"].pop("uid"), "request.uid is required"),
    (lambda b: b["request"].update(uid=""), "request.uid must not be empty"),
    (lambda b: b["request"].update(uid=7), "request.uid must be a string"),
    (lambda b: b["request"].update(operation="PATCH"), "request.operation must be one of"),
    (lambda b: b["request"].update(object=None), "request.object is required for CREATE"),
    (lambda b: b["request"].update(object="pod"), "request.object must be an object"),
    (lambda b: b["request"]["object"].update(metadata=[]), "request.object.metadata must be an object"),
    (lambda b: b["request"]["object"].update(spec="x"), "request.object.spec must be an object"),
    (lambda b: b["request"]["object"].pop("kind"), "request.object.kind is required"),
    (lambda b: b["request"]["object"]["metadata"].update(labels={"a": 1}),
     "request.object.metadata.labels['a'] must be a string"),
    (lambda b: b["request"].update(kind="Pod"), "request.kind must be an object"),
    (lambda b: b["request"].update(dryRun="yes"), "request.dryRun must be a boolean"),
    (lambda b: b["request"].update(operation="UPDATE"), "request.oldObject is required for UPDATE"),
])
def test_parse_rejects_with_a_precise_message(mutate, words):
    body = review(pod())
    mutate(body)
    with pytest.raises(BadReview) as exc:
        parse_review(body)
    assert words in exc.value.message
    assert exc.value.code == 400


@pytest.mark.parametrize("body", [None, [], "x", 3, True])
def test_parse_rejects_non_objects(body):
    with pytest.raises(BadReview, match="must be a JSON object"):
        parse_review(body)


def test_delete_and_connect_are_not_evaluated():
    old = pod(host_network=True)
    assert skip_reason(parse_review(review(None, "DELETE", old=old))) == "delete"
    connect = review(None, "CONNECT", old=old)
    connect["request"]["oldObject"] = None
    connect["request"]["object"] = {"apiVersion": "v1", "kind": "PodExecOptions"}
    assert skip_reason(parse_review(connect)) == "connect"


def test_status_subresource_is_ignored_and_ephemeralcontainers_is_checked():
    new, old = pod(host_network=True), pod()
    assert skip_reason(parse_review(review(new, "UPDATE", old, sub_resource="status"))) == "subresource status"
    assert skip_reason(parse_review(review(new, "UPDATE", old, sub_resource="ephemeralcontainers"))) is None


def test_update_that_changes_nothing_evaluated_is_skipped():
    old = pod(host_network=True)
    relabelled = pod(host_network=True, labels={"team": "a"}, annotations={"x": "y"})
    relabelled["status"] = {"phase": "Running"}
    assert skip_reason(parse_review(review(relabelled, "UPDATE", old))) == "update changes nothing evaluated"
    changed = pod(host_network=True)
    changed["spec"]["containers"][0]["image"] = "nginx:1.26"
    assert skip_reason(parse_review(review(changed, "UPDATE", old))) is None
    ignore = pod(host_network=True, annotations={"nodeless.dev/ignore": "host-network"})
    assert skip_reason(parse_review(review(ignore, "UPDATE", old))) is None


def test_enforce_denies_on_errors_and_warns_on_warnings():
    req = parse_review(review(pod()))
    ev = FakeEvaluation((finding(), finding("multi-container", "warning", "too many containers",
                                            ("spec", "containers", 1))))
    out, verdict = build_response(req, ev, "enforce", FakeProfile())
    resp = out["response"]
    assert verdict == "deny"
    assert out["apiVersion"] == "admission.k8s.io/v1" and out["kind"] == "AdmissionReview"
    assert resp["uid"] == req.uid and resp["allowed"] is False
    status = resp["status"]
    assert status["code"] == 403 and status["reason"] == "Forbidden" and status["status"] == "Failure"
    assert "Pod default/web" in status["message"] and "fks" in status["message"]
    assert "host-network at spec.hostNetwork" in status["message"]
    assert resp["warnings"] == ["nodeless fks: multi-container at spec.containers[1]: too many containers"]


def test_enforce_allows_clean_and_warn_only():
    req = parse_review(review(pod()))
    out, verdict = build_response(req, FakeEvaluation(), "enforce", FakeProfile())
    assert verdict == "allow" and out["response"] == {"uid": req.uid, "allowed": True}
    out, verdict = build_response(req, FakeEvaluation((finding(severity="warning"),)), "enforce",
                                  FakeProfile())
    assert verdict == "warn" and out["response"]["allowed"] is True and len(out["response"]["warnings"]) == 1


def test_warn_mode_never_denies():
    req = parse_review(review(pod()))
    ev = FakeEvaluation((finding(), finding("x", "warning"), finding("y", "info")))
    out, verdict = build_response(req, ev, "warn", FakeProfile())
    assert verdict == "warn" and out["response"]["allowed"] is True
    assert len(out["response"]["warnings"]) == 2   # info stays out
    assert "status" not in out["response"]


def test_audit_mode_only_annotates():
    req = parse_review(review(pod()))
    ev = FakeEvaluation((finding(), finding(path=("spec", "containers", 0, "x"))))
    out, verdict = build_response(req, ev, "audit", FakeProfile())
    resp = out["response"]
    assert verdict == "audit" and resp["allowed"] is True
    assert "warnings" not in resp and "status" not in resp
    ann = resp["auditAnnotations"]
    assert ann["profile"] == "fks"
    assert ann["host-network"].count("error at") == 2   # one key per rule, findings joined
    assert all(isinstance(v, str) for v in ann.values())


def test_audit_annotation_keys_are_qualified_names():
    ann = audit_annotations([finding(rule="Weird rule/ID!" + "x" * 80)], "fks")
    key = next(k for k in ann if k != "profile")
    assert len(key) <= 63 and key[0].isalnum() and key[-1].isalnum()
    assert all(c.isalnum() or c in "-_." for c in key)


def test_skipped_request_is_allowed_plainly():
    req = parse_review(review(None, "DELETE", old=pod()))
    out, verdict = build_response(req, None, "enforce", FakeProfile())
    assert verdict == "skip" and out["response"] == {"uid": req.uid, "allowed": True}


def test_warnings_stay_short():
    short = warning_text(finding(message="short"), "fks")
    assert short == "nodeless fks: host-network at spec.hostNetwork: short"
    long_msg = warning_text(finding(message="word " * 100), "fks")
    assert len(long_msg) <= WARNING_TARGET and long_msg.endswith("...")
    deep = tuple(["spec", "template", "spec", "containers", 3, "securityContext"] * 8)
    very_long_path = warning_text(finding(message="m " * 300, path=deep), "eks-fargate")
    assert len(very_long_path) <= WARNING_MAX
    assert "\n" not in warning_text(finding(message="two\nlines"), "fks")


def test_denial_lists_at_most_ten_findings():
    req = parse_review(review(pod()))
    ev = FakeEvaluation(tuple(finding(path=("spec", "containers", i)) for i in range(25)))
    out, _ = build_response(req, ev, "enforce", FakeProfile())
    message = out["response"]["status"]["message"]
    assert "25 errors" in message and "and 15 more" in message
    assert message.count("\n- ") == 11


def test_many_warnings_fit_the_api_servers_budget():
    req = parse_review(review(pod()))
    ev = FakeEvaluation(tuple(finding("container-ports", "warning", f"container \"c{i}\" declares ports",
                                      ("spec", "containers", i, "ports")) for i in range(200)))
    for mode in ("enforce", "warn"):
        out, verdict = build_response(req, ev, mode, FakeProfile())
        warnings = out["response"]["warnings"]
        assert verdict == "warn"
        assert sum(len(w) for w in warnings) <= 3072
        assert warnings[-1].startswith("nodeless fks: and ") and "more findings" in warnings[-1]
        shown = len(warnings) - 1
        assert warnings[-1].startswith(f"nodeless fks: and {200 - shown} more")
