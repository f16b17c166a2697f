"""The CLI as a function: cli.main([...]) -> exit code, with captured output."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from rules import registry

REPO = Path(__file__).resolve().parents[1]

POD = textwrap.dedent("""\
    apiVersion: v1
    kind: Pod
    metadata:
      name: p
      namespace: ns
    spec:
      hostNetwork: true
      containers:
      - name: app
        image: nginx
    """)
CLEAN = textwrap.dedent("""\
    apiVersion: v1
    kind: Service
    metadata: {name: s}
    spec:
      selector: {app: s}
      ports: [{port: 80}]
    """)


def write(tmp: Path, name: str, text: str) -> str:
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return str(path)


def test_findings_at_error_exit_1_and_name_file_line_column(run_cli, in_tmp):
    f = write(in_tmp, "pod.yaml", POD)
    r = run_cli("lint", f, "--profile", "eks-fargate", "--format", "json")
    assert r.code == 1, r
    report = json.loads(r.out)
    (hit,) = [x for x in report["findings"] if x["rule"] == "host-network"]
    assert (hit["file"], hit["line"], hit["column"], hit["path"]) == (f, 7, 3, "spec.hostNetwork")
    assert hit["severity"] == "error" and hit["object"]["name"] == "p"
    assert report["summary"]["exitCode"] == 1


def test_clean_input_exits_0(run_cli, in_tmp):
    r = run_cli("lint", write(in_tmp, "svc.yaml", CLEAN), "--profile", "eks-fargate")
    assert r.code == 0, r


def test_fail_on_lowers_the_threshold(run_cli, in_tmp):
    f = write(in_tmp, "np.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
                                  "  containers: [{name: a, image: x, workingDir: /w}]\n")
    assert run_cli("lint", f, "--profile", "fks", "--fail-on", "error").code == 0
    assert run_cli("lint", f, "--profile", "fks", "--fail-on", "warning").code == 1


def test_input_errors_exit_2_but_every_other_document_is_linted(run_cli, in_tmp):
    good = write(in_tmp, "a/pod.yaml", POD)
    write(in_tmp, "a/broken.yaml", "kind: [\n")
    write(in_tmp, "a/notes.txt", "not linted: wrong extension")
    r = run_cli("lint", str(in_tmp / "a"), "--profile", "eks-fargate", "--format", "json")
    assert r.code == 2, r
    report = json.loads(r.out)
    assert [e["file"] for e in report["errors"]] == [str(in_tmp / "a" / "broken.yaml")]
    assert report["errors"][0]["line"] == 2
    assert any(x["file"] == good and x["rule"] == "host-network" for x in report["findings"])


def test_missing_path_is_an_input_error(run_cli, in_tmp):
    r = run_cli("lint", "nope.yaml")
    assert r.code == 2 and "no such file" in r.out


def test_stdin_and_helm_source_origins(run_cli, in_tmp):
    stream = "---\n# Source: shop/templates/pod.yaml\n" + POD
    r = run_cli("lint", "-", "--profile", "eks-fargate", "--format", "json", stdin=stream.encode())
    assert r.code == 1, r
    (hit,) = [x for x in json.loads(r.out)["findings"] if x["rule"] == "host-network"]
    assert hit["file"] == "-" and hit["origin"] == "shop/templates/pod.yaml" and hit["line"] == 9


def test_output_file(run_cli, in_tmp):
    out = in_tmp / "report.sarif"
    r = run_cli("lint", write(in_tmp, "pod.yaml", POD), "--profile", "eks-fargate",
                "--format", "sarif", "--output", str(out))
    assert r.code == 1 and r.out == ""
    assert json.loads(out.read_text())["version"] == "2.1.0"


def test_usage_errors_exit_2(run_cli, in_tmp):
    assert run_cli("lint").code == 2
    assert run_cli("lint", "x.yaml", "--format", "xml").code == 2
    r = run_cli("lint", write(in_tmp, "p.yaml", POD), "--profile", "no-such-provider")
    assert r.code == 2 and "unknown profile" in r.err
    assert run_cli("explain", "no-such-rule").code == 2


def test_annotation_suppresses_and_show_suppressed_lists(run_cli, in_tmp):
    text = POD.replace("  namespace: ns\n", "  namespace: ns\n  annotations:\n"
                                            "    nodeless.dev/ignore: \"host-network, privileged\"\n")
    f = write(in_tmp, "pod.yaml", text)
    r = run_cli("lint", f, "--profile", "eks-fargate", "--format", "json")
    report = json.loads(r.out)
    assert all(x["rule"] != "host-network" for x in report["findings"])
    assert [x["rule"] for x in report["suppressed"]] == ["host-network"]
    assert report["summary"]["suppressed"] == 1
    text_run = run_cli("lint", f, "--profile", "eks-fargate", "--show-suppressed")
    assert "host-network" in text_run.out


def test_annotation_on_the_pod_template_and_all(run_cli, in_tmp):
    deploy = textwrap.dedent("""\
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        spec:
          template:
            metadata:
              annotations: {nodeless.dev/ignore: all}
            spec:
              hostNetwork: true
              containers: [{name: a, image: x}]
        """)
    r = run_cli("lint", write(in_tmp, "d.yaml", deploy), "--profile", "eks-fargate", "--format", "json")
    assert json.loads(r.out)["findings"] == [] and r.code == 0


def test_config_file_is_found_upward_and_applies_profile_levels_and_exemptions(run_cli, in_tmp, monkeypatch):
    write(in_tmp, ".nodeless.yaml", textwrap.dedent("""\
        profile: eks-fargate
        rules:
          privileged: off
        exemptions:
          - rules: [host-network]
            namespaces: [ns]
            names: ["p*"]
            reason: runs on the EC2 node group
        """))
    f = write(in_tmp, "deep/dir/pod.yaml", POD.replace("image: nginx", "image: nginx\n    securityContext: {privileged: true}"))
    monkeypatch.chdir(in_tmp / "deep" / "dir")
    r = run_cli("lint", "pod.yaml", "--format", "json", "--show-suppressed")
    report = json.loads(r.out)
    assert report["profile"]["name"] == "eks-fargate"
    rules = {x["rule"] for x in report["findings"]}
    assert "privileged" not in rules and "host-network" not in rules
    assert report["suppressed"][0]["suppressedBy"].startswith("config exemption")


def test_invalid_config_names_the_file_and_field(run_cli, in_tmp):
    cfg = write(in_tmp, "bad.yaml", "profile: fks\nrules:\n  privileged: loud\n")
    r = run_cli("lint", write(in_tmp, "p.yaml", POD), "--config", cfg)
    assert r.code == 2 and "bad.yaml" in r.err and "rules.privileged" in r.err


def test_user_profile_extends_a_shipped_one(run_cli, in_tmp):
    prof = write(in_tmp, "mine.yaml", "profile: mine\nextends: eks-fargate\nrules:\n  host-network: {level: warning}\n")
    r = run_cli("lint", write(in_tmp, "p.yaml", POD), "--profile", prof, "--format", "json")
    hit = [x for x in json.loads(r.out)["findings"] if x["rule"] == "host-network"][0]
    assert hit["severity"] == "warning"


def test_rules_and_explain(run_cli):
    r = run_cli("rules", "--format", "json")
    data = json.loads(r.out)
    assert r.code == 0 and len(data["rules"]) == len(registry.RULES)
    assert {p["name"] for p in data["profiles"]} >= {"fks", "eks-fargate", "gke-autopilot"}
    r = run_cli("explain", "shape-rounding")
    assert r.code == 0 and "eks-fargate" in r.out and "PASS" in r.out


def test_jobs_give_the_same_report_as_one_process(run_cli, in_tmp):
    for i in range(80):
        write(in_tmp, f"m/{i:03}.yaml", POD.replace("name: p", f"name: p{i}"))
    one = run_cli("lint", str(in_tmp / "m"), "-j", "1", "--profile", "eks-fargate", "--format", "json")
    two = run_cli("lint", str(in_tmp / "m"), "-j", "2", "--profile", "eks-fargate", "--format", "json")
    assert one.out == two.out and one.code == two.code == 1
    assert json.loads(one.out)["summary"]["files"] == 80


def test_lint_path_imports_no_server_libraries(tmp_path):
    f = write(tmp_path, "p.yaml", POD)
    code = ("import sys, cli; cli.main(['lint', %r, '-f', 'json', '-o', %r]); "
            "print(sorted(m for m in ('flask', 'gunicorn', 'kubernetes', 'cryptography', 'jsonschema')"
            " if m in sys.modules))"
            % (f, str(tmp_path / "out.json")))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert out.stdout.strip() == "[]", out.stderr


def test_python_cli_py_works_from_a_checkout(tmp_path):
    f = write(tmp_path, "svc.yaml", CLEAN)
    out = subprocess.run([sys.executable, str(REPO / "cli.py"), "lint", f], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_a_mapping_where_a_list_belongs_is_an_input_error_naming_file_line_and_field(run_cli, in_tmp):
    f = write(in_tmp, "shape.yaml", textwrap.dedent("""\
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        spec:
          template:
            spec:
              containers:
                name: app
                image: nginx
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: still-linted}
        spec:
          hostNetwork: true
          containers: [{name: a, image: x}]
        """))
    r = run_cli("lint", f, "--profile", "eks-fargate", "--format", "json")
    report = json.loads(r.out)
    assert r.code == 2
    (err,) = report["errors"]
    assert (err["file"], err["line"], err["field"]) == (f, 7, "spec.template.spec.containers")
    assert "expected a list, found a mapping" in err["message"]
    assert any(x["object"]["name"] == "still-linted" for x in report["findings"])
