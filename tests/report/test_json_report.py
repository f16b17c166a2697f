import json

import jsonschema
import pytest

from rules.findings import Finding, Location, ObjectRef
from rules.report import JSON_VERSION, LintResult, json_report, render

from tests.report.sample import PROFILE, REPORT_SCHEMA, check_golden, clean, sample


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(REPORT_SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_golden():
    check_golden("report.json", json_report.render(sample()))


def test_golden_clean_run():
    check_golden("report-clean.json", json_report.render(clean()))


@pytest.mark.parametrize("result", [sample(), sample(show_suppressed=True, fail_on="info"), clean()],
                         ids=["sample", "fail-on-info", "clean"])
def test_valid_against_schema(result, validator):
    doc = json.loads(json_report.render(result))
    validator.validate(doc)


def test_schema_rejects_drift(validator):
    doc = json.loads(json_report.render(sample()))
    doc["findings"][0]["extra"] = 1
    assert not validator.is_valid(doc)
    doc = json.loads(json_report.render(sample()))
    del doc["suppressed"][0]["suppressedBy"]
    assert not validator.is_valid(doc)


def test_shape():
    result = sample()
    doc = json.loads(render(result, "json"))
    assert doc["version"] == JSON_VERSION
    assert doc["profile"] == {"name": "fks", "title": "Fly Kubernetes", "version": "2026-08"}
    assert doc["summary"] == {"errors": 4, "warnings": 2, "infos": 1, "suppressed": 2, "inputErrors": 2,
                              "files": 5, "documents": 9, "objects": 7, "skipped": 2, "failOn": "error",
                              "failed": True, "exitCode": 2}
    required = {"rule", "severity", "file", "line", "column", "path", "object", "message", "remediation"}
    assert all(required <= set(f) for f in doc["findings"])
    first = doc["findings"][0]
    assert first["path"] == "spec.template.spec.hostNetwork"
    assert first["object"] == {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "prod", "name": "web"}
    no_file = doc["findings"][-1]
    assert (no_file["file"], no_file["line"], no_file["column"]) == (None, None, None)
    assert doc["findings"][3]["origin"] == "agent/templates/daemonset.yaml"
    # suppressed findings are data: always listed, whatever show_suppressed says
    assert [s["suppressedBy"] for s in doc["suppressed"]] == [
        "annotation nodeless.dev/ignore", "config exemption #1 (.nodeless.yaml): the probe needs the node network"]
    assert doc["errors"][1] == {"file": "manifests/web.yaml", "line": 40, "column": 11,
                                "field": "spec.template.spec.containers[1].ports",
                                "message": "must be a list, not a string"}


def test_fast_encoder_matches_reference():
    result = sample()
    doc = json.loads(json_report.render(result))
    assert doc["findings"] == [json_report.finding_dict(f) for f in result.findings]
    assert doc["suppressed"] == [dict(json_report.finding_dict(f), suppressedBy=f.suppressed_by)
                                 for f in result.suppressed]


def test_one_finding_per_line():
    out = json_report.render(sample())
    lines = out.splitlines()
    starts = [line for line in lines if line.startswith('    {"rule": ')]
    assert len(starts) == len(sample().findings) + len(sample().suppressed)
    assert out.endswith("}\n")


def many_findings(n: int = 10_000) -> LintResult:
    findings = []
    for i in range(n):
        ref = ObjectRef("apps/v1", "Deployment", f"ns-{i % 7}", f"web-{i // 5}")
        path = ("spec", "template", "spec", "containers", i % 5, "securityContext", "capabilities", "add", i % 3)
        findings.append(Finding("capabilities", "warning", f"Container 'c{i % 5}' adds NET_ADMIN", "Drop it.",
                                ref, path, Location(f"manifests/app-{i // 50}.yaml", i + 1, 17), "a note",
                                ("fks-docs",)))
    return LintResult(profile=PROFILE, findings=findings, files=200, documents=2000, objects=2000)


def test_ten_thousand_findings_render_whole():
    # Its speed is measured by bench/lint_corpus.py (full lint with the JSON report), not here:
    # timed unit tests fail at random on a shared machine.
    result = many_findings()
    doc = json.loads(json_report.render(result))
    assert len(doc["findings"]) == 10_000
    assert doc["findings"][-1] == json.loads(json.dumps(json_report.finding_dict(result.findings[-1])))
