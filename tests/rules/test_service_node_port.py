import pytest

from helpers import findings

SVC = """
apiVersion: {api}
kind: Service
metadata: {{name: web}}
spec:
{type}  ports: [{{port: 80}}]
"""


@pytest.mark.parametrize("api, type_, expected", [
    ("v1", "  type: NodePort\n", [("spec", "type")]),
    ("v1", "", []),                              # ClusterIP by default
    ("v1", "  type: ClusterIP\n", []),
    ("v1", "  type: LoadBalancer\n", []),        # node ports it allocates are not judged
    ("v1", "  type: ExternalName\n", []),
    ("v1", "  type: nodeport\n", []),            # not a valid type; the API server rejects it
    ("serving.knative.dev/v1", "  type: NodePort\n", []),
])
def test_paths(api, type_, expected):
    assert [v.path for v in findings(SVC.format(api=api, type=type_), "service-node-port")] == expected


def test_message():
    [v] = findings(SVC.format(api="v1", type="  type: NodePort\n"), "service-node-port")
    assert v.message.startswith('Service "web" is of type NodePort')
