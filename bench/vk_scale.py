"""Scale benchmark of the Virtual Kubelet provider: 1,000 Pods bound to the node at once.

    .venv/bin/python bench/vk_scale.py [--pods 1000] [--refused-every 5] [--profile fks]

The fake API server (tests/fakeapi, real HTTP and chunked watches) runs in a child process, so this
process holds only the provider (real `kubernetes` client, real engine, mock backend) and its memory
and CPU are the provider's. Phases:

1. start the provider (Node, Lease, list + watch) and let it settle: the memory baseline;
2. create N Pods bound to the node in one burst (a mix: every k-th violates the profile);
   converged when every passing Pod is Running and every failing Pod is Failed/NodelessUnsupported;
3. delete all N the way `kubectl delete` does (graceful); converged when every Pod object is gone.

Reported: time to converge for each phase, API writes per accepted and per refused Pod (from the
server's request log: status patches, deletes, and Events by involvedObject), reads, and the
provider's RSS growth (peak during the run minus the baseline). Goals: < 60 s, <= 3 writes per
accepted Pod, < 50 MB. Results: bench/results/vk.json.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NODE = "vk-bench"
GOALS = {"converge_s": 60.0, "writes_per_accepted": 3.0, "memory_growth_mb": 50.0}


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class PeakRss(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.peak, self.stop = rss_mb(), threading.Event()

    def run(self):
        while not self.stop.wait(0.05):
            self.peak = max(self.peak, rss_mb())


def api_pod(i: int, refused: bool, warned: bool = False) -> dict:
    """A Pod as the API server holds it after defaulting, bound to the node like `spec.nodeName` does.
    Refused ones break several rules; warned ones carry a livenessProbe (a warning on FKS)."""
    name = f"{'bad' if refused else 'warn' if warned else 'ok'}-{i:04d}"
    c = {"name": "app", "image": "ghcr.io/example/app:1.4.2", "imagePullPolicy": "IfNotPresent",
         "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}, "limits": {"cpu": "250m", "memory": "256Mi"}},
         "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
         "volumeMounts": [{"name": "kube-api-access", "readOnly": True,
                           "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}]}
    spec = {"nodeName": NODE, "containers": [c], "restartPolicy": "Always", "dnsPolicy": "ClusterFirst",
            "terminationGracePeriodSeconds": 30, "serviceAccountName": "default", "securityContext": {},
            "schedulerName": "default-scheduler", "enableServiceLinks": True, "priority": 0,
            "tolerations": [{"key": "virtual-kubelet.io/provider", "operator": "Equal", "value": "nodeless",
                             "effect": "NoSchedule"},
                            {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
                             "tolerationSeconds": 300}],
            "volumes": [{"name": "kube-api-access", "projected": {"defaultMode": 420, "sources": [
                {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}}]}}]}
    if warned:
        c["livenessProbe"] = {"httpGet": {"path": "/healthz", "port": 8080}, "periodSeconds": 10}
    if refused:
        spec["hostNetwork"] = True
        spec["containers"] = [dict(c, securityContext={"privileged": True}),
                              dict(c, name="sidecar", image="envoyproxy/envoy:v1.31")]
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": "default", "labels": {"app": "bench"}}, "spec": spec}


def http_json(url: str, body: dict | None = None, timeout: float = 60.0):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method="POST" if data else "GET",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read())


def machine() -> dict:
    model = ""
    try:
        model = next(ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"platform": platform.platform(), "cpu": model, "cpus": os.cpu_count(),
            "python": platform.python_version()}


def pick_judge(profile: str | None, sample_bad: dict):
    """The real engine; if the profile does not refuse the failing Pod, overlay errors on its rules
    (and say so in the results)."""
    from vk.judge import make_judge
    judge = make_judge(profile)
    if judge(sample_bad).refused:
        return judge, None
    overlay = Path(tempfile.mkdtemp()) / "bench-strict.yaml"
    overlay.write_text(f"profile: {judge.profile}-bench\nextends: {judge.profile}\nrules:\n"
                       "  host-network: {level: error}\n  privileged: {level: error}\n"
                       "  multi-container: {level: error}\n")
    return make_judge(str(overlay)), f"{judge.profile} does not refuse the failing Pods; used {overlay.name}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pods", type=int, default=1000)
    ap.add_argument("--refused-every", type=int, default=5, help="every k-th Pod violates the profile")
    ap.add_argument("--warned-every", type=int, default=10,
                    help="every k-th Pod (of the rest) is accepted with a warning (an Event)")
    ap.add_argument("--profile", default=None, help="profile (default: the engine's default)")
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "vk.json"))
    args = ap.parse_args(argv)

    env = dict(os.environ, PYTHONPATH=str(ROOT / "tests"))
    server = subprocess.Popen([sys.executable, "-m", "fakeapi", "--port", "0"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=env, cwd=str(ROOT))
    try:
        url = server.stdout.readline().strip()
        return run(args, url)
    finally:
        server.stdin.close()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


def run(args, url: str) -> int:
    from vk.backends.mock import MockBackend
    from vk.kube import Kube
    from vk.node import NodeConfig
    from vk.runner import Provider

    pods = [api_pod(i, args.refused_every > 0 and i % args.refused_every == 0,
                    args.warned_every > 0 and i % args.warned_every == 1) for i in range(args.pods)]
    refused_names = {p["metadata"]["name"] for p in pods if p["metadata"]["name"].startswith("bad-")}
    judge, note = pick_judge(args.profile, next((p for p in pods if p["metadata"]["name"] in refused_names), pods[0]))

    kube = Kube.connect(host=url, pool_size=args.workers + 4)
    backend = MockBackend()
    provider = Provider(kube, backend, judge, NodeConfig(NODE, judge.profile), workers=args.workers).start()
    deadline = time.monotonic() + 30
    while not (provider.pods.synced.is_set() and provider.node.registered.is_set()):
        if time.monotonic() > deadline:
            raise SystemExit("provider did not start")
        time.sleep(0.05)
    time.sleep(0.5)
    baseline = rss_mb()
    peak = PeakRss()
    peak.start()
    cpu0 = time.process_time()

    # phase 1: the burst
    t0 = time.monotonic()
    http_json(f"{url}/_fake/bulk", {"op": "create", "resource": "pods", "namespace": "default", "items": pods})
    t_created = time.monotonic() - t0

    # the poller asks the server for counts only, so its own memory does not pollute the provider's
    summary = f"{url}/_fake/summary?resource=pods&fieldSelector=spec.nodeName%3D{NODE}"
    want = sorted(x for x in ([["Failed", "NodelessUnsupported", len(refused_names)]] if refused_names else [])
                  + ([["Running", "", len(pods) - len(refused_names)]] if len(pods) > len(refused_names) else []))
    while True:
        if http_json(summary)["by_phase_reason"] == want:
            break
        if time.monotonic() - t0 > 300:
            raise SystemExit("phase 1 did not converge in 300 s")
        time.sleep(0.1)
    t_converge = time.monotonic() - t0
    while not provider.pods.idle():      # owed Events are part of the work
        time.sleep(0.05)
    t_idle = time.monotonic() - t0

    # phase 2: kubectl delete of everything (graceful; the provider stops and deletes with grace 0)
    t1 = time.monotonic()
    http_json(f"{url}/_fake/bulk", {"op": "delete", "resource": "pods", "namespace": "default",
                                    "names": [p["metadata"]["name"] for p in pods]})
    while True:
        if http_json(summary)["count"] == 0:
            break
        if time.monotonic() - t1 > 300:
            raise SystemExit("phase 2 did not converge in 300 s")
        time.sleep(0.1)
    t_delete = time.monotonic() - t1
    cpu = time.process_time() - cpu0
    peak.stop.set()
    peak.join()
    growth = max(peak.peak, rss_mb()) - baseline
    events = http_json(f"{url}/api/v1/events")["items"]
    log = http_json(f"{url}/_fake/log")["log"]
    provider.stop()
    kube.close()

    # writes per Pod, from the server's request log (the bench's own bulk writes are not logged)
    per_pod: dict[str, Counter] = defaultdict(Counter)
    rx = re.compile(r"^/api/v1/namespaces/[^/]+/pods/([^/]+)(/status)?$")
    other = Counter()
    reads = Counter()
    for method, path, status, query in log:
        if method == "GET":
            kind = "watch" if "watch=true" in query else "list" if path.endswith("/pods") else "get"
            reads[kind] += 1
            continue
        m = rx.match(path)
        if m:
            per_pod[m[1]]["status" if m[2] else "delete"] += 1
        elif path.endswith("/events"):
            pass
        else:
            other[f"{method} {path}"] += 1      # the Node, its status and the Lease
    for ev in events:
        per_pod[ev["involvedObject"]["name"]]["event"] += 1
    accepted = [n for n in (p["metadata"]["name"] for p in pods) if n not in refused_names]
    warned = [n for n in accepted if n.startswith("warn-")]

    def avg(names):
        return round(sum(sum(per_pod[n].values()) for n in names) / max(1, len(names)), 3)

    def worst(names):
        return max((sum(per_pod[n].values()) for n in names), default=0)

    def mix(names):
        c = Counter()
        for n in names:
            c.update(per_pod[n])
        return {k: round(v / max(1, len(names)), 3) for k, v in sorted(c.items())}

    result = {
        "benchmark": "vk_scale",
        "command": "python bench/vk_scale.py " + " ".join(sys.argv[1:]),
        "machine": machine(),
        "pods": len(pods), "accepted": len(accepted), "accepted_with_warnings": len(warned),
        "refused": len(refused_names),
        "profile": judge.profile, "note": note, "workers": args.workers,
        "bulk_create_s": round(t_created, 3),
        "converge_s": round(t_converge, 3),
        "converge_with_events_s": round(t_idle, 3),
        "delete_converge_s": round(t_delete, 3),
        "writes_per_accepted_pod": avg(accepted), "writes_per_accepted_pod_max": worst(accepted),
        "writes_per_accepted_pod_by_kind": mix(accepted),
        "writes_per_warned_pod": avg(warned), "writes_per_warned_pod_by_kind": mix(warned),
        "writes_per_refused_pod": avg(refused_names), "writes_per_refused_pod_max": worst(refused_names),
        "writes_per_refused_pod_by_kind": mix(refused_names),
        "other_writes": dict(other), "reads": dict(reads),
        "provider_rss_baseline_mb": round(baseline, 1), "provider_rss_peak_mb": round(peak.peak, 1),
        "provider_memory_growth_mb": round(growth, 1),
        "provider_cpu_s": round(cpu, 2),
        "goals": GOALS,
    }
    result["pass"] = (result["converge_s"] < GOALS["converge_s"]
                      and result["writes_per_accepted_pod_max"] <= GOALS["writes_per_accepted"]
                      and result["provider_memory_growth_mb"] < GOALS["memory_growth_mb"])
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0 if result["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
