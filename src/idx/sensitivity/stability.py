"""Stability intervals: how far one weight can move before the ranking changes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from idx.edition import Edition
from idx.ranking import tied as is_tied
from idx.sensitivity._paths import crossings, path_lines
from idx.weight_spec import WeightsLike, resolve_weights

# Slopes (points per unit of weight) this small leave a tied pair tied at 10 decimals.
_FLAT = 1e-9

__all__ = ["StabilityInterval", "StabilityIntervals", "TiedPair", "stability_intervals"]


@dataclass(frozen=True)
class StabilityInterval:
    """The open interval of one pillar's weight over which the whole ranking holds.

    Attributes
    ----------
    pillar : str
    weight : float
        The base weight.
    lower, upper : float
        The ranking is unchanged for ``lower < w_j < upper`` (others rescaled
        proportionally). At ``lower`` and ``upper`` two units tie; beyond, they swap.
    lower_swap, upper_swap : tuple of str or None
        The pair (ahead at the base, behind at the base) that ties at each end;
        ``None`` where the interval reaches 0 or 1.
    """

    pillar: str
    weight: float
    lower: float
    upper: float
    lower_swap: tuple[str, str] | None
    upper_swap: tuple[str, str] | None

    @property
    def width(self) -> float:
        return self.upper - self.lower


@dataclass(frozen=True)
class TiedPair:
    """Two units tied at the base weights, and who leads as one pillar's weight moves.

    ``leader_up`` leads when the pillar's weight rises, ``leader_down`` when it falls;
    ``None`` when the two stay tied (identical indices on the pillar and the rest).
    """

    pillar: str
    units: tuple[str, str]
    leader_up: str | None
    leader_down: str | None


@dataclass(frozen=True, eq=False)
class StabilityIntervals:
    """Result of :func:`stability_intervals`."""

    intervals: tuple[StabilityInterval, ...]
    ties: tuple[TiedPair, ...]

    def to_frame(self) -> pd.DataFrame:
        """One row per pillar: base weight, interval, width, and the pair swapping at each end."""

        def pair(p: tuple[str, str] | None) -> str:
            return "" if p is None else f"{p[1]} overtakes {p[0]}"

        table: pd.DataFrame = pd.DataFrame(
            {
                "pillar": [s.pillar for s in self.intervals],
                "weight": [s.weight for s in self.intervals],
                "lower": [s.lower for s in self.intervals],
                "upper": [s.upper for s in self.intervals],
                "width": [s.width for s in self.intervals],
                "swap_below": [pair(s.lower_swap) for s in self.intervals],
                "swap_above": [pair(s.upper_swap) for s in self.intervals],
            }
        )
        return table

    def ties_frame(self) -> pd.DataFrame:
        """One row per base tie and pillar: who leads when the weight rises or falls."""
        table: pd.DataFrame = pd.DataFrame(
            {
                "pillar": [t.pillar for t in self.ties],
                "unit_a": [t.units[0] for t in self.ties],
                "unit_b": [t.units[1] for t in self.ties],
                "leader_if_raised": [t.leader_up or "still tied" for t in self.ties],
                "leader_if_lowered": [t.leader_down or "still tied" for t in self.ties],
            }
        )
        return table


def stability_intervals(edition: Edition, weights: WeightsLike = None) -> StabilityIntervals:
    """For each pillar, the interval of its weight over which the whole ranking is unchanged.

    Parameters
    ----------
    edition : Edition
    weights : optional
        Base weights (default: published); any form :func:`idx.score` accepts.

    Returns
    -------
    StabilityIntervals

    Notes
    -----
    Along pillar j's path (the other weights rescaled proportionally) every total
    is affine in ``w_j``, so each pair of units crosses at most once, at a point
    given in closed form (see :mod:`idx.sensitivity._paths`). The interval is
    bounded by the nearest crossings below and above the base weight, over all
    pairs that are not tied at the base: exact, with no grid. Pairs tied at the
    base (Shaanxi and Hunan in 2017) would make every interval empty; they are
    reported separately in ``ties`` with the direction each weight move breaks them.

    References
    ----------
    .. [1] Triantaphyllou, E. and Sanchez, A. (1997). A sensitivity analysis approach
       for some deterministic multi-criteria decision-making methods. Decision
       Sciences 28(1), 151-194.
    """
    w = np.asarray(resolve_weights(weights, edition.system).weights)
    indices = edition.index_array
    units = edition.units
    keys = indices @ w
    intervals = []
    ties = []
    for j, pillar in enumerate(edition.pillars):
        a, b = path_lines(indices, w, j)
        p, q, t = crossings(a, b)
        tied = is_tied(keys[p], keys[q])
        base = w[j]
        usable = ~tied & np.isfinite(t)
        below = usable & (t < base) & (t >= 0.0)
        above = usable & (t > base) & (t <= 1.0)
        lower, lower_swap = 0.0, None
        if below.any():
            k = np.flatnonzero(below)[np.argmax(t[below])]
            lower, lower_swap = float(t[k]), _ordered(units, keys, p[k], q[k])
        upper, upper_swap = 1.0, None
        if above.any():
            k = np.flatnonzero(above)[np.argmin(t[above])]
            upper, upper_swap = float(t[k]), _ordered(units, keys, p[k], q[k])
        intervals.append(
            StabilityInterval(pillar, float(base), lower, upper, lower_swap, upper_swap)
        )
        for k in np.flatnonzero(tied):
            slope = (a[p[k]] - a[q[k]]) - (b[p[k]] - b[q[k]])
            # below the tie tolerance the two lines coincide: the pair stays tied
            flat = abs(slope) <= _FLAT
            up = None if flat else units[p[k]] if slope > 0 else units[q[k]]
            down = None if flat else units[q[k]] if slope > 0 else units[p[k]]
            ties.append(TiedPair(pillar, (units[p[k]], units[q[k]]), up, down))
    return StabilityIntervals(tuple(intervals), tuple(ties))


def _ordered(units: tuple[str, ...], keys: NDArray[np.float64], i: int, k: int) -> tuple[str, str]:
    # (ahead at the base, behind at the base)
    return (units[i], units[k]) if keys[i] > keys[k] else (units[k], units[i])
