"""Certificate rotation on a live server: new handshakes get the new certificate, requests in
flight on open keep-alive connections carry on, nothing is dropped."""
from __future__ import annotations

import json
import os
import shutil
import threading
import time

from cryptography import x509

from tests.webhook.webhook_support import Server, client_context, make_certs, pod, review


def serial_seen(server: Server, ctx) -> int:
    import http.client
    conn = http.client.HTTPSConnection("127.0.0.1", server.port, context=ctx, timeout=5)
    conn.connect()
    der = conn.sock.getpeercert(binary_form=True)
    conn.close()
    return x509.load_der_x509_certificate(der).serial_number


def serial_of(path) -> int:
    return x509.load_pem_x509_certificate(path.read_bytes()).serial_number


def test_certificate_swap_while_requests_are_in_flight(tmp_path):
    live, staged = tmp_path / "live", tmp_path / "staged"
    make_certs(live)
    make_certs(staged)                       # the rotated set, with its own CA
    old_serial, new_serial = serial_of(live / "tls.crt"), serial_of(staged / "tls.crt")
    shutil.copy(live / "ca.crt", tmp_path / "old-ca.crt")
    both = client_context(tmp_path / "old-ca.crt", staged / "ca.crt")
    server = Server(live, tmp_path, workers=2)
    try:
        assert serial_seen(server, both) == old_serial
        errors, done, stop = [], [0], threading.Event()

        def keep_alive():   # one connection for the whole test
            conn = server.connection(ca_files=[tmp_path / "old-ca.crt"])
            conn.connect()
            sock = conn.sock
            i = 0
            while not stop.is_set():
                try:
                    status, _, out = server.request("POST", "/validate", review(pod(), uid=f"k{i}"), conn=conn)
                    if status != 200 or out["response"]["uid"] != f"k{i}":
                        errors.append(("keep-alive", status))
                    done[0] += 1
                except Exception as exc:  # noqa: BLE001
                    errors.append(("keep-alive", repr(exc)))
                    return
                i += 1
            if conn.sock is not sock:
                errors.append(("keep-alive", "connection was re-opened"))
            conn.close()

        def new_connections():   # a handshake per request, across the swap
            i = 0
            while not stop.is_set():
                try:
                    import http.client
                    conn = http.client.HTTPSConnection("127.0.0.1", server.port, context=both, timeout=5)
                    status, _, out = server.request("POST", "/validate", review(pod(), uid=f"n{i}"), conn=conn)
                    conn.close()
                    if status != 200:
                        errors.append(("new", status))
                    done[0] += 1
                except Exception as exc:  # noqa: BLE001
                    errors.append(("new", repr(exc)))
                i += 1

        threads = [threading.Thread(target=keep_alive) for _ in range(3)] + \
                  [threading.Thread(target=new_connections) for _ in range(2)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        # Rotate the way a careless writer would: key first, then certificate, then CA; between
        # the first two the pair does not match, and the server must keep serving the old one.
        for name in ("tls.key", "tls.crt", "ca.crt"):
            tmp = live / f".{name}.new"
            shutil.copy(staged / name, tmp)
            os.replace(tmp, live / name)
            time.sleep(0.3)
        deadline = time.monotonic() + 15
        streak = 0
        while streak < 12 and time.monotonic() < deadline:   # both workers must have reloaded
            streak = streak + 1 if serial_seen(server, both) == new_serial else 0
        time.sleep(0.5)
        stop.set()
        for t in threads:
            t.join(10)
        assert streak >= 12, "new handshakes did not get the new certificate"
        assert errors == []
        assert done[0] > 50
        log = server.log()
        assert "Traceback" not in log
        reloaded = {json.loads(line)["pid"] for line in log.splitlines() if "reloaded TLS" in line}
        assert len(reloaded) == 2, log   # each worker reloaded once
    finally:
        server.stop()
