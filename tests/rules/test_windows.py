import pytest

from tests.rules.helpers import paths, pod_with

AFFINITY = """  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
%s"""
TERM = "        - matchExpressions: [{key: %s, operator: %s, values: [%s]}]\n"
REQ = ("spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution")

CASES = [
    ("", []),
    ("  os: {name: linux}", []),
    ("  os: {name: windows}", [("spec", "os", "name")]),
    ("  os: {name: windows}\n  nodeSelector: {kubernetes.io/os: windows}", [("spec", "os", "name")]),
    ("  nodeSelector: {kubernetes.io/os: windows}", [("spec", "nodeSelector", "kubernetes.io/os")]),
    ("  nodeSelector: {beta.kubernetes.io/os: windows}", [("spec", "nodeSelector", "beta.kubernetes.io/os")]),
    ("  nodeSelector: {kubernetes.io/os: linux}", []),
    (AFFINITY % (TERM % ("kubernetes.io/os", "In", "windows")), [REQ]),
    (AFFINITY % (TERM % ("kubernetes.io/os", "In", "windows, linux")), []),
    (AFFINITY % (TERM % ("kubernetes.io/os", "NotIn", "linux")), []),
    # terms are ORed: one term that admits anything lets the Pod land on Linux
    (AFFINITY % (TERM % ("kubernetes.io/os", "In", "windows") + TERM % ("pool", "In", "a")), []),
    (AFFINITY % (TERM % ("kubernetes.io/os", "In", "windows") + TERM % ("beta.kubernetes.io/os", "In", "windows")),
     [REQ]),
]


@pytest.mark.parametrize("fields, expected", CASES)
def test_paths(fields, expected):
    assert paths(pod_with(pod_fields=fields), "windows") == expected
