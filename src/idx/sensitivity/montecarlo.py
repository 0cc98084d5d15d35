"""Monte Carlo rank intervals under uncertain weights, in bounded memory."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from idx.edition import Edition
from idx.errors import IdxError
from idx.ranking import rank_totals
from idx.sensitivity._rank_kernel import Workspace, rank_counts
from idx.sensitivity.sampling import Sampler, _draw, default_sampler
from idx.space import WeightSpace

__all__ = [
    "DEFAULT_CHUNK",
    "MonteCarloRanks",
    "monte_carlo",
    "percentile_from_counts",
    "scenario_chunks",
]

#: Scenarios per chunk for up to 32 units: about 40 MiB at peak for 31 units.
DEFAULT_CHUNK = 1 << 15

# Cells (scenarios x units) per chunk: more units, fewer scenarios per chunk, so that
# memory stays bounded by the number of units too, not only by n.
_CHUNK_CELLS = 1 << 20


def chunk_rows(chunk_size: int | None, n_units: int) -> int:
    """Scenarios per chunk: ``chunk_size`` if given, else about 2**20 cells' worth."""
    if chunk_size is None:
        return min(DEFAULT_CHUNK, max(256, _CHUNK_CELLS // n_units))
    return _check_n(chunk_size, "chunk_size")


Progress = Callable[[int, int], None]


def percentile_from_counts(counts: NDArray[np.int64], q: float) -> NDArray[np.int64]:
    """The ``q``-th percentile (0-100) of integer ranks given as counts per rank.

    Uses the inverted-CDF definition (numpy's ``method="inverted_cdf"``): the
    smallest rank r with ``P(rank <= r) >= q / 100``. Exact, since ranks are integers.
    """
    cumulative = np.cumsum(counts, axis=1)
    total = cumulative[:, -1:]
    # integer comparison avoids rounding: cum / total >= q / 100  <=>  100 * cum >= q * total
    reached = 100 * cumulative >= q * total
    reached[:, -1] = True
    ranks: NDArray[np.int64] = np.argmax(reached, axis=1).astype(np.int64) + 1
    return ranks


@dataclass(frozen=True, eq=False)
class MonteCarloRanks:
    """Rank distribution of every unit over sampled weights.

    Attributes
    ----------
    units : tuple of str
    n : int
        Scenarios drawn.
    sampler : str
    counts : ndarray of int, shape (n_units, n_units)
        ``counts[i, r - 1]``: scenarios in which unit i ranks r (rank acceptability x n).
    base_ranks : ndarray of int
        Ranks at the space's reference weights.
    percentiles : tuple of float
    top_k : tuple of int
    """

    units: tuple[str, ...]
    n: int
    sampler: str
    counts: NDArray[np.int64]
    base_ranks: NDArray[np.int64]
    percentiles: tuple[float, ...]
    top_k: tuple[int, ...]

    @property
    def median(self) -> NDArray[np.int64]:
        """Median rank (inverted-CDF definition: the lower of two middle ranks)."""
        return percentile_from_counts(self.counts, 50.0)

    @property
    def mean(self) -> NDArray[np.float64]:
        ranks = np.arange(1, self.counts.shape[1] + 1)
        mean: NDArray[np.float64] = (self.counts @ ranks) / self.n
        return mean

    def percentile(self, q: float) -> NDArray[np.int64]:
        """Any percentile of each unit's rank, exactly, from the counts."""
        return percentile_from_counts(self.counts, q)

    def probability_top(self, k: int) -> NDArray[np.float64]:
        """P(rank <= k) for each unit."""
        share: NDArray[np.float64] = self.counts[:, :k].sum(axis=1) / self.n
        return share

    @property
    def acceptability(self) -> pd.DataFrame:
        """Rank acceptability: share of scenarios giving unit (row) rank r (column)."""
        table: pd.DataFrame = pd.DataFrame(
            self.counts / self.n,
            index=pd.Index(self.units, name="unit"),
            columns=pd.Index(np.arange(1, self.counts.shape[1] + 1), name="rank"),
        )
        return table

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
        ordered: pd.DataFrame = table.sort_values(["base_rank", "unit"]).reset_index(drop=True)
        return ordered


def _check_n(n: object, name: str = "n") -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n <= 0:
        msg = f"'{name}' must be a positive integer (got {n!r})"
        raise IdxError(msg)
    return int(n)


def scenario_chunks(
    edition: Edition,
    space: WeightSpace,
    n: int,
    sampler: Sampler,
    seed: int | np.random.Generator | None,
    kappa: float,
    chunk: int,
    winners: bool = False,
) -> Iterator[tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.bool_] | None]]:
    """Draw ``n`` scenarios chunk by chunk; yield each chunk's weights, (unit, rank)
    counts and, with ``winners``, its rank-1 mask. Buffers are reused across chunks."""
    rng = np.random.default_rng(seed)
    x_t = np.ascontiguousarray(edition.index_array.T)
    work = Workspace(min(chunk, n), edition.n_units)
    done = 0
    while done < n:
        size = min(chunk, n - done)
        w = _draw(space, size, sampler, rng, kappa)
        totals = np.matmul(w, x_t, out=work.totals[:size])
        counts, first = rank_counts(totals, winners=winners, work=work)
        yield w, counts, first
        done += size


def monte_carlo(
    edition: Edition,
    space: WeightSpace,
    n: int,
    *,
    sampler: Sampler | None = None,
    seed: int | np.random.Generator | None = None,
    percentiles: Sequence[float] = (5.0, 95.0),
    top_k: Sequence[int] = (1, 3, 10),
    kappa: float = 100.0,
    chunk_size: int | None = None,
    progress: Progress | None = None,
) -> MonteCarloRanks:
    """Rank distributions of all units over ``n`` weight vectors drawn from ``space``.

    Parameters
    ----------
    edition : Edition
    space : WeightSpace
    n : int
        Number of scenarios.
    sampler : {"uniform", "jrc", "dirichlet"}, optional
        See :mod:`idx.sensitivity.sampling`; default by the space's mode.
    seed : int, Generator or None
        Same seed, same result.
    percentiles : sequence of float
        Rank percentiles to report (0-100).
    top_k : sequence of int
        Report P(rank <= k) for each k.
    kappa : float
        Dirichlet concentration.
    chunk_size : int, optional
        Scenarios per chunk; memory stays bounded whatever ``n`` is. Default:
        32,768 for up to 32 units, fewer for more units (about 2**20 cells).
    progress : callable(done, total), optional
        Called after each chunk.

    Returns
    -------
    MonteCarloRanks

    Notes
    -----
    The n x units rank array is never held: each chunk's ranks are reduced to
    (unit, rank) counts, from which medians, means, percentiles and top-k
    probabilities are exact.

    References
    ----------
    .. [1] Saisana, M., Saltelli, A. and Tarantola, S. (2005). Uncertainty and
       sensitivity analysis techniques as tools for the quality assessment of
       composite indicators. J. R. Stat. Soc. A 168(2), 307-323.
    """
    total = _check_n(n)
    chunk = chunk_rows(chunk_size, edition.n_units)
    space.check_pillars(edition.pillars)
    qs = tuple(float(q) for q in percentiles)
    if any(not 0.0 <= q <= 100.0 for q in qs):
        msg = f"'percentiles' must lie in [0, 100] (got {list(percentiles)})"
        raise IdxError(msg)
    ks = tuple(int(k) for k in top_k)
    if any(not 1 <= k <= edition.n_units for k in ks):
        msg = f"'top_k' must lie in [1, {edition.n_units}] (got {list(top_k)})"
        raise IdxError(msg)
    chosen = sampler or default_sampler(space)
    counts = np.zeros((edition.n_units, edition.n_units), dtype=np.int64)
    done = 0
    for w, chunk_counts, _ in scenario_chunks(edition, space, total, chosen, seed, kappa, chunk):
        counts += chunk_counts
        done += len(w)
        if progress is not None:
            progress(done, total)
    counts.flags.writeable = False
    base = rank_totals(edition.index_array @ space.reference)
    base.flags.writeable = False
    return MonteCarloRanks(edition.units, total, chosen, counts, base, qs, ks)
