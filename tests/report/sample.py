"""A fixed LintResult built from Finding/InputError values directly (no rules run), for golden tests.

The profile and the rule stand-ins are local too, so golden files change only when a report does.
"""
from __future__ import annotations

import os
import types
from pathlib import Path
from types import MappingProxyType

from rules.findings import Finding, InputError, Location, ObjectRef
from rules.profiles import Profile, RuleSetting
from rules.report import LintResult

GOLDEN = Path(__file__).parent / "golden"
REPO_ROOT = Path(__file__).resolve().parents[2]
SARIF_SCHEMA = REPO_ROOT.parent / "shared" / "reference" / "sarif-schema-2.1.0.json"
REPORT_SCHEMA = REPO_ROOT / "rules" / "schemas" / "report.schema.json"
VERSION = "0.0.0-test"


def _rule(rule_id: str, doc: str, remediation: str) -> types.ModuleType:
    m = types.ModuleType(f"stub_{rule_id}", doc)
    m.ID = rule_id
    m.REMEDIATION = remediation
    return m


RULES = {m.ID: m for m in (
    _rule("host-network", """Pods that ask for the node's network namespace (``hostNetwork: true``).

There is no shared host behind a nodeless Pod.
Each Pod is its own micro-VM.

PASS::

    spec: {}

FAIL::

    spec: {hostNetwork: true}
""", "Remove hostNetwork and expose the workload through a Service instead."),
    _rule("empty-dir", "emptyDir volumes.\n\nThey live on the micro-VM's disk.\n\nPASS: x\nFAIL: y\n",
          "Set sizeLimit on the emptyDir, or use a PersistentVolumeClaim."),
    _rule("service-udp", "Services with UDP ports.\n\nPASS: x\nFAIL: y\n",
          "Use TCP, or check that the provider's load balancer forwards UDP."),
    _rule("daemon-set", "DaemonSets.\n\nThere are no nodes to run one Pod on each of.\n\nPASS: x\nFAIL: y\n",
          "Run the agent as a sidecar, or as a Deployment."),
    _rule("privileged", "Privileged containers.\n\nPASS: x\nFAIL: y\n",
          "Drop privileged: true."),
    _rule("capabilities", "Added Linux capabilities.\n\nPASS: x\nFAIL: y\n",
          "Drop the capabilities, or check the provider allows them."),
    _rule("gpu", "GPU requests.\n\nPASS: x\nFAIL: y\n", "Remove the GPU request."),
)}

PROFILE = Profile(
    name="fks", title="Fly Kubernetes", version="2026-08", description="test profile",
    rules=MappingProxyType({
        "host-network": RuleSetting("error", {}, ("fks-docs",), "documented", "each Pod is its own micro-VM; there is no host network"),
        "empty-dir": RuleSetting("warning", {}, ("fks-docs", "fly-volumes"), "documented", "emptyDir lives on the VM's root disk"),
        "service-udp": RuleSetting("info", {}, (), "inferred", ""),
        "daemon-set": RuleSetting("error", {}, ("fks-docs",), "documented", "no nodes to run on"),
        "privileged": RuleSetting("error", {}, (), "none", ""),
        "capabilities": RuleSetting("warning", {}, (), "none", ""),
        "gpu": RuleSetting("off", {}, (), "none", ""),
    }),
    sources=MappingProxyType({
        "fks-docs": {"title": "Fly Kubernetes docs [beta]", "url": "https://fly.io/docs/kubernetes/", "date": "2026-08-01"},
        "fly-volumes": {"title": "Fly Volumes", "url": "https://fly.io/docs/volumes/"},
    }),
)

WEB = ObjectRef("apps/v1", "Deployment", "prod", "web")
SVC = ObjectRef("v1", "Service", "prod", "web")
AGENT = ObjectRef("apps/v1", "DaemonSet", "kube-system", "agent")
ROLE = ObjectRef("rbac.authorization.k8s.io/v1", "ClusterRole", None, "odd")
POD = ObjectRef("v1", "Pod", "default", "api-pod")
ODD_FILE = "dir/odd name, v1:2.yaml"
PODSPEC = ("spec", "template", "spec")


def finding(rule, object, path, where, message, suppressed_by=None):
    setting = PROFILE.rules[rule]
    return Finding(rule, setting.level, message, RULES[rule].REMEDIATION, object, path, where,
                   setting.note, setting.sources, suppressed_by)


def sample(show_suppressed: bool = False, fail_on: str = "error") -> LintResult:
    findings = [
        finding("host-network", WEB, PODSPEC + ("hostNetwork",), Location("manifests/web.yaml", 12, 9),
                "Pod uses the host network (hostNetwork: true)"),
        finding("empty-dir", WEB, PODSPEC + ("volumes", 0), Location("manifests/web.yaml", 31, 13),
                "Volume 'cache' is an emptyDir without sizeLimit"),
        finding("service-udp", SVC, ("spec", "ports", 1, "protocol"), Location("manifests/web.yaml", 50, 17),
                "Port 'dns' uses UDP"),
        finding("daemon-set", AGENT, (), Location("-", 3, 1, "agent/templates/daemonset.yaml"),
                "DaemonSet runs one Pod per node; a nodeless cluster has none"),
        finding("capabilities", AGENT, PODSPEC + ("containers", 0, "securityContext", "capabilities", "add", 0),
                Location("-", 27, 17, "agent/templates/daemonset.yaml"), "Container 'agent' adds NET_ADMIN"),
        finding("privileged", ROLE, ("rules", 0), Location(ODD_FILE, 4, 3),
                "100% odd: <b>&\"quoted\"</b>, with a comma,\nand a second line\r\x01 — ünïcode"),
        finding("privileged", POD, ("spec", "containers", 0, "securityContext", "privileged"), None,
                "Container 'api' is privileged"),
    ]
    suppressed = [
        finding("empty-dir", WEB, PODSPEC + ("volumes", 1), Location("manifests/web.yaml", 35, 13),
                "Volume 'tmp' is an emptyDir without sizeLimit", "annotation nodeless.dev/ignore"),
        finding("host-network", ObjectRef("apps/v1", "Deployment", "ops", "probe"), PODSPEC + ("hostNetwork",),
                Location("manifests/ops.yaml", 9, 9), "Pod uses the host network (hostNetwork: true)",
                "config exemption #1 (.nodeless.yaml): the probe needs the node network"),
    ]
    errors = [
        InputError("manifests/broken.yaml", 3, 5, "mapping values are not allowed here"),
        InputError("manifests/web.yaml", 40, 11, "must be a list, not a string",
                   "spec.template.spec.containers[1].ports"),
    ]
    return LintResult(profile=PROFILE, findings=findings, suppressed=suppressed, errors=errors,
                      files=5, documents=9, objects=7, skipped=2, show_suppressed=show_suppressed,
                      fail_on=fail_on)


def clean() -> LintResult:
    return LintResult(profile=PROFILE, files=2, documents=3, objects=3, skipped=0)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_bytes(text.encode("utf-8"))
        return
    assert path.exists(), f"{path} is missing; run with UPDATE_GOLDEN=1 to write it"
    expected = path.read_bytes().decode("utf-8")   # byte for byte: no newline translation
    assert text == expected, f"{name} differs from its golden file; if intended, rerun with UPDATE_GOLDEN=1 and review the diff"
