"""The one list of rules.

A rule is a module in rules/checks/ with:
- ``ID``: stable kebab-case identifier (a public contract: profiles, annotations and configs name it);
- a module docstring: first line a summary, then what it checks and PASS/FAIL examples;
- ``SCOPE``: ``"pod"`` (``check(pod: PodView, conf)``, called once per pod spec) or ``"object"``
  (``check(obj: ObjectView, conf)``, called for objects whose (API group, kind) is in ``KINDS``,
  e.g. ``("networking.k8s.io", "NetworkPolicy")``; ``""`` is the core group, so a Calico
  NetworkPolicy or an Istio Gateway never reaches the rule);
- ``CONF``: option name -> JSON Schema of its value; ``DEFAULT``: option name -> default value;
- ``REMEDIATION``: one sentence ending with a period;
- ``check(...)``: pure; yields ``rules.findings.Violation(path, message)``; never knows severity;
- ``FIELDS`` (pod rules, optional): every field a finding can come from, as ``spec.<key>`` (the pod
  spec), ``container.<key>`` (any container) or ``volume.<source>`` (a volume of that source). The
  engine skips the rule for a pod that sets none of them, so a rule that reports what is *missing*
  (resources-missing, virtual-node-toleration) must not have one. A test runs every fixture and the
  corpus with and without this skipping and expects the same findings.
"""
from __future__ import annotations

import re
from types import ModuleType

from rules.checks import (
    args_without_command, arm64, burstable_resources, capabilities, container_ports, cron_job,
    daemon_set, empty_dir, env_field_ref, ephemeral_containers, ephemeral_storage, ephemeral_volume,
    gateway_api, gpu, horizontal_pod_autoscaler, host_aliases, host_ipc, host_network, host_path,
    host_pid, host_port, ignored_container_fields, init_containers, lifecycle_hooks,
    load_balancer_targets, managed_namespace, multi_container, network_policy, node_affinity,
    node_selector, persistent_volume_claim, pod_affinity, privileged, probes, resources_exceed,
    resources_missing, security_context, service_ipv6, service_node_port, service_udp,
    shape_rounding, sidecar_containers, startup_probe, stateful_set, stdin_tty, sysctls,
    system_priority_class, termination_grace_period, virtual_node_toleration, volume_devices,
    volume_types, windows, working_dir,
)

_MODULES: tuple[ModuleType, ...] = (
    # workload kinds and cluster objects
    stateful_set, daemon_set, cron_job, horizontal_pod_autoscaler, network_policy,
    service_node_port, service_udp, load_balancer_targets, service_ipv6, gateway_api,
    managed_namespace,
    # pod structure
    multi_container, init_containers, sidecar_containers, ephemeral_containers,
    # host access and privilege
    host_network, host_pid, host_ipc, host_port, privileged, capabilities, security_context,
    sysctls, host_aliases,
    # volumes
    empty_dir, host_path, persistent_volume_claim, ephemeral_volume, volume_types, volume_devices,
    # container fields
    container_ports, probes, startup_probe, lifecycle_hooks, working_dir, args_without_command,
    env_field_ref, stdin_tty, ignored_container_fields,
    # resources
    resources_missing, resources_exceed, burstable_resources, ephemeral_storage, gpu, shape_rounding,
    # scheduling
    node_selector, node_affinity, pod_affinity, virtual_node_toleration, termination_grace_period,
    system_priority_class, windows, arm64,
)

RULES: dict[str, ModuleType] = {m.ID: m for m in _MODULES}
_KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class UnknownRule(ValueError):
    pass


def get(rule_id: str) -> ModuleType:
    try:
        return RULES[rule_id]
    except KeyError:
        raise UnknownRule(f"unknown rule {rule_id!r}; `nodeless rules` lists them") from None


def summary(rule: ModuleType) -> str:
    return (rule.__doc__ or "").strip().splitlines()[0].rstrip(".")


def validate(modules=_MODULES) -> list[str]:
    """Problems with the rule set itself; empty when well formed (a meta-test asserts it)."""
    problems = []
    seen = set()
    for m in modules:
        name = m.__name__
        rid = getattr(m, "ID", None)
        if not isinstance(rid, str) or not _KEBAB.match(rid):
            problems.append(f"{name}: ID {rid!r} is not kebab-case")
        if rid in seen:
            problems.append(f"{name}: duplicate ID {rid!r}")
        seen.add(rid)
        if getattr(m, "SCOPE", None) not in ("pod", "object"):
            problems.append(f"{name}: SCOPE must be 'pod' or 'object'")
        kinds = getattr(m, "KINDS", None)
        if getattr(m, "SCOPE", None) == "object" and not (
                isinstance(kinds, frozenset) and kinds
                and all(isinstance(k, tuple) and len(k) == 2 and all(isinstance(p, str) for p in k) for k in kinds)):
            problems.append(f"{name}: KINDS must be a non-empty frozenset of (API group, kind) pairs")
        doc = m.__doc__ or ""
        if "PASS" not in doc or "FAIL" not in doc:
            problems.append(f"{name}: docstring lacks PASS/FAIL examples")
        rem = getattr(m, "REMEDIATION", "")
        if not rem or not rem.endswith("."):
            problems.append(f"{name}: REMEDIATION must be a sentence ending with a period")
        if set(getattr(m, "CONF", {})) != set(getattr(m, "DEFAULT", {})):
            problems.append(f"{name}: CONF and DEFAULT keys differ")
        fields = getattr(m, "FIELDS", None)
        if fields is not None and not (
                getattr(m, "SCOPE", None) == "pod" and isinstance(fields, frozenset) and fields
                and all(isinstance(f, str) and f.partition(".")[0] in ("spec", "container", "volume")
                        and f.partition(".")[2] for f in fields)):
            problems.append(f"{name}: FIELDS must be a non-empty frozenset of 'spec.<key>', "
                            f"'container.<key>' or 'volume.<source>' (pod rules only)")
        if not callable(getattr(m, "check", None)):
            problems.append(f"{name}: no check()")
    return problems
