"""Run every benchmark, one after another (they share the machine): `make bench`.

    .venv/bin/python bench/run.py [--quick]

--quick shortens the webhook load test to 10 s per scenario. Each benchmark prints its figures and
writes bench/results/<name>.json; BENCHMARKS.md records them with the machine and the command.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    runs = [
        ["lint_corpus.py"],
        ["engine_objects.py"],
        ["vk_scale.py"],
        ["webhook_load.py"] + (["--seconds", "10"] if quick else []),
    ]
    failed = []
    for argv in runs:
        print(f"== bench/{' '.join(argv)}", flush=True)
        if subprocess.run([sys.executable, str(BENCH / argv[0]), *argv[1:]]).returncode != 0:
            failed.append(argv[0])
        print(flush=True)
    if failed:
        print(f"goals not met or run failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
