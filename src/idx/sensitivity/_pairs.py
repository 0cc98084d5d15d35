"""Rank only what can move: pairs of units decided once for a whole space of weights.

For units a and b, "a is ahead of b" is the linear condition ``c . w > TIE_ATOL`` with
``c = ahead_direction(x_a, x_b)`` (:mod:`idx.ranking`), and its exact range over the
space is known in closed form (:meth:`WeightSpace.linear_range`). A pair is *decided*
when each direction is always or never true everywhere in the space, with a margin
(:func:`_margin`); then it adds the same to the two units' ranks in every scenario.
Only the *undecided* pairs need comparing per scenario: on 2017, 64 of the 465 pairs
at +/-25% (simplex), 71 in factors mode.

A unit's rank is then ``1 + base + R``: ``base`` counts the units always ahead of it,
``R`` the undecided partners ahead of it in this scenario. ``R`` lies in
``[0, width]``, ``width`` being the unit's number of undecided pairs, so the counts of
a unit fit in ``width + 1`` cells (the *compact* counts) and are spread into the
units x ranks matrix once at the end.

Exactness
---------
Ranks must be those of :func:`idx.rank_totals` on the *canonical totals*: each total
summed pillar by pillar, left to right, every product and sum rounded
(:func:`canonical_totals`). Any other way of computing a difference ``D`` of two
totals (a BLAS product, a compiled loop with fused multiply-adds, ``(x_a - x_b) . w``)
is within ``_rounding(M)`` of the canonical one, ``M`` bounding the totals. So a
comparison is decided from the fast ``D`` whenever ``|D|`` is outside
``(TIE_ATOL - e, TIE_ATOL + TIE_RTOL M + e]``; a scenario with any comparison inside
that window (a *near tie*, which random weights essentially never produce) is ranked
again from its canonical totals by :func:`idx.rank_totals`. The result is the same
whatever computed the fast differences: numpy with any BLAS, or the compiled kernel.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from idx.ranking import TIE_ATOL, TIE_RTOL, ahead, ahead_direction, rank_totals
from idx.space import WeightSpace
from idx.tolerances import CONTAINS_ATOL, TOTAL_ROUNDING

__all__ = ["canonical_totals", "exact_ranks", "pair_plan"]

#: Beyond this many undecided pairs per unit, comparing pairs costs more than sorting
#: each scenario's totals, and the sort kernel is used instead.
MAX_PAIRS_PER_UNIT = 8

# Pairs examined at once while deciding them (bounds the temporaries of a large edition).
_PAIR_BLOCK = 1 << 15


def canonical_totals(w: NDArray[np.float64], x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Totals ``w @ x.T`` summed pillar by pillar, left to right, each step rounded.

    The reference every kernel agrees with: a fixed order and no fused multiply-add,
    so that numpy and a compiled loop give the same bits.
    """
    totals: NDArray[np.float64] = w[:, 0:1] * x[:, 0]
    for j in range(1, x.shape[1]):
        totals += w[:, j : j + 1] * x[:, j]
    return totals


# Scenarios compared at once by the numpy kernel: a (pairs x 2,048) block of float64
# stays in a core's cache.
_BLOCK = 2048


def exact_ranks(totals: NDArray[np.float64]) -> NDArray[np.int64]:
    """Competition ranks of each row, equal to :func:`idx.rank_totals`, in n log n.

    Each row is sorted once. Where a unit is ahead of the next one down (the tie
    rule itself), it is ahead of every unit below: the rule is monotone in both
    totals. So the sorted row splits into *clusters* of units linked by ties; a unit's
    rank is one plus the units in higher clusters plus those ahead of it within its
    own cluster, which :func:`idx.rank_totals` decides pairwise. Clusters hold one
    unit except at ties, so a large edition is not ranked in n^2 comparisons.
    """
    rows, n = totals.shape
    ranks = np.empty((rows, n), dtype=np.int64)
    for r in range(rows):
        order = np.argsort(totals[r], kind="stable")
        ordered = totals[r, order]
        # a break between positions p and p + 1 when the upper is ahead of the lower
        breaks = np.flatnonzero(ahead(ordered[1:], ordered[:-1]))
        ends = np.append(breaks, n - 1)  # last position of each cluster
        starts = np.concatenate([[0], breaks + 1])
        row = np.empty(n, dtype=np.int64)
        for start, end in zip(starts, ends, strict=True):
            above = n - 1 - int(end)
            if start == end:
                row[start] = above + 1
            else:
                row[start : end + 1] = above + rank_totals(ordered[start : end + 1])
        ranks[r, order] = row
    return ranks


def _rounding(bound: NDArray[np.float64]) -> NDArray[np.float64]:
    """How far a difference of two totals computed any reasonable way can be from the
    canonical one, for totals up to ``bound`` (each within a few ulps of it)."""
    out: NDArray[np.float64] = TOTAL_ROUNDING * (1.0 + 4.0 * bound)
    return out


@dataclass(frozen=True)
class _PairPlan:
    """The undecided pairs of an edition over a space, and where their counts go.

    Attributes
    ----------
    n_units : int
    base : ndarray of int, (n_units,)
        Units ahead of each unit in every scenario.
    first, second : ndarray of int, (P,)
        The undecided pairs (first < second).
    diff : ndarray, (P, m)
        ``x_first - x_second``: ``diff @ w`` is the difference of their totals.
    sure, unsure : ndarray, (P,)
        ``|D| > sure``: decided by the sign of D; ``|D| <= unsure``: tied; in between,
        a near tie (see the module documentation).
    movers : ndarray of int, (k,)
        Units in at least one undecided pair, in unit order (the rows of R).
    slot_first, slot_second : ndarray of int, (P,)
        Each pair's two units as rows of R.
    offsets : ndarray of int, (k,)
        Where each mover's ``width + 1`` cells start in the compact counts.
    gather : ndarray of int, (k, G)
        For the numpy kernel: rows of the stacked comparisons ``[first behind;
        second behind; zeros]`` to add up for each mover.
    """

    n_units: int
    base: NDArray[np.intp]
    first: NDArray[np.intp]
    second: NDArray[np.intp]
    diff: NDArray[np.float64]
    sure: NDArray[np.float64]
    unsure: NDArray[np.float64]
    movers: NDArray[np.intp]
    slot_first: NDArray[np.intp]
    slot_second: NDArray[np.intp]
    offsets: NDArray[np.intp]
    widths: NDArray[np.intp]
    gather: NDArray[np.intp]
    x_movers: NDArray[np.float64]

    @property
    def n_pairs(self) -> int:
        return len(self.first)

    @property
    def cells(self) -> int:
        """Length of the compact counts."""
        return int((self.widths + 1).sum())

    def count(
        self, w: NDArray[np.float64], compact: NDArray[np.int64], work: PairWork | None = None
    ) -> tuple[NDArray[np.uint8], NDArray[np.bool_]]:
        """Add the chunk ``w`` (scenarios x pillars) to ``compact``; numpy kernel.

        Returns R (movers x scenarios, the undecided partners ahead of each mover) and
        the near-tie mask of the scenarios, which are *not* counted here
        (:meth:`count_exactly` counts them). Works through the chunk in blocks small
        enough to stay in cache, in the buffers of ``work``.
        """
        size = w.shape[0]
        work = work or PairWork(self)
        wt = np.ascontiguousarray(w.T)  # column layout: pillars x scenarios
        r = np.empty((len(self.movers), size), dtype=np.uint8)
        near = np.zeros(size, dtype=bool)
        for start in range(0, size, _BLOCK):
            stop = min(size, start + _BLOCK)
            self._count_block(wt[:, start:stop], compact, work, r[:, start:stop], near[start:stop])
        return r, near

    def _count_block(
        self,
        wt: NDArray[np.float64],
        compact: NDArray[np.int64],
        work: PairWork,
        r: NDArray[np.uint8],
        near: NDArray[np.bool_],
    ) -> None:
        size = wt.shape[1]
        p = self.n_pairs
        d = np.matmul(self.diff, wt, out=work.d[:, :size])  # (P, S): one row per pair
        stacked = work.stacked[:, :size]
        scratch = work.scratch[:, :size]
        sure, unsure = self.sure[:, None], self.unsure[:, None]
        # first ahead of second: second's R grows; second ahead: first's R grows
        np.greater(d, sure, out=stacked[:p])
        np.less(d, -sure, out=stacked[p : 2 * p])
        decided = np.count_nonzero(stacked)
        # Usually every comparison is decided (random weights never tie): then nothing
        # lies near the band's edge. Otherwise count those beyond the inner edge on
        # either side: more than the decided ones means near ties.
        maybe = decided
        if decided != p * size:
            np.greater(d, unsure, out=scratch)
            maybe = np.count_nonzero(scratch)
            np.less(d, -unsure, out=scratch)
            maybe += np.count_nonzero(scratch)
        if maybe != decided:
            magnitude = np.abs(d)
            window = (magnitude > unsure) & (magnitude <= sure)
            near |= window.any(axis=0)
        grouped = stacked.view(np.uint8)[self.gather]  # (k, G, S)
        np.sum(grouped, axis=1, dtype=np.uint8, out=r)
        # cell codes fit 16 bits (at most 255 units, 8 pairs per unit)
        codes = r.astype(np.uint16)
        codes += self.offsets.astype(np.uint16)[:, None]
        cells = codes[:, ~near] if near.any() else codes
        compact += np.bincount(cells.ravel(), minlength=self.cells)

    def count_exactly(
        self, w: NDArray[np.float64], x: NDArray[np.float64], compact: NDArray[np.int64]
    ) -> NDArray[np.int64]:
        """Rank the scenarios ``w`` from canonical totals and add them to ``compact``.

        Returns their full ranks (scenarios x units).
        """
        ranks = exact_ranks(canonical_totals(w, x))
        extra = ranks[:, self.movers] - 1 - self.base[self.movers]
        if (extra < 0).any() or (extra > self.widths).any():  # pragma: no cover - a bug
            msg = "a decided pair changed order: the pair margins are too small"
            raise AssertionError(msg)
        cells = (extra + self.offsets).ravel()
        compact += np.bincount(cells, minlength=self.cells)
        return ranks

    def expand(self, compact: NDArray[np.int64], n: int) -> NDArray[np.int32]:
        """The units x ranks counts of ``n`` scenarios from their compact counts."""
        counts = np.zeros((self.n_units, self.n_units), dtype=np.int32)
        fixed = np.setdiff1d(np.arange(self.n_units), self.movers)
        counts[fixed, self.base[fixed]] = n
        for row, unit in enumerate(self.movers):
            start = self.offsets[row]
            width = self.widths[row]
            low = self.base[unit]
            counts[unit, low : low + width + 1] = compact[start : start + width + 1]
        return counts


class PairWork:
    """Buffers the numpy kernel reuses block after block: fresh megabyte-sized
    temporaries cost page faults that take as long as the arithmetic."""

    def __init__(self, plan: _PairPlan) -> None:
        p = plan.n_pairs
        self.d = np.empty((p, _BLOCK))
        # the last row stays False: the padding of the gather
        self.stacked = np.zeros((2 * p + 1, _BLOCK), dtype=bool)
        self.scratch = np.empty((p, _BLOCK), dtype=bool)


def _margin(
    x_a: NDArray[np.float64], x_b: NDArray[np.float64], c: NDArray[np.float64], m: int
) -> NDArray[np.float64]:
    """How far inside the band edge a pair must be to count as decided everywhere.

    Covers the rounding of the totals (:func:`_rounding`), the relative part of the
    tie band, and weights that a sampler accepted up to ``CONTAINS_ATOL`` outside the
    space (each of the m weights, and the factor scale, off by that much).
    """
    bound = np.maximum(x_a.max(axis=1), x_b.max(axis=1))
    out: NDArray[np.float64] = (
        _rounding(bound) + TIE_RTOL * bound + (m + 2) * CONTAINS_ATOL * np.abs(c).max(axis=1)
    )
    return out


def pair_plan(x: NDArray[np.float64], space: WeightSpace) -> _PairPlan | None:
    """Decide every pair of units over ``space``; None when too many stay undecided.

    ``x`` is the (units x pillars) matrix of non-negative pillar indices.
    """
    n, m = x.shape
    limit = MAX_PAIRS_PER_UNIT * n
    base = np.zeros(n, dtype=np.intp)
    first_all, second_all = np.triu_indices(n, 1)
    undecided_a: list[NDArray[np.intp]] = []
    undecided_b: list[NDArray[np.intp]] = []
    found = 0
    if n > 255:
        # R is counted in uint8 and compact cells in uint16; such editions sort instead
        return None
    for start in range(0, len(first_all), _PAIR_BLOCK):
        a = first_all[start : start + _PAIR_BLOCK]
        b = second_all[start : start + _PAIR_BLOCK]
        a_over_b = ahead_direction(x[a], x[b])
        b_over_a = ahead_direction(x[b], x[a])
        margin = _margin(x[a], x[b], a_over_b, m)
        lo_ab, hi_ab = space.linear_range(a_over_b)
        lo_ba, hi_ba = space.linear_range(b_over_a)
        always_ab = lo_ab > TIE_ATOL + margin
        always_ba = lo_ba > TIE_ATOL + margin
        decided = (always_ab | (hi_ab <= TIE_ATOL - margin)) & (
            always_ba | (hi_ba <= TIE_ATOL - margin)
        )
        base += np.bincount(b[decided & always_ab], minlength=n)
        base += np.bincount(a[decided & always_ba], minlength=n)
        undecided_a.append(a[~decided])
        undecided_b.append(b[~decided])
        found += int((~decided).sum())
        if found > limit:
            return None
    first = np.concatenate(undecided_a).astype(np.intp)
    second = np.concatenate(undecided_b).astype(np.intp)
    return _layout(x, base, first, second)


def _layout(
    x: NDArray[np.float64],
    base: NDArray[np.intp],
    first: NDArray[np.intp],
    second: NDArray[np.intp],
) -> _PairPlan:
    n = x.shape[0]
    p = len(first)
    diff = x[first] - x[second]
    bound = np.maximum(x[first].max(axis=1), x[second].max(axis=1))
    rounding = _rounding(bound)
    sure = TIE_ATOL + TIE_RTOL * bound + rounding
    unsure = TIE_ATOL - rounding
    movers = np.unique(np.concatenate([first, second])).astype(np.intp)
    slot = np.full(n, -1, dtype=np.intp)
    slot[movers] = np.arange(len(movers))
    widths = np.bincount(slot[first], minlength=len(movers)) + np.bincount(
        slot[second], minlength=len(movers)
    )
    offsets = np.concatenate([[0], np.cumsum(widths + 1)[:-1]]).astype(np.intp)
    # rows of [first ahead (second's R); second ahead (first's R); zeros] per mover
    receivers = np.concatenate([slot[second], slot[first]])
    g = int(widths.max()) if len(movers) else 0
    gather = np.full((len(movers), g), 2 * p, dtype=np.intp)
    filled = np.zeros(len(movers), dtype=np.intp)
    for row, receiver in enumerate(receivers):
        gather[receiver, filled[receiver]] = row
        filled[receiver] += 1
    return _PairPlan(
        n_units=n,
        base=base,
        first=first,
        second=second,
        diff=np.ascontiguousarray(diff),
        sure=sure,
        unsure=unsure,
        movers=movers,
        slot_first=slot[first],
        slot_second=slot[second],
        offsets=offsets,
        widths=widths.astype(np.intp),
        gather=gather,
        x_movers=np.ascontiguousarray(x[movers]),
    )
