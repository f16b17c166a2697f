import pytest

from tests.rules.helpers import C0, findings, paths, pod_with

CASES = [
    ("{}", {}, []),
    ("{requests: {cpu: 500m, memory: 512Mi}, limits: {cpu: 500m, memory: 512Mi}}", {}, []),
    ("{requests: {cpu: '0.5', memory: 512Mi}, limits: {cpu: 500m, memory: '536870912'}}", {}, []),
    ("{limits: {cpu: 500m, memory: 512Mi}}", {}, []),
    ("{requests: {cpu: 500m, memory: 512Mi}}", {}, []),
    ("{requests: {cpu: 250m, memory: 512Mi}, limits: {cpu: 500m, memory: 512Mi}}", {},
     [C0 + ("resources", "limits", "cpu")]),
    ("{requests: {cpu: 250m, memory: 256Mi}, limits: {cpu: 500m, memory: 1Gi}}", {},
     [C0 + ("resources", "limits", "cpu"), C0 + ("resources", "limits", "memory")]),
    ("{requests: {cpu: 250m, memory: 256Mi}, limits: {cpu: 500m, memory: 1Gi}}", {"resources": ["memory"]},
     [C0 + ("resources", "limits", "memory")]),
]


@pytest.mark.parametrize("resources, options, expected", CASES)
def test_paths(resources, options, expected):
    assert paths(pod_with("resources: " + resources), "burstable-resources", **options) == expected


def test_message():
    resources = "{requests: {memory: 256Mi}, limits: {memory: 1Gi}}"
    [v] = findings(pod_with("resources: " + resources), "burstable-resources")
    assert v.message == 'container "web" memory limit 1Gi is above its request 256Mi'
