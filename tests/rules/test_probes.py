import pytest

from tests.rules.helpers import C0, paths, pod_with

CASES = [
    ("", {}, []),
    ("    livenessProbe: {}", {}, []),
    ("    livenessProbe: {httpGet: {port: 80}}", {}, [C0 + ("livenessProbe",)]),
    ("    livenessProbe: {exec: {command: [true]}}\n    readinessProbe: {tcpSocket: {port: 80}}", {},
     [C0 + ("livenessProbe",), C0 + ("readinessProbe",)]),
    ("    startupProbe: {httpGet: {port: 80}}", {}, []),
    ("    livenessProbe: {httpGet: {port: 80}, timeoutSeconds: 1, periodSeconds: 10}",
     {"allowed_handlers": ["exec", "httpGet"]}, []),
    ("    readinessProbe: {tcpSocket: {port: 80}}", {"allowed_handlers": ["exec", "httpGet"]},
     [C0 + ("readinessProbe", "tcpSocket")]),
    ("    livenessProbe: {grpc: {port: 9000}}", {"allowed_handlers": ["exec", "httpGet"]},
     [C0 + ("livenessProbe", "grpc")]),
    ("    livenessProbe: {exec: {command: [true]}}", {"allowed_handlers": []}, [C0 + ("livenessProbe", "exec")]),
]


@pytest.mark.parametrize("fields, options, expected", CASES)
def test_paths(fields, options, expected):
    assert paths(pod_with(fields), "probes", **options) == expected


def test_native_sidecar_probe():
    text = """
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      initContainers:
      - {name: proxy, image: envoy, restartPolicy: Always, readinessProbe: {tcpSocket: {port: 15021}}}
      containers:
      - {name: web, image: nginx}
    """
    assert paths(text, "probes", allowed_handlers=["exec", "httpGet"]) == [
        ("spec", "initContainers", 0, "readinessProbe", "tcpSocket")]
