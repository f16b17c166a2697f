import pytest

from helpers import findings

STS = """
apiVersion: {api}
kind: StatefulSet
metadata: {{name: db}}
spec:
  serviceName: db
  template:
    spec:
      containers: [{{name: pg, image: postgres}}]
{extra}"""


@pytest.mark.parametrize("api, extra, expected", [
    ("apps/v1", "", [("kind",)]),
    ("apps/v1beta2", "", [("kind",)]),
    ("apps/v1", "  volumeClaimTemplates:\n  - metadata: {name: data}\n", [("kind",)]),
    ("apps.kruise.io/v1beta1", "", []),   # a custom resource of the same name is not judged
])
def test_paths(api, extra, expected):
    assert [v.path for v in findings(STS.format(api=api, extra=extra), "stateful-set")] == expected


def test_message_names_object_and_claims():
    [v] = findings(STS.format(api="apps/v1", extra="  volumeClaimTemplates:\n  - metadata: {name: data}\n"),
                   "stateful-set")
    assert 'StatefulSet "db"' in v.message and "PersistentVolumeClaims" in v.message
    assert "1 claim template" in v.message


def test_other_kinds_ignored():
    assert findings("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {}\n", "stateful-set") == []
