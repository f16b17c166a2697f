"""Pods with node affinity the provider ignores or rejects.

AWS says node affinity "does not apply" to Fargate Pods (the Fargate profile decides), and Fly
Kubernetes does not support it (not on the roadmap): the constraint silently does nothing. GKE
Autopilot accepts node affinity only on approved keys (third-party rejection messages). On AKS
virtual nodes the status is unknown.

Options: ``allowed_keys`` (default null): null flags any non-empty ``spec.affinity.nodeAffinity``;
a list of ``fnmatch`` globs flags the ``matchExpressions``/``matchFields`` keys, required and
preferred, that match none of them.

PASS (allowed_keys: [kubernetes.io/arch])::

    affinity:
      nodeAffinity:
        requiredDuringSchedulingIgnoredDuringExecution:
          nodeSelectorTerms:
          - matchExpressions:
            - {key: kubernetes.io/arch, operator: In, values: [amd64]}

FAIL (allowed_keys: null): the same Pod.

FAIL (allowed_keys: [kubernetes.io/arch])::

    affinity:
      nodeAffinity:
        preferredDuringSchedulingIgnoredDuringExecution:
        - weight: 1
          preference:
            matchExpressions:
            - {key: disktype, operator: In, values: [ssd]}
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.common import glob_matcher
from rules.findings import Violation
from rules.objects import PodView, mapping, seq

ID = "node-affinity"
SCOPE = "pod"
FIELDS = frozenset({"spec.affinity"})
CONF = {"allowed_keys": {"type": ["array", "null"], "items": {"type": "string"}}}
DEFAULT = {"allowed_keys": None}
REMEDIATION = ("Remove the node affinity, or keep only the keys the provider supports (and select "
               "the nodeless capacity the provider's own way).")

_REQUIRED = "requiredDuringSchedulingIgnoredDuringExecution"
_PREFERRED = "preferredDuringSchedulingIgnoredDuringExecution"


def _terms(node_affinity: Mapping) -> Iterator[tuple[tuple, Mapping]]:
    """(path from nodeAffinity, node selector term) for required and preferred terms."""
    for i, term in enumerate(seq(mapping(node_affinity.get(_REQUIRED)).get("nodeSelectorTerms"))):
        yield (_REQUIRED, "nodeSelectorTerms", i), mapping(term)
    for i, pref in enumerate(seq(node_affinity.get(_PREFERRED))):
        yield (_PREFERRED, i, "preference"), mapping(mapping(pref).get("preference"))


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    node_affinity = mapping(pod.spec.get("affinity")).get("nodeAffinity")
    if not isinstance(node_affinity, dict) or not any(node_affinity.values()):
        return
    base = pod.at("affinity", "nodeAffinity")
    if conf["allowed_keys"] is None:
        yield Violation(base, "Pod sets nodeAffinity")
        return
    allowed = glob_matcher(tuple(conf["allowed_keys"]))
    for path, term in _terms(node_affinity):
        for field in ("matchExpressions", "matchFields"):
            for j, expr in enumerate(seq(term.get(field))):
                key = mapping(expr).get("key")
                if isinstance(key, str) and not allowed(key):
                    yield Violation(base + path + (field, j, "key"),
                                    f'Pod node affinity uses "{key}", a key not known to be accepted')
