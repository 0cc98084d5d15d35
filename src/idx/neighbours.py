"""How far apart neighbours in the ranking are: leads and gaps, in total and index points.

The module is not called ``gaps``: importing a submodule sets it as an attribute of the
package, which would hide the function :func:`idx.gaps` behind the module.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from idx.edition import Edition
from idx.ranking import rank_totals, tied
from idx.results import Result, rank_order
from idx.scoring import weights_for
from idx.validation import one_of
from idx.weight_spec import WeightsLike

__all__ = ["Gaps", "gaps"]


@dataclass(frozen=True, eq=False, repr=False)
class Gaps(Result):
    """Each unit's distance to its neighbours in the ranking (see :func:`gaps`).

    Arrays are in the edition's unit order; ``above[i]`` / ``below[i]`` are positions of
    the neighbouring units in rank order (-1 for none).

    Attributes
    ----------
    totals : ndarray
    ranks : ndarray of int
    weights : ndarray
        The weights used.
    gap_above : ndarray
        ``total(above) - total``: points to make up to draw level with the unit above
        (NaN for the first); 0 for tied neighbours.
    lead_below : ndarray
        ``total - total(below)``: the lead over the unit below (NaN for the last).
    tied_above, tied_below : ndarray of bool
        Whether the neighbour is tied under the tie rule (:mod:`idx.ranking`).
    """

    units: tuple[str, ...]
    pillars: tuple[str, ...]
    weights: NDArray[np.float64]
    totals: NDArray[np.float64]
    ranks: NDArray[np.int64]
    above: NDArray[np.int64]
    below: NDArray[np.int64]
    gap_above: NDArray[np.float64]
    lead_below: NDArray[np.float64]
    tied_above: NDArray[np.bool_]
    tied_below: NDArray[np.bool_]

    def _describe(self) -> str:
        return f"gaps between neighbours among {len(self.units)} units"

    def index_points(self, which: str = "gap_above") -> NDArray[np.float64]:
        """``gap_above`` or ``lead_below`` in index points of each pillar: points / weight_j.

        Shape (n_units, n_pillars); ``inf`` for a pillar of weight 0 (it cannot close a
        positive gap), 0 where the gap is 0.
        """
        one_of("which", which, ("gap_above", "lead_below"))
        points = self.gap_above if which == "gap_above" else self.lead_below
        with np.errstate(divide="ignore", invalid="ignore"):
            out: NDArray[np.float64] = np.where(
                points[:, None] == 0, 0.0, points[:, None] / self.weights[None, :]
            )
        return out

    def _neighbour(self, positions: NDArray[np.int64]) -> list[str]:
        return [self.units[p] if p >= 0 else "" for p in positions]

    def to_frame(self) -> pd.DataFrame:
        """One row per unit (by rank): total, the unit above and the gap to it, the unit
        below and the lead over it, in total points, then per pillar the gap above and
        lead below in that pillar's index points (``gap_above_<pillar>``,
        ``lead_below_<pillar>``)."""
        columns: dict[str, object] = {
            "unit": self.units,
            "rank": self.ranks,
            "total": self.totals,
            "above": self._neighbour(self.above),
            "gap_above": self.gap_above,
            "tied_above": self.tied_above,
            "below": self._neighbour(self.below),
            "lead_below": self.lead_below,
            "tied_below": self.tied_below,
        }
        up, down = self.index_points("gap_above"), self.index_points("lead_below")
        for j, pillar in enumerate(self.pillars):
            columns[f"gap_above_{pillar}"] = up[:, j]
        for j, pillar in enumerate(self.pillars):
            columns[f"lead_below_{pillar}"] = down[:, j]
        table: pd.DataFrame = pd.DataFrame(columns)
        ordered: pd.DataFrame = table.iloc[rank_order(self.ranks)].reset_index(drop=True)
        return ordered

    def pillar_frame(self) -> pd.DataFrame:
        """Tidy: one row per unit and pillar, gap above and lead below in index points."""
        order = rank_order(self.ranks)
        m = len(self.pillars)
        up, down = self.index_points("gap_above"), self.index_points("lead_below")
        frame: pd.DataFrame = pd.DataFrame(
            {
                "unit": np.repeat(np.asarray(self.units, dtype=object)[order], m),
                "rank": np.repeat(self.ranks[order], m),
                "pillar": np.tile(self.pillars, len(order)),
                "weight": np.tile(self.weights, len(order)),
                "gap_above_index": up[order].ravel(),
                "lead_below_index": down[order].ravel(),
            }
        )
        return frame


def gaps(edition: Edition, weights: WeightsLike = None) -> Gaps:
    """Every unit's gap to the unit above and lead over the unit below.

    Parameters
    ----------
    edition : Edition
    weights : optional
        Any weight specification :func:`idx.score` takes (default: published).

    Returns
    -------
    Gaps

    Notes
    -----
    Neighbours are the adjacent rows in rank order (rank, then the edition's order, as
    every ``to_frame`` sorts: :func:`idx.results.rank_order`). The gap is the difference
    of totals in points, set to 0 between units tied under the tie rule (their totals
    differ by at most 1e-8 points, and which is "above" is only the input order). In
    index points of pillar j it is ``gap / w_j``: how far that pillar's 0-100 index
    alone must rise to draw level (drawing level is a tie, which shares the rank; see
    :func:`idx.targets.improvement` for the exact gain to a rank, which also respects
    the 0-100 cap).
    """
    w = np.asarray(weights_for(edition, weights).weights, dtype=np.float64)
    totals = edition.index_array @ w
    ranks = rank_totals(totals)
    order = rank_order(ranks)
    n = len(order)
    above = np.full(n, -1, dtype=np.int64)
    below = np.full(n, -1, dtype=np.int64)
    above[order[1:]] = order[:-1]
    below[order[:-1]] = order[1:]
    gap_above = np.full(n, np.nan)
    lead_below = np.full(n, np.nan)
    tied_above = np.zeros(n, dtype=bool)
    tied_below = np.zeros(n, dtype=bool)
    has_above = above >= 0
    has_below = below >= 0
    tied_above[has_above] = tied(totals[above[has_above]], totals[has_above])
    tied_below[has_below] = tied(totals[has_below], totals[below[has_below]])
    gap_above[has_above] = np.where(
        tied_above[has_above], 0.0, totals[above[has_above]] - totals[has_above]
    )
    lead_below[has_below] = np.where(
        tied_below[has_below], 0.0, totals[has_below] - totals[below[has_below]]
    )
    return Gaps(
        edition.units,
        edition.pillars,
        w,
        totals,
        ranks,
        above,
        below,
        gap_above,
        lead_below,
        tied_above,
        tied_below,
    )
