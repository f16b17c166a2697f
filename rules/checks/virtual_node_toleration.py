"""Pods that do not tolerate the taint the virtual node carries.

A Virtual Kubelet node is tainted (by default ``virtual-kubelet.io/provider=<provider>:NoSchedule``)
so that ordinary Pods stay off it. On AKS virtual nodes a Pod must tolerate that taint (the AKS
samples also tolerate ``azure.com/aci``) or it is never scheduled there. EKS Fargate handles its node
taint itself (third-party observation); on Fly Kubernetes the node's taints are not public.

Tolerations are matched as Kubernetes matches them: an empty key with ``operator: Exists`` tolerates
every taint, ``Exists`` ignores the value, an empty effect matches every effect, and the operator
defaults to ``Equal``. The tolerations the API server adds to every Pod (not-ready, unreachable) do
not match a virtual-node taint.

Options: ``required`` (default ``[]``): the taints, each ``{key, value?, effect?}``. Leave out
``value`` or ``effect`` when it is not known: any toleration value or effect for that key is then
accepted (``value: ""`` means a taint with an empty value).

PASS (required: [{key: virtual-kubelet.io/provider, effect: NoSchedule}])::

    spec:
      tolerations:
      - {key: virtual-kubelet.io/provider, operator: Exists}

FAIL (the same option): a Pod with only the API server's default tolerations.
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView, mapping, seq

ID = "virtual-node-toleration"
SCOPE = "pod"
CONF = {
    "required": {"type": "array", "items": {
        "type": "object", "required": ["key"], "additionalProperties": False,
        "properties": {"key": {"type": "string", "minLength": 1}, "value": {"type": "string"},
                       "effect": {"enum": ["NoSchedule", "PreferNoSchedule", "NoExecute"]}}}},
}
DEFAULT = {"required": []}
REMEDIATION = "Add a toleration for the virtual node's taint to the Pod (template)."


def tolerates(toleration: Mapping, taint: Mapping) -> bool:
    """Kubernetes' Toleration.ToleratesTaint; a taint without value/effect matches any of them."""
    effect = toleration.get("effect") or ""
    if effect and "effect" in taint and effect != taint["effect"]:
        return False
    key = toleration.get("key") or ""
    if key and key != taint["key"]:
        return False
    operator = toleration.get("operator") or "Equal"
    if operator == "Exists":
        return True
    if operator != "Equal":
        return False
    return "value" not in taint or (toleration.get("value") or "") == taint["value"]


def _describe(taint: Mapping) -> str:
    text = taint["key"]
    if taint.get("value"):
        text += f"={taint['value']}"
    if taint.get("effect"):
        text += f":{taint['effect']}"
    return text


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    tolerations = [t for t in seq(pod.spec.get("tolerations")) if isinstance(t, dict)]
    for taint in conf["required"]:
        if any(tolerates(mapping(t), taint) for t in tolerations):
            continue
        yield Violation(pod.at("tolerations") if "tolerations" in pod.spec else pod.path,
                        f"Pod does not tolerate the taint {_describe(taint)}")
