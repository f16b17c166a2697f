"""`nodeless vk`: the subcommand's arguments. Light: imports nothing heavy until it runs."""
from __future__ import annotations

import os
import sys

from .backends import BACKENDS, ENTRY_POINT_GROUP


def _default_node_ip() -> str:
    return os.environ.get("VK_NODE_IP") or os.environ.get("POD_IP") or "127.0.0.1"


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "vk", help="run a Virtual Kubelet that only runs Pods passing the rules",
        description="Register a virtual Node; every Pod bound to it is judged with the profile. "
                    "Failing Pods are refused (phase Failed, reason NodelessUnsupported, a Warning "
                    "Event); passing Pods are handed to the backend.")
    p.add_argument("--node-name", required=True, help="name of the virtual Node")
    p.add_argument("--profile", help="provider profile (default: the config's, else the engine's default)")
    p.add_argument("--config", metavar="FILE", help=".nodeless.yaml with exemptions and a profile")
    p.add_argument("--backend", default="mock",
                   help=f"where Pods run: {', '.join(sorted(BACKENDS))}, or one registered under the "
                        f"entry point group {ENTRY_POINT_GROUP} (default: mock)")
    p.add_argument("--kubeconfig", metavar="FILE",
                   help="kubeconfig file (default: in-cluster service account, else ~/.kube/config)")
    p.add_argument("--context", help="kubeconfig context")
    p.add_argument("--cpu", default="20", help="node capacity and allocatable cpu (default: 20)")
    p.add_argument("--memory", default="100Gi", help="node capacity and allocatable memory (default: 100Gi)")
    p.add_argument("--pods", type=int, default=1000, help="node capacity for Pods (default: 1000)")
    p.add_argument("--node-ip", default=_default_node_ip(),
                   help="InternalIP of the Node, where the API server reaches the kubelet API "
                        "(default: $VK_NODE_IP, $POD_IP, else 127.0.0.1)")
    p.add_argument("--kubelet-port", type=int, default=10250,
                   help="HTTPS port of the kubelet API, published as the daemon endpoint; 0 disables it")
    p.add_argument("--kubelet-bind", default="0.0.0.0", help="address the kubelet API listens on")
    p.add_argument("--tls-cert", metavar="FILE", help="kubelet API certificate (default: self-signed)")
    p.add_argument("--tls-key", metavar="FILE", help="kubelet API private key")
    p.add_argument("--client-ca", metavar="FILE",
                   help="require client certificates signed by this CA on the kubelet API")
    p.add_argument("--workers", type=int, default=8, help="parallel Pod workers (default: 8)")
    p.add_argument("--status-interval", type=float, default=60.0,
                   help="seconds between Node status updates; the Lease is renewed every 10 s")
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    p.set_defaults(func=run)


def run(args) -> int:
    if bool(args.tls_cert) != bool(args.tls_key):
        print("nodeless vk: --tls-cert and --tls-key go together", file=sys.stderr)
        return 2
    from .runner import SetupError, run as _run
    try:
        return _run(args)
    except SetupError as e:
        print(f"nodeless vk: {e}", file=sys.stderr)
        return 2
