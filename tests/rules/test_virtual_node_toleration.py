import pytest

from rules.checks.virtual_node_toleration import tolerates
from tests.rules.helpers import findings, paths, pod_with

DEFAULTS = """  tolerations:
  - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
  - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
"""
VK = {"key": "virtual-kubelet.io/provider", "value": "azure", "effect": "NoSchedule"}
ACI = {"key": "azure.com/aci", "effect": "NoSchedule"}
T = ("spec", "tolerations")

CASES = [
    ("", [], []),
    ("", [VK], [("spec",)]),
    (DEFAULTS, [VK], [T]),
    (DEFAULTS, [VK, ACI], [T, T]),
    (DEFAULTS + "  - {key: virtual-kubelet.io/provider, operator: Exists}\n", [VK, ACI], [T]),
    (DEFAULTS + "  - {key: virtual-kubelet.io/provider, operator: Exists}\n"
                "  - {key: azure.com/aci, effect: NoSchedule}\n", [VK, ACI], []),
    ("  tolerations: [{operator: Exists}]\n", [VK, ACI], []),
]


@pytest.mark.parametrize("tolerations, required, expected", CASES)
def test_paths(tolerations, required, expected):
    assert paths(pod_with(pod_fields=tolerations), "virtual-node-toleration", required=required) == expected


@pytest.mark.parametrize("toleration, taint, expected", [
    ({"operator": "Exists"}, VK, True),                                       # empty key + Exists: everything
    ({"operator": "Exists", "effect": "NoExecute"}, VK, False),               # ... but only that effect
    ({"key": "virtual-kubelet.io/provider", "operator": "Exists"}, VK, True),  # Exists ignores the value
    ({"key": "virtual-kubelet.io/provider", "value": "azure"}, VK, True),      # operator defaults to Equal
    ({"key": "virtual-kubelet.io/provider", "value": "aws"}, VK, False),
    ({"key": "virtual-kubelet.io/provider", "operator": "Equal"}, VK, False),  # Equal with no value: ""
    ({"key": "virtual-kubelet.io/provider", "value": "azure", "effect": "NoSchedule"}, VK, True),
    ({"key": "virtual-kubelet.io/provider", "value": "azure", "effect": "PreferNoSchedule"}, VK, False),
    ({"key": "virtual-kubelet.io/provider", "value": "azure", "operator": "Gt"}, VK, False),
    ({"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"}, VK, False),
    # value/effect left out of the required taint: any value/effect of that key is accepted
    ({"key": "azure.com/aci", "value": "x", "effect": "NoExecute"}, {"key": "azure.com/aci"}, True),
    ({"key": "azure.com/aci"}, {"key": "azure.com/aci", "value": ""}, True),
    ({"key": "azure.com/aci", "value": "x"}, {"key": "azure.com/aci", "value": ""}, False),
])
def test_tolerates(toleration, taint, expected):
    assert tolerates(toleration, taint) is expected


def test_message():
    [v] = findings(pod_with(pod_fields=DEFAULTS), "virtual-node-toleration", required=[VK])
    assert v.message == "Pod does not tolerate the taint virtual-kubelet.io/provider=azure:NoSchedule"
