"""The engine over plain dicts, as the webhook and the provider call it."""
from __future__ import annotations

from pathlib import Path

import pytest

from rules.config import Config, Exemption
from rules.engine import evaluate
from rules.loader import load_documents
from rules.profiles import available_profiles, load_profile

DEFAULTED_POD = Path(__file__).parent / "fixtures" / "probes" / "pass-api-defaulted.yaml"

# What a plain nginx Pod must still do on each provider: opt in to the virtual node.
REQUIRED_OPT_IN = {"aks-virtual-nodes": {"virtual-node-toleration"},
                   "aks-virtual-nodes-v2": {"virtual-node-toleration"}}


def defaulted_pod() -> dict:
    (doc,) = load_documents(DEFAULTED_POD.read_bytes(), str(DEFAULTED_POD))
    return doc.obj


@pytest.mark.parametrize("profile", available_profiles())
def test_api_server_defaults_never_cause_an_error(profile):
    ev = evaluate(defaulted_pod(), load_profile(profile))
    assert {f.rule for f in ev.errors} <= REQUIRED_OPT_IN.get(profile, set()), ev.errors
    assert ev.relevant and not ev.problems


def test_objects_no_rule_looks_at_are_not_relevant():
    ev = evaluate({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {}},
                  load_profile("fks"))
    assert not ev.relevant and ev.findings == ()


def test_findings_from_dicts_have_paths_but_no_location():
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "n"},
           "spec": {"hostNetwork": True, "containers": [{"name": "a", "image": "x"}]}}
    (f,) = [f for f in evaluate(pod, load_profile("eks-fargate")).errors if f.rule == "host-network"]
    assert f.field_path == "spec.hostNetwork" and f.location is None
    assert (f.object.kind, f.object.namespace, f.object.name) == ("Pod", "n", "p")
    assert f.note and f.sources


def test_config_exemption_by_container_name():
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
           "spec": {"containers": [{"name": "app", "image": "x"},
                                   {"name": "istio-proxy", "image": "y", "securityContext": {"privileged": True}}]}}
    config = Config(exemptions=(Exemption(rules=("privileged",), containers=("istio-*",)),))
    ev = evaluate(pod, load_profile("eks-fargate"), config)
    assert all(f.rule != "privileged" for f in ev.findings)
    assert [f.rule for f in ev.suppressed] == ["privileged"]


def test_wrong_shapes_are_problems_and_the_rest_is_still_judged():
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
           "spec": {"hostNetwork": True, "volumes": {"name": "v"}, "containers": [{"name": "a", "ports": {}}]}}
    ev = evaluate(pod, load_profile("eks-fargate"))
    assert {p.field_path for p in ev.problems} == {"spec.volumes", "spec.containers[0].ports"}
    assert any(f.rule == "host-network" for f in ev.errors)


def test_list_item_paths_and_lines_come_from_the_document():
    data = (b"apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n"
            b"  spec:\n    hostNetwork: true\n    containers: [{name: a, image: x}]\n")
    (doc,) = load_documents(data, "list.yaml")
    (f,) = [f for f in evaluate(doc.obj, load_profile("eks-fargate"), document=doc).errors
            if f.rule == "host-network"]
    assert f.field_path == "items[0].spec.hostNetwork" and (f.location.line, f.location.column) == (8, 5)


def test_fields_of_the_wrong_shape_are_reported_in_document_order():
    def problems(container: dict) -> list:
        obj = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
               "spec": {"containers": [dict(name="c", image="x", **container)]}}
        return [p.field_path for p in evaluate(obj, load_profile("fks")).problems]
    assert problems({"ports": {}, "env": "x", "resources": []}) == [
        "spec.containers[0].ports", "spec.containers[0].env", "spec.containers[0].resources"]
    assert problems({"resources": [], "env": "x", "ports": {}}) == [
        "spec.containers[0].resources", "spec.containers[0].env", "spec.containers[0].ports"]
