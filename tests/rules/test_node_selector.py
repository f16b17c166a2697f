import pytest

from tests.rules.helpers import findings, paths, pod_with

AKS = {"required": {"type": "virtual-kubelet"}}
GKE = {"allowed_keys": ["kubernetes.io/os", "kubernetes.io/arch", "topology.kubernetes.io/*",
                        "cloud.google.com/compute-class"]}
NS = ("spec", "nodeSelector")

CASES = [
    ("", {}, []),
    ("  nodeSelector: {disktype: ssd}", {}, []),
    ("", AKS, [("spec",)]),
    ("  nodeSelector: {}", AKS, [NS]),
    ("  nodeSelector: {kubernetes.io/os: linux}", AKS, [NS]),
    ("  nodeSelector: {type: virtual-kubelet, kubernetes.io/os: linux}", AKS, []),
    ("  nodeSelector: {type: kubelet}", AKS, [NS + ("type",)]),
    ("  nodeSelector: {kubernetes.io/os: linux, topology.kubernetes.io/zone: a}", GKE, []),
    ("  nodeSelector: {disktype: ssd, kubernetes.io/os: linux, pool: x}", GKE, [NS + ("disktype",), NS + ("pool",)]),
    ("  nodeSelector: {disktype: ssd}", {"allowed_keys": []}, [NS + ("disktype",)]),
]


@pytest.mark.parametrize("fields, options, expected", CASES)
def test_paths(fields, options, expected):
    assert paths(pod_with(pod_fields=fields), "node-selector", **options) == expected


def test_required_label_through_node_affinity():
    affinity = """
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - {key: type, operator: In, values: [%s]}
"""
    assert paths(pod_with(pod_fields=affinity % "virtual-kubelet"), "node-selector", **AKS) == []
    assert paths(pod_with(pod_fields=affinity % "virtual-kubelet, kubelet"), "node-selector", **AKS) == [("spec",)]


def test_messages():
    kubelet = pod_with(pod_fields="  nodeSelector: {type: kubelet}")
    assert [v.message for v in findings(kubelet, "node-selector", **AKS)] == [
        "Pod selects type=kubelet, where type=virtual-kubelet is expected"]
    assert [v.message for v in findings(pod_with(), "node-selector", **AKS)] == [
        "Pod does not select type=virtual-kubelet in its nodeSelector"]


def test_disallowed_key_message_is_hedged():
    ssd = pod_with(pod_fields="  nodeSelector: {disktype: ssd}")
    [v] = findings(ssd, "node-selector", allowed_keys=["kubernetes.io/os"])
    assert v.message == 'Pod selects nodes by "disktype", a key not known to be accepted'
