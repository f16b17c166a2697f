import pytest

from tests.rules.helpers import paths, pod_with

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
    assert paths(pod_with(pod_fields="affinity: " + affinity), "pod-affinity") == expected
