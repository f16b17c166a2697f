"""The real engine behind the provider: same engine, profile and config as the CLI and the webhook."""
import pytest
from vkhelpers import NODE, make_pod, wait_for

pytest.importorskip("rules.engine")

from vk.judge import make_judge  # noqa: E402

STRICT = """\
profile: vk-test-strict
extends: fks
rules:
  host-network: {level: error}
  multi-container: {level: error}
  resources-missing: {level: warning}
"""


@pytest.fixture
def strict(tmp_path):
    path = tmp_path / "strict.yaml"
    path.write_text(STRICT)
    return str(path)


def test_default_profile_judges_a_pod():
    judge = make_judge()
    v = judge(make_pod("p"))
    assert v.profile == judge.profile and not v.refused


def test_errors_name_rule_and_field_path(strict):
    judge = make_judge(strict)
    pod = make_pod("p", containers=2, host_network=True)
    v = judge(pod)
    assert v.refused
    assert {(i.rule, i.field_path) for i in v.errors} >= {("host-network", "spec.hostNetwork"),
                                                          ("multi-container", "spec.containers[1]")}
    assert all(i.rule != "resources-missing" for i in v.errors)


def test_whole_provider_with_the_real_engine(api, kube, strict):
    from vk.backends.mock import MockBackend
    from vk.node import NodeConfig
    from vk.runner import Provider
    judge = make_judge(strict)
    p = Provider(kube, MockBackend(), judge, NodeConfig(NODE, judge.profile, renew_interval=0.5),
                 workers=2, max_backoff=0.5).start()
    try:
        api.create("pods", make_pod("good"))
        api.create("pods", make_pod("bad", host_network=True))
        wait_for(lambda: (api.get("pods", "bad").get("status") or {}).get("phase") == "Failed")
        wait_for(lambda: (api.get("pods", "good").get("status") or {}).get("phase") == "Running")
        msg = api.get("pods", "bad")["status"]["message"]
        assert "profile vk-test-strict" in msg and "host-network at spec.hostNetwork" in msg
        assert api.get("nodes", NODE, None)["metadata"]["labels"]["nodeless.dev/profile"] == "vk-test-strict"
    finally:
        p.stop()


def test_engine_failure_refuses_the_pod(monkeypatch):
    import rules.engine

    def boom(*a, **kw):
        raise RuntimeError("unexpected shape")
    monkeypatch.setattr(rules.engine, "evaluate", boom)
    v = make_judge()(make_pod("p"))
    assert v.refused and v.errors[0].rule == "engine-error" and "unexpected shape" in v.errors[0].message


def test_config_levels_and_exemptions_apply_as_in_the_cli(tmp_path):
    config = tmp_path / ".nodeless.yaml"
    config.write_text("profile: eks-fargate\nrules:\n  host-network: warning\n"
                      "exemptions:\n  - rules: [privileged]\n    names: [p]\n")
    pod = make_pod("p", host_network=True)
    pod["spec"]["containers"][0]["securityContext"] = {"privileged": True}
    v = make_judge(None, str(config))
    verdict = v(pod)
    assert v.profile == "eks-fargate"
    assert not verdict.refused, verdict.errors
    assert [i.rule for i in verdict.warnings] == ["host-network"]
