import pytest

from tests.rules.helpers import C0, paths, pod_with

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
    assert paths(pod_with(fields), "lifecycle-hooks") == expected
