import pytest

from tests.rules.helpers import paths, pod_with

INIT_CONTAINER = """
  initContainers:
  - name: init
    image: busybox
    args: [echo, hi]
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
    assert paths(pod_with(fields, INIT_CONTAINER), "args-without-command") == expected
