import pytest

from tests.rules.helpers import paths

POD = """
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - {name: a, image: x, resources: %s}
  - {name: b, image: x, resources: %s}
"""
C = ("spec", "containers")

CASES = [
    ("{requests: {ephemeral-storage: 100Gi}}", "{}", {}, []),
    ("{requests: {ephemeral-storage: 100Gi}}", "{}", {"max": "175Gi"}, []),
    ("{requests: {ephemeral-storage: 100Gi}}", "{requests: {ephemeral-storage: 100Gi}}", {"max": "175Gi"},
     [C + (1, "resources", "requests", "ephemeral-storage")]),
    ("{limits: {ephemeral-storage: 200Gi}}", "{}", {"max": "175Gi"},
     [C + (0, "resources", "limits", "ephemeral-storage")]),
    ("{requests: {ephemeral-storage: 1Gi}, limits: {ephemeral-storage: 200Gi}}", "{}", {"max": "175Gi"},
     [C + (0, "resources", "limits", "ephemeral-storage")]),
    ("{requests: {cpu: 1}}", "{}", {"max": "1Gi"}, []),
]


@pytest.mark.parametrize("a, b, options, expected", CASES)
def test_paths(a, b, options, expected):
    assert paths(POD % (a, b), "ephemeral-storage", **options) == expected
