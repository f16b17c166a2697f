"""The shipped provider profiles: they load, say something about every rule, and stay honest to the
support matrix they were written from (../shared/reference/support-matrix.yaml, a sibling of the repo).

The cross-check maps matrix features to rules (FEATURE_RULES). For each shipped profile:
- every feature the matrix marks unsupported or partial, and that maps to a rule, is covered by a
  rule that is not `off`;
- every feature the matrix marks unknown, and that maps to a rule, is at most `info`, and (unless the
  same rule also rests on a feature the matrix does know for that profile) has basis none/inferred.
Features without a rule are listed in UNMAPPED; single profile/feature pairs where the mapped rule
is the wrong instrument are listed in SKIPPED, each with the reason.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from rules import registry
from rules.profiles import SHIPPED, ProfileError, load_profile

PROFILE_DIR = Path(__file__).resolve().parents[1] / "rules" / "profiles"
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
MATRIX_FILE = REFERENCE / "support-matrix.yaml"

# Shipped profile -> its column in the support matrix.
MATRIX_COLUMN = {
    "fks": "fks-now",
    "fks-beta": "fks-beta",
    "eks-fargate": "eks-fargate",
    "aks-virtual-nodes": "aks-virtual-nodes",
    "aks-virtual-nodes-v2": "aks-virtual-nodes-v2",
    "gke-autopilot": "gke-autopilot",
}

# Matrix feature key -> the rules that judge it.
FEATURE_RULES = {
    "kind: StatefulSet": ["stateful-set"],
    "kind: DaemonSet": ["daemon-set"],
    "kind: CronJob": ["cron-job"],
    "kind: HorizontalPodAutoscaler": ["horizontal-pod-autoscaler"],
    "kind: NetworkPolicy": ["network-policy"],
    "Service type: LoadBalancer": ["load-balancer-targets"],
    "Service type: NodePort": ["service-node-port"],
    "Service spec.ports[].protocol: UDP": ["service-udp"],
    "Gateway API (kind: Gateway / HTTPRoute)": ["gateway-api"],
    "spec.containers (more than one)": ["multi-container"],
    "spec.initContainers": ["init-containers"],
    "spec.initContainers[].restartPolicy: Always (native sidecar)": ["sidecar-containers"],
    "spec.ephemeralContainers (kubectl debug)": ["ephemeral-containers"],
    "spec.hostNetwork": ["host-network"],
    "spec.hostPID / spec.hostIPC": ["host-pid", "host-ipc"],
    "spec.containers[].ports[].hostPort": ["host-port"],
    "spec.containers[].securityContext.privileged": ["privileged"],
    "spec.containers[].securityContext.capabilities.add": ["capabilities"],
    "spec.containers[].securityContext (runAsUser, readOnlyRootFilesystem, ...)": ["security-context"],
    "spec.securityContext.sysctls": ["sysctls"],
    "spec.hostAliases": ["host-aliases"],
    "spec.volumes[].emptyDir": ["empty-dir"],
    "spec.volumes[].hostPath": ["host-path"],
    "spec.volumes[].configMap": ["volume-types"],
    "spec.volumes[].secret": ["volume-types"],
    "spec.volumes[].projected": ["volume-types"],
    "spec.volumes[].persistentVolumeClaim": ["persistent-volume-claim"],
    "spec.volumes[].ephemeral (generic ephemeral volume)": ["ephemeral-volume"],
    "spec.volumes[].csi (inline CSI)": ["volume-types"],
    "spec.volumes[].azureFile": ["volume-types"],
    "spec.volumes[].gitRepo": ["volume-types"],
    "spec.containers[].volumeDevices": ["volume-devices"],
    "spec.containers[].ports[].containerPort": ["container-ports"],
    "spec.containers[].livenessProbe / readinessProbe": ["probes"],
    "spec.containers[].startupProbe": ["startup-probe"],
    "spec.containers[].lifecycle (postStart / preStop)": ["lifecycle-hooks"],
    "spec.containers[].workingDir": ["working-dir"],
    "spec.containers[].args without command": ["args-without-command"],
    "spec.containers[].env[].valueFrom.fieldRef": ["env-field-ref"],
    "spec.containers[].env[].valueFrom.resourceFieldRef": ["env-field-ref"],
    "spec.containers[].stdin / stdinOnce / tty": ["stdin-tty"],
    "spec.containers[].imagePullPolicy": ["ignored-container-fields"],
    "spec.containers[].resizePolicy": ["ignored-container-fields"],
    "spec.containers[].terminationMessagePath / terminationMessagePolicy": ["ignored-container-fields"],
    "kubectl attach / kubectl run -it": ["stdin-tty"],
    "spec.containers[].resources (cpu / memory)": ["resources-exceed", "resources-missing", "shape-rounding"],
    "resources.limits > resources.requests (burstable)": ["burstable-resources"],
    "resources.requests.ephemeral-storage": ["ephemeral-storage"],
    "resources.limits GPU (nvidia.com/gpu, gpu.fly.io/*)": ["gpu"],
    "spec.nodeSelector": ["node-selector"],
    "spec.affinity.nodeAffinity": ["node-affinity"],
    "spec.affinity.podAffinity / podAntiAffinity": ["pod-affinity"],
    "spec.tolerations": ["virtual-node-toleration"],
    "spec.terminationGracePeriodSeconds": ["termination-grace-period"],
    "Windows Pods (spec.os.name: windows / kubernetes.io/os: windows)": ["windows"],
    "Arm64 Pods (kubernetes.io/arch: arm64)": ["arm64"],
    "spec.priorityClassName: system-node-critical / system-cluster-critical": ["system-priority-class"],
    "metadata.namespace: kube-system (creating workloads)": ["managed-namespace"],
    # Pod networking itself is the cluster's; what a manifest can show is a Service that needs IPv6.
    "IPv6 Pod networking": ["service-ipv6"],
}

# Features where one of several rules covering a restriction is enough (the others are for other
# parts of the same matrix row: maxima, defaults, rounding). Elsewhere every mapped rule must hold.
ANY_OF = {"spec.containers[].resources (cpu / memory)"}

# Matrix features no rule judges (yet), and why.
UNMAPPED = {
    "kind: Deployment / ReplicaSet": "supported everywhere; nothing to judge",
    "kind: Job": "no rule; Job Pods are judged by the pod rules",
    "Service type: ClusterIP": "no rule; supported or assumed everywhere",
    "spec.containers[].env[].valueFrom.{secretKeyRef,configMapKeyRef} / envFrom": "no rule; supported everywhere",
    "spec.imagePullSecrets": "no rule; AKS secret format cannot be checked from a Pod",
    "spec.topologySpreadConstraints": "no rule",
    "kubectl logs": "operations, not a manifest property",
    "kubectl exec": "operations, not a manifest property",
    "kubectl port-forward": "operations, not a manifest property",
    "Cloud identity for Pods (IRSA / Pod Identity / managed identity / workload identity)": "no rule",
}

# (profile, feature) pairs where the mapped rule does not fit the matrix cell.
SKIPPED = {
    ("gke-autopilot", "spec.tolerations"): "partial means custom tolerations trigger workload "
    "separation; virtual-node-toleration requires tolerations and has nothing to require on GKE",
}

LEVELS = {"error", "warning", "info", "off"}
BASES = {"doc", "code", "third-party", "inferred", "none"}


@pytest.fixture(scope="module")
def matrix() -> dict:
    if not MATRIX_FILE.is_file():
        pytest.skip(f"support matrix not found at {MATRIX_FILE}")
    return yaml.safe_load(MATRIX_FILE.read_text())


def raw(name: str) -> dict:
    return yaml.safe_load((PROFILE_DIR / f"{name}.yaml").read_text())


def test_every_shipped_profile_has_a_file_and_a_matrix_column():
    assert sorted(p.stem for p in PROFILE_DIR.glob("*.yaml")) == sorted(SHIPPED)
    assert set(MATRIX_COLUMN) == set(SHIPPED)


@pytest.mark.parametrize("name", SHIPPED)
def test_profile_loads(name):
    from rules.profiles import validate_shipped
    validated = validate_shipped(name)   # the JSON Schema and every option's schema, as for user profiles
    profile = load_profile(name)
    assert validated.rules == profile.rules
    assert profile.name == name
    assert profile.title and profile.version and profile.description
    assert set(profile.rules) == set(registry.RULES)


@pytest.mark.parametrize("name", SHIPPED)
def test_profile_lists_every_rule_explicitly(name):
    data = raw(name)
    assert "extends" not in data, "shipped profiles stand alone"
    assert set(data["rules"]) == set(registry.RULES)
    for rule_id, entry in data["rules"].items():
        assert entry.get("level") in LEVELS, rule_id   # a bare `off` would be read as false
        assert entry.get("basis") in BASES, rule_id
        note = entry.get("note", "")
        assert isinstance(note, str) and 0 < len(note) < 160, (rule_id, note)
        assert isinstance(entry.get("sources"), list), rule_id
        if entry["basis"] in ("doc", "code", "third-party"):
            assert entry["sources"], f"{rule_id}: basis {entry['basis']} needs a source"


@pytest.mark.parametrize("name", SHIPPED)
def test_cited_sources_exist_and_match_the_matrix(name, matrix):
    data = raw(name)
    defined = data.get("sources", {})
    cited = {s for entry in data["rules"].values() for s in entry["sources"]}
    assert cited <= set(defined), sorted(cited - set(defined))
    assert set(defined) <= cited, f"sources defined but never cited: {sorted(set(defined) - cited)}"
    for sid, source in defined.items():
        ref = matrix["sources"][sid]
        assert source["title"] == ref["title"] and source["url"] == ref["url"], sid
        assert source["date"] == str(ref["date"]), sid


@pytest.mark.parametrize("name", SHIPPED)
def test_version_is_the_matrix_snapshot_of_the_profile(name, matrix):
    as_of = str(matrix["profile_info"][MATRIX_COLUMN[name]]["as_of"])
    assert load_profile(name).version in as_of


def test_feature_tables_cover_the_matrix(matrix):
    features = {f for group in matrix["feature_groups"].values() for f in group}
    assert set(FEATURE_RULES) | set(UNMAPPED) == features
    assert not set(FEATURE_RULES) & set(UNMAPPED)
    assert {r for rules in FEATURE_RULES.values() for r in rules} <= set(registry.RULES)
    assert ANY_OF <= set(FEATURE_RULES)
    assert {f for _, f in SKIPPED} <= set(FEATURE_RULES)


def _cells(matrix, name):
    column = matrix["profiles"][MATRIX_COLUMN[name]]
    for feature, rules in FEATURE_RULES.items():
        if (name, feature) in SKIPPED:
            continue
        yield feature, column[feature], rules


@pytest.mark.parametrize("name", SHIPPED)
def test_unsupported_and_partial_features_are_covered(name, matrix):
    profile = load_profile(name)
    problems = []
    for feature, cell, rules in _cells(matrix, name):
        if cell["status"] not in ("unsupported", "partial"):
            continue
        on = [r for r in rules if profile.level(r) != "off"]
        ok = bool(on) if feature in ANY_OF else len(on) == len(rules)
        if not ok:
            problems.append(f"{feature} is {cell['status']} but {', '.join(rules)} is off")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", SHIPPED)
def test_unknown_features_are_not_presented_as_facts(name, matrix):
    profile = load_profile(name)
    known_rules = {r for _, cell, rules in _cells(matrix, name) if cell["status"] != "unknown" for r in rules}
    problems = []
    for feature, cell, rules in _cells(matrix, name):
        if cell["status"] != "unknown":
            continue
        for r in rules:
            setting = profile.setting(r)
            if setting.level not in ("off", "info"):
                problems.append(f"{feature} is unknown but {r} is {setting.level}")
            if r not in known_rules and setting.basis not in ("none", "inferred"):
                problems.append(f"{feature} is unknown but {r} claims basis {setting.basis}")
            if r not in known_rules and setting.level == "info" and "nknown" not in setting.note:
                problems.append(f"{feature} is unknown but the note of {r} does not say so")
    assert not problems, "\n".join(problems)


def test_fks_beta_differs_from_fks_where_the_docs_history_does():
    now, beta = load_profile("fks"), load_profile("fks-beta")
    assert beta.level("persistent-volume-claim") == "error"
    assert beta.setting("persistent-volume-claim").options["storage_classes"] is None
    assert now.setting("persistent-volume-claim").options["storage_classes"] == ["flyio-volume", "flyio-volume-retain"]
    assert now.setting("persistent-volume-claim").options["access_modes"] == ["ReadWriteOncePod"]
    assert now.setting("persistent-volume-claim").options["max_per_pod"] == 1
    assert now.setting("ephemeral-volume").options["storage_classes"] == ["flyio-volume"]
    for rule_id in ("persistent-volume-claim", "ephemeral-volume"):   # flyio-volume is the default class
        assert now.setting(rule_id).options["default_storage_class"] == "flyio-volume"
    assert beta.setting("ephemeral-volume").options["storage_classes"] is None
    assert (beta.level("stateful-set"), now.level("stateful-set")) == ("error", "info")


def test_aks_volume_types_follow_the_provider_list():
    options = load_profile("aks-virtual-nodes").setting("volume-types").options
    assert "downwardAPI" not in options["allowed"]
    assert options["allowed_csi_drivers"] == ["file.csi.azure.com"]
    assert options["allowed_projected_sources"] == ["serviceAccountToken", "secret", "configMap"]
    assert options["max_volumes"] == 20                     # ACI: 20 volumes per container group
    assert load_profile("aks-virtual-nodes-v2").setting("volume-types").options["max_volumes"] == 20


def test_only_eks_fargate_requires_ip_target_annotations():
    for name in SHIPPED:
        options = load_profile(name).setting("load-balancer-targets").options
        if name == "eks-fargate":
            assert options["required_annotations"] == {
                "service.beta.kubernetes.io/aws-load-balancer-type": "external",
                "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip"}
            assert options["ingress_required_annotations"] == {"alb.ingress.kubernetes.io/target-type": "ip"}
        else:
            assert load_profile(name).level("load-balancer-targets") == "off", name


def test_fks_judges_every_listed_container_field():
    for name in ("fks", "fks-beta"):
        setting = load_profile(name).setting("ignored-container-fields")
        assert setting.level == "warning"
        assert set(setting.options["fields"]) == {
            "imagePullPolicy", "resizePolicy", "terminationMessagePath", "terminationMessagePolicy"}


# --- user profiles -------------------------------------------------------------------------------

def write(tmp_path: Path, text: str, name: str = "mine.yaml") -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return str(path)


def test_user_profile_extends_a_shipped_one_and_merges_options(tmp_path):
    path = write(tmp_path, """\
        profile: my-fargate
        extends: eks-fargate
        rules:
          resources-exceed:
            options: {max_cpu: "4"}
            note: Our Fargate profiles are capped at 4 vCPU.
        """)
    mine, base = load_profile(path), load_profile("eks-fargate")
    assert mine.name == "my-fargate" and mine.title == base.title
    exceed = mine.setting("resources-exceed")
    assert exceed.options["max_cpu"] == "4"
    assert exceed.options["max_memory"] == base.setting("resources-exceed").options["max_memory"]
    assert exceed.level == base.level("resources-exceed")
    assert exceed.sources == base.setting("resources-exceed").sources
    assert exceed.note == "Our Fargate profiles are capped at 4 vCPU."
    for rule_id in registry.RULES:
        if rule_id != "resources-exceed":
            assert mine.setting(rule_id) == base.setting(rule_id), rule_id


@pytest.mark.parametrize("rules_text, field", [
    ("no-such-rule: {level: error}", "rules.no-such-rule"),
    ("resources-exceed: {options: {max_gpu: 1}}", "rules.resources-exceed.options.max_gpu"),
    ("host-network: {level: fatal}", "rules.host-network.level"),
    ("capabilities: {options: {allowed: NET_ADMIN}}", "rules.capabilities.options.allowed"),
])
def test_bad_user_profile_names_the_file_and_field(tmp_path, rules_text, field):
    path = write(tmp_path, f"profile: broken\nextends: eks-fargate\nrules:\n  {rules_text}\n")
    with pytest.raises(ProfileError) as err:
        load_profile(path)
    assert path in str(err.value) and field in str(err.value)
