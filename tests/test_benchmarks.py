"""The benchmark script runs (its figures are read by people, not asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"


def test_quick_benchmark_prints_every_row():
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    for label in (
        "naive pandas loop",
        "ratio monte_carlo (jrc) / naive loop",
        "Peak memory growth",
        "stability_intervals, all 6 pillars",
        "rank_range, all 31 units",
        "sobol, n=512",
        "Growth with the number of units",
        "peak memory growth, 300 units",
    ):
        assert label in proc.stdout
