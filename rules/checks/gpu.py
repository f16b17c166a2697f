"""Containers that request GPUs or other accelerators.

No nodeless offering in the matrix runs GPU Pods today: Fly Kubernetes withdrew GPUs in 2026
(Fly GPUs are unavailable after 2026-08-01), EKS Fargate has no GPUs or Inferentia, and ACI GPU
container groups were retired on 2025-07-14. GKE Autopilot runs them through accelerator node
selectors (third-party reports). A resource counts when its name matches a pattern in requests or
limits; ephemeral containers have no resources.

Options: ``resource_patterns``: ``fnmatch`` globs of accelerator resource names (default covers
NVIDIA, AMD, Intel, Fly, Google TPU, AWS Neuron and Habana).

PASS::

    resources:
      limits: {cpu: "2", memory: 4Gi}

FAIL::

    resources:
      limits: {nvidia.com/gpu: 1}
"""
from __future__ import annotations

from typing import Iterator, Mapping

from rules.common import glob_matcher
from rules.findings import Violation
from rules.objects import PodView, mapping

ID = "gpu"
SCOPE = "pod"
FIELDS = frozenset({"container.resources"})
CONF = {"resource_patterns": {"type": "array", "items": {"type": "string"}}}
DEFAULT = {"resource_patterns": ["nvidia.com/gpu", "amd.com/gpu", "gpu.intel.com/*", "gpu.fly.io/*",
                                 "google.com/tpu", "cloud-tpus.google.com/*", "aws.amazon.com/neuron*",
                                 "habana.ai/gaudi"]}
REMEDIATION = "Run accelerator workloads on a node pool with GPUs instead of the nodeless cluster."


def check(pod: PodView, conf: Mapping) -> Iterator[Violation]:
    matches = glob_matcher(tuple(conf["resource_patterns"]))
    verdicts: dict = {}      # resource name -> accelerator? (50 containers name the same few)
    for c in pod.having("resources"):
        if c.field == "ephemeralContainers":
            continue
        res = c.spec["resources"]
        seen = set()
        for which in ("limits", "requests"):
            for name, amount in mapping(res.get(which)).items():
                if name in seen or not isinstance(name, str):
                    continue
                accelerator = verdicts.get(name)
                if accelerator is None:
                    accelerator = verdicts[name] = bool(matches(name))
                if accelerator:
                    seen.add(name)
                    yield Violation(c.path + ("resources", which, name),
                                    f"{c.label} requests {amount} {name}")
