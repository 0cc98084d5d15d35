"""Speed and memory of idx's sensitivity methods, measured side by side in one run.

Run with ``make bench`` (or ``python benchmarks/run.py --quick`` for a smoke run).
Prints scenarios per second of ``monte_carlo`` against the naive pandas loop a user
would write, their ratio, peak memory growth for growing n, the time of the exact
methods, and how each cost grows with the number of units. Nothing here asserts a
speed: the figures are for reading.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

import idx
from idx.space import WeightSpace


def seconds(func: Callable[[], object], repeat: int = 3) -> float:
    """Median wall time of ``repeat`` calls after one warm-up call."""
    func()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def naive_loop(edition: idx.Edition, weights: np.ndarray) -> dict[tuple[str, int], int]:
    """What a user writes with pandas: score and rank one scenario at a time."""
    frame = edition.index_frame()
    counts: dict[tuple[str, int], int] = {}
    for w in weights:
        ranks = (frame * w).sum(axis=1).rank(method="min", ascending=False)
        for unit, rank in ranks.items():
            counts[(str(unit), int(rank))] = counts.get((str(unit), int(rank)), 0) + 1
    return counts


def peak_mib(func: Callable[[], object]) -> float:
    tracemalloc.start()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def synthetic(n_units: int, seed: int = 0) -> idx.Edition:
    rng = np.random.default_rng(seed)
    indices = rng.uniform(0, 100, size=(n_units, 6))
    return idx.Edition(
        system=idx.SYSTEM_2017,
        units=tuple(f"unit {i}" for i in range(n_units)),
        subscores=np.round(indices * idx.SYSTEM_2017.weights, 2),
        unit_kind="other",
    )


def row(label: str, value: str) -> None:
    print(f"  {label:<58} {value}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke run")
    args = parser.parse_args(argv)
    quick = args.quick
    n_mc = 100_000 if quick else 1_000_000
    n_naive = 200 if quick else 2_000
    memory_ns = (10_000, 100_000) if quick else (100_000, 1_000_000, 10_000_000)

    edition = idx.load_2017()
    factors = WeightSpace.around(edition.system, 0.25, mode="factors")
    simplex = WeightSpace.around(edition.system, 0.25)
    print(f"idx benchmark ({'quick' if quick else 'full'}), 2017 edition: 31 units x 6 pillars")

    print("Monte Carlo, end to end (sampling, totals, ranks, every summary):")
    t_jrc = seconds(lambda: idx.monte_carlo(edition, factors, n_mc, seed=1), repeat=1)
    t_uni = seconds(lambda: idx.monte_carlo(edition, simplex, n_mc, seed=1), repeat=1)
    weights = idx.sample_weights(factors, n_naive, seed=1)
    t_naive = seconds(lambda: naive_loop(edition, weights), repeat=1)
    rate_jrc, rate_uni, rate_naive = n_mc / t_jrc, n_mc / t_uni, n_naive / t_naive
    row(f"monte_carlo, factors +/-25%, jrc sampler, n={n_mc:,}", f"{rate_jrc:>12,.0f} scenarios/s")
    row(
        f"monte_carlo, simplex +/-25%, uniform sampler, n={n_mc:,}",
        f"{rate_uni:>12,.0f} scenarios/s",
    )
    row(f"naive pandas loop, n={n_naive:,}", f"{rate_naive:>12,.0f} scenarios/s")
    row("ratio monte_carlo (jrc) / naive loop", f"{rate_jrc / rate_naive:>12,.0f} x")
    row("ratio monte_carlo (uniform) / naive loop", f"{rate_uni / rate_naive:>12,.0f} x")

    print("Peak memory growth of monte_carlo (tracemalloc):")
    for n in memory_ns:
        mib = peak_mib(lambda n=n: idx.monte_carlo(edition, factors, n, seed=2))
        row(f"n={n:,}", f"{mib:>12.1f} MiB")

    print("Exact methods on the 2017 edition:")
    t_stab = seconds(lambda: idx.stability_intervals(edition), repeat=20)
    row("stability_intervals, all 6 pillars", f"{t_stab * 1e3:>12.2f} ms")
    t_range = seconds(lambda: idx.rank_range(edition, simplex), repeat=1 if quick else 3)
    row("rank_range, all 31 units, simplex +/-25%", f"{t_range * 1e3:>12.1f} ms")
    t_range_f = seconds(lambda: idx.rank_range(edition, factors), repeat=1 if quick else 3)
    row("rank_range, all 31 units, factors +/-25%", f"{t_range_f * 1e3:>12.1f} ms")
    n_sobol = 2**9 if quick else 2**12
    t_sobol = seconds(
        lambda: idx.sobol(edition, factors, n_sobol, seed=1), repeat=1 if quick else 3
    )
    row(
        f"sobol, n={n_sobol:,} base samples, 500 bootstraps, 31 units", f"{t_sobol * 1e3:>12.1f} ms"
    )

    print("Growth with the number of units (synthetic, random indices):")
    big_units = 300 if quick else 3_000
    big = synthetic(big_units)
    small_n = 20_000 if quick else 100_000
    big_factors = WeightSpace.around(big.system, 0.25, mode="factors")
    t_big = seconds(lambda: idx.monte_carlo(big, big_factors, small_n, seed=1), repeat=1)
    per_unit_small = t_jrc / n_mc / 31
    per_unit_big = t_big / small_n / big_units
    row(
        f"monte_carlo, {big_units:,} units, n={small_n:,}", f"{small_n / t_big:>12,.0f} scenarios/s"
    )
    row(
        "  cost per scenario-unit, 31 -> many units",
        f"{per_unit_small * 1e9:.1f} -> {per_unit_big * 1e9:.1f} ns",
    )
    mib_big = peak_mib(lambda: idx.monte_carlo(big, big_factors, small_n, seed=2))
    row(f"  peak memory growth, {big_units:,} units, n={small_n:,}", f"{mib_big:>12.1f} MiB")
    t_stab_big = seconds(lambda: idx.stability_intervals(big), repeat=1)
    row(
        f"stability_intervals, {big_units:,} units (pairs grow as n^2)",
        f"{t_stab_big * 1e3:>12.1f} ms",
    )
    # the MILP per unit grows fast with units: 300 units already take minutes
    subset = synthetic(60 if quick else 100)
    t_range_big = seconds(
        lambda: idx.rank_range(subset, WeightSpace.around(subset.system, 0.25)), repeat=1
    )
    row(f"rank_range, {subset.n_units} units, simplex +/-25%", f"{t_range_big * 1e3:>12.1f} ms")
    t_sobol_big = seconds(lambda: idx.sobol(big, big_factors, 2**9, seed=1), repeat=1)
    row(f"sobol, {big_units:,} units, n=512", f"{t_sobol_big * 1e3:>12.1f} ms")
    half = seconds(lambda: idx.monte_carlo(edition, factors, n_mc // 2, seed=1), repeat=1)
    row("monte_carlo time ratio, n vs n/2 (linear in n: ~2)", f"{t_jrc / half:>12.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
