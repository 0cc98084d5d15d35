"""Ranks when each pillar in turn is dropped and the others renormalised."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from idx.edition import Edition
from idx.errors import IdxError
from idx.ranking import rank_totals
from idx.results import Result, rank_order
from idx.scoring import weights_for
from idx.weight_spec import WeightsLike

__all__ = ["LeaveOneOut", "leave_one_out"]


@dataclass(frozen=True, eq=False, repr=False)
class LeaveOneOut(Result):
    """Ranks with each pillar dropped.

    Attributes
    ----------
    units, pillars : tuple of str
    base_ranks : ndarray of int, shape (n_units,)
    ranks : ndarray of int, shape (n_units, n_pillars)
        Column j: ranks without pillar j.
    """

    units: tuple[str, ...]
    pillars: tuple[str, ...]
    base_ranks: NDArray[np.int64]
    ranks: NDArray[np.int64]

    def _describe(self) -> str:
        return f"ranks of {len(self.units)} units with each of {len(self.pillars)} pillars dropped"

    @property
    def shifts(self) -> NDArray[np.int64]:
        """``base_rank - rank``: positive when dropping the pillar lifts the unit."""
        return self.base_ranks[:, None] - self.ranks

    def to_frame(self) -> pd.DataFrame:
        """Tidy: unit, dropped pillar, rank, base rank, shift (units by base rank)."""
        n, m = self.ranks.shape
        order = rank_order(self.base_ranks)
        table: pd.DataFrame = pd.DataFrame(
            {
                "unit": np.repeat(np.asarray(self.units, dtype=object)[order], m),
                "dropped": np.tile(self.pillars, n),
                "rank": self.ranks[order].ravel(),
                "base_rank": np.repeat(self.base_ranks[order], m),
                "shift": self.shifts[order].ravel(),
            }
        )
        return table


def leave_one_out(edition: Edition, weights: WeightsLike = None) -> LeaveOneOut:
    """Rank every unit with each pillar dropped in turn.

    Dropping pillar j leaves weights ``w_k / (1 - w_j)`` on the others.

    References
    ----------
    .. [1] OECD and JRC (2008). Handbook on Constructing Composite Indicators:
       Methodology and User Guide, section 7 (uncertainty and sensitivity analysis).
    """
    w = np.asarray(weights_for(edition, weights).weights)
    if len(w) < 2:
        msg = "leave-one-out needs at least two pillars"
        raise IdxError(msg)
    indices = edition.index_array
    base = rank_totals(indices @ w)
    dropped = np.tile(w, (len(w), 1))
    np.fill_diagonal(dropped, 0.0)
    dropped /= dropped.sum(axis=1, keepdims=True)
    ranks = rank_totals((indices @ dropped.T).T).T
    ranks = np.ascontiguousarray(ranks)
    return LeaveOneOut(edition.units, edition.pillars, base, ranks)
