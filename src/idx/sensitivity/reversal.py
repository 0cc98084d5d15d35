"""The smallest weight changes that let one unit overtake another."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from idx.edition import Edition
from idx.errors import IdxError
from idx.ranking import TIE_ATOL, ahead, ahead_direction
from idx.results import Result
from idx.sensitivity._weight_paths import ahead_ends, band_edge, path_lines
from idx.solvers import (
    LP_MARGINS,
    argmax_vertex,
    into_space,
    scaled_rows,
    solve_lp,
)
from idx.space import WeightSpace, check_space

__all__ = ["PillarReversal", "Reversal", "reversal"]


@dataclass(frozen=True, eq=False, repr=False)
class PillarReversal(Result):
    """Moving one pillar's weight (others rescaled proportionally) until b overtakes a.

    ``weight`` is the band edge where b starts to be ahead of a under idx's tie rule
    (:mod:`idx.ranking`), and ``direction`` is ``"raise"`` or ``"lower"``: b is ahead
    for weights just above (or below) ``weight`` and not at it. Both are ``None``
    when b's standing against a does not change on [0, 1]: b ahead along the whole
    path, b never ahead, or the two tied along the whole path.
    """

    pillar: str
    base_weight: float
    weight: float | None
    direction: str | None

    def _describe(self) -> str:
        if self.weight is None:
            return f"{self.pillar}: no band edge on [0, 1]"
        return f"{self.pillar}: {self.direction} from {self.base_weight:.4g} past {self.weight:.6g}"

    def to_frame(self) -> pd.DataFrame:
        """One row: pillar, base weight, crossing weight (NaN if none), direction."""
        frame: pd.DataFrame = pd.DataFrame(
            {
                "pillar": [self.pillar],
                "base_weight": [self.base_weight],
                "crossing_weight": [np.nan if self.weight is None else self.weight],
                "direction": [self.direction or ""],
            }
        )
        return frame


@dataclass(frozen=True, eq=False, repr=False)
class Reversal(Result):
    """Result of :func:`reversal`.

    Attributes
    ----------
    ahead, behind : str
        ``behind`` is the unit that should overtake ``ahead``.
    per_pillar : tuple of PillarReversal
    reversible : bool
        Whether some admissible weight vector puts ``behind`` ahead under the tie rule.
    weights : ndarray or None
        The admissible weights closest to the base (L1 distance) found to do it,
        certified: ``behind`` is ahead there by :func:`idx.ranking.ahead`.
    distance : float or None
        ``sum_j |w_j - w0_j|`` at those weights.
    totals : tuple of float or None
        Totals of (ahead, behind) at those weights.
    already_ahead : bool
        ``behind`` is already ahead at the reference weights (which are admissible);
        ``weights`` are then the reference and ``distance`` is 0.
    """

    ahead: str
    behind: str
    pillars: tuple[str, ...]
    per_pillar: tuple[PillarReversal, ...]
    reversible: bool
    weights: NDArray[np.float64] | None
    distance: float | None
    totals: tuple[float, float] | None
    already_ahead: bool = False

    def _describe(self) -> str:
        return self.summary()

    def to_frame(self) -> pd.DataFrame:
        """One row per pillar: base weight, the single-pillar crossing, and the LP optimum."""
        optimum = [np.nan] * len(self.pillars) if self.weights is None else list(self.weights)
        table = pd.concat([r.to_frame() for r in self.per_pillar], ignore_index=True)
        table["closest_reversing_weight"] = optimum
        return table

    def summary(self) -> str:
        if not self.reversible:
            return f"no admissible weights put {self.behind} ahead of {self.ahead}"
        assert self.distance is not None and self.totals is not None
        if self.already_ahead:
            return (
                f"{self.behind} is already ahead of {self.ahead} at the reference weights "
                f"(totals {self.totals[1]:.4f} vs {self.totals[0]:.4f})"
            )
        return (
            f"{self.behind} overtakes {self.ahead} with an L1 weight change of "
            f"{self.distance:.4g} (totals {self.totals[1]:.4f} vs {self.totals[0]:.4f})"
        )


def _per_pillar(
    x: NDArray[np.float64], w0: NDArray[np.float64], pillars: tuple[str, ...]
) -> tuple[PillarReversal, ...]:
    """Where, along each pillar's path, row 1 of ``x`` starts to be ahead of row 0."""
    result = []
    for j, pillar in enumerate(pillars):
        if w0[j] >= 1.0:
            result.append(PillarReversal(pillar, float(w0[j]), None, None))
            continue
        a, b = path_lines(x, w0, j)
        # the tie rule at the path's ends (t = 0: totals b; t = 1: totals a)
        ahead_at_0 = bool(ahead(b[1], b[0]))
        ahead_at_1 = bool(ahead(a[1], a[0]))
        weight = direction = None
        if ahead_at_0 != ahead_at_1:
            # "b ahead" is an affine condition along the path: it flips once, at the edge
            d0, d1 = ahead_ends(a, b, 1, 0)
            weight = float(np.clip(band_edge(d0, d1), 0.0, 1.0))
            direction = "raise" if ahead_at_1 else "lower"
        result.append(PillarReversal(pillar, float(w0[j]), weight, direction))
    return tuple(result)


def _closest(
    c: NDArray[np.float64], w0: NDArray[np.float64], space: WeightSpace, margin: float
) -> NDArray[np.float64] | None:
    """The L1-closest point to ``w0`` of the space with ``c / s . w >= TIE_ATOL / s + margin``."""
    m = len(w0)
    scaled, threshold, _ = scaled_rows(c)
    a_ub, b_ub, a_eq, b_eq, bounds = space.linear_constraints()
    # variables: w (m), tau (1), u (m) with u >= |w - w0|
    eye = np.eye(m)
    lead = np.concatenate([-scaled[0], np.zeros(m + 1)])[None, :]
    rows = np.vstack(
        [
            np.hstack([a_ub, np.zeros((a_ub.shape[0], m))]),
            np.hstack([eye, np.zeros((m, 1)), -eye]),  # w - u <= w0
            np.hstack([-eye, np.zeros((m, 1)), -eye]),  # -w - u <= -w0
            lead,  # -(c / s) . w <= -(threshold + margin)
        ]
    )
    rhs = np.concatenate([b_ub, w0, -w0, -(threshold + margin)])
    solution = solve_lp(
        np.concatenate([np.zeros(m + 1), np.ones(m)]),
        rows,
        rhs,
        np.hstack([a_eq, np.zeros((a_eq.shape[0], m))]),
        b_eq,
        bounds + [(0.0, None)] * m,
    )
    return None if solution is None else into_space(space, solution[:m])


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
    "b overtakes a" means b is ahead of a under idx's tie rule (:mod:`idx.ranking`):
    ``c . w > TIE_ATOL`` with ``c = ahead_direction(x_b, x_a)``. When b is already
    ahead at the (admissible) reference weights the result says so, with distance 0.

    Per pillar, the crossing weight is the band edge where b starts to be ahead
    along the pillar's path; totals are affine along it, so the edge is closed-form
    (:mod:`idx.sensitivity._weight_paths`), and a pair whose standing is the same at both
    ends of the path (for instance tied all along) has none.

    Reversibility is decided in closed form: b can be put ahead iff the maximum of
    ``c . w`` over the space exceeds ``TIE_ATOL`` (:meth:`WeightSpace.linear_range`).
    The closest reversing vector then solves the linear programme

    ``min sum_j u_j  s.t.  u >= w - w0,  u >= w0 - w,  (c / s) . w >= TIE_ATOL / s + margin,  w in space``

    with ``s = max_j |c_j|`` (so the row's coefficients lie in [-1, 1]; its sign is
    unchanged) and ``margin = 1e-8`` scaled units, a hundred times the feasibility
    tolerance requested from HiGHS (``scipy.optimize.linprog``). The distance thus
    exceeds the infimum (where b and a would be exactly at the band's edge, still
    tied) by an amount of the order of the margin. The weights are moved into the
    space and *certified*: b must be ahead there by :func:`idx.ranking.ahead`.
    Failing that, the LP is re-solved with margins 1e-6 and 1e-4 (each capped at
    half of b's largest possible lead over the threshold, in scaled units), and last
    the closed-form vertex maximising ``c . w`` is reported (b is ahead there, but it
    need not be the closest such vector).

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
    check_space(space, edition.pillars)
    w0 = np.array(space.reference, dtype=np.float64)
    x = edition.index_array
    units = edition.units
    per_pillar = _per_pillar(x[[i, k]], w0, edition.pillars)

    def leads(w: NDArray[np.float64]) -> bool:
        return bool(ahead(x[k] @ w, x[i] @ w))

    def result(w: NDArray[np.float64] | None, *, already: bool = False) -> Reversal:
        if w is None:
            return Reversal(
                units[i], units[k], edition.pillars, per_pillar, False, None, None, None
            )
        w = np.array(w, dtype=np.float64)
        totals = (float(x[i] @ w), float(x[k] @ w))
        distance = float(np.abs(w - w0).sum())
        return Reversal(
            units[i], units[k], edition.pillars, per_pillar, True, w, distance, totals, already
        )

    if bool(space.contains(w0)) and leads(w0):
        return result(w0, already=True)
    c = ahead_direction(x[k], x[i])
    _, hi = space.linear_range(c)
    if not hi[0] > TIE_ATOL:
        return result(None)
    # b's best lead over the band edge, in scaled units: a larger margin is infeasible
    _, threshold, scale = scaled_rows(c)
    room = float(hi[0] / scale[0] - threshold[0])
    for margin in dict.fromkeys(min(margin, room / 2) for margin in LP_MARGINS):
        w = _closest(c, w0, space, margin)
        if w is not None and leads(w):
            return result(w)
    # only a sliver of the space puts b ahead: its best point in closed form
    vertex = argmax_vertex(space, c)
    return result(vertex if leads(vertex) else None)
