"""Pods whose ``nodeSelector`` uses keys the provider is not known to accept, or misses a required one.

GKE Autopilot rejects node selectors on keys outside its approved list (region, zone, OS, arch,
compute class, Spot... per third-party rejection messages). AKS virtual nodes run only Pods that
select the virtual node (the AKS samples use ``type: virtual-kubelet``); without it the Pod lands
on a VM node or stays Pending. On EKS Fargate the Fargate profile decides where a Pod goes, and
on Fly Kubernetes the handling of ``nodeSelector`` is unknown.

A required label is also satisfied by required node affinity that pins the key to that value with
``In`` in every term.

Options: ``allowed_keys`` (default null = any key): ``fnmatch`` globs of the keys a nodeSelector may
use; ``required`` (default ``{}``): ``key: value`` pairs every Pod must select.

PASS (required: {type: virtual-kubelet})::

    spec:
      nodeSelector:
        type: virtual-kubelet

FAIL (required: {type: virtual-kubelet}): a Pod with no nodeSelector.

FAIL (allowed_keys: [kubernetes.io/os])::

    spec:
      nodeSelector:
        disktype: ssd
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.common import glob_matcher, required_node_values
from rules.findings import Violation
from rules.objects import PodView, mapping

ID = "node-selector"
SCOPE = "pod"
CONF = {
    "allowed_keys": {"type": ["array", "null"], "items": {"type": "string"}},
    "required": {"type": "object", "additionalProperties": {"type": "string"}},
}
DEFAULT = {"allowed_keys": None, "required": {}}
REMEDIATION = ("Select nodes only with the labels the provider supports, and include the labels "
               "it requires.")


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    selector = mapping(pod.spec.get("nodeSelector"))
    if conf["allowed_keys"] is not None:
        allowed = glob_matcher(tuple(conf["allowed_keys"]))
        for key in selector:
            if not allowed(str(key)):
                yield Violation(pod.at("nodeSelector", key), f'Pod selects nodes by "{key}", a key not known to be accepted')
    for key, value in conf["required"].items():
        given = selector.get(key)
        if given == value:
            continue
        if given is None and required_node_values(pod, (key,)) == {value}:
            continue
        if given is not None:
            yield Violation(pod.at("nodeSelector", key),
                            f'Pod selects {key}={given}, where {key}={value} is expected')
        else:
            yield Violation(pod.at("nodeSelector") if "nodeSelector" in pod.spec else pod.path,
                            f"Pod does not select {key}={value} in its nodeSelector")
