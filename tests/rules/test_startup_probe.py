import pytest

from tests.rules.helpers import paths, pod_with

CASES = [
    ("", []),
    ("    startupProbe: {}", []),
    ("    livenessProbe: {httpGet: {port: 80}}", []),
    ("    startupProbe: {httpGet: {port: 80}, failureThreshold: 30}", [("spec", "containers", 0, "startupProbe")]),
]


@pytest.mark.parametrize("fields, expected", CASES)
def test_paths(fields, expected):
    assert paths(pod_with(fields), "startup-probe") == expected
