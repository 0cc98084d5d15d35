"""The smallest weight changes that let one unit overtake another."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.optimize import linprog

from idx.edition import Edition
from idx.errors import IdxError
from idx.sensitivity._paths import path_lines
from idx.space import WeightSpace

__all__ = ["REVERSAL_MARGIN", "PillarReversal", "Reversal", "reversal"]

#: b overtakes a when its total exceeds a's by at least this many points; larger than
#: the LP solver's feasibility tolerance, far below any printed precision.
REVERSAL_MARGIN = 1e-6


@dataclass(frozen=True)
class PillarReversal:
    """Moving one pillar's weight (others rescaled proportionally) until b overtakes a.

    ``weight`` is where they tie (``None`` if never in [0, 1]); ``direction`` is
    ``"raise"`` or ``"lower"`` (the side of ``weight`` on which b leads), or ``None``.
    """

    pillar: str
    base_weight: float
    weight: float | None
    direction: str | None


@dataclass(frozen=True, eq=False)
class Reversal:
    """Result of :func:`reversal`.

    Attributes
    ----------
    ahead, behind : str
        ``behind`` is the unit that should overtake ``ahead``.
    per_pillar : tuple of PillarReversal
    reversible : bool
        Whether some admissible weight vector puts ``behind`` strictly ahead.
    weights : ndarray or None
        The admissible weights closest to the base (L1 distance) that do it.
    distance : float or None
        ``sum_j |w_j - w0_j|`` at those weights.
    totals : tuple of float or None
        Totals of (ahead, behind) at those weights.
    """

    ahead: str
    behind: str
    pillars: tuple[str, ...]
    per_pillar: tuple[PillarReversal, ...]
    reversible: bool
    weights: NDArray[np.float64] | None
    distance: float | None
    totals: tuple[float, float] | None

    def to_frame(self) -> pd.DataFrame:
        """One row per pillar: base weight, the single-pillar crossing, and the LP optimum."""
        optimum = [np.nan] * len(self.pillars) if self.weights is None else list(self.weights)
        table: pd.DataFrame = pd.DataFrame(
            {
                "pillar": self.pillars,
                "base_weight": [r.base_weight for r in self.per_pillar],
                "crossing_weight": [
                    np.nan if r.weight is None else r.weight for r in self.per_pillar
                ],
                "direction": [r.direction or "" for r in self.per_pillar],
                "closest_reversing_weight": optimum,
            }
        )
        return table

    def summary(self) -> str:
        if not self.reversible:
            return f"no admissible weights put {self.behind} ahead of {self.ahead}"
        assert self.distance is not None and self.totals is not None
        return (
            f"{self.behind} overtakes {self.ahead} with an L1 weight change of "
            f"{self.distance:.4g} (totals {self.totals[1]:.4f} vs {self.totals[0]:.4f})"
        )


def reversal(edition: Edition, a: str, b: str, space: WeightSpace | None = None) -> Reversal:
    """How the weights must change for unit ``b`` to overtake unit ``a``.

    Parameters
    ----------
    edition : Edition
    a, b : str
        Unit labels (province names are resolved through the registry).
    space : WeightSpace, optional
        Admissible weights (default: the whole simplex). Its ``reference`` is the
        base weight vector.

    Returns
    -------
    Reversal

    Notes
    -----
    Per pillar, the crossing weight is closed-form (totals are affine along the
    path). The closest reversing vector solves the linear programme

    ``min sum_j u_j  s.t.  u >= w - w0,  u >= w0 - w,  (x_b - x_a) . w >= margin,  w in space``

    with ``margin = REVERSAL_MARGIN``, by ``scipy.optimize.linprog`` (HiGHS).

    References
    ----------
    .. [1] Triantaphyllou, E. (2000). Multi-Criteria Decision Making Methods: A
       Comparative Study, chapter 8 (sensitivity analysis). Kluwer.
    """
    i, k = edition.unit_position(a), edition.unit_position(b)
    if i == k:
        msg = f"'a' and 'b' must be different units (got {edition.units[i]!r} twice)"
        raise IdxError(msg)
    if space is None:
        space = WeightSpace.simplex(edition.system)
    space.check_pillars(edition.pillars)
    w0 = np.asarray(space.reference)
    x = edition.index_array
    per_pillar = []
    for j, pillar in enumerate(edition.pillars):
        if w0[j] >= 1.0:
            per_pillar.append(PillarReversal(pillar, float(w0[j]), None, None))
            continue
        slope_a, base_a = path_lines(x[[i, k]], w0, j)
        # difference b - a along the path: (base_b - base_a) + t * (slope term)
        d0 = base_a[1] - base_a[0]
        d1 = (slope_a[1] - slope_a[0]) - d0
        weight = direction = None
        if d1 != 0:
            t = -d0 / d1
            if 0.0 <= t <= 1.0:
                weight, direction = float(t), ("raise" if d1 > 0 else "lower")
        per_pillar.append(PillarReversal(pillar, float(w0[j]), weight, direction))

    m = len(w0)
    a_ub, b_ub, a_eq, b_eq, bounds = space.linear_constraints()
    # variables: w (m), tau (1), u (m)
    n_var = 2 * m + 1
    cost = np.concatenate([np.zeros(m + 1), np.ones(m)])
    rows = [np.hstack([a_ub, np.zeros((a_ub.shape[0], m))])]
    rhs = [b_ub]
    eye = np.eye(m)
    rows.append(np.hstack([eye, np.zeros((m, 1)), -eye]))  # w - u <= w0
    rhs.append(w0)
    rows.append(np.hstack([-eye, np.zeros((m, 1)), -eye]))  # -w - u <= -w0
    rhs.append(-w0)
    lead = np.zeros((1, n_var))
    lead[0, :m] = -(x[k] - x[i])  # -(x_b - x_a).w <= -margin
    rows.append(lead)
    rhs.append(np.array([-REVERSAL_MARGIN]))
    result = linprog(
        cost,
        A_ub=np.vstack(rows),
        b_ub=np.concatenate(rhs),
        A_eq=np.hstack([a_eq, np.zeros((1, m))]),
        b_eq=b_eq,
        bounds=bounds + [(0.0, None)] * m,
        method="highs",
    )
    units = edition.units
    if result.status != 0:
        return Reversal(
            units[i], units[k], edition.pillars, tuple(per_pillar), False, None, None, None
        )
    w = np.clip(result.x[:m], 0.0, None)
    w /= w.sum()
    w.flags.writeable = False
    totals = (float(x[i] @ w), float(x[k] @ w))
    return Reversal(
        units[i],
        units[k],
        edition.pillars,
        tuple(per_pillar),
        True,
        w,
        float(np.abs(w - w0).sum()),
        totals,
    )
