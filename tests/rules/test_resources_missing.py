import pytest

from tests.rules.helpers import C0, findings, paths, pod_with

EPHEMERAL = "ephemeralContainers: [{name: debugger, image: busybox}]"

CASES = [
    ("    resources: {requests: {cpu: 100m, memory: 64Mi}}", {}, []),
    ("    resources: {limits: {cpu: 100m, memory: 64Mi}}", {}, []),
    ("    resources: {requests: {cpu: 100m}, limits: {memory: 64Mi}}", {}, []),
    ("", {}, [C0]),
    ("    resources: {}", {}, [C0 + ("resources",)]),
    ("    resources: {requests: {cpu: 100m}}", {}, [C0 + ("resources", "requests")]),
    ("    resources: {limits: {cpu: 100m}}", {}, [C0 + ("resources",)]),
    ("    resources: {requests: {cpu: 100m}}", {"resources": ["cpu"]}, []),
    ("    resources: {requests: {cpu: 100m, memory: 64Mi}}", {"resources": ["cpu", "ephemeral-storage"]},
     [C0 + ("resources", "requests")]),
]


@pytest.mark.parametrize("fields, options, expected", CASES)
def test_paths(fields, options, expected):
    assert paths(pod_with(fields, EPHEMERAL), "resources-missing", **options) == expected


def test_init_and_sidecar_containers_count():
    text = """
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      initContainers:
      - {name: setup, image: busybox}
      - {name: proxy, image: envoy, restartPolicy: Always, resources: {requests: {cpu: 10m}}}
      containers:
      - {name: web, image: nginx, resources: {limits: {cpu: 1, memory: 1Gi}}}
    """
    got = findings(text, "resources-missing")
    assert [v.path for v in got] == [("spec", "initContainers", 0),
                                     ("spec", "initContainers", 1, "resources", "requests")]
    assert [v.message for v in got] == ['init container "setup" has no cpu or memory request',
                                        'init container "proxy" has no memory request']
