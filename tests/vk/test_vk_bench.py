"""The scale benchmark stays runnable: a small run of bench/vk_scale.py meets its own goals."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_vk_scale_small_run(tmp_path):
    pytest.importorskip("rules.engine")
    out = tmp_path / "vk.json"
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "vk_scale.py"), "--pods", "60",
                           "--out", str(out)], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    r = json.loads(out.read_text())
    assert r["pods"] == 60 and r["refused"] == 12 and r["accepted_with_warnings"] == 6
    assert r["writes_per_accepted_pod_max"] <= 3 and r["writes_per_refused_pod_max"] <= 3
    assert r["reads"]["list"] == 1
