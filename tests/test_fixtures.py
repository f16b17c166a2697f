"""Per-rule pass/fail fixture manifests: every rule has both, and each behaves as named.

tests/fixtures/<rule-id>/pass-*.yaml must produce no finding of that rule, fail-*.yaml at least one.
A first line `# options: {json}` applies rule options. NODELESS_RULE=<id> limits the run to one rule.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from rules import registry
from rules.findings import InputError
from rules.loader import load_documents
from rules.objects import view

FIXTURES = Path(__file__).parent / "fixtures"
ONLY = os.environ.get("NODELESS_RULE")


def _cases():
    for rule_id in registry.RULES:
        if ONLY and rule_id != ONLY:
            continue
        folder = FIXTURES / rule_id
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
            yield pytest.param(rule_id, path, id=f"{rule_id}/{path.name}")


def _violations(rule_id: str, path: Path):
    rule = registry.get(rule_id)
    data = path.read_bytes()
    first = data.split(b"\n", 1)[0].decode()
    options = json.loads(first.split(":", 1)[1]) if first.startswith("# options:") else {}
    assert set(options) <= set(rule.CONF), f"{path.name}: unknown options {set(options) - set(rule.CONF)}"
    conf = {**rule.DEFAULT, **options}
    out, objects = [], 0
    for doc in load_documents(data, str(path)):
        assert not isinstance(doc, InputError), str(doc)
        objects += 1
        v = view(doc.obj)
        assert not v.problems, v.problems
        if rule.SCOPE == "pod":
            for pod in v.pods:
                out.extend(rule.check(pod, conf))
        elif (v.group, v.kind) in rule.KINDS:
            out.extend(rule.check(v, conf))
    assert objects, f"{path.name} holds no Kubernetes object"
    return out


@pytest.mark.parametrize("rule_id, path", list(_cases()))
def test_fixture(rule_id, path):
    violations = _violations(rule_id, path)
    if path.name.startswith("pass-"):
        assert violations == [], f"{path.name} should pass {rule_id}"
    else:
        assert path.name.startswith("fail-"), f"{path.name}: fixtures are named pass-* or fail-*"
        assert violations, f"{path.name} should fail {rule_id}"
        for v in violations:
            assert v.path and v.message, v


def test_every_rule_has_pass_and_fail_fixtures():
    missing = []
    for rule_id in registry.RULES:
        names = [p.name for p in (FIXTURES / rule_id).glob("*.yaml")] if (FIXTURES / rule_id).is_dir() else []
        if not any(n.startswith("pass-") for n in names):
            missing.append(f"{rule_id}: no pass-*.yaml")
        if not any(n.startswith("fail-") for n in names):
            missing.append(f"{rule_id}: no fail-*.yaml")
    assert not missing, "\n".join(missing)


def test_no_fixture_folder_without_a_rule():
    extra = [p.name for p in FIXTURES.iterdir() if p.is_dir() and p.name not in registry.RULES]
    assert not extra, f"fixture folders for unknown rules: {extra}"
