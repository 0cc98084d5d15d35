"""SMAA-2: rank acceptability indices, central weights and confidence factors."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from idx.edition import Edition
from idx.options import Sampler
from idx.results import Result, rank_order
from idx.sensitivity._pairs import exact_ranks
from idx.sensitivity._parallel import MapLike, seed_used
from idx.sensitivity.montecarlo import acceptability_table
from idx.sensitivity.sampling import default_sampler, plan
from idx.sensitivity.scenarios import Progress, check_size, chunk_rows, run_scenarios
from idx.space import WeightSpace, check_space
from idx.validation import positive_int

__all__ = ["SMAAResult", "smaa"]


@dataclass(frozen=True, eq=False, repr=False)
class SMAAResult(Result):
    """SMAA-2 descriptive measures with Monte Carlo standard errors.

    Attributes
    ----------
    units, pillars : tuple of str
    n : int
    acceptability : ndarray, shape (n_units, n_units)
        ``b[i, r - 1]``: share of the weight space giving unit i rank r.
    acceptability_se : ndarray
        Binomial standard errors ``sqrt(b (1 - b) / n)``.
    central_weights : ndarray, shape (n_units, n_pillars)
        Mean weight vector of the scenarios where unit i ranks first (NaN if never).
    central_weights_se : ndarray
        Standard errors of those means.
    confidence : ndarray
        Confidence factor: 1.0 if unit i ranks first at its own central weights,
        0.0 if not, NaN if it never ranks first. With exact (not stochastic)
        pillar indices the SMAA-2 confidence factor can only be 0 or 1.
    base_ranks : ndarray of int
        Ranks at the space's reference weights (the order of ``to_frame()`` rows).
    seed : int
        The integer seed used (pass it back to repeat the run exactly).
    """

    units: tuple[str, ...]
    pillars: tuple[str, ...]
    n: int
    acceptability: NDArray[np.float64]
    acceptability_se: NDArray[np.float64]
    central_weights: NDArray[np.float64]
    central_weights_se: NDArray[np.float64]
    confidence: NDArray[np.float64]
    base_ranks: NDArray[np.int64]
    seed: int

    def _describe(self) -> str:
        return f"SMAA-2 measures of {len(self.units)} units over {self.n:,} scenarios"

    def holistic(self, meta_weights: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        """Holistic acceptability ``sum_r alpha_r b[i, r]``; default ``alpha_r = (n - r)/(n - 1)``."""
        n = self.acceptability.shape[1]
        alpha = (n - np.arange(1, n + 1)) / max(n - 1, 1) if meta_weights is None else meta_weights
        result: NDArray[np.float64] = self.acceptability @ alpha
        return result

    def to_frame(self) -> pd.DataFrame:
        """One row per unit (by base rank): first-rank acceptability and its SE,
        holistic acceptability, confidence, central weights."""
        columns: dict[str, object] = {
            "unit": self.units,
            "base_rank": self.base_ranks,
            "b1": self.acceptability[:, 0],
            "b1_se": self.acceptability_se[:, 0],
            "holistic": self.holistic(),
            "confidence": self.confidence,
        }
        for j, pillar in enumerate(self.pillars):
            columns[f"wc_{pillar}"] = self.central_weights[:, j]
        table: pd.DataFrame = pd.DataFrame(columns)
        ordered: pd.DataFrame = table.iloc[rank_order(self.base_ranks)].reset_index(drop=True)
        return ordered

    def acceptability_frame(self) -> pd.DataFrame:
        """Tidy rank acceptabilities: unit, rank, acceptability, se (units by base rank)."""
        return acceptability_table(
            self.units, self.base_ranks, self.acceptability, se=self.acceptability_se
        )


def smaa(
    edition: Edition,
    space: WeightSpace,
    n: int,
    *,
    sampler: Sampler | None = None,
    seed: int | np.random.Generator | None = None,
    kappa: float = 100.0,
    chunk_size: int | None = None,
    progress: Progress | None = None,
    workers: int | MapLike = 1,
) -> SMAAResult:
    """SMAA-2 analysis of the ranking over a space of weights.

    Parameters
    ----------
    edition : Edition
    space : WeightSpace
    n : int
        Monte Carlo scenarios.
    sampler : {"uniform", "jrc", "dirichlet"}, optional
        Default by the space's mode; SMAA assumes a uniform weight distribution,
        which ``"uniform"`` gives on a simplex space.
    seed : int, Generator or None
        As in :func:`idx.sensitivity.monte_carlo`; recorded as ``result.seed``.
    kappa : float
        Dirichlet concentration (``sampler="dirichlet"`` only).
    chunk_size : int, optional
        Scenarios per chunk, as in :func:`idx.sensitivity.monte_carlo`.
    progress : callable(done, total), optional
        Called after each block of chunks.
    workers : int or map-like callable
        As in :func:`idx.sensitivity.monte_carlo`: the result is the same for any.

    Returns
    -------
    SMAAResult

    References
    ----------
    .. [1] Lahdelma, R. and Salminen, P. (2001). SMAA-2: Stochastic multicriteria
       acceptability analysis for group decision making. Operations Research
       49(3), 444-454.
    .. [2] Tervonen, T. and Figueira, J. R. (2008). A survey on stochastic
       multicriteria acceptability analysis methods. J. Multi-Criteria Decision
       Analysis 15, 1-14 (Monte Carlo error bounds).
    """
    total = positive_int("n", n)
    check_size(total, edition.n_units)
    chunk = chunk_rows(chunk_size, edition.n_units)
    check_space(space, edition.pillars)
    chosen = sampler or default_sampler(space)
    how = plan(space, chosen, kappa)
    used = seed_used(seed)
    x = edition.index_array
    units = edition.n_units
    run = run_scenarios(
        x, space, how, total, used, chunk, winners=True, workers=workers, progress=progress
    )
    counts, wins = run.counts, run.wins
    weight_sum, weight_sq = run.weight_sum, run.weight_sq
    b = counts / total
    b_se = np.sqrt(b * (1 - b) / total)
    with np.errstate(divide="ignore", invalid="ignore"):
        central = weight_sum / wins[:, None]
        variance = weight_sq / wins[:, None] - central**2
        central_se = np.sqrt(np.maximum(variance, 0.0) / wins[:, None])
    central[wins == 0] = np.nan
    central_se[wins == 0] = np.nan
    confidence = np.full(units, np.nan)
    for i in np.flatnonzero(wins):
        confidence[i] = 1.0 if exact_ranks((x @ central[i])[None, :])[0, i] == 1 else 0.0
    base = exact_ranks((x @ space.reference)[None, :])[0]
    return SMAAResult(
        edition.units, edition.pillars, total, b, b_se, central, central_se, confidence, base, used
    )
