"""The webhook's install, as data: one source for `nodeless manifests` and for the kustomize base in
``manifests/deploy/`` (whose files are generated from here; a test keeps them in step:
``NODELESS_UPDATE_MANIFESTS=1 pytest tests/webhook/test_webhook_manifests.py`` rewrites them).

Routing follows Pod Security Admission's namespace labels. For each profile P there are four
webhooks, each matching namespaces by label and calling its own path:

    nodeless.dev/enforce=P  ->  enforce-pods.P.nodeless.dev       /validate/P  Pods, failurePolicy Fail
                                enforce-workloads.P.nodeless.dev  /validate/P  workloads, Ignore (or Fail)
    nodeless.dev/warn=P     ->  warn.P.nodeless.dev               /warn/P      everything, Ignore
    nodeless.dev/audit=P    ->  audit.P.nodeless.dev              /audit/P     everything, Ignore

Pods fail closed: a Pod that slipped past an unavailable webhook would fail later on the nodeless
node, which is what the webhook exists to prevent. Workloads fail open by default: their Pods are
still checked, and a short webhook outage should not block every rollout in the cluster. Warn and
audit never deny, so they fail open too. The webhook's own namespace is always excluded.
"""
from __future__ import annotations

import base64
import binascii
import re
import sys

import yaml

APP = "nodeless-webhook"
SERVICE = APP
SECRET = "nodeless-webhook-tls"
WEBHOOK_CONFIG = "nodeless"
IMAGE = "ghcr.io/nodeless-dev/nodeless:0.1.0"
PORT = 8443
TLS_DIR = "/etc/nodeless/tls"
RUN_AS = 65532
MODES = ("enforce", "warn", "audit")
LABEL_PREFIX = "nodeless.dev/"
ENDPOINT = {"enforce": "validate", "warn": "warn", "audit": "audit"}
SHIPPED_FALLBACK = ("fks-beta", "fks", "eks-fargate", "aks-virtual-nodes", "aks-virtual-nodes-v2",
                    "gke-autopilot")
_DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")

POD_RULES = [{"apiGroups": [""], "apiVersions": ["v1"], "operations": ["CREATE", "UPDATE"],
              "resources": ["pods", "pods/ephemeralcontainers"], "scope": "Namespaced"}]
# Everything else the CLI understands. Custom resources with pod templates (Argo Rollouts, ...)
# are added by name (`nodeless manifests --custom-resource argoproj.io/rollouts`): which are
# installed differs per cluster, and a rule for a resource that does not exist is harmless but noise.
WORKLOAD_RULES = [
    {"apiGroups": [""], "apiVersions": ["v1"], "operations": ["CREATE", "UPDATE"],
     "resources": ["replicationcontrollers", "podtemplates", "services"], "scope": "Namespaced"},
    {"apiGroups": ["apps"], "apiVersions": ["v1"], "operations": ["CREATE", "UPDATE"],
     "resources": ["deployments", "replicasets", "statefulsets", "daemonsets"], "scope": "Namespaced"},
    {"apiGroups": ["batch"], "apiVersions": ["v1"], "operations": ["CREATE", "UPDATE"],
     "resources": ["jobs", "cronjobs"], "scope": "Namespaced"},
    {"apiGroups": ["networking.k8s.io"], "apiVersions": ["v1"], "operations": ["CREATE", "UPDATE"],
     "resources": ["networkpolicies"], "scope": "Namespaced"},
    {"apiGroups": ["autoscaling"], "apiVersions": ["v1", "v2"], "operations": ["CREATE", "UPDATE"],
     "resources": ["horizontalpodautoscalers"], "scope": "Namespaced"},
    {"apiGroups": ["gateway.networking.k8s.io"], "apiVersions": ["*"], "operations": ["CREATE", "UPDATE"],
     "resources": ["gateways", "httproutes", "grpcroutes", "tlsroutes", "tcproutes", "udproutes"],
     "scope": "Namespaced"},
]


class ManifestError(Exception):
    pass


_CUSTOM_RESOURCE = re.compile(r"^([a-z0-9]([-a-z0-9.]*[a-z0-9])?)/([a-z0-9]([-a-z0-9]*[a-z0-9])?)$")


def custom_resource_rules(names) -> list:
    """Webhook rules for custom resources given as 'group/resource' (plural, e.g.
    'argoproj.io/rollouts'), every version, one rule per group."""
    by_group: dict = {}
    for name in names:
        m = _CUSTOM_RESOURCE.match(name)
        if not m or "." not in m.group(1):
            raise ManifestError(f"--custom-resource {name!r}: expected GROUP/RESOURCE with the plural "
                                "resource name, e.g. argoproj.io/rollouts")
        resources = by_group.setdefault(m.group(1), [])
        if m.group(3) not in resources:
            resources.append(m.group(3))
    return [{"apiGroups": [group], "apiVersions": ["*"], "operations": ["CREATE", "UPDATE"],
             "resources": resources, "scope": "Namespaced"} for group, resources in by_group.items()]


def shipped_profiles() -> list[str]:
    try:
        from rules.profiles import available_profiles
    except ImportError:   # the engine is not installed with this copy: the documented set
        return list(SHIPPED_FALLBACK)
    return list(available_profiles())


def read_ca_bundle(path: str) -> str:
    """A PEM file (or '-' for stdin), or a file that already holds the base64 -> base64 of the PEM."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
    except OSError as exc:
        raise ManifestError(f"--ca-bundle {path}: {exc.strerror}") from None
    text = data.strip()
    if text.startswith(b"-----BEGIN CERTIFICATE-----"):
        return base64.b64encode(data).decode("ascii")
    try:
        decoded = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        decoded = b""
    if not decoded.lstrip().startswith(b"-----BEGIN CERTIFICATE-----"):
        raise ManifestError(f"--ca-bundle {path}: neither a PEM certificate nor its base64")
    return text.decode("ascii")


def _labels() -> dict:
    return {"app.kubernetes.io/name": APP, "app.kubernetes.io/part-of": "nodeless"}


def namespace_obj(namespace: str) -> dict:
    labels = _labels() | {"pod-security.kubernetes.io/enforce": "restricted",
                          "pod-security.kubernetes.io/warn": "restricted"}
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace, "labels": labels}}


def service_account(namespace: str) -> dict:
    return {"apiVersion": "v1", "kind": "ServiceAccount",
            "metadata": {"name": APP, "namespace": namespace, "labels": _labels()},
            "automountServiceAccountToken": False}


def deployment(namespace: str, image: str = IMAGE, replicas: int = 2) -> dict:
    https_probe = {"path": "/readyz", "port": "https", "scheme": "HTTPS"}
    restricted = {"runAsNonRoot": True, "runAsUser": RUN_AS, "runAsGroup": RUN_AS,
                  "seccompProfile": {"type": "RuntimeDefault"}}
    container = {
        "name": "webhook",
        "image": image,
        "imagePullPolicy": "IfNotPresent",
        "command": ["nodeless"],
        "args": ["serve", "--tls-cert", f"{TLS_DIR}/tls.crt", "--tls-key", f"{TLS_DIR}/tls.key",
                 "--port", str(PORT), "--workers", "2"],
        "ports": [{"name": "https", "containerPort": PORT, "protocol": "TCP"}],
        "readinessProbe": {"httpGet": https_probe, "periodSeconds": 5, "failureThreshold": 2},
        "livenessProbe": {"httpGet": https_probe | {"path": "/healthz"}, "periodSeconds": 10,
                          "failureThreshold": 3, "timeoutSeconds": 2},
        "resources": {"requests": {"cpu": "500m", "memory": "256Mi"},
                      "limits": {"cpu": "500m", "memory": "256Mi"}},
        "securityContext": restricted | {"allowPrivilegeEscalation": False,
                                         "readOnlyRootFilesystem": True,
                                         "capabilities": {"drop": ["ALL"]}},
        # Nothing else is written: metrics and gunicorn's heartbeat live in /dev/shm.
        "volumeMounts": [{"name": "tls", "mountPath": TLS_DIR, "readOnly": True}],
    }
    return {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": APP, "namespace": namespace, "labels": _labels(),
                     # Runs on the cluster's regular (system) nodes, never on an AKS virtual node.
                     "annotations": {"nodeless.dev/ignore": "virtual-node-toleration"}},
        "spec": {
            "replicas": replicas,
            "revisionHistoryLimit": 3,
            "selector": {"matchLabels": {"app.kubernetes.io/name": APP}},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}},
            "template": {
                "metadata": {"labels": _labels()},
                "spec": {
                    "serviceAccountName": APP,
                    "automountServiceAccountToken": False,
                    "securityContext": restricted,
                    "terminationGracePeriodSeconds": 30,
                    "containers": [container],
                    "volumes": [{"name": "tls", "secret": {"secretName": SECRET}}],
                },
            },
        },
    }


def service(namespace: str) -> dict:
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": SERVICE, "namespace": namespace, "labels": _labels()},
            "spec": {"selector": {"app.kubernetes.io/name": APP},
                     "ports": [{"name": "https", "port": 443, "targetPort": "https",
                                "protocol": "TCP"}]}}


def pod_disruption_budget(namespace: str) -> dict:
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": {"name": APP, "namespace": namespace, "labels": _labels()},
            "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app.kubernetes.io/name": APP}}}}


def _webhook(name: str, path: str, rules: list, failure_policy: str, label: str, profile: str,
             namespace: str, ca_bundle: str | None, url: str | None) -> dict:
    if url:
        client: dict = {"url": url.rstrip("/") + path}
    else:
        client = {"service": {"namespace": namespace, "name": SERVICE, "path": path, "port": 443}}
    if ca_bundle is not None:
        client["caBundle"] = ca_bundle
    return {
        "name": name,
        "admissionReviewVersions": ["v1"],
        "clientConfig": client,
        "failurePolicy": failure_policy,
        "matchPolicy": "Equivalent",
        "namespaceSelector": {"matchExpressions": [
            {"key": label, "operator": "In", "values": [profile]},
            {"key": "kubernetes.io/metadata.name", "operator": "NotIn", "values": [namespace]},
        ]},
        "rules": rules,
        "sideEffects": "None",
        "timeoutSeconds": 5,
    }


def webhook_configuration(profiles, namespace: str, ca_bundle: str | None = None,
                          url: str | None = None, workload_failure_policy: str = "Ignore",
                          custom_resources=()) -> dict:
    if url and not url.startswith("https://"):
        raise ManifestError(f"--url must start with https:// (the API server calls webhooks over TLS): {url}")
    if workload_failure_policy not in ("Ignore", "Fail"):
        raise ManifestError(f"failurePolicy must be Ignore or Fail, not {workload_failure_policy!r}")
    workload_rules = WORKLOAD_RULES + custom_resource_rules(custom_resources)
    webhooks = []
    seen = set()
    for p in profiles:
        if not _DNS_LABEL.match(p):
            raise ManifestError(f"profile {p!r} cannot be routed: profile names in a webhook must be "
                                "DNS labels (lower case, digits, '-')")
        if p in seen:
            continue
        seen.add(p)
        args = dict(profile=p, namespace=namespace, ca_bundle=ca_bundle, url=url)
        webhooks += [
            _webhook(f"enforce-pods.{p}.nodeless.dev", f"/validate/{p}", POD_RULES, "Fail",
                     LABEL_PREFIX + "enforce", **args),
            _webhook(f"enforce-workloads.{p}.nodeless.dev", f"/validate/{p}", workload_rules,
                     workload_failure_policy, LABEL_PREFIX + "enforce", **args),
            _webhook(f"warn.{p}.nodeless.dev", f"/warn/{p}", POD_RULES + workload_rules, "Ignore",
                     LABEL_PREFIX + "warn", **args),
            _webhook(f"audit.{p}.nodeless.dev", f"/audit/{p}", POD_RULES + workload_rules, "Ignore",
                     LABEL_PREFIX + "audit", **args),
        ]
    if not webhooks:
        raise ManifestError("no profiles to route")
    return {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingWebhookConfiguration",
            "metadata": {"name": WEBHOOK_CONFIG, "labels": _labels()},
            "webhooks": webhooks}


def _check_profiles(profiles) -> None:
    try:
        from rules.profiles import available_profiles
    except ImportError:
        return
    known = set(available_profiles())
    unknown = [p for p in profiles if p not in known]
    if unknown:
        raise ManifestError(f"unknown profile(s) {', '.join(unknown)}; shipped: {', '.join(sorted(known))}")


# File name -> (header comment, object); the kustomize base in manifests/deploy/.
def base_files(profiles, namespace: str = "nodeless-system", ca_bundle: str | None = "",
               url: str | None = None, workload_failure_policy: str = "Ignore") -> dict:
    gen = "# Generated by webhook/manifests.py (NODELESS_UPDATE_MANIFESTS=1 pytest tests/webhook/test_webhook_manifests.py).\n"
    return {
        "10-namespace.yaml": (gen + "# The webhook's namespace. It runs under restricted Pod Security, and the\n"
                              "# webhook configuration never routes its own namespace to itself.\n",
                              namespace_obj(namespace)),
        "20-serviceaccount.yaml": (gen + "# No API access is needed: the webhook reads nothing from the cluster.\n",
                                   service_account(namespace)),
        "30-deployment.yaml": (gen + "# Two replicas behind a PDB; restricted Pod Security; TLS from the Secret\n"
                               "# nodeless-webhook-tls, reloaded in place when the Secret changes. It runs on\n"
                               "# regular nodes (AKS keeps a system pool), hence the one ignored rule.\n",
                               deployment(namespace)),
        "40-service.yaml": (gen, service(namespace)),
        "50-poddisruptionbudget.yaml": (gen, pod_disruption_budget(namespace)),
        "70-validatingwebhookconfiguration.yaml": (
            gen + "# Namespaces opt in by label, as with Pod Security Admission:\n"
            "#   nodeless.dev/enforce=<profile>  deny what cannot run (Pods: failurePolicy Fail;\n"
            "#                                   workloads: Ignore, patch to Fail to fail closed)\n"
            "#   nodeless.dev/warn=<profile>     allow, findings as warnings (Ignore)\n"
            "#   nodeless.dev/audit=<profile>    allow, findings in audit annotations (Ignore)\n"
            "# caBundle is filled by kustomize from the Secret (see kustomization.yaml).\n",
            webhook_configuration(profiles, namespace, ca_bundle, url, workload_failure_policy)),
    }


def dump(objects) -> str:
    return "".join("---\n" + yaml.safe_dump(o, sort_keys=False, default_flow_style=False, width=100)
                   for o in objects)


def render(profiles, ca_bundle: str = "", url: str | None = None, webhook_only: bool = False,
           namespace: str = "nodeless-system", workload_failure_policy: str = "Ignore",
           custom_resources=()) -> str:
    _check_profiles(profiles)
    if not _DNS_LABEL.match(namespace):
        raise ManifestError(f"--namespace {namespace!r} is not a valid namespace name")
    vwc = webhook_configuration(profiles, namespace, ca_bundle or None, url, workload_failure_policy,
                                custom_resources)
    if webhook_only:
        return dump([vwc])
    head = ("# nodeless admission webhook. The Deployment mounts the Secret nodeless-webhook-tls:\n"
            f"#   nodeless certs --namespace {namespace} --out-dir pki\n"
            f"#   kubectl -n {namespace} create secret generic {SECRET} \\\n"
            "#     --from-file=pki/tls.crt --from-file=pki/tls.key\n")
    if not ca_bundle:
        head += "# No --ca-bundle given: fill in clientConfig.caBundle before applying.\n"
    return head + dump([namespace_obj(namespace), service_account(namespace), deployment(namespace),
                        service(namespace), pod_disruption_budget(namespace), vwc])
