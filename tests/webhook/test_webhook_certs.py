"""`nodeless certs` (via `python -m webhook certs`): files, modes, names, refusal to overwrite."""
from __future__ import annotations

import base64
import ipaddress
import stat

from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID

from tests.webhook.webhook_support import make_certs, run_webhook_cli


def test_certs_writes_ca_and_serving_pair(tmp_path):
    bundle = make_certs(tmp_path, "--dns", "webhook.example.test")
    for name, mode in (("ca.key", 0o600), ("tls.key", 0o600), ("ca.crt", 0o644), ("tls.crt", 0o644)):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == mode, name
    ca_pem = (tmp_path / "ca.crt").read_bytes()
    assert base64.b64decode(bundle) == ca_pem
    ca = x509.load_pem_x509_certificate(ca_pem)
    cert = x509.load_pem_x509_certificate((tmp_path / "tls.crt").read_bytes())
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == [
        "nodeless-webhook.nodeless-system.svc", "nodeless-webhook.nodeless-system.svc.cluster.local",
        "localhost", "webhook.example.test"]
    assert san.get_values_for_type(x509.IPAddress) == [ipaddress.ip_address("127.0.0.1")]
    assert cert.issuer == ca.subject
    cert.verify_directly_issued_by(ca)
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    assert ExtendedKeyUsageOID.SERVER_AUTH in cert.extensions.get_extension_for_class(
        x509.ExtendedKeyUsage).value


def test_certs_refuses_to_overwrite_without_force(tmp_path):
    make_certs(tmp_path)
    key = (tmp_path / "tls.key").read_bytes()
    proc = run_webhook_cli("certs", "--out-dir", str(tmp_path))
    assert proc.returncode == 2 and "--force" in proc.stderr and proc.stdout == ""
    assert (tmp_path / "tls.key").read_bytes() == key
    proc = run_webhook_cli("certs", "--out-dir", str(tmp_path), "--force")
    assert proc.returncode == 0
    assert (tmp_path / "tls.key").read_bytes() != key
    assert stat.S_IMODE((tmp_path / "tls.key").stat().st_mode) == 0o600


def test_certs_rejects_bad_ip(tmp_path):
    proc = run_webhook_cli("certs", "--out-dir", str(tmp_path), "--ip", "not-an-ip")
    assert proc.returncode == 2 and "--ip" in proc.stderr
    assert not (tmp_path / "tls.key").exists()


def test_serve_refuses_missing_or_mismatched_files(tmp_path):
    proc = run_webhook_cli("serve", "--tls-cert", str(tmp_path / "no.crt"), "--tls-key", str(tmp_path / "no.key"))
    assert proc.returncode == 2 and "no such file" in proc.stderr
    a, b = tmp_path / "a", tmp_path / "b"
    make_certs(a)
    make_certs(b)
    proc = run_webhook_cli("serve", "--tls-cert", str(a / "tls.crt"), "--tls-key", str(b / "tls.key"))
    assert proc.returncode == 2 and "cannot use" in proc.stderr
