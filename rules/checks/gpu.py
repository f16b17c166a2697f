"""TODO(stub): gpu. Replace this whole module; the CONF/DEFAULT options are the contract profiles use.

PASS: TODO
FAIL: TODO
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.findings import Violation
from rules.objects import PodView

ID = "gpu"
SCOPE = "pod"
CONF = {
    'resource_patterns': {"type": "array", "items": {"type": "string"}}
}
DEFAULT = {'resource_patterns': ['nvidia.com/gpu', 'amd.com/gpu', 'gpu.intel.com/*', 'gpu.fly.io/*', 'google.com/tpu', 'cloud-tpus.google.com/*', 'aws.amazon.com/neuron*', 'habana.ai/gaudi']}
REMEDIATION = "TODO."


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    return iter(())
