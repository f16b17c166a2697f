import pytest

from tests.rules.helpers import paths, pod_with

EPHEMERAL = "ephemeralContainers: [{name: debugger, image: busybox, workingDir: /tmp}]"

CASES = [
    ("", [("spec", "ephemeralContainers", 0, "workingDir")]),
    ('    workingDir: ""', [("spec", "ephemeralContainers", 0, "workingDir")]),
    ("    workingDir: /app", [("spec", "containers", 0, "workingDir"),
                              ("spec", "ephemeralContainers", 0, "workingDir")]),
]


@pytest.mark.parametrize("fields, expected", CASES)
def test_paths(fields, expected):
    assert paths(pod_with(fields, EPHEMERAL), "working-dir") == expected
