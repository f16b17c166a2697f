import pytest

from helpers import findings

DS = """
apiVersion: {api}
kind: DaemonSet
metadata: {{name: agent}}
spec:
  template:
    spec:
      containers: [{{name: a, image: busybox}}]
"""


@pytest.mark.parametrize("api, expected", [
    ("apps/v1", [("kind",)]),
    ("extensions/v1beta1", [("kind",)]),
    ("example.com/v1", []),
])
def test_paths(api, expected):
    assert [v.path for v in findings(DS.format(api=api), "daemon-set")] == expected


def test_message():
    [v] = findings(DS.format(api="apps/v1"), "daemon-set")
    assert v.message.startswith('DaemonSet "agent" has no nodes to run on')
    assert "taint" in v.message
