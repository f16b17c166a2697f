import pytest

from helpers import findings

HPA = """
apiVersion: {api}
kind: HorizontalPodAutoscaler
metadata: {{name: web}}
spec:
  scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: web}}
  maxReplicas: 5
"""


@pytest.mark.parametrize("api, expected", [
    ("autoscaling/v2", [("kind",)]),
    ("autoscaling/v1", [("kind",)]),
    ("autoscaling/v2beta2", [("kind",)]),
    ("example.com/v1", []),
])
def test_paths(api, expected):
    assert [v.path for v in findings(HPA.format(api=api), "horizontal-pod-autoscaler")] == expected


def test_message():
    [v] = findings(HPA.format(api="autoscaling/v2"), "horizontal-pod-autoscaler")
    assert v.message == 'HorizontalPodAutoscaler "web" needs Pod metrics from the provider to scale'
