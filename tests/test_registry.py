"""Meta-tests over the real rule set (as PSA's TestValidChecks and kube-linter's well-formed checks)."""
from __future__ import annotations

import ast
from pathlib import Path

from rules import registry

REPO = Path(__file__).resolve().parents[1]


def test_rule_set_is_well_formed():
    assert registry.validate() == []


def test_the_public_rule_ids_exist():
    anchors = """multi-container init-containers sidecar-containers ephemeral-containers empty-dir host-path
    persistent-volume-claim ephemeral-volume volume-types volume-devices stateful-set daemon-set cron-job
    network-policy horizontal-pod-autoscaler service-node-port service-udp gateway-api host-network host-pid
    host-ipc host-port privileged capabilities security-context sysctls host-aliases container-ports probes
    startup-probe lifecycle-hooks working-dir args-without-command env-field-ref stdin-tty resources-missing
    resources-exceed burstable-resources ephemeral-storage gpu node-selector node-affinity pod-affinity
    virtual-node-toleration termination-grace-period windows arm64 shape-rounding ignored-container-fields
    system-priority-class managed-namespace load-balancer-targets service-ipv6""".split()
    assert sorted(anchors) == sorted(registry.RULES)


def test_no_rule_is_a_stub():
    stubs = [r for r, m in registry.RULES.items() if "TODO" in (m.__doc__ or "") or "TODO" in m.REMEDIATION]
    assert stubs == []


def test_one_module_per_rule_and_module_named_after_its_id():
    modules = sorted(p.stem for p in (REPO / "rules" / "checks").glob("*.py") if p.stem != "__init__")
    assert modules == sorted(r.replace("-", "_") for r in registry.RULES)


def test_unknown_rule_is_a_clear_error():
    try:
        registry.get("no-such-rule")
    except registry.UnknownRule as exc:
        assert "no-such-rule" in str(exc)
    else:
        raise AssertionError("expected UnknownRule")


def test_rules_import_nothing_from_the_faces_or_kubernetes_clients():
    banned = ("webhook", "vk", "flask", "gunicorn", "kubernetes", "cryptography", "cli")
    offenders = []
    for path in (REPO / "rules").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.relative_to(REPO)}: {n}" for n in names if n.split(".")[0] in banned]
    assert offenders == []


def test_option_and_file_schemas_are_valid_json_schemas():
    # The loaders build validators without re-checking schemas on every load (start-up speed).
    import json

    from jsonschema import Draft202012Validator
    for rule_id, rule in registry.RULES.items():
        for key, schema in rule.CONF.items():
            Draft202012Validator.check_schema(schema)
    for name in ("profile", "config", "report"):
        Draft202012Validator.check_schema(json.loads((REPO / "rules" / "schemas" / f"{name}.schema.json").read_text()))
