import pytest

from tests.rules.helpers import paths

C0 = ("spec", "containers", 0)
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
    ("    lifecycle: {}", []),
    ("    lifecycle: {preStop: {}}", []),
    ("    lifecycle: {stopSignal: SIGUSR1}", []),
    ("    lifecycle: {preStop: {sleep: {seconds: 5}}}", [C0 + ("lifecycle", "preStop")]),
    ("    lifecycle: {postStart: {exec: {command: [x]}}, preStop: {httpGet: {port: 80}}}",
     [C0 + ("lifecycle", "postStart"), C0 + ("lifecycle", "preStop")]),
]


@pytest.mark.parametrize("fields, expected", CASES)
def test_paths(fields, expected):
    assert paths(POD % fields, "lifecycle-hooks") == expected
