"""A CA and a serving certificate for the webhook, made with `cryptography`.

`nodeless certs` is for clusters without cert-manager and for local development: it writes
``ca.crt``, ``ca.key``, ``tls.crt`` and ``tls.key`` into one folder (keys created ``0600``, never
chmod-ed after the fact) and returns the CA bundle, base64-encoded, for the webhook configuration's
``clientConfig.caBundle``. Existing keys are never overwritten unless ``force`` is set.
"""
from __future__ import annotations

import base64
import datetime as _dt
import ipaddress
import os
from dataclasses import dataclass

CA_CERT, CA_KEY, TLS_CERT, TLS_KEY = "ca.crt", "ca.key", "tls.crt", "tls.key"
FILES = (CA_CERT, CA_KEY, TLS_CERT, TLS_KEY)


class CertsError(Exception):
    """A refusal the user can act on (existing keys, a bad name or address)."""


@dataclass(frozen=True)
class Issued:
    out_dir: str
    dns_names: tuple
    ip_addresses: tuple
    ca_bundle_b64: str      # base64 of the CA certificate PEM: clientConfig.caBundle
    serial: int             # serial number of the serving certificate


def service_dns_names(service: str, namespace: str) -> list[str]:
    return [f"{service}.{namespace}.svc", f"{service}.{namespace}.svc.cluster.local"]


def issue(service: str, namespace: str, out_dir: str, dns: tuple | list = (), ips: tuple | list = (),
          force: bool = False, days: int = 365, ca_days: int = 3650) -> Issued:
    """Create a CA and a serving certificate; write the four files; return what was issued."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    if not service or not namespace:
        raise CertsError("--service and --namespace must not be empty")
    names = service_dns_names(service, namespace)
    for extra in dns:
        if extra and extra not in names:
            names.append(extra)
    try:
        addresses = [ipaddress.ip_address(a) for a in ips]
    except ValueError as exc:
        raise CertsError(f"--ip: {exc}") from None

    os.makedirs(out_dir, exist_ok=True)
    existing = [f for f in FILES if os.path.exists(os.path.join(out_dir, f))]
    if existing and not force:
        raise CertsError(f"{out_dir} already holds {', '.join(existing)}; pass --force to replace them")

    now = _dt.datetime.now(_dt.timezone.utc) - _dt.timedelta(minutes=5)   # tolerate small clock skew
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"nodeless webhook CA ({namespace})")])
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now).not_valid_after(now + _dt.timedelta(days=ca_days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                     content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    key = ec.generate_private_key(ec.SECP256R1())
    san = [x509.DNSName(n) for n in names] + [x509.IPAddress(a) for a in addresses]
    serial = x509.random_serial_number()
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(now).not_valid_after(now + _dt.timedelta(days=days))
        .add_extension(x509.SubjectAlternativeName(san), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_encipherment=False,
                                     content_commitment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=False, crl_sign=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    def key_pem(k):
        return k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                               serialization.NoEncryption())

    ca_pem = ca_cert.public_bytes(serialization.Encoding.PEM)
    # Keys first, so a failure never leaves certificates that match no key on disk.
    _write(os.path.join(out_dir, CA_KEY), key_pem(ca_key), 0o600, force)
    _write(os.path.join(out_dir, TLS_KEY), key_pem(key), 0o600, force)
    _write(os.path.join(out_dir, CA_CERT), ca_pem, 0o644, force)
    _write(os.path.join(out_dir, TLS_CERT), cert.public_bytes(serialization.Encoding.PEM), 0o644, force)
    return Issued(out_dir, tuple(names), tuple(str(a) for a in addresses),
                  base64.b64encode(ca_pem).decode("ascii"), serial)


def _write(path: str, data: bytes, mode: int, force: bool) -> None:
    """Write through a fresh file created with `mode`, then rename over `path` (atomic for readers:
    a server watching the file never sees half a key)."""
    if os.path.exists(path) and not force:
        raise CertsError(f"{path} exists; pass --force to replace it")
    tmp = f"{path}.tmp-{os.getpid()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def serial_of(cert_pem: bytes) -> int:
    from cryptography import x509
    return x509.load_pem_x509_certificate(cert_pem).serial_number
