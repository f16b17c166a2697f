import pytest

from tests.rules.helpers import findings, paths

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
    ("    stdin: false\n    tty: false\n    stdinOnce: false", []),
    ('    tty: "true"', []),
    ("    tty: true", [C0 + ("tty",)]),
    ("    stdin: true\n    stdinOnce: true\n    tty: true", [C0 + ("stdin",)]),
]


@pytest.mark.parametrize("fields, expected", CASES)
def test_paths(fields, expected):
    assert paths(POD % fields, "stdin-tty") == expected


def test_message_names_every_field():
    [v] = findings(POD % "    stdin: true\n    tty: true", "stdin-tty")
    assert v.message == 'container "web" sets stdin and tty to true (interactive terminal)'
