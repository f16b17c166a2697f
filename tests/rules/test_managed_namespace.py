import pytest

from helpers import findings

WORKLOAD = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: agent
%s
spec:
  selector: {matchLabels: {app: a}}
  template:
    metadata: {labels: {app: a}, namespace: ignored}
    spec:
      containers: [{name: a, image: x}]
"""
POD = "apiVersion: v1\nkind: Pod\nmetadata: {name: p%s}\nspec:\n  containers: [{name: a, image: x}]\n"


@pytest.mark.parametrize("text, options, expected", [
    (WORKLOAD % "  namespace: kube-system", {}, [("metadata", "namespace")]),
    (WORKLOAD % "  namespace: default", {}, []),
    (WORKLOAD % "", {}, []),                                      # namespace not known
    (WORKLOAD % "  namespace: kube-system", {"namespaces": []}, []),
    (WORKLOAD % "  namespace: gke-gmp-system", {"namespaces": ["gke-gmp-system"]}, [("metadata", "namespace")]),
    (POD % ", namespace: kube-system", {}, [("metadata", "namespace")]),
    (POD % ", namespace: [kube-system]", {}, []),                 # wrong shape
    ("apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: kube-system}\n", {}, []),
])
def test_paths(text, options, expected):
    assert [v.path for v in findings(text, "managed-namespace", **options)] == expected


def test_message():
    [v] = findings(WORKLOAD % "  namespace: kube-system", "managed-namespace")
    assert v.message == 'Deployment "agent" is in the managed namespace "kube-system"'
    [v] = findings(POD % ", namespace: kube-system", "managed-namespace")
    assert v.message == 'Pod "p" is in the managed namespace "kube-system"'
