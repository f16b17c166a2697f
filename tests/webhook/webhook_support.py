"""Helpers for the webhook tests: certificates, a real server, AdmissionReview builders.

`Server` starts `python -m webhook serve` (gunicorn, TLS, gthread workers) on 127.0.0.1
and a free port; clients verify the server against the CA that `nodeless certs` made.
"""
from __future__ import annotations

import copy
import http.client
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"
STRICT_PROFILE = DATA / "strict-test.yaml"       # extends fks; a few rules at level error
CONFIG_FILE = DATA / "nodeless-test.yaml"        # an exemption, as a user's .nodeless.yaml


def run_webhook_cli(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "webhook", *argv], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)


def make_certs(out_dir: Path, *extra: str) -> str:
    """`nodeless certs` for 127.0.0.1 and localhost; returns the printed base64 CA bundle."""
    proc = run_webhook_cli("certs", "--service", "nodeless-webhook", "--namespace", "nodeless-system",
                           "--out-dir", str(out_dir), "--ip", "127.0.0.1", "--dns", "localhost", *extra)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def client_context(*ca_files) -> ssl.SSLContext:
    ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
    for ca in ca_files:
        ctx.load_verify_locations(cafile=str(ca))
    return ctx


class Server:
    """A running `python -m webhook serve`, with an HTTPS client helper."""

    def __init__(self, pki: Path, tmp: Path, workers: int = 2, env: dict | None = None,
                 extra: tuple = ()):
        self.pki, self.port = pki, free_port()
        self.ca = pki / "ca.crt"
        self.log_path = tmp / f"server-{self.port}.log"
        self.metrics_dir = tmp / f"metrics-{self.port}"
        full_env = dict(os.environ, PROMETHEUS_MULTIPROC_DIR=str(self.metrics_dir),
                        NODELESS_CERT_CHECK_INTERVAL="0.2", PYTHONUNBUFFERED="1")
        full_env.update(env or {})
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "webhook", "serve", "--tls-cert", str(pki / "tls.crt"),
             "--tls-key", str(pki / "tls.key"), "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", str(workers), "--profile", str(STRICT_PROFILE), "--config", str(CONFIG_FILE),
             *extra],
            cwd=ROOT, env=full_env, stdout=self._log, stderr=subprocess.STDOUT)
        self.wait_ready()

    def connection(self, ca_files=None, timeout: float = 10) -> http.client.HTTPSConnection:
        ctx = client_context(*(ca_files or [self.ca]))
        return http.client.HTTPSConnection("127.0.0.1", self.port, context=ctx, timeout=timeout)

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log()}")
            try:
                conn = self.connection(timeout=2)
                conn.request("GET", "/readyz")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server not ready: {self.log()}")

    def request(self, method: str, path: str, body=None, conn=None, headers=None):
        """-> (status, headers, parsed JSON or text)."""
        own = conn is None
        conn = conn or self.connection()
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        hdrs = {"Content-Type": "application/json"} | (headers or {})
        conn.request(method, path, body=data, headers=hdrs)
        resp = conn.getresponse()
        raw = resp.read()
        if own:
            conn.close()
        ctype = resp.getheader("Content-Type", "")
        return resp.status, resp, (json.loads(raw) if "json" in ctype else raw.decode())

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._log.close()


# ------------------------------------------------------------------------------------------------
# AdmissionReview builders

def pod(name="web", namespace="default", host_network=False, privileged=False, labels=None,
        annotations=None, containers=1):
    spec: dict = {"containers": [
        {"name": f"app{i}" if i else "app", "image": "nginx:1.25",
         "resources": {"requests": {"cpu": "250m", "memory": "256Mi"},
                       "limits": {"cpu": "250m", "memory": "256Mi"}}}
        for i in range(containers)]}
    if host_network:
        spec["hostNetwork"] = True
    if privileged:
        spec["containers"][0]["securityContext"] = {"privileged": True}
    meta: dict = {"name": name, "namespace": namespace}
    if labels:
        meta["labels"] = labels
    if annotations:
        meta["annotations"] = annotations
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec}


def deployment(name="web", namespace="default", host_network=False):
    p = pod(name, namespace, host_network=host_network)
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": name, "namespace": namespace},
            "spec": {"replicas": 2, "selector": {"matchLabels": {"app": name}},
                     "template": {"metadata": {"labels": {"app": name}}, "spec": p["spec"]}}}


def review(obj, operation="CREATE", old=None, uid="0f1e2d3c-0000-4000-8000-000000000001",
           sub_resource=None, group=None):
    kind = obj or old
    meta = kind["metadata"] if isinstance(kind.get("metadata"), dict) else {}
    api_version = kind["apiVersion"]
    grp, _, version = api_version.rpartition("/")
    req = {"uid": uid, "operation": operation,
           "kind": {"group": grp if group is None else group, "version": version, "kind": kind["kind"]},
           "resource": {"group": grp, "version": version, "resource": kind["kind"].lower() + "s"},
           "namespace": meta.get("namespace", ""), "name": meta.get("name", ""),
           "object": obj, "oldObject": old, "dryRun": False,
           "userInfo": {"username": "alice"}}
    if sub_resource:
        req["subResource"] = sub_resource
    return {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": req}


