"""The CLI hook: `webhook.commands.add_parsers` and a lint path that stays light."""
from __future__ import annotations

import argparse
import subprocess
import sys

from tests.webhook.webhook_support import ROOT


def test_importing_webhook_and_commands_loads_nothing_heavy():
    code = ("import sys, webhook, webhook.commands, webhook.review, webhook.manifests; "
            "heavy = [m for m in ('flask', 'werkzeug', 'gunicorn', 'cryptography', 'kubernetes', "
            "'prometheus_client') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_add_parsers_registers_the_three_subcommands():
    from webhook.commands import add_parsers
    parser = argparse.ArgumentParser()
    add_parsers(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["serve", "--tls-cert", "c", "--tls-key", "k", "--host", "127.0.0.1",
                              "--port", "9443", "--profile", "eks-fargate", "--workers", "3",
                              "--config", "x.yaml"])
    assert (args.port, args.workers, args.profile, args.config) == (9443, 3, "eks-fargate", "x.yaml")
    assert callable(args.func)
    args = parser.parse_args(["certs", "--service", "s", "--namespace", "n", "--out-dir", "d",
                              "--dns", "a", "b", "--ip", "127.0.0.1", "--dns", "c", "--force"])
    assert args.dns == ["a", "b", "c"] and args.ip == ["127.0.0.1"] and args.force
    args = parser.parse_args(["manifests", "--ca-bundle", "ca.crt", "--profiles", "fks", "eks-fargate",
                              "--url", "https://10.0.0.1:8443", "--webhook-only"])
    assert args.profiles == ["fks", "eks-fargate"] and args.webhook_only and callable(args.func)


def test_gunicorn_can_load_the_app_factory():
    code = ("import webhook; app = webhook.create_app({'LOG_LEVEL': 'WARNING'}); "
            "print(app.test_client().get('/healthz').status_code)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "200"
