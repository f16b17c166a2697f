import pytest

from tests.rules.helpers import paths, pod_with

REQUIRED = """
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - {key: kubernetes.io/arch, operator: In, values: [amd64]}
          - {key: pool, operator: Exists}
        - matchFields:
          - {key: metadata.name, operator: In, values: [node-1]}
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 1
        preference:
          matchExpressions:
          - {key: disktype, operator: In, values: [ssd]}
"""
NA = ("spec", "affinity", "nodeAffinity")
TERMS = NA + ("requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")
PREF = NA + ("preferredDuringSchedulingIgnoredDuringExecution",)

CASES = [
    ("{}", {}, []),
    ("{nodeAffinity: {}}", {}, []),
    ("{nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: []}}", {}, []),
    ("{podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: x}]}}", {}, []),
    (REQUIRED, {}, [NA]),
    (REQUIRED, {"allowed_keys": ["kubernetes.io/arch", "pool", "metadata.name", "disktype"]}, []),
    (REQUIRED, {"allowed_keys": ["kubernetes.io/*"]},
     [TERMS + (0, "matchExpressions", 1, "key"), TERMS + (1, "matchFields", 0, "key"),
      PREF + (0, "preference", "matchExpressions", 0, "key")]),
]


@pytest.mark.parametrize("affinity, options, expected", CASES)
def test_paths(affinity, options, expected):
    assert paths(pod_with(pod_fields="affinity: " + affinity), "node-affinity", **options) == expected
