"""Comparing two rankings of the same units: per-unit rank shifts and rank correlations."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.stats import kendalltau, spearmanr

from idx.edition import Edition
from idx.errors import IdxError
from idx.scoring import Score, score

__all__ = ["Comparison", "RankingLike", "compare"]

RankingLike = Score | Edition


@dataclass(frozen=True, eq=False)
class Comparison:
    """Rank shifts of every unit between a reference ranking and another.

    Attributes
    ----------
    units : tuple of str
    reference_ranks, other_ranks : ndarray of int
    shifts : ndarray of int
        ``reference_rank - other_rank``: positive means the unit climbs under
        ``other`` (e.g. +2 from 14th to 12th).
    spearman, kendall : float
        Rank correlations (Spearman's rho, Kendall's tau-b; ties handled by scipy).
        NaN when a ranking is constant, as scipy defines it.
    reference_label, other_label : str
    """

    units: tuple[str, ...]
    reference_ranks: NDArray[np.int64]
    other_ranks: NDArray[np.int64]
    shifts: NDArray[np.int64]
    spearman: float
    kendall: float
    reference_label: str
    other_label: str

    @property
    def largest_shift(self) -> int:
        """The largest absolute shift of any unit."""
        return int(np.abs(self.shifts).max())

    def to_frame(self) -> pd.DataFrame:
        """One row per unit, in reference order: unit, both ranks and the shift."""
        frame = pd.DataFrame(
            {
                "unit": self.units,
                f"rank_{self.reference_label}": np.array(self.reference_ranks),
                f"rank_{self.other_label}": np.array(self.other_ranks),
                "shift": np.array(self.shifts),
            }
        )
        order = np.lexsort((np.arange(len(self.units)), np.array(self.reference_ranks)))
        ordered: pd.DataFrame = frame.iloc[order].reset_index(drop=True)
        return ordered


def _ranks_of(ranking: RankingLike) -> tuple[tuple[str, ...], NDArray[np.int64], str]:
    if isinstance(ranking, Score):
        return ranking.units, np.asarray(ranking.ranks), ranking.weights_label
    if isinstance(ranking, Edition):
        if ranking.reported_ranks is not None:
            return ranking.units, np.asarray(ranking.reported_ranks), "reported"
        recomputed = score(ranking)
        return recomputed.units, np.asarray(recomputed.ranks), "recomputed"
    msg = f"rankings to compare must be Score or Edition objects (got {type(ranking).__name__})"
    raise IdxError(msg)


def compare(reference: RankingLike, other: RankingLike) -> Comparison:
    """Compare two rankings of the same units.

    Parameters
    ----------
    reference : Score or Edition
        The baseline, e.g. the edition itself (its reported ranks) or
        ``score(edition)``.
    other : Score or Edition
        The ranking to compare, e.g. ``score(edition, "equal")``.

    Returns
    -------
    Comparison

    Raises
    ------
    IdxError
        If the two rankings do not cover the same units.

    Examples
    --------
    >>> import idx
    >>> e = idx.load_2017()
    >>> c = idx.compare(e, idx.score(e, "equal"))
    >>> int(c.shifts[e.units.index("Guangdong")])
    0
    """
    units_a, ranks_a, label_a = _ranks_of(reference)
    units_b, ranks_b, label_b = _ranks_of(other)
    if set(units_a) != set(units_b) or len(units_a) != len(units_b):
        missing = sorted(set(units_a) ^ set(units_b))
        msg = f"rankings must cover the same units (differ on {', '.join(missing[:5])})"
        raise IdxError(msg)
    position = {u: i for i, u in enumerate(units_b)}
    aligned = np.array([ranks_b[position[u]] for u in units_a], dtype=np.int64)
    if label_a == label_b:
        label_a, label_b = "reference", "other"
    if len(units_a) < 2:
        rho = tau = float("nan")
    else:
        rho = float(spearmanr(ranks_a, aligned).statistic)
        tau = float(kendalltau(ranks_a, aligned).statistic)
    shifts = np.asarray(ranks_a, dtype=np.int64) - aligned
    for array in (ranks_a, aligned, shifts):
        array.flags.writeable = False
    return Comparison(
        units=units_a,
        reference_ranks=ranks_a,
        other_ranks=aligned,
        shifts=shifts,
        spearman=rho,
        kendall=tau,
        reference_label=label_a,
        other_label=label_b,
    )
