"""Stability intervals: how far one weight can move before the ranking changes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from idx.edition import Edition
from idx.ranking import TIE_ATOL, ahead, tied
from idx.results import Result
from idx.scoring import weights_for
from idx.sensitivity._weight_paths import ahead_ends, band_edge, path_lines
from idx.weight_spec import WeightsLike

__all__ = ["StabilityInterval", "StabilityIntervals", "TiedPair", "stability_intervals"]


@dataclass(frozen=True, eq=False, repr=False)
class StabilityInterval(Result):
    """The open interval of one pillar's weight over which the whole ranking holds.

    Attributes
    ----------
    pillar : str
    weight : float
        The base weight.
    lower, upper : float
        For ``lower < w_j < upper`` (others rescaled proportionally) every pair of
        units that is ordered at the base keeps its order under idx's tie rule
        (:mod:`idx.ranking`), so every rank is unchanged except within pairs tied at
        the base (see :class:`TiedPair`). At ``lower`` and ``upper`` the named pair
        enters the tie band (its leader is no longer ahead). Beyond, the pair is tied
        until their difference has moved by about another ``2 * TIE_ATOL`` points
        (some 1e-9 in weight), and then the other leads.
    lower_swap, upper_swap : tuple of str or None
        The pair (ahead at the base, behind at the base) that becomes tied at each end;
        ``None`` where the interval reaches 0 or 1 with no pair tying.
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

    def _describe(self) -> str:
        return f"{self.pillar} weight {self.weight:.4g} holds the ranking on ({self.lower:.6g}, {self.upper:.6g})"

    def to_frame(self) -> pd.DataFrame:
        """One row: pillar, base weight, interval, width, the pair tying at each end."""
        return _intervals_frame((self,))


@dataclass(frozen=True, eq=False, repr=False)
class TiedPair(Result):
    """Two units tied at the base weights, and who leads as one pillar's weight moves.

    Attributes
    ----------
    pillar : str
    units : tuple of str
        The pair, in table order.
    leader_up, leader_down : str or None
        The unit ahead, under idx's tie rule, at the top (``w_j = 1``) or bottom
        (``w_j = 0``) of the pillar's path: the one that leads once the weight has been
        raised (lowered) far enough. ``None`` when the pair is still tied at that end,
        and therefore over the whole way there (the tie band along the path is one
        interval).
    up_from, down_from : float or None
        The band edge: ``leader_up`` is ahead for every weight above ``up_from`` (to 1),
        ``leader_down`` for every weight below ``down_from`` (to 0); ``None`` with no
        leader.
    """

    pillar: str
    units: tuple[str, str]
    leader_up: str | None
    leader_down: str | None
    up_from: float | None = None
    down_from: float | None = None

    def _describe(self) -> str:
        return f"{self.units[0]} and {self.units[1]} tied at the base; pillar {self.pillar}"

    def to_frame(self) -> pd.DataFrame:
        """One row: the pair and who leads if the weight rises or falls, and from where."""
        return _ties_frame((self,))


@dataclass(frozen=True, eq=False, repr=False)
class StabilityIntervals(Result):
    """Result of :func:`stability_intervals`."""

    intervals: tuple[StabilityInterval, ...]
    ties: tuple[TiedPair, ...]

    def _describe(self) -> str:
        narrowest = min(self.intervals, key=lambda s: s.width)
        return (
            f"{len(self.intervals)} pillars, narrowest {narrowest.pillar} "
            f"(width {narrowest.width:.4g}); {len(self.ties)} base ties"
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per pillar: base weight, interval, width, and the pair swapping at each end."""
        return _intervals_frame(self.intervals)

    def ties_frame(self) -> pd.DataFrame:
        """One row per base tie and pillar: who leads if the weight rises or falls, and from where."""
        return _ties_frame(self.ties)


def _intervals_frame(intervals: tuple[StabilityInterval, ...]) -> pd.DataFrame:
    def pair(p: tuple[str, str] | None) -> str:
        return "" if p is None else f"{p[1]} overtakes {p[0]}"

    table: pd.DataFrame = pd.DataFrame(
        {
            "pillar": [s.pillar for s in intervals],
            "weight": [s.weight for s in intervals],
            "lower": [s.lower for s in intervals],
            "upper": [s.upper for s in intervals],
            "width": [s.width for s in intervals],
            "swap_below": [pair(s.lower_swap) for s in intervals],
            "swap_above": [pair(s.upper_swap) for s in intervals],
        }
    )
    return table


def _ties_frame(ties: tuple[TiedPair, ...]) -> pd.DataFrame:
    table: pd.DataFrame = pd.DataFrame(
        {
            "pillar": [t.pillar for t in ties],
            "unit_a": [t.units[0] for t in ties],
            "unit_b": [t.units[1] for t in ties],
            "leader_if_raised": [t.leader_up or "still tied" for t in ties],
            "raised_above": [_or_nan(t.up_from) for t in ties],
            "leader_if_lowered": [t.leader_down or "still tied" for t in ties],
            "lowered_below": [_or_nan(t.down_from) for t in ties],
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
    Order and ties are idx's one tie rule (:mod:`idx.ranking`): k is ahead of i when
    ``t_k - t_i > TIE_ATOL + TIE_RTOL * max(t_k, t_i)``, tied when neither is ahead.

    Along pillar j's path (the other weights rescaled proportionally) every total is
    affine in ``w_j``, and so is the tie rule's linear form
    ``(1 - TIE_RTOL) t_k - t_i`` (:func:`idx.ranking.ahead_direction`): "k is ahead of
    i" holds on one side of a single *band edge*, given in closed form (see
    :mod:`idx.sensitivity._weight_paths`). For each pair ordered at the base, the edge where
    the base leader stops being ahead bounds the interval; ``lower`` and ``upper`` are
    the nearest such edges below and above the base weight. Hence, exactly and with no
    grid: for ``lower < w_j < upper`` every pair ordered at the base keeps its order,
    and at each end the named pair becomes tied. Units in no base tie keep their rank
    throughout.

    Pairs tied at the base (Shaanxi and Hunan in 2017) would make every interval empty;
    they are reported separately in ``ties``, with the unit ahead at each end of the
    path (``w_j = 1`` and ``w_j = 0``) and the band edge from which it leads. A pair
    tied at an end is tied all the way from the base to it ("still tied").

    References
    ----------
    .. [1] Triantaphyllou, E. and Sanchez, A. (1997). A sensitivity analysis approach
       for some deterministic multi-criteria decision-making methods. Decision
       Sciences 28(1), 151-194.
    """
    w = np.asarray(weights_for(edition, weights).weights)
    indices = edition.index_array
    units = edition.units
    keys = indices @ w
    p, q = np.triu_indices(len(units), k=1)
    base_tied = tied(keys[p], keys[q])
    ordered = ~base_tied
    p_ahead = ahead(keys[p], keys[q])
    # (ahead, behind) at the base for ordered pairs
    lead = np.where(p_ahead, p, q)
    trail = np.where(p_ahead, q, p)
    intervals = []
    ties = []
    for j, pillar in enumerate(edition.pillars):
        a, b = path_lines(indices, w, j)
        base = float(w[j])
        d0, d1 = ahead_ends(a, b, lead, trail)
        edge = band_edge(d0, d1)
        # The leader is ahead at the base, so its edge lies above the base when its
        # lead shrinks with the weight (d1 < d0) and below when it grows. Clipping to
        # the base only guards pairs whose base lead is within float noise of the band.
        upper_edge = np.where(ordered & (d1 < d0), np.maximum(edge, base), np.inf)
        lower_edge = np.where(ordered & (d1 > d0), np.minimum(edge, base), -np.inf)
        lower, lower_swap = 0.0, None
        below = np.flatnonzero(lower_edge >= 0.0)
        if below.size:
            k = below[np.argmax(lower_edge[below])]
            lower, lower_swap = float(lower_edge[k]), (units[lead[k]], units[trail[k]])
        upper, upper_swap = 1.0, None
        above = np.flatnonzero(upper_edge <= 1.0)
        if above.size:
            k = above[np.argmin(upper_edge[above])]
            upper, upper_swap = float(upper_edge[k]), (units[lead[k]], units[trail[k]])
        intervals.append(StabilityInterval(pillar, base, lower, upper, lower_swap, upper_swap))
        for m in np.flatnonzero(base_tied):
            ties.append(_tied_pair(pillar, units, a, b, (int(p[m]), int(q[m])), base))
    return StabilityIntervals(tuple(intervals), tuple(ties))


def _tied_pair(
    pillar: str,
    units: tuple[str, ...],
    a: NDArray[np.float64],
    b: NDArray[np.float64],
    pair: tuple[int, int],
    base: float,
) -> TiedPair:
    # Who is ahead at t = 1 (up) and t = 0 (down), and the edge from which they lead.
    # The pair is tied at the base, so each leader's edge lies between the base and
    # its end of the path (clipped to the base against float noise, as the intervals).
    leaders: dict[str, tuple[str | None, float | None]] = {"up": (None, None), "down": (None, None)}
    for k, i in (pair, pair[::-1]):
        d0, d1 = ahead_ends(a, b, k, i)
        edge = float(band_edge(d0, d1))
        if d1 > TIE_ATOL:
            leaders["up"] = (units[k], max(edge, base))
        if d0 > TIE_ATOL:
            leaders["down"] = (units[k], min(edge, base))
    (up, up_from), (down, down_from) = leaders["up"], leaders["down"]
    return TiedPair(pillar, (units[pair[0]], units[pair[1]]), up, down, up_from, down_from)


def _or_nan(x: float | None) -> float:
    return np.nan if x is None else x
