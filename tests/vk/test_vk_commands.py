"""`nodeless vk` argument wiring, and the promise that importing it stays light."""
import argparse
import re
import subprocess
import sys

import pytest

from vk import commands


def parse(*argv):
    ap = argparse.ArgumentParser(prog="nodeless")
    sub = ap.add_subparsers(dest="command")
    commands.add_parser(sub)
    return ap.parse_args(["vk", *argv])


def test_defaults_and_required_node_name():
    args = parse("--node-name", "vn1")
    assert (args.node_name, args.backend, args.profile, args.kubelet_port, args.pods) == ("vn1", "mock", None, 10250, 1000)
    assert args.func is commands.run
    with pytest.raises(SystemExit):
        parse()


def test_every_flag():
    args = parse("--node-name", "vn1", "--profile", "eks-fargate", "--backend", "mock", "--kubeconfig", "k",
                 "--config", ".nodeless.yaml", "--cpu", "4", "--memory", "8Gi", "--pods", "50",
                 "--kubelet-port", "10443", "--tls-cert", "c", "--tls-key", "k2", "--client-ca", "ca",
                 "--node-ip", "10.0.0.7", "--workers", "2")
    assert (args.profile, args.cpu, args.memory, args.pods, args.kubelet_port, args.node_ip) == (
        "eks-fargate", "4", "8Gi", 50, 10443, "10.0.0.7")


def test_cert_without_key_is_a_usage_error(capsys):
    assert commands.run(parse("--node-name", "vn1", "--tls-cert", "c")) == 2
    assert "--tls-key" in capsys.readouterr().err


def test_importing_vk_is_light():
    code = ("import sys, vk, vk.commands, vk.decisions, vk.provider, vk.backends\n"
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('kubernetes', 'flask', 'cryptography', 'urllib3'))\n"
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_rules_do_not_import_the_provider():
    code = ("import sys, rules.engine\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('vk', 'kubernetes')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if out.returncode:
        pytest.skip("rules.engine not importable yet")
    assert out.stdout.strip() == "[]"


def test_only_the_adapter_imports_kubernetes():
    from pathlib import Path
    root = Path(commands.__file__).parent
    pattern = re.compile(r"^\s*(import kubernetes|from kubernetes)", re.M)
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.py")
                 if p.name != "kube.py" and pattern.search(p.read_text())]
    assert offenders == []


@pytest.mark.parametrize("extra, words", [
    (["--profile", "no-such-profile"], "no-such-profile"),
    (["--kubeconfig", "/nonexistent/kubeconfig"], "Kubernetes configuration"),
    (["--backend", "no-such-cloud"], "choose from: mock"),
])
def test_setup_errors_are_clean_exit_2(extra, words, capsys):
    pytest.importorskip("rules.engine")
    args = parse("--node-name", "vn1", "--kubelet-port", "0", *extra)
    assert commands.run(args) == 2
    assert words in capsys.readouterr().err
