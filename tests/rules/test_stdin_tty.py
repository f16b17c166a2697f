import pytest

from tests.rules.helpers import C0, findings, paths, pod_with

CASES = [
    ("", []),
    ("    stdin: false\n    tty: false\n    stdinOnce: false", []),
    ('    tty: "true"', []),
    ("    tty: true", [C0 + ("tty",)]),
    ("    stdin: true\n    stdinOnce: true\n    tty: true", [C0 + ("stdin",)]),
]


@pytest.mark.parametrize("fields, expected", CASES)
def test_paths(fields, expected):
    assert paths(pod_with(fields), "stdin-tty") == expected


def test_message_names_every_field():
    [v] = findings(pod_with("    stdin: true\n    tty: true"), "stdin-tty")
    assert v.message == 'container "web" sets stdin and tty to true (interactive terminal)'
