"""Each unit's rank as an exact piecewise-constant function of one pillar's weight."""

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
from idx.sensitivity._weight_paths import ahead_ends, band_edge, path_lines, path_weights
from idx.weight_spec import WeightsLike

__all__ = ["RankPath", "rank_path"]


@dataclass(frozen=True, eq=False, repr=False)
class RankPath(Result):
    """Ranks of every unit along one pillar's weight, ``t`` in [0, 1].

    Attributes
    ----------
    pillar : str
    units : tuple of str
    breakpoints : ndarray
        Sorted weights in (0, 1) where some pair of units enters or leaves the tie band
        of :mod:`idx.ranking` and the ranks change: two per pair whose totals cross,
        about ``2 * TIE_ATOL / |slope|`` apart (some 1e-9), with the pair tied between
        them. Ranks are constant between breakpoints.
    segment_ranks : ndarray of int, shape (n_segments, n_units)
        Ranks on each open segment ``(edges[s], edges[s + 1])``.
    edges : ndarray
        ``[0, *breakpoints, 1]``.
    """

    pillar: str
    units: tuple[str, ...]
    base_weights: NDArray[np.float64]
    pillar_position: int
    indices: NDArray[np.float64]
    breakpoints: NDArray[np.float64]
    edges: NDArray[np.float64]
    segment_ranks: NDArray[np.int64]

    def _describe(self) -> str:
        return (
            f"ranks of {len(self.units)} units along the {self.pillar} weight, "
            f"{len(self.breakpoints)} breakpoints"
        )

    def rank_at(self, t: float) -> NDArray[np.int64]:
        """Competition ranks of all units at weight ``t`` (exact, ties included)."""
        if not 0.0 <= t <= 1.0:
            msg = f"'t' must be in [0, 1] (got {t!r})"
            raise IdxError(msg)
        w = path_weights(self.base_weights, self.pillar_position, np.array([t]))[0]
        return rank_totals(self.indices @ w)

    def to_frame(self) -> pd.DataFrame:
        """Tidy: one row per unit and maximal segment with constant rank (unit, from, to, rank).

        Units run by their rank at the base weights, then input order.
        """
        rows = []
        base = rank_totals(self.indices @ self.base_weights)
        for i in rank_order(base):
            unit = self.units[i]
            start = 0
            ranks = self.segment_ranks[:, i]
            for s in range(1, len(ranks) + 1):
                if s == len(ranks) or ranks[s] != ranks[start]:
                    rows.append(
                        (unit, float(self.edges[start]), float(self.edges[s]), int(ranks[start]))
                    )
                    start = s
        table: pd.DataFrame = pd.DataFrame(rows, columns=["unit", "from", "to", "rank"])
        return table


def rank_path(edition: Edition, pillar: str, weights: WeightsLike = None) -> RankPath:
    """Every unit's rank as pillar ``pillar``'s weight runs over [0, 1].

    The other weights are rescaled proportionally. Totals are affine in the weight,
    and so is the linear form of idx's tie rule (:func:`idx.ranking.ahead_direction`):
    whether one unit is ahead of another changes only at a band edge, where their
    difference equals the tie band, given in closed form (see
    :mod:`idx.sensitivity._weight_paths`). Those edges in (0, 1), every distinct value kept
    (no rounding), cut the path into segments; ranks on each segment are
    :func:`idx.rank_totals` at its midpoint. The breakpoints are the edges across
    which some rank changes. A pair whose totals agree up to floating-point noise all
    along the path never leaves the band and adds no breakpoint.

    Parameters
    ----------
    edition : Edition
    pillar : str
    weights : optional
        Base weights whose proportions the other pillars keep (default: published).

    Returns
    -------
    RankPath
    """
    j = edition.system.position(pillar)
    w = np.asarray(weights_for(edition, weights).weights)
    indices = edition.index_array
    a, b = path_lines(indices, w, j)
    p, q = np.triu_indices(len(a), k=1)
    # both directions: p ahead of q, and q ahead of p
    d0, d1 = ahead_ends(a, b, np.concatenate([p, q]), np.concatenate([q, p]))
    t = band_edge(d0, d1)
    with np.errstate(invalid="ignore"):
        inside = (t > 0.0) & (t < 1.0)
    breakpoints = np.unique(t[inside])
    edges = np.concatenate([[0.0], breakpoints, [1.0]])
    mids = (edges[:-1] + edges[1:]) / 2
    totals = path_weights(w, j, mids) @ indices.T
    segment_ranks = rank_totals(totals)
    # Units tied all along the path but for float noise cross a third unit at band
    # edges a few ulps apart; the ranks do not change across those.
    changes = (segment_ranks[1:] != segment_ranks[:-1]).any(axis=1)
    breakpoints = breakpoints[changes]
    edges = np.concatenate([[0.0], breakpoints, [1.0]])
    segment_ranks = segment_ranks[np.concatenate([[True], changes])]
    return RankPath(pillar, edition.units, w, j, indices, breakpoints, edges, segment_ranks)
