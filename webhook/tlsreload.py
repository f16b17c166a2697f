"""TLS for the webhook: TLS 1.2 or newer, and certificates that reload when their files change.

gunicorn asks its ``ssl_context`` hook for a context on every accepted connection. `CertReloader`
answers with one cached context per worker process and, at most once per `interval` seconds, checks
the certificate and key files (inode, size, mtime; `os.stat` follows the symlinks a Kubernetes Secret
volume swaps atomically). When they changed it builds a **new** context from them and hands that
out from then on: connections already open keep the context they were accepted with, so nothing is
dropped, and new handshakes present the new certificate. If the new pair does not load (cert-manager
writing one file before the other), the old context stays in service and the load is retried.
"""
from __future__ import annotations

import logging
import os
import ssl
import threading
import time

log = logging.getLogger("nodeless.webhook.tls")


def make_context(certfile: str, keyfile: str, ca_certs: str | None = None,
                 ciphers: str | None = None) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.options |= ssl.OP_NO_COMPRESSION | ssl.OP_CIPHER_SERVER_PREFERENCE
    if ciphers:
        ctx.set_ciphers(ciphers)
    if ca_certs:   # optional client-certificate checking (the API server can present one)
        ctx.load_verify_locations(cafile=ca_certs)
    ctx.load_cert_chain(certfile=certfile, keyfile=keyfile)
    return ctx


def _signature(paths) -> tuple:
    out = []
    for p in paths:
        try:
            st = os.stat(p)
            out.append((st.st_ino, st.st_size, st.st_mtime_ns))
        except OSError:
            out.append(None)
    return tuple(out)


class CertReloader:
    def __init__(self, certfile: str, keyfile: str, ca_certs: str | None = None,
                 ciphers: str | None = None, verify_mode: int = ssl.CERT_NONE, interval: float = 1.0):
        self.certfile, self.keyfile, self.ca_certs, self.ciphers = certfile, keyfile, ca_certs, ciphers
        self.verify_mode = verify_mode
        self.interval = interval
        self._lock = threading.Lock()
        self._sig = _signature(self._paths())
        self._ctx = self._build()
        self._checked = time.monotonic()
        self._failed_sig = None
        self.reloads = 0

    def _paths(self):
        return (self.certfile, self.keyfile)

    def _build(self) -> ssl.SSLContext:
        ctx = make_context(self.certfile, self.keyfile, self.ca_certs, self.ciphers)
        if self.ca_certs:
            ctx.verify_mode = self.verify_mode
        return ctx

    def context(self) -> ssl.SSLContext:
        now = time.monotonic()
        if now - self._checked >= self.interval:
            with self._lock:
                if now - self._checked >= self.interval:
                    self._checked = now
                    self._maybe_reload()
        return self._ctx

    def _maybe_reload(self) -> None:
        sig = _signature(self._paths())
        if sig == self._sig or None in sig:
            return
        try:
            ctx = self._build()
        except (OSError, ssl.SSLError, ValueError) as exc:
            if sig != self._failed_sig:   # say it once per state of the files, retry quietly
                log.warning("certificate files changed but do not load yet (%s); keeping the old "
                            "ones", exc)
                self._failed_sig = sig
            return
        self._ctx, self._sig = ctx, sig
        self.reloads += 1
        log.info("reloaded TLS certificate %s", self.certfile)


_reloader: CertReloader | None = None
_reloader_pid = 0
_reloader_lock = threading.Lock()


def gunicorn_ssl_context(conf, default_ssl_context_factory=None) -> ssl.SSLContext:
    """The ``ssl_context`` server hook: one reloading context per worker process."""
    global _reloader, _reloader_pid
    pid = os.getpid()
    if _reloader is None or _reloader_pid != pid:
        with _reloader_lock:
            if _reloader is None or _reloader_pid != pid:
                _reloader = CertReloader(conf.certfile, conf.keyfile, conf.ca_certs, conf.ciphers,
                                         conf.cert_reqs,
                                         float(os.environ.get("NODELESS_CERT_CHECK_INTERVAL", "1")))
                _reloader_pid = pid
    return _reloader.context()
