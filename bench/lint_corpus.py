"""Benchmark: `nodeless lint` over the whole shared corpus, against PyYAML's C loader in the same run.

    .venv/bin/python bench/lint_corpus.py [--corpus ../shared/corpus] [--rounds 5]

Measures, as ratios against baselines taken in the same run (these machines are noisy):
1. full lint (all rules, line numbers, JSON report) vs the bare `yaml.load_all(..., CSafeLoader)` of
   the same files, one process and --jobs N;
2. one small file, whole process (what a pre-commit hook pays), vs `python -c pass`;
3. peak memory linting the corpus once vs three times over (does memory grow with the corpus?).
Writes bench/results/lint.json.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def corpus_files(corpus: Path) -> list[str]:
    from rules.loader import iter_paths
    return list(iter_paths([str(corpus)]))


def bare_load(files: list[str]) -> int:
    import yaml
    docs = 0
    for f in files:
        with open(f, "rb") as fh:
            try:
                docs += sum(1 for d in yaml.load_all(fh.read(), Loader=yaml.CSafeLoader) if d is not None)
            except yaml.YAMLError:
                pass
    return docs


def full_lint(corpus: Path, jobs: int) -> int:
    from rules.config import Config
    from rules.lint import lint_paths
    from rules.profiles import load_profile
    from rules.report import render
    result = lint_paths([str(corpus)], load_profile("fks"), Config(), jobs=jobs)
    report = render(result, "json")
    return len(report)


def best(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def process_time(argv: list[str], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(argv, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def peak_rss_mb(argv: list[str]) -> float:
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(REPO.parent / "shared" / "corpus"))
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    corpus = Path(args.corpus)
    files = corpus_files(corpus)
    jobs = os.cpu_count() or 1
    nodeless = [sys.executable, str(REPO / "cli.py")]

    bare_load(files)  # warm the page cache and imports for both sides
    full_lint(corpus, 1)
    t_bare = best(lambda: bare_load(files), args.rounds)
    t_lint1 = best(lambda: full_lint(corpus, 1), args.rounds)
    t_lintn = best(lambda: full_lint(corpus, jobs), args.rounds)

    small = REPO / "manifests" / "examples" / "fks" / "good-web.yaml"
    t_python = process_time([sys.executable, "-c", "pass"], 11)
    t_small = process_time([*nodeless, "lint", str(small)], 11)

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "r.json")
        rss1 = peak_rss_mb([*nodeless, "lint", "-j", "1", "-f", "json", "-o", out, str(corpus)])
        rss3 = peak_rss_mb([*nodeless, "lint", "-j", "1", "-f", "json", "-o", out, str(corpus), str(corpus),
                            str(corpus)])
        rss_python = peak_rss_mb([sys.executable, "-c", "pass"])

    results = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "files": len(files),
        "bare_c_loader_s": round(t_bare, 3),
        "lint_1_job_s": round(t_lint1, 3),
        "lint_1_job_ratio": round(t_lint1 / t_bare, 2),
        f"lint_{jobs}_jobs_s": round(t_lintn, 3),
        f"lint_{jobs}_jobs_ratio": round(t_lintn / t_bare, 2),
        "small_file_process_s": round(t_small, 3),
        "python_startup_s": round(t_python, 3),
        "peak_rss_corpus_x1_mb": round(rss1, 1),
        "peak_rss_corpus_x3_mb": round(rss3, 1),
        "peak_rss_python_mb": round(rss_python, 1),
    }
    out_dir = REPO / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "lint.json").write_text(json.dumps(results, indent=2) + "\n")
    width = max(len(k) for k in results)
    for k, v in results.items():
        print(f"{k.ljust(width)}  {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
