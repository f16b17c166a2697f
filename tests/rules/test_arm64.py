import pytest

from tests.rules.helpers import paths, pod_with

AFFINITY = """  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions: [%s]
"""
REQ = ("spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution")

CASES = [
    ("", []),
    ("  nodeSelector: {kubernetes.io/arch: amd64}", []),
    ("  nodeSelector: {kubernetes.io/arch: arm64}", [("spec", "nodeSelector", "kubernetes.io/arch")]),
    ("  nodeSelector: {beta.kubernetes.io/arch: arm64}", [("spec", "nodeSelector", "beta.kubernetes.io/arch")]),
    (AFFINITY % "{key: kubernetes.io/arch, operator: In, values: [arm64]}", [REQ]),
    (AFFINITY % "{key: kubernetes.io/arch, operator: In, values: [amd64, arm64]}", []),
    # two expressions in one term are ANDed
    (AFFINITY % ("{key: kubernetes.io/arch, operator: In, values: [amd64, arm64]}, "
                 "{key: kubernetes.io/arch, operator: In, values: [arm64]}"), [REQ]),
    (AFFINITY % "{key: kubernetes.io/arch, operator: Exists}", []),
    (AFFINITY % "{key: kubernetes.io/os, operator: In, values: [linux]}", []),
]


@pytest.mark.parametrize("fields, expected", CASES)
def test_paths(fields, expected):
    assert paths(pod_with(pod_fields=fields), "arm64") == expected
