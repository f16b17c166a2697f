import pytest

from tests.rules.helpers import paths

POD = """
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - name: init
    image: busybox
    args: [echo, hi]
  containers:
  - name: web
    image: nginx
%s
"""
INIT = ("spec", "initContainers", 0, "args")

CASES = [
    ("", [INIT]),
    ("    command: [nginx]", [INIT]),
    ("    args: []", [INIT]),
    ("    args: [-g, daemon off;]", [INIT, ("spec", "containers", 0, "args")]),
    ("    args: [-g, daemon off;]\n    command: []", [INIT, ("spec", "containers", 0, "args")]),
    ("    args: [-g, daemon off;]\n    command: [nginx]", [INIT]),
]


@pytest.mark.parametrize("fields, expected", CASES)
def test_paths(fields, expected):
    assert paths(POD % fields, "args-without-command") == expected
