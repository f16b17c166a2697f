"""`nodeless serve`, `nodeless certs` and `nodeless manifests`: the webhook's subcommands.

`cli.py` calls `add_parsers(subparsers)` and then `args.func(args)`, which returns the exit code.
Nothing heavy is imported here: Flask, gunicorn and cryptography load inside the functions.
"""
from __future__ import annotations

import argparse
import os
import sys

DEFAULT_SERVICE = "nodeless-webhook"
DEFAULT_NAMESPACE = "nodeless-system"


def add_parsers(subparsers) -> None:
    p = subparsers.add_parser(
        "serve", help="run the validating admission webhook (gunicorn, TLS)",
        description="Serve the admission webhook over TLS with gunicorn. The certificate and key are "
                    "reloaded when their files change. Endpoints: POST /validate[/<profile>], "
                    "/warn/<profile>, /audit/<profile>; GET /healthz, /readyz, /metrics.")
    p.add_argument("--tls-cert", required=True, metavar="F", help="serving certificate (PEM)")
    p.add_argument("--tls-key", required=True, metavar="F", help="its private key (PEM)")
    p.add_argument("--host", default="0.0.0.0", metavar="H", help="address to bind (default 0.0.0.0)")
    p.add_argument("--port", type=int, default=8443, help="port (default 8443)")
    p.add_argument("--profile", metavar="P", help="profile enforced by POST /validate "
                   "(default: the config file's, else the default profile)")
    p.add_argument("--workers", type=int, default=2, metavar="N", help="worker processes (default 2)")
    p.add_argument("--config", metavar="F", help=".nodeless.yaml with exemptions, as for lint")
    p.set_defaults(func=serve)

    p = subparsers.add_parser(
        "certs", help="make a CA and a serving certificate for the webhook",
        description="Create a CA and a serving certificate for S.N.svc and S.N.svc.cluster.local "
                    "(plus --dns/--ip extras) in D: ca.crt, ca.key, tls.crt, tls.key (keys 0600). "
                    "Prints the base64 CA bundle for the webhook configuration's caBundle.")
    p.add_argument("--service", default=DEFAULT_SERVICE, metavar="S",
                   help=f"Service name (default {DEFAULT_SERVICE})")
    p.add_argument("--namespace", default=DEFAULT_NAMESPACE, metavar="N",
                   help=f"its namespace (default {DEFAULT_NAMESPACE})")
    p.add_argument("--out-dir", required=True, metavar="D", help="folder for the four files")
    p.add_argument("--dns", action="extend", nargs="+", default=[], metavar="NAME",
                   help="extra DNS names")
    p.add_argument("--ip", action="extend", nargs="+", default=[], metavar="ADDR",
                   help="extra IP addresses (e.g. 127.0.0.1 for an out-of-cluster webhook)")
    p.add_argument("--days", type=int, default=365, help="validity of the serving certificate")
    p.add_argument("--force", action="store_true", help="replace existing keys and certificates")
    p.set_defaults(func=certs)

    p = subparsers.add_parser(
        "manifests", help="render the webhook's install manifests",
        description="Render the install (namespace, Deployment, Service, PDB, ServiceAccount and "
                    "the ValidatingWebhookConfiguration) with the CA bundle filled in; or only the "
                    "webhook configuration (--webhook-only); or one calling an out-of-cluster "
                    "--url. Namespaces choose profile and mode by label, as with Pod Security "
                    "Admission: nodeless.dev/enforce=<profile>, nodeless.dev/warn=<profile>, "
                    "nodeless.dev/audit=<profile>.")
    p.add_argument("--ca-bundle", metavar="F", help="CA certificate (PEM, e.g. ca.crt from "
                   "`nodeless certs`) or its base64; '-' reads stdin")
    p.add_argument("--profiles", nargs="+", metavar="P", help="profiles to route (default: all shipped)")
    p.add_argument("--url", metavar="https://...", help="call the webhook at this base URL instead of "
                   "the in-cluster Service (implies --webhook-only)")
    p.add_argument("--webhook-only", action="store_true",
                   help="only the ValidatingWebhookConfiguration")
    p.add_argument("--workload-failure-policy", choices=("Ignore", "Fail"), default="Ignore",
                   help="failurePolicy of the enforce webhooks for workloads (Pods always Fail)")
    p.add_argument("--custom-resource", action="extend", nargs="+", default=[], metavar="GROUP/RESOURCE",
                   help="also route these custom resources with pod templates, e.g. argoproj.io/rollouts "
                        "serving.knative.dev/services")
    p.add_argument("--namespace", default=DEFAULT_NAMESPACE, help="namespace of the install")
    p.set_defaults(func=manifests)


def _fail(message: str, code: int = 2) -> int:
    print(f"nodeless: {message}", file=sys.stderr)
    return code


def serve(args: argparse.Namespace) -> int:
    for what, path in (("--tls-cert", args.tls_cert), ("--tls-key", args.tls_key),
                       ("--config", args.config)):
        if path and not os.path.isfile(path):
            return _fail(f"{what} {path}: no such file")
    if args.workers < 1 or not 0 < args.port < 65536:
        return _fail("--workers must be >= 1 and --port in 1..65535")
    from webhook.tlsreload import make_context
    try:
        make_context(args.tls_cert, args.tls_key)
    except Exception as exc:  # noqa: BLE001 - any reason the pair does not load, said plainly
        return _fail(f"cannot use {args.tls_cert} / {args.tls_key}: {exc}")
    env = dict(os.environ)
    env.update(NODELESS_TLS_CERT=os.path.abspath(args.tls_cert),
               NODELESS_TLS_KEY=os.path.abspath(args.tls_key),
               NODELESS_HOST=args.host, NODELESS_PORT=str(args.port),
               NODELESS_WORKERS=str(args.workers))
    if args.profile:
        env["NODELESS_PROFILE"] = args.profile
    if args.config:
        env["NODELESS_CONFIG_FILE"] = os.path.abspath(args.config)
    argv = [sys.executable, "-m", "gunicorn", "-c", "python:webhook.gunicorn_conf"]
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, argv, env)   # gunicorn becomes this process (signals, PID 1)
    return 0  # not reached


def certs(args: argparse.Namespace) -> int:
    from webhook.certs import CertsError, issue
    try:
        issued = issue(args.service, args.namespace, args.out_dir, args.dns, args.ip,
                       force=args.force, days=args.days)
    except CertsError as exc:
        return _fail(str(exc))
    names = ", ".join(issued.dns_names + issued.ip_addresses)
    print(f"wrote ca.crt, ca.key, tls.crt, tls.key to {issued.out_dir} for {names}", file=sys.stderr)
    print(issued.ca_bundle_b64)
    return 0


def manifests(args: argparse.Namespace) -> int:
    from webhook import manifests as m
    try:
        ca_bundle = m.read_ca_bundle(args.ca_bundle) if args.ca_bundle else ""
        profiles = args.profiles or m.shipped_profiles()
        text = m.render(profiles=profiles, ca_bundle=ca_bundle, url=args.url,
                        webhook_only=args.webhook_only or bool(args.url),
                        namespace=args.namespace,
                        workload_failure_policy=args.workload_failure_policy,
                        custom_resources=args.custom_resource)
    except m.ManifestError as exc:
        return _fail(str(exc))
    sys.stdout.write(text)
    return 0
