import json

import jsonschema
import pytest

from rules import registry
from rules.profiles import load_profile
from rules.report import render, sarif_report

from tests.report.sample import RULES, SARIF_SCHEMA, VERSION, check_golden, clean, sample
from tests.report.test_json_report import many_findings


@pytest.fixture(scope="module")
def validator():
    if not SARIF_SCHEMA.exists():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA}")
    schema = json.loads(SARIF_SCHEMA.read_text())
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def sarif(result, **kw):
    return json.loads(sarif_report.render(result, rules=RULES, version=VERSION, **kw))


def test_golden():
    check_golden("report.sarif", sarif_report.render(sample(), rules=RULES, version=VERSION))


def test_golden_with_suppressed():
    check_golden("report-suppressed.sarif",
                 sarif_report.render(sample(show_suppressed=True), rules=RULES, version=VERSION))


@pytest.mark.parametrize("result", [sample(), sample(show_suppressed=True), clean()],
                         ids=["sample", "suppressed", "clean"])
def test_valid_against_sarif_schema(result, validator):
    errors = sorted(validator.iter_errors(sarif(result)), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_real_registry_and_profile_are_valid(validator):
    """Whatever the rules' docstrings say today, the catalogue makes valid SARIF."""
    result = sample()
    result.profile = load_profile("fks")
    doc = json.loads(render(result, "sarif"))
    assert not list(validator.iter_errors(doc))
    driver = doc["runs"][0]["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]][:len(registry.RULES)] == list(registry.RULES)


def test_rules_and_results():
    run = sarif(sample())["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    by_id = {r["id"]: r for r in rules}
    host = by_id["host-network"]
    assert host["name"] == "HostNetwork"
    assert host["shortDescription"]["text"] == "Pods that ask for the node's network namespace (`hostNetwork: true`)"
    assert host["fullDescription"]["text"] == "There is no shared host behind a nodeless Pod. Each Pod is its own micro-VM."
    assert "PASS" not in host["fullDescription"]["text"]
    assert host["defaultConfiguration"] == {"enabled": True, "level": "error"}
    assert "[Fly Kubernetes docs \\[beta\\]](https://fly.io/docs/kubernetes/)" in host["help"]["markdown"]
    assert "https://fly.io/docs/kubernetes/" in host["help"]["text"]
    assert host["properties"]["sources"] == ["fks-docs"]
    assert by_id["service-udp"]["defaultConfiguration"]["level"] == "note"
    assert by_id["gpu"]["defaultConfiguration"] == {"enabled": False, "level": "none"}

    results = run["results"]
    assert len(results) == len(sample().findings)        # suppressed ones not shown by default
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    first = results[0]
    assert first["level"] == "error"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "manifests/web.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 12, "startColumn": 9}}
    assert first["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == \
        "Deployment/prod/web:spec.template.spec.hostNetwork"
    assert results[2]["level"] == "note"
    # stdin from helm template: the template is the artifact, without the stream's line numbers
    assert results[3]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "agent/templates/daemonset.yaml", "uriBaseId": "%SRCROOT%"}}
    # odd file names are percent-encoded; cluster-scoped objects have no namespace segment
    assert results[5]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "dir/odd%20name%2C%20v1%3A2.yaml"
    assert results[5]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "ClusterRole/odd:rules[0]"
    # objects not read from a file: logical location only
    assert "physicalLocation" not in results[6]["locations"][0]


def test_input_errors_are_notifications():
    invocation = sarif(sample())["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["exitCode"] == 2
    notes = invocation["toolExecutionNotifications"]
    assert [n["level"] for n in notes] == ["error", "error"]
    assert notes[1]["message"]["text"] == "spec.template.spec.containers[1].ports: must be a list, not a string"
    assert notes[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 5}
    assert sarif(clean())["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_suppressions():
    results = sarif(sample(show_suppressed=True))["runs"][0]["results"]
    kinds = [r["suppressions"][0]["kind"] for r in results if "suppressions" in r]
    assert kinds == ["inSource", "external"]


def test_fingerprints_are_stable_and_ignore_lines():
    a = sarif(sample())["runs"][0]["results"]
    b = sarif(sample())["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in a] == [r["partialFingerprints"] for r in b]
    prints = [r["partialFingerprints"]["nodeless/v1"] for r in a]
    assert len(set(prints)) == len(prints)
    moved = sample()
    f = moved.findings[0]
    moved.findings[0] = type(f)(f.rule, f.severity, f.message, f.remediation, f.object, f.path,
                                type(f.location)(f.location.file, f.location.line + 10, 1))
    assert sarif(moved)["runs"][0]["results"][0]["partialFingerprints"] == a[0]["partialFingerprints"]


def test_fast_encoder_matches_reference():
    result = sample(show_suppressed=True)
    index = {rule_id: i for i, rule_id in enumerate(RULES)}
    expected = [sarif_report.result_dict(f, index) for f in result.findings]
    expected += [sarif_report.result_dict(f, index, suppressed=True) for f in result.suppressed]
    assert sarif(result)["runs"][0]["results"] == expected


def test_unknown_rule_gets_a_descriptor():
    result = sample()
    run = json.loads(sarif_report.render(result, rules={}, version=VERSION))["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert ids == list(dict.fromkeys(f.rule for f in result.findings + result.suppressed))


def test_absolute_paths_are_file_uris():
    assert sarif_report._artifact("/srv/k8s/a b.yaml", None, {}) == {"uri": "file:///srv/k8s/a%20b.yaml"}
    assert sarif_report._artifact("./k8s\\x.yaml", None, {}) == {"uri": "k8s/x.yaml", "uriBaseId": "%SRCROOT%"}


def test_many_findings_stay_valid(validator):
    doc = json.loads(sarif_report.render(many_findings(500), rules=RULES, version=VERSION))
    assert len(doc["runs"][0]["results"]) == 500
    assert not list(validator.iter_errors(doc))
