import pytest

from tests.rules.helpers import paths

POD = """
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: web
    image: nginx
%s
"""

CASES = [
    ("", []),
    ("    startupProbe: {}", []),
    ("    livenessProbe: {httpGet: {port: 80}}", []),
    ("    startupProbe: {httpGet: {port: 80}, failureThreshold: 30}", [("spec", "containers", 0, "startupProbe")]),
]


@pytest.mark.parametrize("fields, expected", CASES)
def test_paths(fields, expected):
    assert paths(POD % fields, "startup-probe") == expected
