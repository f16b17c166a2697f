#!/usr/bin/env python3
"""The engine alone, in process: microseconds per object for the webhook benchmark's two objects.

    .venv/bin/python bench/engine_objects.py [--rounds 7]

`rules.engine.evaluate` on the typical Deployment and on the Pod with 50 containers and 100 volumes
of bench/webhook_load.py, under every shipped profile; each object is a fresh `json.loads` copy, as
the webhook gets it. Baseline in the same run: `json.loads` of the same object's JSON (what the
webhook pays anyway to read it). Best of --rounds rounds. Writes bench/results/engine.json.

This explains the webhook's figures: the load test measures the whole server (TLS, HTTP, JSON,
logging, metrics), where the engine's share is what separates /validate from the allow-all baseline.
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def per_object_us(fn, payloads, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        objs = [json.loads(p) for p in payloads]
        start = time.perf_counter()
        for obj in objs:
            fn(obj)
        best = min(best, time.perf_counter() - start)
    return best / len(payloads) * 1e6


def main() -> int:
    from rules.engine import evaluate
    from rules.profiles import available_profiles, load_profile
    from webhook_load import big_pod, typical_deployment

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "engine.json"))
    args = ap.parse_args()

    results = {}
    for name, make, count in (("deployment", typical_deployment, 4000), ("pod50", big_pod, 400)):
        text = json.dumps(make())
        payloads = [text] * count
        loads = per_object_us(lambda obj: json.loads(text), payloads, args.rounds)   # the baseline
        row = {"json_loads_us": round(loads, 1), "profiles": {}}
        for profile_name in available_profiles():
            profile = load_profile(profile_name)
            evaluate(json.loads(text), profile)
            us = per_object_us(lambda obj: evaluate(obj, profile), payloads, args.rounds)
            findings = len(evaluate(json.loads(text), profile).findings)
            row["profiles"][profile_name] = {"evaluate_us": round(us, 1), "findings": findings,
                                             "ratio_to_json_loads": round(us / loads, 2)}
            print(f"{name:10} {profile_name:22} {us:8.1f} us/object  ({us / loads:5.2f}x json.loads "
                  f"{loads:.1f} us)  {findings} findings", flush=True)
        results[name] = row

    out = {"benchmark": "engine_objects",
           "command": "python bench/engine_objects.py " + " ".join(sys.argv[1:]),
           "machine": {"platform": platform.platform(), "python": platform.python_version()},
           "rounds": args.rounds, "results": results}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
