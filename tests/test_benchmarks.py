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
        "numpy: uniform, simplex +/-25% (the default path)",
        "ratio to the naive loop",
        "previous implementation",
        "physical floor",
        "Peak memory growth",
        "sobol, n=4,096, 500 bootstraps, 31 units",
        "stability_intervals, all 6 pillars",
        "rank_range, all 31 units",
        "sobol, n=512",
        "Growth with the number of units",
        "ns per scenario-unit",
        "peak memory growth, 300 units",
        "weights + rounding + normal noise + aggregation choice",
        "ratio combined / naive loop",
        "weights + rounding groups",
    ):
        assert label in proc.stdout
    # every target is printed beside its figure, met or not
    assert proc.stdout.count("[>= ") + proc.stdout.count("[< ") >= 8
