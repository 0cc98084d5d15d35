"""Monte Carlo rank intervals under uncertain weights, in bounded memory."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from idx.edition import Edition
from idx.errors import IdxError
from idx.options import Sampler
from idx.results import Result, rank_order
from idx.sensitivity._pairs import exact_ranks
from idx.sensitivity._parallel import MapLike, seed_used
from idx.sensitivity.inputs import InputModel, bind, inputs_of
from idx.sensitivity.sampling import _SamplerPlan, default_sampler, plan
from idx.sensitivity.scenarios import (
    Progress,
    _InputJob,
    check_size,
    chunk_rows,
    input_totals,
    run_input_scenarios,
    run_scenarios,
)
from idx.space import WeightSpace
from idx.uncertainty import Uncertainty
from idx.validation import positive_int

#: The P(top k) a Monte Carlo run reports unless told otherwise (capped at the units).
DEFAULT_TOP_K = (1, 3, 10)

__all__ = [
    "MonteCarloRanks",
    "acceptability_table",
    "monte_carlo",
    "percentile_from_counts",
    "scenario_totals",
]


# Rows of the count matrix summarised at once: bounds the int64 temporaries of a large
# edition (3,000 units: 256 x 3,000 cells instead of 3,000 x 3,000).
_SUMMARY_ROWS = 256


def percentile_from_counts(
    counts: NDArray[np.int64] | NDArray[np.int32], q: float
) -> NDArray[np.int64]:
    """The ``q``-th percentile (0-100) of integer ranks given as counts per rank.

    Uses the inverted-CDF definition (numpy's ``method="inverted_cdf"``): the
    smallest rank r with ``P(rank <= r) >= q / 100``. Exact, since ranks are integers.
    """
    table = np.asarray(counts)
    ranks: NDArray[np.int64] = np.empty(table.shape[0], dtype=np.int64)
    for start in range(0, table.shape[0], _SUMMARY_ROWS):
        cumulative = np.cumsum(table[start : start + _SUMMARY_ROWS], axis=1, dtype=np.int64)
        total = cumulative[:, -1:]
        # integer comparison avoids rounding: cum / total >= q / 100 <=> 100 cum >= q total
        reached = 100 * cumulative >= q * total
        reached[:, -1] = True
        ranks[start : start + _SUMMARY_ROWS] = np.argmax(reached, axis=1) + 1
    return ranks


@dataclass(frozen=True, eq=False, repr=False)
class MonteCarloRanks(Result):
    """Rank distribution of every unit over sampled weights.

    Attributes
    ----------
    units : tuple of str
    n : int
        Scenarios drawn.
    sampler : str
    counts : ndarray of int32, shape (n_units, n_units)
        ``counts[i, r - 1]``: scenarios in which unit i ranks r (rank acceptability x n).
    base_ranks : ndarray of int
        Ranks at the space's reference weights.
    percentiles : tuple of float
    top_k : tuple of int
    seed : int
        The integer seed used: ``monte_carlo(..., seed=result.seed)`` with the same
        other arguments (n, chunk size) repeats the run exactly.
    inputs : tuple of str
        The inputs that varied (``("weights",)`` for a weight space).
    """

    units: tuple[str, ...]
    n: int
    sampler: str
    counts: NDArray[np.int32]
    base_ranks: NDArray[np.int64]
    percentiles: tuple[float, ...]
    top_k: tuple[int, ...]
    seed: int
    inputs: tuple[str, ...] = ("weights",)

    @property
    def median(self) -> NDArray[np.int64]:
        """Median rank (inverted-CDF definition: the lower of two middle ranks)."""
        return percentile_from_counts(self.counts, 50.0)

    @property
    def mean(self) -> NDArray[np.float64]:
        ranks = np.arange(1, self.counts.shape[1] + 1, dtype=np.int64)
        mean: NDArray[np.float64] = (self.counts @ ranks) / self.n
        return mean

    def percentile(self, q: float) -> NDArray[np.int64]:
        """Any percentile of each unit's rank, exactly, from the counts."""
        return percentile_from_counts(self.counts, q)

    def probability_top(self, k: int) -> NDArray[np.float64]:
        """P(rank <= k) for each unit."""
        share: NDArray[np.float64] = self.counts[:, :k].sum(axis=1, dtype=np.int64) / self.n
        return share

    @property
    def acceptability(self) -> NDArray[np.float64]:
        """Rank acceptability ``b[i, r - 1]``: share of scenarios giving unit i rank r."""
        shares: NDArray[np.float64] = self.counts / self.n
        shares.flags.writeable = False
        return shares

    def acceptability_frame(self) -> pd.DataFrame:
        """Tidy rank acceptabilities: unit, rank, acceptability (units by base rank)."""
        return acceptability_table(self.units, self.base_ranks, self.acceptability)

    def _describe(self) -> str:
        varied = "" if self.inputs == ("weights",) else f", varying {', '.join(self.inputs)}"
        return f"rank distributions of {len(self.units)} units over {self.n:,} scenarios ({self.sampler!r} sampler{varied})"

    def to_frame(self) -> pd.DataFrame:
        """One row per unit: base rank, median, mean, percentiles, P(top k)."""
        columns: dict[str, object] = {
            "unit": self.units,
            "base_rank": self.base_ranks,
            "median": self.median,
            "mean": self.mean,
        }
        for q in self.percentiles:
            columns[f"p{q:g}"] = self.percentile(q)
        for k in self.top_k:
            columns[f"p_top{k}"] = self.probability_top(k)
        table: pd.DataFrame = pd.DataFrame(columns)
        ordered: pd.DataFrame = table.iloc[rank_order(self.base_ranks)].reset_index(drop=True)
        return ordered


def monte_carlo(
    edition: Edition,
    space: WeightSpace | Uncertainty,
    n: int,
    *,
    sampler: Sampler | None = None,
    seed: int | np.random.Generator | None = None,
    percentiles: Sequence[float] = (5.0, 95.0),
    top_k: Sequence[int] | None = None,
    kappa: float = 100.0,
    chunk_size: int | None = None,
    progress: Progress | None = None,
    workers: int | MapLike = 1,
) -> MonteCarloRanks:
    """Rank distributions of all units over ``n`` weight vectors drawn from ``space``.

    Parameters
    ----------
    edition : Edition
    space : WeightSpace or Uncertainty
        The admissible weights, or a description of every uncertain input
        (:class:`idx.Uncertainty`: weights, rounding, noise, aggregation,
        construction choices). An ``Uncertainty`` varying the weights alone gives
        exactly the result of its space.
    n : int
        Number of scenarios.
    sampler : {"uniform", "jrc", "dirichlet"}, optional
        See :mod:`idx.sensitivity.sampling`; default by the space's mode. Ignored
        (recorded as ``"none"``) when the weights do not vary.
    seed : int, Generator or None
        An int >= 0, a Generator (one integer seed is drawn from it) or None (fresh
        entropy). The integer seed used is recorded as ``result.seed``; the same seed
        gives the same result for any ``workers``.
    percentiles : sequence of float
        Rank percentiles to report (0-100).
    top_k : sequence of int, optional
        Report P(rank <= k) for each k; default 1, 3 and 10, those of them up to the
        number of units.
    kappa : float
        Dirichlet concentration.
    chunk_size : int, optional
        Scenarios per chunk; memory stays bounded whatever ``n`` is. Default:
        8,192 for up to 64 units, fewer for more units (about 2**19 cells). Each chunk
        draws from its own random stream, so the chunk size is part of what makes a
        run repeatable.
    progress : callable(done, total), optional
        Called after each block of chunks, in the calling thread.
    workers : int or map-like callable
        ``1`` (default) runs here; ``k > 1`` runs blocks of chunks on ``k`` threads
        (``-1``: one per CPU); a map-like callable (``multiprocessing.Pool(k).map``,
        an executor's ``map``, a Dask client's map wrapped in a function) is called as
        ``workers(func, blocks)`` and must return results in order. The result is the
        same for any ``workers``.

    Returns
    -------
    MonteCarloRanks

    Notes
    -----
    The n x units rank array is never held: each chunk's ranks are reduced to
    (unit, rank) counts, from which medians, means, percentiles and top-k
    probabilities are exact. Ranks are those of :func:`idx.rank_totals` under the
    one tie rule; only the pairs of units that can swap somewhere in the space are
    compared per scenario (:mod:`idx.sensitivity.scenarios`). Limits, checked before
    any work: ``n`` up to 2**31 - 1 and at most 16,384 units.

    With more inputs than the weights, each scenario draws its weights first (the
    same draws as the weights-only run with that seed), then its construction
    variant, rounding, noise and aggregation rule (:mod:`idx.sensitivity.inputs`);
    every variant's index matrix is built once, and a chunk's totals are a few
    array operations.

    References
    ----------
    .. [1] Saisana, M., Saltelli, A. and Tarantola, S. (2005). Uncertainty and
       sensitivity analysis techniques as tools for the quality assessment of
       composite indicators. J. R. Stat. Soc. A 168(2), 307-323.
    """
    total = positive_int("n", n)
    check_size(total, edition.n_units)
    chunk = chunk_rows(chunk_size, edition.n_units)
    qs = tuple(float(q) for q in percentiles)
    if any(not 0.0 <= q <= 100.0 for q in qs):
        msg = f"'percentiles' must lie in [0, 100] (got {list(percentiles)})"
        raise IdxError(msg)
    if top_k is None:
        top_k = tuple(k for k in DEFAULT_TOP_K if k <= edition.n_units)
    ks = tuple(int(k) for k in top_k)
    if any(not 1 <= k <= edition.n_units for k in ks):
        msg = f"'top_k' must lie in [1, {edition.n_units}] (got {list(top_k)})"
        raise IdxError(msg)
    if isinstance(space, Uncertainty) and space.weights_only:
        assert space.weights is not None
        space = space.weights
    if isinstance(space, WeightSpace):
        space.check_pillars(edition.pillars)
        chosen = sampler or default_sampler(space)
        how = plan(space, chosen, kappa)
        used = seed_used(seed)
        run = run_scenarios(
            edition.index_array, space, how, total, used, chunk, workers=workers, progress=progress
        )
        # n log n, not n^2 comparisons: a large edition has no units^2 temporary
        base = exact_ranks((edition.index_array @ space.reference)[None, :])[0]
        return MonteCarloRanks(edition.units, total, chosen, run.counts, base, qs, ks, used)
    model, drawer, label = _input_plan(edition, inputs_of(space), sampler, kappa)
    chunk = _input_chunk(chunk_size, edition)
    used = seed_used(seed)
    counts = run_input_scenarios(
        model, drawer, total, used, chunk, workers=workers, progress=progress
    )
    base = exact_ranks((edition.index_array @ model.reference)[None, :])[0]
    return MonteCarloRanks(edition.units, total, label, counts, base, qs, ks, used, model.inputs)


def _input_chunk(chunk_size: int | None, edition: Edition) -> int:
    """Scenarios per chunk of a run over more than the weights: as a weights-only run
    for up to 8 pillars (so the weights drawn are the same), fewer beyond, since every
    scenario then holds its own units x pillars indices."""
    if chunk_size is not None:
        return chunk_rows(chunk_size, edition.n_units)
    wide = -(-len(edition.pillars) // 8)
    return chunk_rows(None, edition.n_units * wide)


def _input_plan(
    edition: Edition, inputs: Uncertainty, sampler: Sampler | None, kappa: float
) -> tuple[InputModel, _SamplerPlan | None, str]:
    """The bound model, the weights' sampler (None when they are fixed) and its name."""
    model = bind(edition, inputs)
    if model.space is None:
        return model, None, "none"
    chosen = sampler or default_sampler(model.space)
    return model, plan(model.space, chosen, kappa), chosen


#: :func:`scenario_totals` returns every total: at most this many bytes of them.
MAX_TOTALS_BYTES = 2 * 2**30


def scenario_totals(
    edition: Edition,
    space: WeightSpace | Uncertainty,
    n: int,
    *,
    sampler: Sampler | None = None,
    seed: int | np.random.Generator | None = None,
    kappa: float = 100.0,
    chunk_size: int | None = None,
) -> NDArray[np.float64]:
    """The totals of the scenarios :func:`monte_carlo` ranks, ``(n, n_units)``.

    Same arguments, same draws: ``rank_totals`` of each row, counted, gives
    :func:`monte_carlo`'s counts for the same seed and chunk size (for an
    :class:`~idx.Uncertainty` varying more than the weights). Holds all ``n x
    units`` totals, so it is for looking at distributions of totals, not for huge n.
    """
    total = positive_int("n", n)
    check_size(total, edition.n_units)
    need = total * edition.n_units * 8
    if need > MAX_TOTALS_BYTES:
        msg = (
            f"scenario_totals holds every total: n = {total:,} scenarios x "
            f"{edition.n_units:,} units would need {need / 2**30:.1f} GiB, at most "
            f"{MAX_TOTALS_BYTES / 2**30:.0f} GiB: use a smaller n, or monte_carlo, "
            "which keeps counts only"
        )
        raise IdxError(msg)
    model, how, _ = _input_plan(edition, inputs_of(space), sampler, kappa)
    # a weight space's scenarios come in its chunks (the draws monte_carlo ranks)
    weights_only = model.inputs == ("weights",)
    chunk = (
        chunk_rows(chunk_size, edition.n_units)
        if weights_only
        else _input_chunk(chunk_size, edition)
    )
    job = _InputJob(model, how, seed_used(seed), total, chunk)
    parts = [input_totals(job, index) for index in range(-(-total // chunk))]
    return np.concatenate(parts)


def acceptability_table(
    units: Sequence[str],
    base_ranks: NDArray[np.int64],
    shares: NDArray[np.float64],
    **extra: NDArray[np.float64],
) -> pd.DataFrame:
    """Tidy (unit, rank, acceptability, ...) rows, units ordered by base rank."""
    n = len(units)
    order = rank_order(base_ranks)
    columns: dict[str, object] = {
        "unit": np.repeat(np.asarray(units, dtype=object)[order], shares.shape[1]),
        "rank": np.tile(np.arange(1, shares.shape[1] + 1), n),
        "acceptability": shares[order].ravel(),
    }
    for name, values in extra.items():
        columns[name] = values[order].ravel()
    table: pd.DataFrame = pd.DataFrame(columns)
    return table
