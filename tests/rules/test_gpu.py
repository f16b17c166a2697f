import pytest

from tests.rules.helpers import findings, paths

C0 = ("spec", "containers", 0, "resources")
POD = """
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - {name: train, image: x, resources: %s}
"""

CASES = [
    ("{limits: {cpu: 2, memory: 4Gi}}", {}, []),
    ("{limits: {nvidia.com/gpu: 1}}", {}, [C0 + ("limits", "nvidia.com/gpu")]),
    ("{requests: {nvidia.com/gpu: 1}, limits: {nvidia.com/gpu: 1}}", {}, [C0 + ("limits", "nvidia.com/gpu")]),
    ("{requests: {amd.com/gpu: 1}}", {}, [C0 + ("requests", "amd.com/gpu")]),
    ("{limits: {gpu.intel.com/i915: 1, aws.amazon.com/neuroncore: 2}}", {},
     [C0 + ("limits", "gpu.intel.com/i915"), C0 + ("limits", "aws.amazon.com/neuroncore")]),
    ("{limits: {nvidia.com/gpu: 1}}", {"resource_patterns": ["example.com/*"]}, []),
    ("{limits: {nvidia.com/mig-1g.5gb: 1}}", {"resource_patterns": ["nvidia.com/*"]},
     [C0 + ("limits", "nvidia.com/mig-1g.5gb")]),
]


@pytest.mark.parametrize("resources, options, expected", CASES)
def test_paths(resources, options, expected):
    assert paths(POD % resources, "gpu", **options) == expected


def test_message():
    [v] = findings(POD % "{limits: {nvidia.com/gpu: 2}}", "gpu")
    assert v.message == 'container "train" requests 2 nvidia.com/gpu'
