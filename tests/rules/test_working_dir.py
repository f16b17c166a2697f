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
  ephemeralContainers:
  - name: debugger
    image: busybox
    workingDir: /tmp
"""

CASES = [
    ("", [("spec", "ephemeralContainers", 0, "workingDir")]),
    ('    workingDir: ""', [("spec", "ephemeralContainers", 0, "workingDir")]),
    ("    workingDir: /app", [("spec", "containers", 0, "workingDir"),
                              ("spec", "ephemeralContainers", 0, "workingDir")]),
]


@pytest.mark.parametrize("fields, expected", CASES)
def test_paths(fields, expected):
    assert paths(POD % fields, "working-dir") == expected
