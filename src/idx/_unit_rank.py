"""One unit's rank over a space of weights, exactly: the MILPs behind the target methods.

:func:`idx.sensitivity.rank_range` answers for every unit of an edition; the target
methods (:mod:`idx.targets`, :mod:`idx.unit_profile`) ask about one unit, often of an
edition whose row for that unit they have changed, many times over. This module holds
those one-unit problems, built the way ``rank_range`` builds its own (see
:mod:`idx.solvers` for the scaling, margins and certificates):

* :func:`rank_bound`: the unit's best or worst attainable rank over a space, with the
  weights that attain it (a MILP with one binary per *swappable* unit);
* :func:`closest_weights`: the L1-closest admissible weights to a reference at which
  the unit ranks ``k`` or better (a MILP with one binary per swappable unit saying
  whether that unit may stay ahead).

Every answer is certified by :func:`idx.rank_totals` at weights moved into the space;
the solver's claim is never reported.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, milp

from idx.ranking import TIE_ATOL, ahead_direction, rank_totals
from idx.solvers import (
    MILP_MARGINS,
    feasible_point,
    into_space,
    scaled_rows,
    solver_quiet,
    space_rows,
)
from idx.space import WeightSpace

__all__ = ["UnitRows", "closest_weights", "rank_bound", "start_point", "unit_rows"]


class UnitRows(NamedTuple):
    """The other units' "ahead of unit i" rows, classified over a space and scaled.

    ``c[k] . w > TIE_ATOL`` says other unit ``others[k]`` is ahead of i at weights w
    (:func:`idx.ranking.ahead_direction`). Units whose row exceeds the threshold over
    the whole space are *always* ahead, those never exceeding it are never ahead, the
    rest are *swappable* and carry the scaled rows and their exact ranges.
    """

    n_always: int
    swappable: NDArray[np.bool_]  # over the other units, in row order without i
    scaled: NDArray[np.float64]  # swappable rows c_k / s_k, coefficients in [-1, 1]
    threshold: NDArray[np.float64]  # TIE_ATOL / s_k
    lo: NDArray[np.float64]  # min over the space of scaled_k . w
    hi: NDArray[np.float64]  # max over the space of scaled_k . w


def unit_rows(x: NDArray[np.float64], i: int, space: WeightSpace) -> UnitRows:
    """Classify every other unit against unit ``i`` over ``space`` (closed forms)."""
    others = np.delete(np.arange(x.shape[0]), i)
    c = ahead_direction(x[others], x[i])
    lo, hi = space.linear_range(c)
    always = lo > TIE_ATOL
    swappable = ~always & (hi > TIE_ATOL)
    scaled, threshold, scale = scaled_rows(c[swappable])
    # the range is positively homogeneous: dividing a row by s divides its range by s
    return UnitRows(
        int(always.sum()),
        swappable,
        scaled,
        threshold,
        lo[swappable] / scale,
        hi[swappable] / scale,
    )


def start_point(space: WeightSpace) -> NDArray[np.float64]:
    """The space's reference if admissible, else some admissible point."""
    reference = np.array(space.reference, dtype=np.float64)
    return reference if bool(space.contains(reference)) else feasible_point(space)


def _milp(
    cost: NDArray[np.float64],
    constraints: list[LinearConstraint],
    lower: NDArray[np.float64],
    upper: NDArray[np.float64],
    integrality: NDArray[np.float64],
) -> NDArray[np.float64] | None:
    """``scipy.optimize.milp`` (HiGHS) kept off stdout; None when it finds no optimum."""
    with solver_quiet():
        # relative gap 0: objectives count units or sum small weight changes
        result = milp(
            cost,
            constraints=constraints,
            bounds=Bounds(lower, upper),
            integrality=integrality,
            options={"mip_rel_gap": 0.0},
        )
    if result.status != 0 or result.x is None:
        return None
    x: NDArray[np.float64] = np.asarray(result.x, dtype=np.float64)
    return x


def _count(
    rows: UnitRows, space: WeightSpace, *, worst: bool, margin: float
) -> tuple[NDArray[np.float64], int] | None:
    """The weights maximising (worst) or minimising (best) the swappable units ahead."""
    m = space.n_pillars
    q = rows.scaled.shape[0]
    constraints, lower, upper = space_rows(space, q)
    if worst:
        # z_k = 1: k ahead, with the margin; z_k = 0: down to the row's own minimum
        floor = rows.lo - margin
        big = rows.threshold + margin - floor
        matrix = np.hstack([rows.scaled, np.zeros((q, 1)), -np.diag(big)])
        constraints.append(LinearConstraint(matrix, floor, np.inf))
        cost = np.concatenate([np.zeros(m + 1), -np.ones(q)])
    else:
        # z_k = 0: k not ahead, with the margin; z_k = 1: up to the row's own maximum
        big = rows.hi + margin - (rows.threshold - margin)
        matrix = np.hstack([rows.scaled, np.zeros((q, 1)), -np.diag(big)])
        constraints.append(LinearConstraint(matrix, -np.inf, rows.threshold - margin))
        cost = np.concatenate([np.zeros(m + 1), np.ones(q)])
    solution = _milp(
        cost,
        constraints,
        np.concatenate([lower, np.zeros(q)]),
        np.concatenate([upper, np.ones(q)]),
        np.concatenate([np.zeros(m + 1), np.ones(q)]),
    )
    if solution is None:  # pragma: no cover - feasible by construction (z free)
        return None
    return into_space(space, solution[:m]), int(np.round(solution[m + 1 :]).sum())


def rank_bound(
    x: NDArray[np.float64], i: int, space: WeightSpace, *, worst: bool
) -> tuple[NDArray[np.float64], int]:
    """Unit i's worst (or best) rank over ``space`` and weights attaining it.

    The same MILP as :func:`idx.sensitivity.rank_range`, for one unit of the index
    array ``x`` (which may differ from any edition's): the returned rank is the one
    :func:`idx.rank_totals` gives at the returned (admissible) weights; when it falls
    short of the solver's claim the MILP is re-solved with a larger margin. Weights at
    which another unit is ahead (or not) only by less than the margin past the band
    edge may be missed, so a worst rank may be too good and a best rank too bad,
    never the other way.
    """
    start = start_point(space)
    best_w, best_rank = start, int(rank_totals(x @ start)[i])
    rows = unit_rows(x, i, space)
    if rows.scaled.shape[0] == 0:
        return best_w, best_rank
    for margin in MILP_MARGINS:
        found = _count(rows, space, worst=worst, margin=margin)
        if found is None:  # pragma: no cover
            continue
        w, count = found
        rank = int(rank_totals(x @ w)[i])
        if (rank > best_rank) if worst else (rank < best_rank):
            best_w, best_rank = w, rank
        claimed = 1 + rows.n_always + count
        if (rank >= claimed) if worst else (rank <= claimed):
            break
    return best_w, best_rank


def closest_weights(
    x: NDArray[np.float64],
    i: int,
    k: int,
    space: WeightSpace,
    w0: NDArray[np.float64],
    margin: float,
) -> tuple[NDArray[np.float64], NDArray[np.bool_]] | None:
    """The admissible weights L1-closest to ``w0`` at which at most ``k - 1`` units are
    ahead of unit i (a MILP), moved into the space, and the other units the MILP keeps
    behind (a mask over the others); None if the MILP is infeasible.

    Variables ``(w, tau, u, z)``: ``u_j >= |w_j - w0_j|``, and ``z_k = 1`` lets
    swappable unit k stay ahead (``scaled_k . w`` up to its maximum), ``z_k = 0``
    keeps it behind with the margin (``scaled_k . w <= threshold_k - margin``);
    ``sum z <= k - 1 - n_always``. The caller certifies the answer.
    """
    m = space.n_pillars
    rows = unit_rows(x, i, space)
    q = rows.scaled.shape[0]
    allowed = k - 1 - rows.n_always
    if allowed < 0:
        return None
    constraints, lower, upper = space_rows(space, m + q)
    eye = np.eye(m)
    zeros_q = np.zeros((m, q))
    # w - u <= w0 and -w - u <= -w0
    constraints.append(
        LinearConstraint(np.hstack([eye, np.zeros((m, 1)), -eye, zeros_q]), -np.inf, w0)
    )
    constraints.append(
        LinearConstraint(np.hstack([-eye, np.zeros((m, 1)), -eye, zeros_q]), -np.inf, -w0)
    )
    if q:
        big = rows.hi + margin - (rows.threshold - margin)
        keep_behind = np.hstack([rows.scaled, np.zeros((q, 1)), np.zeros((q, m)), -np.diag(big)])
        constraints.append(LinearConstraint(keep_behind, -np.inf, rows.threshold - margin))
        count = np.concatenate([np.zeros(2 * m + 1), np.ones(q)])[None, :]
        constraints.append(LinearConstraint(count, -np.inf, float(allowed)))
    cost = np.concatenate([np.zeros(m + 1), np.ones(m), np.zeros(q)])
    solution = _milp(
        cost,
        constraints,
        np.concatenate([lower, np.zeros(m + q)]),
        np.concatenate([upper, np.full(m, 2.0), np.ones(q)]),
        np.concatenate([np.zeros(2 * m + 1), np.ones(q)]),
    )
    if solution is None:
        return None
    behind = np.zeros(len(rows.swappable), dtype=bool)
    behind[np.nonzero(rows.swappable)[0][np.round(solution[2 * m + 1 :]) == 0]] = True
    return into_space(space, solution[:m]), behind
