#!/usr/bin/env python3
"""Load test of the admission webhook over TLS with keep-alive connections. One command:

    .venv/bin/python bench/webhook_load.py                   # 60 s per scenario, 50 connections
    .venv/bin/python bench/webhook_load.py --seconds 10      # quicker
    .venv/bin/python bench/webhook_load.py --pace-ms 100     # unsaturated: about 500 reviews/s offered

It makes a CA and serving certificate (`nodeless certs` code), starts the real server
(`python -m webhook serve`: gunicorn, gthread workers, TLS) on 127.0.0.1 with the bench endpoint
enabled, and loads three scenarios one after another:

  baseline    POST /bench/allow   the same app, the same AdmissionReview parsing and response
                                  building, but no rule evaluation: what the webhook costs
                                  before the engine runs (a real allow-all webhook must parse the
                                  review too, to echo its uid)
  deployment  POST /validate      a typical Deployment (default profile)
  pod50       POST /validate      a Pod with 50 containers and 100 volumes

The client is `wrk` (Debian package `wrk`; keep-alive, TLS, a Lua script in bench/webhook_wrk.lua)
when it is installed, else a multi-process Python client (slower: on a 2-core machine it competes
with the server for the CPU, and its numbers say more about itself than about the server).
Results go to bench/results/webhook.json; the goals are checked and printed.

Goals (issue 3): 50 concurrent connections, p99 < 50 ms, >= 1000 reviews/s, /validate within 1.3x
of the baseline's latency, zero errors.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOAL_P99_MS = 50.0
GOAL_RPS = 1000.0
GOAL_RATIO = 1.3


# ---- request bodies ----------------------------------------------------------------------------

def _review(obj: dict, uid: str = "5b7c3a1e-bench-4000-8000-000000000000") -> dict:
    group, _, version = obj["apiVersion"].rpartition("/")
    return {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
            "request": {"uid": uid, "operation": "CREATE",
                        "kind": {"group": group, "version": version, "kind": obj["kind"]},
                        "resource": {"group": group, "version": version,
                                     "resource": obj["kind"].lower() + "s"},
                        "namespace": "shop", "name": obj["metadata"]["name"],
                        "object": obj, "oldObject": None, "dryRun": False,
                        "userInfo": {"username": "system:serviceaccount:kube-system:deployment-controller",
                                     "groups": ["system:serviceaccounts"]}}}


def typical_deployment() -> dict:
    container = {
        "name": "api", "image": "registry.example.com/shop/api:1.42.0",
        "args": ["--port=8080"],
        "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
        "env": [{"name": "LOG_LEVEL", "value": "info"},
                {"name": "DB_HOST", "valueFrom": {"configMapKeyRef": {"name": "api", "key": "db"}}}],
        "resources": {"requests": {"cpu": "500m", "memory": "512Mi"},
                      "limits": {"cpu": "500m", "memory": "512Mi"}},
        "readinessProbe": {"httpGet": {"path": "/ready", "port": "http"}, "periodSeconds": 5},
        "livenessProbe": {"httpGet": {"path": "/health", "port": "http"}, "periodSeconds": 10},
        "securityContext": {"runAsNonRoot": True, "allowPrivilegeEscalation": False,
                            "capabilities": {"drop": ["ALL"]}},
        "volumeMounts": [{"name": "config", "mountPath": "/etc/api"}],
    }
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "api", "namespace": "shop", "labels": {"app": "api"},
                         "annotations": {"deployment.kubernetes.io/revision": "7"}},
            "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "api"}},
                     "strategy": {"type": "RollingUpdate",
                                  "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
                     "template": {"metadata": {"labels": {"app": "api", "version": "1.42.0"}},
                                  "spec": {"serviceAccountName": "api",
                                           "terminationGracePeriodSeconds": 30,
                                           "containers": [container],
                                           "volumes": [{"name": "config",
                                                        "configMap": {"name": "api"}}]}}}}


def big_pod() -> dict:
    volumes = []
    for i in range(100):
        kind = i % 4
        if kind == 0:
            volumes.append({"name": f"cfg-{i}", "configMap": {"name": f"cfg-{i}"}})
        elif kind == 1:
            volumes.append({"name": f"sec-{i}", "secret": {"secretName": f"sec-{i}"}})
        elif kind == 2:
            volumes.append({"name": f"tmp-{i}", "emptyDir": {}})
        else:
            volumes.append({"name": f"data-{i}", "persistentVolumeClaim": {"claimName": f"data-{i}"}})
    containers = []
    for i in range(50):
        containers.append({
            "name": f"c{i}", "image": f"registry.example.com/worker:{i}",
            "command": ["/bin/worker"], "args": [f"--shard={i}"],
            "ports": [{"containerPort": 9000 + i}],
            "env": [{"name": "SHARD", "value": str(i)}],
            "resources": {"requests": {"cpu": "100m", "memory": "64Mi"},
                          "limits": {"cpu": "100m", "memory": "64Mi"}},
            "volumeMounts": [{"name": volumes[(2 * i) % 100]["name"], "mountPath": f"/v/{2 * i}"},
                             {"name": volumes[(2 * i + 1) % 100]["name"], "mountPath": f"/v/{2 * i + 1}"}],
        })
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "fanout", "namespace": "shop", "labels": {"app": "fanout"}},
            "spec": {"containers": containers, "volumes": volumes}}


SCENARIOS = {
    "baseline": ("/bench/allow", typical_deployment),
    "deployment": ("/validate", typical_deployment),
    "pod50": ("/validate", big_pod),
}


# ---- server ------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(tmp: Path, port: int, workers: int, threads: int, log_level: str):
    from webhook.certs import issue
    issue("nodeless-webhook", "nodeless-system", str(tmp / "pki"), ["localhost"], ["127.0.0.1"])
    env = dict(os.environ, NODELESS_BENCH_ENDPOINTS="true", NODELESS_THREADS=str(threads),
               NODELESS_LOG_LEVEL=log_level, PROMETHEUS_MULTIPROC_DIR=str(tmp / "metrics"))
    log = open(tmp / "server.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "webhook", "serve",
                             "--tls-cert", str(tmp / "pki" / "tls.crt"),
                             "--tls-key", str(tmp / "pki" / "tls.key"),
                             "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    ctx = ssl.create_default_context(cafile=str(tmp / "pki" / "ca.crt"))
    import http.client
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited:\n{(tmp / 'server.log').read_text()}")
        try:
            c = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=2)
            c.request("GET", "/readyz")
            if c.getresponse().status == 200:
                return proc, ctx
        except OSError:
            time.sleep(0.1)
    raise SystemExit("server did not become ready")


def check_answer(port: int, ctx, path: str, body: bytes) -> dict:
    """One request before the load: the scenario must be answered 200 with a response."""
    import http.client
    c = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=5)
    c.request("POST", path, body=body, headers={"Content-Type": "application/json"})
    r = c.getresponse()
    out = json.loads(r.read())
    if r.status != 200:
        raise SystemExit(f"{path}: HTTP {r.status}: {out}")
    resp = out["response"]
    return {"allowed": resp["allowed"], "warnings": len(resp.get("warnings", []))}


def server_pids(root: int) -> list[int]:
    pids = [root]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == root:
                pids.append(int(entry))
    return pids


def per_worker(log_path: Path) -> dict:
    counts: dict = {}
    with open(log_path, "rb") as fh:
        for line in fh:
            if b'"msg":"review"' in line:
                pid = json.loads(line).get("pid")
                counts[pid] = counts.get(pid, 0) + 1
    return counts


def cpu_seconds(pids) -> float:
    """User + system CPU time of the server's processes (robust to a busy machine, unlike rates)."""
    total = 0
    for pid in pids:
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


# ---- clients -----------------------------------------------------------------------------------

def run_wrk(port: int, path: str, body_file: Path, seconds: int, connections: int, threads: int,
            pace_ms: int | None = None) -> dict:
    env = dict(os.environ, NODELESS_BENCH_BODY=str(body_file))
    if pace_ms:
        env["NODELESS_BENCH_PACE_MS"] = str(pace_ms)
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "5s",
           "-s", str(ROOT / "bench" / "webhook_wrk.lua"), f"https://127.0.0.1:{port}{path}"]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=seconds + 60)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("NODELESS_JSON ")), None)
    if line is None:
        raise SystemExit(f"wrk failed:\n{out.stdout}\n{out.stderr}")
    raw = json.loads(line[len("NODELESS_JSON "):])
    lat = raw["latency_us"]
    errors = raw["errors"]
    return {"requests": raw["requests"], "seconds": raw["duration_us"] / 1e6,
            "rps": raw["requests"] / (raw["duration_us"] / 1e6),
            "latency_ms": {k: v / 1000 for k, v in lat.items()},
            "errors": sum(errors.values()), "error_detail": errors}


def _py_worker(args):
    port, path, body, seconds, conns, ca = args
    import http.client
    import threading
    ctx = ssl.create_default_context(cafile=ca)
    lat, errors = [], [0]
    deadline = time.monotonic() + seconds

    def loop():
        c = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=5)
        while time.monotonic() < deadline:
            t = time.perf_counter()
            try:
                c.request("POST", path, body=body, headers={"Content-Type": "application/json"})
                r = c.getresponse()
                r.read()
                if r.status != 200:
                    errors[0] += 1
            except Exception:  # noqa: BLE001
                errors[0] += 1
                c = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=5)
                continue
            lat.append(time.perf_counter() - t)

    ts = [threading.Thread(target=loop) for _ in range(conns)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return lat, errors[0]


def run_python(port: int, path: str, body: bytes, seconds: int, connections: int, procs: int,
               ca: str) -> dict:
    import multiprocessing
    per = [connections // procs + (1 if i < connections % procs else 0) for i in range(procs)]
    started = time.monotonic()
    with multiprocessing.Pool(procs) as pool:
        results = pool.map(_py_worker, [(port, path, body, seconds, n, ca) for n in per if n])
    elapsed = time.monotonic() - started
    lat = sorted(x for r in results for x in r[0])
    errors = sum(r[1] for r in results)

    def pct(p):
        return lat[min(len(lat) - 1, int(len(lat) * p / 100))] * 1000 if lat else float("nan")
    return {"requests": len(lat), "seconds": elapsed, "rps": len(lat) / elapsed,
            "latency_ms": {"min": lat[0] * 1000 if lat else 0, "mean": sum(lat) / len(lat) * 1000 if lat else 0,
                           "p50": pct(50), "p90": pct(90), "p95": pct(95), "p99": pct(99),
                           "p999": pct(99.9), "max": lat[-1] * 1000 if lat else 0},
            "errors": errors}


# ---- main --------------------------------------------------------------------------------------

def machine() -> dict:
    cpu = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import gunicorn
    from importlib.metadata import version as _version
    info = {"cpus": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
            "gunicorn": gunicorn.__version__, "flask": _version("flask"),
            "openssl": ssl.OPENSSL_VERSION, "kernel": platform.release()}
    if shutil.which("wrk"):
        v = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
        info["wrk"] = (v.stdout or v.stderr).split("[")[0].strip()
    return info


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=int, default=60, help="per scenario (default 60)")
    ap.add_argument("--connections", type=int, default=50, help="concurrent keep-alive connections")
    ap.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    ap.add_argument("--threads", type=int, default=4, help="gthread threads per worker (default 4)")
    ap.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    ap.add_argument("--client-threads", type=int, default=1,
                    help="wrk threads / Python client processes (default 1: leave the CPUs to the server)")
    ap.add_argument("--scenarios", nargs="+", choices=list(SCENARIOS), default=list(SCENARIOS))
    ap.add_argument("--log-level", default="info", help="server log level (info: one line per review)")
    ap.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per scenario")
    ap.add_argument("--pace-ms", type=int, metavar="D",
                    help="wrk only: each connection waits 0..2D ms (mean D) before each request, so the "
                         "server is not saturated and latency is service time (50 connections, D=100: "
                         "about 500 reviews/s); the throughput goal does not apply")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "webhook.json"))
    args = ap.parse_args(argv)

    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "python"
    if client == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk), or use --client python")
    if args.pace_ms and client != "wrk":
        raise SystemExit("--pace-ms needs wrk")

    tmp = Path(tempfile.mkdtemp(prefix="nodeless-bench-"))
    port = free_port()
    proc, ctx = start_server(tmp, port, args.workers, args.threads, args.log_level)
    results = {}
    seen: dict = {}
    try:
        for name in args.scenarios:
            path, make = SCENARIOS[name]
            body = json.dumps(_review(make())).encode()
            body_file = tmp / f"{name}.json"
            body_file.write_bytes(body)
            answer = check_answer(port, ctx, path, body)
            print(f"{name}: POST {path} ({len(body)} bytes) -> allowed={answer['allowed']} "
                  f"warnings={answer['warnings']}; {args.seconds}s at {args.connections} connections ...",
                  flush=True)
            load_before = os.getloadavg()[0]
            if client == "wrk":
                if args.warmup:
                    run_wrk(port, path, body_file, args.warmup, args.connections, args.client_threads,
                            args.pace_ms)
                pids = server_pids(proc.pid)
                cpu0 = cpu_seconds(pids)
                r = run_wrk(port, path, body_file, args.seconds, args.connections, args.client_threads,
                            args.pace_ms)
            else:
                if args.warmup:
                    run_python(port, path, body, args.warmup, args.connections, args.client_threads,
                               str(tmp / "pki" / "ca.crt"))
                pids = server_pids(proc.pid)
                cpu0 = cpu_seconds(pids)
                r = run_python(port, path, body, args.seconds, args.connections, args.client_threads,
                               str(tmp / "pki" / "ca.crt"))
            r["server_cpu_us_per_review"] = round((cpu_seconds(pids) - cpu0) / max(r["requests"], 1) * 1e6, 1)
            if args.log_level == "info":   # how the reviews spread over the workers
                counts = per_worker(tmp / "server.log")
                r["reviews_per_worker"] = sorted((counts.get(p, 0) - seen.get(p, 0) for p in counts),
                                                 reverse=True)
                seen = counts
            r["loadavg_before"] = round(load_before, 2)
            r.update(path=path, body_bytes=len(body), answer=answer)
            results[name] = r
            lat = r["latency_ms"]
            print(f"  {r['rps']:.0f} reviews/s  p50 {lat['p50']:.2f} ms  p95 {lat['p95']:.2f} ms  "
                  f"p99 {lat['p99']:.2f} ms  max {lat['max']:.1f} ms  errors {r['errors']}  "
                  f"server CPU {r['server_cpu_us_per_review']:.0f} us/review"
                  + (f"  per worker {r['reviews_per_worker']}" if "reviews_per_worker" in r else ""),
                  flush=True)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        server_log = (tmp / "server.log").read_text(errors="replace")
        shutil.rmtree(tmp, ignore_errors=True)

    goals = {}
    for name, r in results.items():
        goals[name] = {"p99_under_50ms": r["latency_ms"]["p99"] < GOAL_P99_MS, "zero_errors": r["errors"] == 0}
        if not args.pace_ms:
            goals[name]["at_least_1000_rps"] = r["rps"] >= GOAL_RPS
    if "baseline" in results:
        base = results["baseline"]["latency_ms"]
        for name in ("deployment", "pod50"):
            if name in results:
                lat = results[name]["latency_ms"]
                ratio = {k: round(lat[k] / base[k], 3) for k in ("mean", "p50", "p99") if base[k]}
                ratio["server_cpu"] = round(results[name]["server_cpu_us_per_review"]
                                            / max(results["baseline"]["server_cpu_us_per_review"], 1), 3)
                results[name]["latency_vs_baseline"] = ratio
                goals[name]["within_1.3x_baseline_mean"] = ratio.get("mean", 99) <= GOAL_RATIO
    errors_in_log = sum(1 for line in server_log.splitlines() if '"level":"error"' in line)
    report = {"command": "python bench/webhook_load.py " + " ".join(argv if argv is not None else sys.argv[1:]),
              "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
              "machine": machine(), "client": client, "connections": args.connections,
              "seconds": args.seconds, "pace_ms": args.pace_ms, "server": {"workers": args.workers, "threads": args.threads,
                                                  "worker_class": "gthread", "tls": True,
                                                  "log_level": args.log_level,
                                                  "error_lines_in_log": errors_in_log},
              "scenarios": results, "goals": goals}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwrote {out}")
    failed = [f"{n}.{g}" for n, gs in goals.items() for g, ok in gs.items() if not ok]
    print("goals met" if not failed else "goals missed: " + ", ".join(failed))
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
