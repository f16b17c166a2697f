"""manifests/deploy/60-vk-*.yaml and manifests/examples/virtual-node: least RBAC that is enough,
a Deployment that runs the provider as `nodeless vk` parses it, and an example the node accepts."""
import argparse
import re
from pathlib import Path

import pytest
import yaml
from vkhelpers import fake_judge, make_pod, wait_for

from vk import commands
from vk.backends.mock import MockBackend
from vk.node import NodeConfig, node_labels, our_taint
from vk.runner import Provider

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "manifests" / "deploy"
EXAMPLES = ROOT / "manifests" / "examples" / "virtual-node"


def objects(*paths):
    return [d for p in paths for d in yaml.safe_load_all(p.read_text()) if d]


def vk_objects():
    return objects(*sorted(DEPLOY.glob("60-vk-*.yaml")))


def deployment():
    return next(o for o in vk_objects() if o["kind"] == "Deployment")


def vk_args():
    c = deployment()["spec"]["template"]["spec"]["containers"][0]
    ap = argparse.ArgumentParser()
    commands.add_parser(ap.add_subparsers())
    assert c["command"] == ["nodeless"]
    return ap.parse_args(c["args"])


def test_deployment_runs_one_provider_restricted():
    d = deployment()
    assert d["spec"]["replicas"] == 1 and d["spec"]["strategy"]["type"] == "Recreate"
    spec = d["spec"]["template"]["spec"]
    assert spec["serviceAccountName"] == "nodeless-vk"
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert spec["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault"
    (c,) = spec["containers"]
    sc = c["securityContext"]
    assert sc["readOnlyRootFilesystem"] is True and sc["allowPrivilegeEscalation"] is False
    assert sc["capabilities"]["drop"] == ["ALL"] and sc["runAsNonRoot"] is True
    args = vk_args()
    assert args.backend == "mock" and args.kubelet_port == c["ports"][0]["containerPort"]


def test_kustomization_lists_the_provider():
    k = yaml.safe_load((DEPLOY / "kustomization.yaml").read_text())
    assert {p.name for p in DEPLOY.glob("60-vk-*.yaml")} <= set(k["resources"])


# ---- RBAC: every call the provider makes is allowed, and every permission is used

def rbac_rules():
    out = []
    for o in vk_objects():
        if o["kind"] in ("ClusterRole", "Role"):
            for r in o["rules"]:
                out.append((o["kind"], o["metadata"].get("namespace"), r))
    return out


_PATH = re.compile(r"^/(?:api/v1|apis/(?P<group>[^/]+)/v1)(?:/namespaces/(?P<ns>[^/]+))?/(?P<res>[a-z]+)"
                   r"(?:/(?P<name>[^/]+))?(?:/(?P<sub>[a-z]+))?$")


def request_attrs(method, path, query):
    m = _PATH.match(path)
    res = m["res"] + (f"/{m['sub']}" if m["sub"] else "")
    if method == "GET":
        verb = "get" if m["name"] else ("watch" if "watch=true" in query else "list")
    else:
        verb = {"POST": "create", "PATCH": "patch", "PUT": "update", "DELETE": "delete"}[method]
    return (m["group"] or "", res, verb, m["name"], m["ns"])


def allowed(attrs, rules):
    group, res, verb, name, ns = attrs
    for i, (kind, rns, r) in enumerate(rules):
        if kind == "Role" and rns != ns:
            continue
        if group in r["apiGroups"] and res in r["resources"] and verb in r["verbs"] and \
                (not r.get("resourceNames") or name in r["resourceNames"]):
            return i
    return None


def test_rbac_is_enough_and_least(api, kube):
    node = vk_args().node_name
    rules = rbac_rules()
    backend = MockBackend()

    def run_once():
        p = Provider(kube, backend, fake_judge, NodeConfig(node, "test", renew_interval=0.1),
                     workers=2, max_backoff=0.3).start()
        wait_for(lambda: p.node.writes >= 4, what="lease renewed")
        return p
    p = run_once()
    api.fail(409, times=1, method="PATCH", path=r"/status$")   # makes it re-read a Pod (get)
    api.create("pods", make_pod("good", node=node))
    api.create("pods", make_pod("bad", node=node, host_network=True))
    wait_for(lambda: api.get("pods", "good").get("status", {}).get("phase") == "Running")
    wait_for(lambda: api.list("events"))
    api.delete("pods", "good")
    wait_for(lambda: api.get("pods", "good") is None)
    p.stop()
    run_once().stop()               # a second start takes over the existing Node (get + patch)
    used = set()
    for method, path, status, query in api.requests():
        idx = allowed(request_attrs(method, path, query), rules)
        assert idx is not None, f"RBAC does not allow {method} {path}?{query}"
        used.add((idx, request_attrs(method, path, query)[2]))
    unused = [(rules[i][2]["resources"], v) for i, (_, _, r) in enumerate(rules) for v in r["verbs"]
              if (i, v) not in used]
    assert unused == [], f"permissions never used: {unused}"


# ---- the example workload

def example_pods(pattern="*.yaml"):
    for o in objects(*sorted(EXAMPLES.glob(pattern))):
        spec = o["spec"]["template"]["spec"] if "template" in o.get("spec", {}) else o["spec"]
        yield o, spec


def test_example_tolerates_the_taint_and_selects_the_node():
    labels = node_labels(NodeConfig(vk_args().node_name, "fks"))
    taint = our_taint()
    found = list(example_pods())
    assert found
    for o, spec in found:
        assert all(labels.get(k) == v for k, v in spec["nodeSelector"].items())
        assert any(t.get("key") == taint["key"] and t.get("effect") == taint["effect"]
                   and (t.get("operator") == "Exists" or t.get("value") == taint["value"])
                   for t in spec["tolerations"])


def test_good_example_passes_and_bad_example_is_refused_under_the_default_profile():
    pytest.importorskip("rules.engine")
    from vk.judge import make_judge
    judge = make_judge()
    good = list(example_pods("good-*.yaml"))
    bad = list(example_pods("bad-*.yaml"))
    assert good and bad
    for o, spec in good:
        pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x", "namespace": "demo"}, "spec": spec}
        v = judge(pod)
        assert v.errors == () and v.warnings == (), [str(i) for i in v.errors + v.warnings]
    for o, _ in bad:
        assert judge(o).refused
