"""The kubelet HTTPS endpoint of the virtual node (the Node's daemonEndpoints.kubeletEndpoint.Port).

The API server calls it for `kubectl logs`, `exec`, `attach` and `port-forward`. Served here:

- `GET /containerLogs/{namespace}/{pod}/{container}` (`tailLines`): from the backend;
- `GET /pods`: the backend's Pods as a PodList (as Virtual Kubelet serves it);
- `GET /healthz`;
- `/exec/...`, `/attach/...`, `/portForward/...`, `/run/...`: 501 with the reason (nodeless backends
  commonly have no interactive access); `/stats/summary`, `/metrics/resource`: 501 as well.

TLS always; the certificate comes from files or is self-signed at start (key written 0600 into a
private temporary directory). With `client_ca`, every path but `/healthz` needs a client
certificate signed by it (the API server's kubelet client certificate, as a kubelet with x509
authentication requires); `/healthz` stays open so a plain HTTPS liveness probe still works.
"""
from __future__ import annotations

import json
import logging
import os
import re
import ssl
import tempfile
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from .provider import NotFound

log = logging.getLogger("nodeless.vk.kubelet")

UNSUPPORTED = {
    "exec": "exec is not supported on this nodeless virtual node: Pods run on a backend without "
            "interactive access; use logs, or run a debug Pod elsewhere",
    "attach": "attach is not supported on this nodeless virtual node: Pods run on a backend without "
              "interactive access",
    "portForward": "port-forward is not supported on this nodeless virtual node: expose the Pod "
                   "through a Service instead",
    "run": "run is not supported on this nodeless virtual node",
    "stats": "stats are not provided by this nodeless virtual node (no metrics-server data)",
    "metrics": "metrics are not provided by this nodeless virtual node",
}

_LOGS = re.compile(r"^/containerLogs/([^/]+)/([^/]+)/([^/]+)/?$")


def self_signed(node_name: str, node_ip: str, directory: str | None = None) -> tuple[str, str]:
    """Write a self-signed certificate and key (0600) for the node; returns (certfile, keyfile)."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, node_name)])
    sans: list = [x509.DNSName(node_name)]
    try:
        sans.append(x509.IPAddress(ipaddress.ip_address(node_ip)))
    except ValueError:
        pass
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(days=365))
            .add_extension(x509.SubjectAlternativeName(sans), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    directory = directory or tempfile.mkdtemp(prefix="nodeless-vk-")   # mode 0700
    certfile, keyfile = os.path.join(directory, "kubelet.crt"), os.path.join(directory, "kubelet.key")
    fd = os.open(keyfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    with open(certfile, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    return certfile, keyfile


class KubeletApi:
    def __init__(self, backend, node_name: str, host: str = "0.0.0.0", port: int = 10250,
                 certfile: str | None = None, keyfile: str | None = None, client_ca: str | None = None,
                 node_ip: str = "127.0.0.1"):
        if not certfile:
            certfile, keyfile = self_signed(node_name, node_ip)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.load_cert_chain(certfile, keyfile)
        if client_ca:
            ctx.verify_mode = ssl.CERT_OPTIONAL     # a certificate, when sent, must verify
            ctx.load_verify_locations(client_ca)
        self.require_client_cert = bool(client_ca)
        self.backend = backend
        self.certfile = certfile
        self._httpd = ThreadingHTTPServer((host, port), _handler(self))
        self._httpd.daemon_threads = True
        # the handshake happens in the request's thread, so a slow client cannot stall accept()
        self._httpd.socket = ctx.wrap_socket(self._httpd.socket, server_side=True,
                                             do_handshake_on_connect=False)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    def start(self) -> "KubeletApi":
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.1,),
                                        name="vk-kubelet-api", daemon=True)
        self._thread.start()
        log.info("kubelet API listening on :%d (TLS)", self.port)
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def _handler(api: KubeletApi):
    class Handler(BaseHTTPRequestHandler):
        server_version = "nodeless-vk"
        disable_nagle_algorithm = True
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):
            log.debug("%s " + fmt, self.address_string(), *args)

        def _reply(self, code: int, body: str | bytes, ctype: str = "text/plain; charset=utf-8"):
            data = body.encode() if isinstance(body, str) else body
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def _route(self):
            parts = urlsplit(self.path)
            path = unquote(parts.path)
            query = parse_qs(parts.query)
            top = path.strip("/").split("/", 1)[0]
            if top in UNSUPPORTED:
                return self._reply(501, UNSUPPORTED[top] + "\n")
            if path == "/healthz":
                return self._reply(200, "ok")
            if api.require_client_cert and not self.connection.getpeercert():
                return self._reply(401, "a client certificate signed by the kubelet client CA is required\n")
            if self.command not in ("GET", "HEAD"):
                return self._reply(405, "method not allowed\n")
            if path == "/pods":
                items = api.backend.list_pods()
                return self._reply(200, json.dumps({"kind": "PodList", "apiVersion": "v1",
                                                    "metadata": {}, "items": items}), "application/json")
            m = _LOGS.match(path)
            if m:
                get_logs = getattr(api.backend, "get_container_logs", None)
                if get_logs is None:
                    return self._reply(501, "this backend does not provide container logs\n")
                tail = None
                if query.get("tailLines"):
                    try:
                        tail = int(query["tailLines"][-1])
                    except ValueError:
                        return self._reply(400, "tailLines must be an integer\n")
                try:
                    return self._reply(200, get_logs(m[1], m[2], m[3], tail))
                except NotFound as e:
                    return self._reply(404, f"not found: {e}\n")
            return self._reply(404, "not found\n")

        def _safe(self):
            try:
                self._route()
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                pass
            except Exception:
                log.exception("kubelet API request %s failed", self.path)
                try:
                    self._reply(500, "internal error\n")
                except OSError:
                    pass

        do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = _safe

        def do_OPTIONS(self):
            self._safe()

    return Handler
