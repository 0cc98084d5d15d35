"""Best and worst attainable rank of every unit over a whole space of weights, exactly."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, milp

from idx.edition import Edition
from idx.errors import IdxError
from idx.ranking import rank_totals
from idx.space import WeightSpace

__all__ = ["AHEAD_MARGIN", "RankRange", "rank_range"]

#: In the MILP "k is ahead of i" means total_k >= total_i + AHEAD_MARGIN, and "not ahead"
#: means total_k <= total_i. The margin sits well above HiGHS's MIP feasibility tolerance
#: (1e-6) and far below the 0.01 points a published table can express; every bound is
#: then the rank of its certificate under idx's own tie rule.
AHEAD_MARGIN = 1e-4


@dataclass(frozen=True, eq=False)
class RankRange:
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

    def to_frame(self) -> pd.DataFrame:
        """One row per unit: base rank, best, worst and the width of the range."""
        table: pd.DataFrame = pd.DataFrame(
            {
                "unit": self.units,
                "base_rank": self.base_ranks,
                "best": self.best,
                "worst": self.worst,
                "spread": self.worst - self.best,
            }
        )
        ordered: pd.DataFrame = table.sort_values(["base_rank", "unit"]).reset_index(drop=True)
        return ordered


def _solve(
    d: NDArray[np.float64],
    lo: NDArray[np.float64],
    hi: NDArray[np.float64],
    space: WeightSpace,
    *,
    worst: bool,
    behind: float = 0.0,
) -> NDArray[np.float64]:
    """One MILP over (w, tau, z): d holds x_k - x_i for the units that can swap with i."""
    m = space.n_pillars
    q = d.shape[0]
    a_ub, b_ub, a_eq, b_eq, bounds = space.linear_constraints()
    pad = np.zeros((a_ub.shape[0], q))
    constraints = [
        LinearConstraint(np.hstack([a_ub, pad]), -np.inf, b_ub),
        LinearConstraint(np.hstack([a_eq, np.zeros((1, q))]), b_eq, b_eq),
    ]
    if worst:
        # z_k = 1 forces d_k . w >= margin; else the row is slack: d_k . w >= lo_k
        big = AHEAD_MARGIN - lo
        rows = np.hstack([d, np.zeros((q, 1)), -np.diag(big)])
        constraints.append(LinearConstraint(rows, AHEAD_MARGIN - big, np.inf))
        cost = np.concatenate([np.zeros(m + 1), -np.ones(q)])
    else:
        # z_k = 0 forces d_k . w <= -behind (k not ahead); z_k = 1 allows up to hi_k
        rows = np.hstack([d, np.zeros((q, 1)), -np.diag(np.maximum(hi, 0.0) + behind)])
        constraints.append(LinearConstraint(rows, -np.inf, -behind))
        cost = np.concatenate([np.zeros(m + 1), np.ones(q)])
    lower = np.array([b[0] for b in bounds] + [0.0] * q)
    upper = np.array([np.inf if b[1] is None else b[1] for b in bounds] + [1.0] * q)
    integrality = np.concatenate([np.zeros(m + 1), np.ones(q)])
    result = milp(
        cost, constraints=constraints, bounds=Bounds(lower, upper), integrality=integrality
    )
    if result.status != 0:  # pragma: no cover - the space is non-empty by construction
        msg = f"rank_range: the MILP solver failed ({result.message})"
        raise IdxError(msg)
    w: NDArray[np.float64] = np.clip(result.x[:m], 0.0, None)
    normalised: NDArray[np.float64] = w / w.sum()
    return normalised


def rank_range(edition: Edition, space: WeightSpace) -> RankRange:
    """Every unit's best and worst attainable rank over all weights in ``space``.

    Parameters
    ----------
    edition : Edition
    space : WeightSpace

    Returns
    -------
    RankRange

    Notes
    -----
    For unit i, another unit k is *always ahead* when the minimum of
    ``(x_k - x_i) . w`` over the space exceeds the margin, *never ahead* when its
    maximum is at most 0 (both in closed form, :meth:`WeightSpace.linear_range`);
    only the remaining *swappable* units get a binary variable. The best rank
    minimises, and the worst maximises, the number of swappable units ahead, as a
    mixed-integer linear programme solved exactly by HiGHS
    (``scipy.optimize.milp``). A unit with no swappable unit needs no solve. Each
    bound is reported as the rank at its certificate, computed with idx's tie rule.

    References
    ----------
    .. [1] Mustajoki, J. and Hämäläinen, R. P. (2000). Web-HIPRE: global decision
       support by value tree and AHP analysis. INFOR 38(3) -- rank intervals
       over weight ranges; the MILP formulation here is idx's own.
    """
    space.check_pillars(edition.pillars)
    x = edition.index_array
    n = edition.n_units
    base = rank_totals(x @ space.reference)
    best = np.empty(n, dtype=np.int64)
    worst = np.empty(n, dtype=np.int64)
    best_w = np.empty((n, space.n_pillars))
    worst_w = np.empty((n, space.n_pillars))
    reference_inside = bool(space.contains(space.reference))
    for i in range(n):
        others = np.delete(np.arange(n), i)
        d = x[others] - x[i]
        lo, hi = space.linear_range(d)
        swappable = (hi > 0) & (lo < AHEAD_MARGIN)
        for is_worst, bound, certs in ((False, best, best_w), (True, worst, worst_w)):
            if not swappable.any():
                # no unit can change sides: any admissible point certifies the rank
                w = (
                    space.reference
                    if reference_inside
                    else _solve(d[:1], lo[:1], hi[:1], space, worst=is_worst)
                )
                certs[i] = w
                bound[i] = rank_totals(x @ w)[i]
                continue
            args = (d[swappable], lo[swappable], hi[swappable], space)
            w = _solve(*args, worst=is_worst)
            rank = rank_totals(x @ w)[i]
            if not is_worst and rank > base[i]:
                # the solver's tolerance let a "not ahead" unit edge ahead; ask for a margin
                stricter = _solve(*args, worst=False, behind=AHEAD_MARGIN)
                if rank_totals(x @ stricter)[i] < rank:
                    w, rank = stricter, rank_totals(x @ stricter)[i]
            if reference_inside and ((rank > base[i]) if not is_worst else (rank < base[i])):
                # the reference weights always attain the base rank
                w, rank = np.asarray(space.reference, dtype=np.float64), base[i]
            certs[i] = w
            bound[i] = rank
    for array in (best, worst, best_w, worst_w, base):
        array.flags.writeable = False
    return RankRange(edition.units, edition.pillars, best, worst, best_w, worst_w, base)
