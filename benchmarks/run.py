"""Speed and memory of idx's sensitivity methods, measured side by side in one run.

Run with ``make bench`` (single-threaded BLAS; ``python benchmarks/run.py --quick`` for
a smoke run). Prints scenarios per second of ``monte_carlo`` on each kernel (numpy,
and numba when installed) next to the previous implementation (re-run here from its
pieces) and the naive pandas loop a user would write, their ratios, a physical floor,
peak memory growth, the exact methods' times and how costs grow with the number of
units. Nothing here asserts a speed: the figures are for reading, and each target of
the speed issue is printed beside its figure.
"""

from __future__ import annotations

import argparse
import os
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np

import idx
from idx.sensitivity._kernels_numba import available
from idx.sensitivity._rank_kernel import Workspace, rank_counts
from idx.sensitivity.sampling import _SamplerPlan, plan
from idx.space import WeightSpace


def seconds(func: Callable[[], object], repeat: int = 3, wall: bool = False) -> float:
    """Best time of ``repeat`` calls after one warm-up call (the least disturbed).

    CPU time of this process by default: on a shared machine, wall time also counts
    the time other processes held the cores. ``wall=True`` for work on several
    threads, whose CPU times add up.
    """
    clock = time.perf_counter if wall else time.process_time
    func()
    times = []
    for _ in range(repeat):
        start = clock()
        func()
        times.append(clock() - start)
    return min(times)


def interleaved(runs: dict[str, tuple[Callable[[], object], int]], rounds: int) -> dict[str, float]:
    """Scenarios per CPU second of each run, best of ``rounds`` interleaved rounds."""
    best = {name: float("inf") for name in runs}
    for func, _ in runs.values():
        func()  # warm up (and compile)
    for _ in range(rounds):
        for name, (func, _) in runs.items():
            start = time.process_time()
            func()
            best[name] = min(best[name], time.process_time() - start)
    return {name: runs[name][1] / best[name] for name in runs}


@contextmanager
def kernel(name: str) -> Iterator[None]:
    """Run the block on one kernel (``IDX_KERNEL``)."""
    before = os.environ.get("IDX_KERNEL")
    os.environ["IDX_KERNEL"] = name
    try:
        yield
    finally:
        if before is None:
            del os.environ["IDX_KERNEL"]
        else:
            os.environ["IDX_KERNEL"] = before


def naive_loop(edition: idx.Edition, weights: np.ndarray) -> dict[tuple[str, int], int]:
    """What a user writes with pandas: score and rank one scenario at a time."""
    frame = edition.index_frame()
    counts: dict[tuple[str, int], int] = {}
    for w in weights:
        ranks = (frame * w).sum(axis=1).rank(method="min", ascending=False)
        for unit, rank in ranks.items():
            counts[(str(unit), int(rank))] = counts.get((str(unit), int(rank)), 0) + 1
    return counts


def previous(
    edition: idx.Edition, space: WeightSpace, n: int, sampler: str, chunk: int = 32768
) -> np.ndarray:
    """The implementation before the speed issue, from its pieces: the rejection
    samplers (Dirichlet(1) on the shifted simplex for a simplex space, uniform proposals
    kept by ``contains`` on a factors space; ``jrc`` is unchanged), a BLAS product for
    the totals and the packed-key sort kernel with a units^2 bincount per chunk."""
    rng = np.random.default_rng(1)
    if sampler == "jrc":
        how = plan(space, "jrc")
    elif space.mode == "simplex":
        free = np.flatnonzero(space.upper > space.lower)
        how = _SamplerPlan(
            space, "uniform", "dirichlet1", 0.22, 100.0, space.lower, space.upper, free, -1, 1.0
        )
    else:
        how = _SamplerPlan(space, "uniform", "rejection", 0.076)
    x_t = np.ascontiguousarray(edition.index_array.T)
    units = edition.n_units
    chunk = min(chunk, max(256, (1 << 20) // units))
    work = Workspace(chunk, units)
    counts = np.zeros((units, units), dtype=np.int64)
    for start in range(0, n, chunk):
        size = min(chunk, n - start)
        w = how.draw(size, rng)
        totals = np.matmul(w, x_t, out=work.totals[:size])
        counts += rank_counts(totals, work=work)[0]
    return counts


def naive_inputs_loop(edition: idx.Edition, weights: np.ndarray, seed: int) -> None:
    """What a user writes for weights + rounding + noise + a choice of aggregation:
    perturb, aggregate and rank one scenario at a time."""
    rng = np.random.default_rng(seed)
    w_pub = edition.system.weights
    for w in weights:
        sub = edition.subscores + rng.uniform(-0.005, 0.005, edition.subscores.shape)
        x = np.clip(sub / w_pub + rng.normal(0.0, 1.0, sub.shape), 0.0, 100.0)
        rule = "arithmetic" if rng.random() < 0.75 else "geometric"
        idx.rank_totals(idx.aggregate(x, w, rule))


def beyond(
    edition: idx.Edition, factors: WeightSpace, n: int, n_naive: int, repeat: int, quick: bool
) -> None:
    """Throughput when more than the weights vary (idx.Uncertainty), one core."""
    print("Beyond the weights (idx.Uncertainty), factors +/-25%, jrc, one core:")
    combined = idx.Uncertainty(
        weights=factors,
        rounding=True,
        noise=idx.Noise(1.0, distribution="normal"),
        aggregation={"arithmetic": 0.75, "geometric": 0.25},
    )
    specs = {
        "weights": factors,
        "rounding": idx.Uncertainty(weights=factors, rounding=True),
        "combined": combined,
    }
    weights = idx.sample_weights(factors, n_naive, seed=1)
    runs: dict[str, tuple[Callable[[], object], int]] = {
        name: (lambda spec=spec: idx.monte_carlo(edition, spec, n, seed=1), n)  # type: ignore[misc]
        for name, spec in specs.items()
    }
    runs["naive"] = (lambda: naive_inputs_loop(edition, weights, 1), n_naive)
    rates = interleaved(runs, rounds=repeat)
    row("weights only", f"{rates['weights']:>12,.0f} scenarios/s")
    row("weights + rounding of every sub-score", f"{rates['rounding']:>12,.0f} scenarios/s")
    row(
        "weights + rounding + normal noise + aggregation choice",
        f"{rates['combined']:>12,.0f} scenarios/s",
    )
    row(
        "  naive loop, one scenario at a time, same inputs", f"{rates['naive']:>12,.0f} scenarios/s"
    )
    row("  ratio combined / naive loop", f"{rates['combined'] / rates['naive']:>12,.0f} x")
    row("  ratio combined / weights only", f"{rates['combined'] / rates['weights']:>12.3f}")
    # both many chunks long: the peak is one chunk's arrays, whatever n
    small, large = n, 10 * n
    mib = [
        peak_mib(lambda k=k: idx.monte_carlo(edition, combined, k, seed=2)) for k in (small, large)
    ]
    row(
        f"  peak memory growth, combined, n={small:,} / n={large:,}",
        f"{mib[0]:.0f} / {mib[1]:.0f} MiB",
        f"flat in n: {verdict(mib[1], 1.2 * mib[0] + 8, True)}",
    )
    n_sobol = 2**9 if quick else 2**12
    times = {
        name: seconds(
            lambda spec=spec, grouped=grouped: idx.sobol(
                edition, spec, n_sobol, seed=1, group_weights=grouped
            ),  # type: ignore[misc]
            repeat=1,
        )
        for name, spec, grouped in (
            ("weights", factors, False),
            ("grouped", specs["rounding"], True),
        )
    }
    row(
        f"sobol, n={n_sobol:,}: per-pillar weights / weights + rounding groups",
        f"{times['weights'] * 1e3:.0f} / {times['grouped'] * 1e3:.0f} ms",
    )


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


def wide_edition(m: int, n_units: int = 31, seed: int = 0) -> idx.Edition:
    """Random indices on ``m`` equally weighted pillars (SMAA's memory with many pillars)."""
    rng = np.random.default_rng(seed)
    system = idx.IndexSystem.from_weights({f"p{j}": 1 / m for j in range(m)})
    return idx.Edition(
        system=system,
        units=tuple(f"unit {i}" for i in range(n_units)),
        subscores=np.round(rng.uniform(0, 100, (n_units, m)) / m, 4),
        unit_kind="other",
    )


def row(label: str, value: str, target: str = "") -> None:
    note = f"   [{target}]" if target else ""
    print(f"  {label:<62} {value}{note}")


def verdict(value: float, goal: float, below: bool = False) -> str:
    met = value <= goal if below else value >= goal
    return "met" if met else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke run")
    args = parser.parse_args(argv)
    quick = args.quick
    n_mc = 100_000 if quick else 1_000_000
    n_naive = 200 if quick else 2_000
    repeat = 1 if quick else 3
    memory_ns = (10_000, 100_000) if quick else (100_000, 1_000_000, 10_000_000)
    fast = available()

    edition = idx.load_2017()
    factors = WeightSpace.around(edition.system, 0.25, mode="factors")
    simplex = WeightSpace.around(edition.system, 0.25)
    print(f"idx benchmark ({'quick' if quick else 'full'}), 2017 edition: 31 units x 6 pillars")
    print(f"  numba installed: {fast}; BLAS threads: {os.environ.get('OPENBLAS_NUM_THREADS', '?')}")
    print(f"  load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print("  times are CPU times of this process unless marked wall clock")

    def mc(
        space: WeightSpace, sampler: str | None = None, workers: int = 1
    ) -> Callable[[], object]:
        return lambda: idx.monte_carlo(
            edition,
            space,
            n_mc,
            seed=1,
            sampler=sampler,
            workers=workers,  # type: ignore[arg-type]
        )

    print("Monte Carlo, end to end (sampling, totals, ranks, every summary), one core:")
    weights = idx.sample_weights(factors, n_naive, seed=1)
    n_old_fac = n_mc // 10
    with kernel("numpy"):
        # interleaved rounds, best of each: the ratios compare like with like even when
        # the machine's load changes during the run
        rates = interleaved(
            {
                "naive": (lambda: naive_loop(edition, weights), n_naive),
                "uni": (mc(simplex), n_mc),
                "old_uni": (lambda: previous(edition, simplex, n_mc, "uniform"), n_mc),
                "jrc": (mc(factors), n_mc),
                "old_jrc": (lambda: previous(edition, factors, n_mc, "jrc"), n_mc),
                "fac": (mc(factors, "uniform"), n_mc),
                "old_fac": (lambda: previous(edition, factors, n_old_fac, "uniform"), n_old_fac),
            },
            rounds=repeat,
        )
    rate_naive, rate_uni, rate_jrc, rate_fac = (
        rates["naive"],
        rates["uni"],
        rates["jrc"],
        rates["fac"],
    )
    rate_old_uni, rate_old_jrc, rate_old_fac = rates["old_uni"], rates["old_jrc"], rates["old_fac"]
    row(f"naive pandas loop, n={n_naive:,}", f"{rate_naive:>12,.0f} scenarios/s")
    row(
        "numpy: uniform, simplex +/-25% (the default path)",
        f"{rate_uni:>12,.0f} scenarios/s",
        f">= 5 M/s: {verdict(rate_uni, 5e6)}",
    )
    row(
        "  ratio to the naive loop",
        f"{rate_uni / rate_naive:>12,.0f} x",
        f">= 1,500x: {verdict(rate_uni / rate_naive, 1500)}",
    )
    row("  previous implementation, same path", f"{rate_old_uni:>12,.0f} scenarios/s")
    row("  speed-up over it", f"{rate_uni / rate_old_uni:>12.1f} x")
    row(
        "numpy: jrc, factors +/-25%",
        f"{rate_jrc:>12,.0f} scenarios/s",
        f">= 6 M/s: {verdict(rate_jrc, 6e6)}",
    )
    row("  previous implementation", f"{rate_old_jrc:>12,.0f} scenarios/s")
    row(
        "numpy: uniform, factors +/-25% (Kuhn triangulation)",
        f"{rate_fac:>12,.0f} scenarios/s",
        f">= 2.5 M/s: {verdict(rate_fac, 2.5e6)}",
    )
    row("  previous implementation (rejection, 7.6% kept)", f"{rate_old_fac:>12,.0f} scenarios/s")
    if fast:
        with kernel("numba"):
            fast_rates = interleaved(
                {"uni": (mc(simplex), n_mc), "jrc": (mc(factors), n_mc)}, rounds=repeat
            )
            fast_uni, fast_jrc = fast_rates["uni"], fast_rates["jrc"]
            # wall clock, one worker against two, interleaved; four times the scenarios,
            # so that the runs last long enough to share the cores with other work
            n_wall = 4 * n_mc
            walls: dict[str, list[float]] = {
                "one_uni": [],
                "two_uni": [],
                "one_jrc": [],
                "two_jrc": [],
            }
            for _ in range(repeat + 2):
                for name, space, workers in (
                    ("one_uni", simplex, 1),
                    ("two_uni", simplex, 2),
                    ("one_jrc", factors, 1),
                    ("two_jrc", factors, 2),
                ):
                    start = time.perf_counter()
                    idx.monte_carlo(edition, space, n_wall, seed=1, workers=workers)
                    walls[name].append(time.perf_counter() - start)
            one_uni, two_uni, one_jrc, two_jrc = (n_wall / min(walls[k]) for k in walls)
        row(
            "numba: uniform, simplex +/-25%",
            f"{fast_uni:>12,.0f} scenarios/s",
            f">= 10 M/s: {verdict(fast_uni, 1e7)}",
        )
        row(
            "numba: jrc, factors +/-25%",
            f"{fast_jrc:>12,.0f} scenarios/s",
            f">= 10 M/s: {verdict(fast_jrc, 1e7)}",
        )
        row(
            "numba, wall clock, workers=1: uniform / jrc",
            f"{one_uni:>12,.0f} / {one_jrc:,.0f}",
        )
        row(
            "numba, wall clock, workers=2: uniform / jrc",
            f"{two_uni:>12,.0f} / {two_jrc:,.0f}",
            f">= 1.7x one worker: {two_uni / one_uni:.2f}x, {two_jrc / one_jrc:.2f}x",
        )
    # the floor: what any pipeline must spend per scenario here (six random doubles and
    # the 186 products of the totals), measured on this machine in this run
    rng = np.random.default_rng(0)
    block = 8192
    x_t = np.ascontiguousarray(edition.index_array.T)
    w = rng.random((block, 6))
    t_draw = seconds(lambda: rng.random((block, 6)), 20) / block
    t_totals = seconds(lambda: w @ x_t, 20) / block
    floor = t_draw + t_totals
    row(
        "physical floor: 6 random doubles + the totals (BLAS)",
        f"{floor * 1e9:>9.1f} ns = {1 / floor / 1e6:.0f} M/s",
        f"default path at {1 / rate_uni * 1e9:.0f} ns",
    )

    print("Peak memory growth of monte_carlo (tracemalloc), 31 units:")
    peaks = []
    for n in memory_ns:
        peaks.append(peak_mib(lambda n=n: idx.monte_carlo(edition, simplex, n, seed=2)))
        row(f"n={n:,}", f"{peaks[-1]:>12.1f} MiB", f"< 64 MiB: {verdict(max(peaks), 64, True)}")
    wide = wide_edition(100)
    wide_space = WeightSpace.around(wide.system, 0.25)
    mib_wide = peak_mib(lambda: idx.smaa(wide, wide_space, 1000, seed=1))
    row("smaa, 31 units x 100 pillars, n=1,000", f"{mib_wide:>12.1f} MiB")
    n_sobol_mem = 2**12 if quick else 2**17
    mib_sobol = peak_mib(lambda: idx.sobol(edition, factors, n_sobol_mem, seed=1))
    row(
        f"sobol, n={n_sobol_mem:,}, 500 bootstraps, 31 units",
        f"{mib_sobol:>12.1f} MiB",
        f"< 300 MiB: {verdict(mib_sobol, 300, True)}",
    )

    print("Exact methods on the 2017 edition:")
    t_stab = seconds(lambda: idx.stability_intervals(edition), repeat=20)
    row("stability_intervals, all 6 pillars", f"{t_stab * 1e3:>12.2f} ms")
    t_range = seconds(lambda: idx.rank_range(edition, simplex), repeat=repeat)
    row("rank_range, all 31 units, simplex +/-25%", f"{t_range * 1e3:>12.1f} ms")
    t_range_f = seconds(lambda: idx.rank_range(edition, factors), repeat=repeat)
    row("rank_range, all 31 units, factors +/-25%", f"{t_range_f * 1e3:>12.1f} ms")
    n_sobol = 2**9 if quick else 2**12
    t_sobol = seconds(lambda: idx.sobol(edition, factors, n_sobol, seed=1), repeat=repeat)
    row(
        f"sobol, n={n_sobol:,} base samples, 500 bootstraps, 31 units", f"{t_sobol * 1e3:>12.1f} ms"
    )

    beyond(edition, factors, n_mc // 4, n_naive // 4, repeat, quick)

    print("Growth with the number of units (synthetic, random indices):")
    big_units = 300 if quick else 3_000
    big = synthetic(big_units)
    small_n = 20_000 if quick else 100_000
    big_factors = WeightSpace.around(big.system, 0.25, mode="factors")
    t_big = seconds(lambda: idx.monte_carlo(big, big_factors, small_n, seed=1), repeat=1)
    with kernel("numpy"):
        t_big_numpy = seconds(lambda: idx.monte_carlo(big, big_factors, small_n, seed=1), 1)
    old_n = small_n // 5
    t_big_old = seconds(lambda: previous(big, big_factors, old_n, "jrc"), repeat=1)
    per_unit_small = 1 / rate_jrc / 31
    per_unit_big = t_big / small_n / big_units
    per_unit_old = t_big_old / old_n / big_units
    row(
        f"monte_carlo, {big_units:,} units, n={small_n:,}, jrc",
        f"{small_n / t_big:>12,.0f} scenarios/s",
    )
    per_unit_numpy = t_big_numpy / small_n / big_units
    row(
        "  ns per scenario-unit: 31 units (numpy) / many / previous, many",
        f"{per_unit_small * 1e9:.1f} / {per_unit_big * 1e9:.1f} / {per_unit_old * 1e9:.1f} ns",
        f">= 2x previous: {per_unit_old / per_unit_big:.2f}x",
    )
    row(
        "  the same, numpy kernel only",
        f"{per_unit_numpy * 1e9:>9.1f} ns",
        f">= 2x previous: {per_unit_old / per_unit_numpy:.2f}x",
    )
    mib_big = peak_mib(lambda: idx.monte_carlo(big, big_factors, small_n, seed=2))
    row(
        f"  peak memory growth, {big_units:,} units, n={small_n:,}",
        f"{mib_big:>12.1f} MiB",
        f"< 150 MiB: {verdict(mib_big, 150, True)}",
    )
    t_stab_big = seconds(lambda: idx.stability_intervals(big), repeat=1)
    row(
        f"stability_intervals, {big_units:,} units (pairs grow as n^2)",
        f"{t_stab_big * 1e3:>12.1f} ms",
    )
    # the MILP per unit grows fast with units: 300 units already take minutes
    subset = synthetic(60 if quick else 100)
    subset_space = WeightSpace.around(subset.system, 0.25)
    t_range_big = seconds(lambda: idx.rank_range(subset, subset_space), repeat=1)
    row(f"rank_range, {subset.n_units} units, simplex +/-25%", f"{t_range_big * 1e3:>12.1f} ms")
    t_range_one = seconds(lambda: idx.rank_range(subset, subset_space), repeat=1, wall=True)
    t_range_two = seconds(
        lambda: idx.rank_range(subset, subset_space, workers=2), repeat=1, wall=True
    )
    row(
        "  wall clock, workers=1 / workers=2 (processes)",
        f"{t_range_one * 1e3:.0f} / {t_range_two * 1e3:.0f} ms",
    )
    t_sobol_big = seconds(lambda: idx.sobol(big, big_factors, 2**9, seed=1), repeat=1)
    row(f"sobol, {big_units:,} units, n=512", f"{t_sobol_big * 1e3:>12.1f} ms")
    with kernel("numpy"):
        linear = interleaved(
            {
                "full": (mc(factors), n_mc),
                "half": (
                    lambda: idx.monte_carlo(edition, factors, n_mc // 2, seed=1),
                    n_mc // 2,
                ),
            },
            rounds=repeat,
        )
    # time(n) / time(n / 2) = (n / rate_full) / (n / 2 / rate_half)
    ratio = 2 * linear["half"] / linear["full"]
    row("monte_carlo time ratio, n vs n/2 (linear in n: ~2)", f"{ratio:>12.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
