"""Best and worst attainable rank of every unit over a whole space of weights, exactly."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.optimize import LinearConstraint

from idx.edition import Edition
from idx.ranking import TIE_ATOL, ahead_direction, rank_totals
from idx.results import Result, rank_order
from idx.sensitivity._parallel import MapLike, mapper, worker_count
from idx.solvers import (
    MILP_MARGINS,
    feasible_point,
    into_space,
    scaled_rows,
    solve_lp,
    solve_milp,
    space_rows,
)
from idx.space import WeightSpace, check_space

__all__ = ["RankRange", "rank_range"]


@dataclass(frozen=True, eq=False, repr=False)
class RankRange(Result):
    """Best and worst competition rank of each unit over a :class:`WeightSpace`.

    Attributes
    ----------
    units : tuple of str
    best, worst : ndarray of int
    best_weights, worst_weights : ndarray, shape (n_units, n_pillars)
        Certificates: at ``best_weights[i]`` unit i ranks ``best[i]``, at
        ``worst_weights[i]`` it ranks ``worst[i]`` (by :func:`idx.rank_totals`).
    base_ranks : ndarray of int
        Ranks at the space's reference weights.
    """

    units: tuple[str, ...]
    pillars: tuple[str, ...]
    best: NDArray[np.int64]
    worst: NDArray[np.int64]
    best_weights: NDArray[np.float64]
    worst_weights: NDArray[np.float64]
    base_ranks: NDArray[np.int64]

    def _describe(self) -> str:
        return f"exact best and worst ranks of {len(self.units)} units, with certificates"

    def to_frame(self) -> pd.DataFrame:
        """One row per unit (by base rank): base rank, best, worst and the range's width."""
        table: pd.DataFrame = pd.DataFrame(
            {
                "unit": self.units,
                "base_rank": self.base_ranks,
                "best": self.best,
                "worst": self.worst,
                "spread": self.worst - self.best,
            }
        )
        ordered: pd.DataFrame = table.iloc[rank_order(self.base_ranks)].reset_index(drop=True)
        return ordered


class _Rows(NamedTuple):
    """The swappable units' "ahead" rows for one unit, scaled, with their exact ranges."""

    scaled: NDArray[np.float64]  # c_k / s_k, coefficients in [-1, 1]
    threshold: NDArray[np.float64]  # TIE_ATOL / s_k
    lo: NDArray[np.float64]  # min over the space of scaled_k . w
    hi: NDArray[np.float64]  # max over the space of scaled_k . w


def _count_milp(
    rows: _Rows,
    space: WeightSpace,
    *,
    worst: bool,
    margin: float,
) -> tuple[NDArray[np.float64], int]:
    """One MILP over ``(w, tau, z)`` for the swappable units' scaled rows.

    Returns the weights (moved into the space) and the solver's count: for the worst
    rank, of units it placed ahead (``z_k = 1`` forces ``scaled_k . w >= threshold_k +
    margin``); for the best rank, of units it could not keep behind (``z_k = 0`` forces
    ``scaled_k . w <= threshold_k - margin``). Big-M terms come from the rows' exact
    ranges over the space, so every coefficient is of order 1.
    """
    m = space.n_pillars
    scaled, threshold, lo, hi = rows
    q = scaled.shape[0]
    constraints, lower, upper = space_rows(space, q)
    if worst:
        # z_k = 1: k ahead, with the margin; z_k = 0: down to the row's own minimum
        floor = lo - margin
        big = threshold + margin - floor
        matrix = np.hstack([scaled, np.zeros((q, 1)), -np.diag(big)])
        constraints.append(LinearConstraint(matrix, floor, np.inf))
        cost = np.concatenate([np.zeros(m + 1), -np.ones(q)])
    else:
        # z_k = 0: k not ahead, with the margin; z_k = 1: up to the row's own maximum
        big = hi + margin - (threshold - margin)
        matrix = np.hstack([scaled, np.zeros((q, 1)), -np.diag(big)])
        constraints.append(LinearConstraint(matrix, -np.inf, threshold - margin))
        cost = np.concatenate([np.zeros(m + 1), np.ones(q)])
    solution = solve_milp(
        cost,
        constraints,
        np.concatenate([lower, np.zeros(q)]),
        np.concatenate([upper, np.ones(q)]),
        np.concatenate([np.zeros(m + 1), np.ones(q)]),
        "rank_range",
    )
    count = int(np.round(solution[m + 1 :]).sum())
    return into_space(space, solution[:m]), count


def _bound(
    x: NDArray[np.float64],
    i: int,
    rows: _Rows,
    n_always: int,
    space: WeightSpace,
    start: NDArray[np.float64],
    *,
    worst: bool,
) -> tuple[NDArray[np.float64], int]:
    """Unit i's worst (or best) rank and its certificate, certified by ``rank_totals``.

    ``start`` is an admissible point whose rank is the fallback. Each MILP answer is
    judged by the rank its weights actually give; when that falls short of the
    solver's claim (its tolerance let a row slip), the MILP is solved again with a
    larger margin. The most extreme certified rank wins.
    """
    best_w = start
    best_rank = int(rank_totals(x @ start)[i])
    if rows.scaled.shape[0] == 0:
        return best_w, best_rank
    for margin in MILP_MARGINS:
        w, count = _count_milp(rows, space, worst=worst, margin=margin)
        rank = int(rank_totals(x @ w)[i])
        if (rank > best_rank) if worst else (rank < best_rank):
            best_w, best_rank = w, rank
        claimed = 1 + n_always + count
        if (rank >= claimed) if worst else (rank <= claimed):
            break
    # The margin keeps certificates off the band's edge, but a rank reachable only on
    # that edge (e.g. units tied at a vertex of the space, where the relaxed solver
    # lands exactly) would be missed: solve once with the margin turned the other way
    # and keep its weights if they certify a more extreme rank.
    w, count = _count_milp(rows, space, worst=worst, margin=-MILP_MARGINS[0])
    if (1 + n_always + count > best_rank) if worst else (1 + n_always + count < best_rank):
        for candidate in (w, _polish(rows, space, w, worst=worst, margin=MILP_MARGINS[0])):
            rank = int(rank_totals(x @ candidate)[i])
            if (rank > best_rank) if worst else (rank < best_rank):
                best_w, best_rank = candidate, rank
    return best_w, best_rank


def _polish(
    rows: _Rows, space: WeightSpace, w: NDArray[np.float64], *, worst: bool, margin: float
) -> NDArray[np.float64]:
    """A vertex with the same pattern as ``w``, pushed away from the band's edge.

    The relaxed solver may stop anywhere inside a sliver of width ``margin`` by a
    band edge. Keeping the rows on the side ``w`` put them (within the margin) and
    pushing them as far as the space allows (as low as possible for the rows kept
    behind, as high as possible for the rows put ahead) lands on a vertex, where a
    rank reached only exactly at the edge (units tied at a corner) is attained.
    """
    scaled, threshold = rows.scaled, rows.threshold
    values = scaled @ w
    chosen = values > threshold - margin if worst else values <= threshold + margin
    if not chosen.any():
        return w
    a_ub, b_ub, a_eq, b_eq, bounds = space.linear_constraints()
    rows_ub = np.hstack([scaled[chosen], np.zeros((int(chosen.sum()), 1))])
    sign = -1.0 if worst else 1.0
    # keep the pattern: sign * row <= sign * (threshold -/+ margin)
    keep_b = sign * (threshold[chosen] - margin if worst else threshold[chosen] + margin)
    cost = sign * np.append(scaled[chosen].sum(axis=0), 0.0)
    x = solve_lp(
        cost,
        np.vstack([a_ub, sign * rows_ub]),
        np.concatenate([b_ub, keep_b]),
        a_eq,
        b_eq,
        bounds,
    )
    return w if x is None else into_space(space, x[: space.n_pillars])


def _unit_bounds(
    x: NDArray[np.float64], space: WeightSpace, start: NDArray[np.float64], i: int
) -> tuple[int, int, NDArray[np.float64], NDArray[np.float64]]:
    """Unit i's best and worst rank, with their certificates (one task for ``workers``)."""
    n = x.shape[0]
    others = np.delete(np.arange(n), i)
    c = ahead_direction(x[others], x[i])
    lo, hi = space.linear_range(c)
    always = lo > TIE_ATOL
    swappable = ~always & (hi > TIE_ATOL)
    scaled, threshold, scale = scaled_rows(c[swappable])
    # the range is positively homogeneous: dividing a row by s divides its range by s
    rows = _Rows(scaled, threshold, lo[swappable] / scale, hi[swappable] / scale)
    best_w, best = _bound(x, i, rows, int(always.sum()), space, start, worst=False)
    worst_w, worst = _bound(x, i, rows, int(always.sum()), space, start, worst=True)
    return best, worst, best_w, worst_w


def rank_range(edition: Edition, space: WeightSpace, *, workers: int | MapLike = 1) -> RankRange:
    """Every unit's best and worst attainable rank over all weights in ``space``.

    Parameters
    ----------
    edition : Edition
    space : WeightSpace
    workers : int or map-like callable
        Units solved in parallel: ``1`` (default) here, ``k > 1`` in ``k`` processes
        (each silences its solver's output on its own stdout; threads would wait for
        one another), ``-1`` one per CPU, or any map-like callable
        (``multiprocessing.Pool(k).map``, ...). The result does not depend on it.

    Returns
    -------
    RankRange

    Notes
    -----
    Ranks follow idx's tie rule (:mod:`idx.ranking`): for unit i, another unit k is
    ahead exactly when ``c_k . w > TIE_ATOL`` with ``c_k = ahead_direction(x_k,
    x_i)``. The exact range ``[lo_k, hi_k]`` of ``c_k . w`` over the space is known
    in closed form (:meth:`WeightSpace.linear_range`), which settles most pairs: k
    is *always ahead* when ``lo_k > TIE_ATOL`` and *never ahead* when
    ``hi_k <= TIE_ATOL``. Only the remaining *swappable* units get a binary
    variable. The best rank minimises, and the worst maximises, the number of
    swappable units ahead, a mixed-integer linear programme solved by HiGHS
    (``scipy.optimize.milp``, relative gap 0). A unit with no swappable unit needs
    no solve.

    Each pairwise row is divided by ``s_k = max_j |c_kj|``, which does not change
    its sign, so all coefficients lie in [-1, 1] however close the two units are,
    and the big-M terms come from the scaled closed-form ranges. "Ahead" is asked
    with a margin of ``1e-5`` in these scaled units and "not ahead" with the same
    margin below the threshold, ten times HiGHS's MIP feasibility tolerance
    (:data:`idx.solvers.MILP_MARGINS`). The one approximation is
    one-sided: weights at which a unit k is ahead of i (or not ahead) only by less
    than ``1e-5 * s_k`` points past the band edge (at most 0.001 points on the 0-100
    scale, and 1e-11 points for units 1e-6 apart) may be missed, making a range
    narrower than the truth; never wider.

    Every bound is certified independently of the solver: the solver's weights are
    moved into the space to remove its small infeasibilities, and the reported
    bound is the rank that :func:`idx.rank_totals` gives unit i at those weights,
    the *certificate*. When the certificate falls short of the solver's claim the
    MILP is re-solved with margins 1e-4 and 1e-3; the reference weights (which
    attain the base rank) are always a candidate. Last, the MILP is solved once with
    the margin turned the other way (rows may sit up to 1e-5 on the wrong side of the
    band edge) and its pattern pushed to a vertex by an LP: a rank reached only
    exactly on a band edge, such as units tied at a corner of the space, is found
    there and kept if its certificate attains it. A bound is therefore always
    attained at its certificate, which lies in the space.

    References
    ----------
    .. [1] Mustajoki, J. and Hämäläinen, R. P. (2000). Web-HIPRE: global decision
       support by value tree and AHP analysis. INFOR 38(3) -- rank intervals
       over weight ranges; the MILP formulation here is idx's own.
    """
    check_space(space, edition.pillars)
    worker_count(workers)
    x = edition.index_array
    n = edition.n_units
    reference = np.array(space.reference, dtype=np.float64)
    base = rank_totals(x @ reference)
    # the reference weights attain the base rank; outside the space, any admissible point
    start = reference if bool(space.contains(reference)) else feasible_point(space)
    best = np.empty(n, dtype=np.int64)
    worst = np.empty(n, dtype=np.int64)
    best_w = np.empty((n, space.n_pillars))
    worst_w = np.empty((n, space.n_pillars))
    # the solvers' output is silenced through fd 1, one solve per process at a time:
    # an int asks for processes
    with mapper(workers, processes=True) as map_units:
        for i, bounds in enumerate(map_units(partial(_unit_bounds, x, space, start), range(n))):
            best[i], worst[i], best_w[i], worst_w[i] = bounds
    return RankRange(edition.units, edition.pillars, best, worst, best_w, worst_w, base)
