import pytest

from tests.rules.helpers import paths

POD = """
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: web, image: nginx}]
  affinity: %s
"""
TERM = "[{topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: web}}}]"
A = ("spec", "affinity")

CASES = [
    ("{}", []),
    ("{podAffinity: {}, podAntiAffinity: {}}", []),
    ("{podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: []}}", []),
    ("{nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: []}}}", []),
    ("{podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: %s}}" % TERM, [A + ("podAntiAffinity",)]),
    ("{podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: %s}, "
     "podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 1, podAffinityTerm: %s}]}}"
     % (TERM, TERM[1:-1]), [A + ("podAffinity",), A + ("podAntiAffinity",)]),
]


@pytest.mark.parametrize("affinity, expected", CASES)
def test_paths(affinity, expected):
    assert paths(POD % affinity, "pod-affinity") == expected
