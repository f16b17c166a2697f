"""The engine skips a pod rule for pods that set none of its FIELDS. That is only sound if such a
pod never yields a finding: checked here for every rule fixture and every corpus document, with
the rule's defaults, each shipped profile's options, and the fixture's own options."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CORPUS
from rules import registry
from rules.engine import _GATES, _opens
from rules.findings import InputError
from rules.loader import iter_paths, load_documents
from rules.objects import view
from rules.profiles import available_profiles, load_profile

FIXTURES = Path(__file__).parent / "fixtures"
GATED = [m for m, gate in _GATES.items() if gate is not None]


def _option_sets(rule) -> list[dict]:
    sets = [dict(rule.DEFAULT)]
    for name in available_profiles():
        setting = load_profile(name).rules.get(rule.ID)
        if setting is not None:
            sets.append({**rule.DEFAULT, **setting.options})
    return sets


OPTIONS = {m: _option_sets(m) for m in GATED}


def _pods(data: bytes, name: str):
    for doc in load_documents(data, name):
        if not isinstance(doc, InputError):
            yield from view(doc.obj).pods


def _closed_but_found(pods, extra_options: dict | None = None) -> list[str]:
    wrong = []
    for pod in pods:
        for rule in GATED:
            if _opens(_GATES[rule], pod):
                continue
            options = OPTIONS[rule] + ([{**rule.DEFAULT, **extra_options[rule.ID]}]
                                       if extra_options and rule.ID in extra_options else [])
            for conf in options:
                found = list(rule.check(pod, conf))
                if found:
                    wrong.append(f"{rule.ID} skipped but finds {found[0]} (options {conf})")
    return wrong


def test_the_gated_rules_are_the_ones_expected():
    # The rules that report what is missing must always run.
    assert {m.ID for m in GATED}.isdisjoint({"resources-missing", "virtual-node-toleration"})
    assert len(GATED) >= 25


def test_a_gate_opens_on_the_fields_it_names():
    pod = view({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
                "spec": {"hostNetwork": True, "containers": [{"name": "a", "image": "x", "stdin": True}],
                         "volumes": [{"name": "v", "emptyDir": {}}]}}).pods[0]
    by_id = {m.ID: m for m in GATED}
    for rule_id in ("host-network", "stdin-tty", "empty-dir"):
        assert _opens(_GATES[by_id[rule_id]], pod), rule_id
    for rule_id in ("host-pid", "lifecycle-hooks", "host-path"):
        assert not _opens(_GATES[by_id[rule_id]], pod), rule_id


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*/*.yaml")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_fixture_finding_is_skipped(path):
    data = path.read_bytes()
    first = data.split(b"\n", 1)[0].decode()
    options = json.loads(first.split(":", 1)[1]) if first.startswith("# options:") else {}
    assert _closed_but_found(_pods(data, str(path)), {path.parent.name: options}) == []


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present beside the repo")
def test_no_corpus_finding_is_skipped():
    wrong = []
    for path in iter_paths([str(CORPUS)]):
        wrong += [f"{path}: {w}" for w in _closed_but_found(_pods(Path(path).read_bytes(), path))]
    assert wrong == [], "\n".join(wrong[:20])
