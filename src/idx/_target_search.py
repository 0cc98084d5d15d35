"""The searches behind :func:`idx.targets.improvement` over a space of weights.

Notation: ``x`` is the index array (units x pillars, 0-100), ``u`` the unit raised, ``k``
the target rank, ``d >= 0`` a direction of gains (a pillar's unit vector, or a mix), so
that a gain ``s`` along it raises u's indices to ``x_u + s d``.

Other unit o stays ahead of the raised unit at weights w while
``c_o . w - s (d . w) > TIE_ATOL`` with ``c_o = ahead_direction(x_o, x_u)``
(:mod:`idx.ranking`), i.e. while ``s < g_o(w) = (c_o . w - TIE_ATOL) / (d . w)``. So u
reaches rank k at w once s passes the k-th largest ``g_o(w)``, the *catch-up gain*
``G(w)`` (:func:`catch_up`). Everything here rests on it:

* over a space, the smallest gain after which u's worst rank is ``<= k`` is
  ``sup_w G(w)`` (:func:`robust_along`), a maximum of a k-th largest of
  linear-fractional functions, which the Charnes-Cooper transformation turns into one
  MILP (:func:`sup_catch_up`);
* over sampled weights, the share of samples at which u reaches rank k is the
  empirical CDF of ``G`` (:func:`probable_along`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import LinearConstraint

from idx._unit_rank import _milp, rank_bound
from idx.ranking import TIE_ATOL, ahead, ahead_direction, rank_totals
from idx.solvers import LP_MARGINS, into_space, solve_lp
from idx.space import WeightSpace

__all__ = [
    "TOP",
    "Along",
    "Mix",
    "catch_up",
    "probable_along",
    "raised",
    "rank_at",
    "robust_along",
    "robust_mix",
    "settle",
    "sup_catch_up",
]

#: Index points: the top of every pillar index.
TOP = 100.0
#: Cutting-plane rounds of the one-dimensional search before it bisects.
_ROUNDS = 8
#: The bisection stops when the bracket is this narrow, relative to the gain (or 1).
_BRACKET = 1e-9
#: Rounds of the combination search (each solves a MILP and a one-dimensional search).
_MIX_ROUNDS = 12
#: The combination search stops when its bounds on the cost agree to this (relative).
_MIX_GAP = 1e-6
#: Bracket of the one-dimensional searches along the combination search's mixes: they
#: give upper bounds, and the bounds are compared to _MIX_GAP.
_MIX_BRACKET = 1e-7
#: Zero costs become this fraction of the largest, so a free pillar is not raised for
#: nothing (any amount of it would cost nothing).
FREE = 1e-9


def raised(x: NDArray[np.float64], u: int, g: NDArray[np.float64]) -> NDArray[np.float64]:
    """The index array with unit u's row raised by ``g`` (a full pillar vector)."""
    out = np.array(x, dtype=np.float64)
    out[u] = out[u] + g
    return out


def rank_at(x: NDArray[np.float64], u: int, g: NDArray[np.float64], w: NDArray[np.float64]) -> int:
    """Unit u's competition rank at weights w with its indices raised by g."""
    return int(rank_totals(raised(x, u, g) @ w)[u])


def settle(reaches: Callable[[float], bool], value: float) -> float:
    """The smallest of ``value`` and a few values just above it at which ``reaches``.

    A gain computed to sit exactly on the tie band's edge can land a few ulps outside
    it once added up in floating point; the nudges (at most 1e-9 relative) bring it
    back inside, and :func:`idx.rank_totals` is the judge.
    """
    scale = max(1.0, abs(value))
    for step in (0.0, 1e-15, 1e-14, 1e-13, 1e-12, 1e-11, 1e-10, 1e-9):
        if reaches(value + step * scale):
            return value + step * scale
    return value + 1e-9 * scale  # pragma: no cover - the band is 1e-8 points wide


def _reaches(
    x: NDArray[np.float64], u: int, k: int, d: NDArray[np.float64], w: NDArray[np.float64]
) -> Callable[[float], bool]:
    """Whether gain s along d puts u at rank k or better at weights w."""

    def check(s: float) -> bool:
        return rank_at(x, u, s * d, w) <= k

    return check


def effective_cost(cost: NDArray[np.float64]) -> NDArray[np.float64]:
    """Costs with zeros replaced by :data:`FREE` times the largest cost."""
    result: NDArray[np.float64] = np.where(cost > 0, cost, FREE * cost.max())
    return result


def cap_along(x: NDArray[np.float64], u: int, d: NDArray[np.float64]) -> float:
    """The largest gain along d keeping every index of u within 100."""
    positive = d > 0
    return float(np.min((TOP - x[u, positive]) / d[positive]))


def lead_to_pass(
    x: NDArray[np.float64], u: int, k: int, w: NDArray[np.float64]
) -> NDArray[np.float64]:
    """``L(w)``: the points u's total must gain at each row of w to reach rank k there.

    Raising u's indices by g adds ``w . g`` to its total alone, so every other unit's
    lead ``c_o . w - TIE_ATOL`` shrinks by the same amount: u reaches rank k once the
    k-th largest lead is closed. 0 when u already ranks k or better.
    """
    w = np.atleast_2d(w)
    n = x.shape[0]
    if k >= n:
        return np.zeros(w.shape[0])
    others = np.delete(np.arange(n), u)
    lead = w @ ahead_direction(x[others], x[u]).T - TIE_ATOL
    result: NDArray[np.float64] = np.maximum(-np.partition(-lead, k - 1, axis=1)[:, k - 1], 0.0)
    return result


def catch_up(
    x: NDArray[np.float64], u: int, k: int, w: NDArray[np.float64], d: NDArray[np.float64]
) -> NDArray[np.float64]:
    """``G(w) = L(w) / (d . w)`` for each row of ``w``: the gain along d at which u
    reaches rank k there (:func:`lead_to_pass`).

    0 when u already ranks k or better at w; infinite where ``d . w = 0`` and a lead
    remains to close.
    """
    w = np.atleast_2d(w)
    need = lead_to_pass(x, u, k, w)
    dw = w @ d
    with np.errstate(divide="ignore", invalid="ignore"):
        result: NDArray[np.float64] = np.where(
            need > 0, np.where(dw > 0, need / np.where(dw > 0, dw, 1.0), np.inf), 0.0
        )
    return result


def worst(x: NDArray[np.float64], u: int, space: WeightSpace) -> tuple[NDArray[np.float64], int]:
    """Unit u's worst rank over the space and weights attaining it (certified MILP)."""
    return rank_bound(x, u, space, worst=True)


def sup_catch_up(
    x: NDArray[np.float64],
    u: int,
    k: int,
    space: WeightSpace,
    d: NDArray[np.float64],
    cap: float,
) -> tuple[float, NDArray[np.float64]] | None:
    """``max_w G(w)`` over the space (up to ``cap + 1``), by one MILP, and its weights.

    ``G(w) >= z`` holds when at least k units have ``g_o(w) >= z``. Each ``g_o`` is
    linear-fractional in w; with the Charnes-Cooper variables ``y = w / (d . w)`` and
    ``tau = 1 / (d . w)`` it is the linear ``c_o . y - TIE_ATOL tau``, the space's
    constraints (all homogeneous but ``sum w = 1``) become ``sum y = tau`` and
    homogeneous rows, and ``d . y = 1``. Binaries ``b_o`` pick the k units:
    ``z <= c_o . y - TIE_ATOL tau + M_o (1 - b_o)``, ``sum b >= k``; maximise z.
    Needs ``d . w > 0`` over the whole space (None otherwise, or if the solver fails).
    The answer is approximate (the solver's tolerances); callers use its weights as a
    starting point and certify.

    References
    ----------
    .. [1] Charnes, A. and Cooper, W. W. (1962). Programming with linear fractional
       functionals. Naval Research Logistics Quarterly 9(3-4), 181-186.
    """
    n, m = x.shape
    d_lo, _ = space.linear_range(d)
    if not d_lo[0] > 0:
        return None
    others = np.delete(np.arange(n), u)
    c = ahead_direction(x[others], x[u])
    c_lo, c_hi = space.linear_range(c)
    live = c_hi > TIE_ATOL  # units that can be ahead somewhere
    if live.sum() < k:
        return None
    c = c[live]
    q = c.shape[0]
    # bounds on g_o = (c_o . w - TIE_ATOL) / (d . w) from the ranges of both parts;
    # z never needs to exceed the k-th largest upper bound, nor cap + 1 (beyond: infeasible)
    d_hi = float(space.linear_range(d)[1][0])
    top_lead, low_lead = c_hi[live] - TIE_ATOL, c_lo[live] - TIE_ATOL
    g_max = np.where(top_lead > 0, top_lead / d_lo[0], top_lead / d_hi)
    g_min = np.where(low_lead < 0, low_lead / d_lo[0], low_lead / d_hi)
    z_top = min(cap + 1.0, float(-np.partition(-g_max, k - 1)[k - 1]))
    big = np.maximum(z_top - g_min, 0.0) + 1.0
    a_ub, b_ub, a_eq, b_eq, bounds = space.linear_constraints()
    # variables: y (m), sigma (1: the factor scale times tau), tau (1), b (q), z (1)
    width = m + 2 + q + 1
    rows: list[NDArray[np.float64]] = []
    lows: list[float] = []
    highs: list[float] = []

    def row(values: dict[int, float] | NDArray[np.float64], low: float, high: float) -> None:
        r = np.zeros(width)
        if isinstance(values, dict):
            for col, v in values.items():
                r[col] = v
        else:
            r[: len(values)] = values
        rows.append(r)
        lows.append(low)
        highs.append(high)

    tau = m + 1
    for a_row, rhs in zip(a_ub, b_ub, strict=True):  # homogeneous: rhs is 0
        r = np.zeros(width)
        r[: m + 1] = a_row
        r[tau] = -rhs
        rows.append(r)
        lows.append(-np.inf)
        highs.append(0.0)
    for a_row, rhs in zip(a_eq, b_eq, strict=True):  # sum w = 1 becomes sum y = tau
        r = np.zeros(width)
        r[: m + 1] = a_row
        r[tau] = -rhs
        rows.append(r)
        lows.append(0.0)
        highs.append(0.0)
    for j in range(m):  # bounds of w_j scale with tau
        low_j, high_j = bounds[j]
        row({j: 1.0, tau: -float(high_j if high_j is not None else 1.0)}, -np.inf, 0.0)
        row({j: -1.0, tau: float(low_j)}, -np.inf, 0.0)
    row(np.concatenate([d, [0.0]]), 1.0, 1.0)  # d . y = 1
    for o in range(q):
        r = np.zeros(width)
        r[:m] = -c[o]
        r[tau] = TIE_ATOL
        r[m + 2 + o] = big[o]
        r[-1] = 1.0
        rows.append(r)
        lows.append(-np.inf)
        highs.append(float(big[o]))
    count = np.zeros(width)
    count[m + 2 : m + 2 + q] = 1.0
    rows.append(count)
    lows.append(float(k))
    highs.append(np.inf)
    sigma_bounds = bounds[m]
    lower = np.concatenate([np.zeros(m), [sigma_bounds[0], 0.0], np.zeros(q), [-np.inf]])
    upper = np.concatenate(
        [
            np.full(m, np.inf),
            [np.inf if sigma_bounds[1] is None else sigma_bounds[1], np.inf],
            np.ones(q),
            [z_top],
        ]
    )
    cost = np.zeros(width)
    cost[-1] = -1.0
    solution = _milp(
        cost,
        [LinearConstraint(np.array(rows), np.array(lows), np.array(highs))],
        lower,
        upper,
        np.concatenate([np.zeros(m + 2), np.ones(q), [0.0]]),
    )
    if solution is None or not solution[tau] > 0:  # pragma: no cover - feasible by construction
        return None
    w = into_space(space, solution[:m] / solution[tau])
    return float(solution[-1]), w


class Along(NamedTuple):
    """The one-dimensional robust answer along a direction."""

    gain: float  # NaN when even the cap leaves some weights ranking u below k
    worst_weights: NDArray[np.float64]  # worst case at the gain (at the cap if infeasible)
    worst_rank: int
    low: float  # lower bound on the answer: G(low_weights)
    low_weights: NDArray[np.float64] | None  # evidence: rank > k there just below ``low``
    scenarios: list[NDArray[np.float64]]  # the weight vectors met


def robust_along(
    x: NDArray[np.float64],
    u: int,
    k: int,
    space: WeightSpace,
    d: NDArray[np.float64],
    bracket: float = _BRACKET,
) -> Along:
    """The smallest gain along d after which u's worst rank over the space is ``<= k``.

    The worst rank falls as the gain grows (every "ahead" row loses ``s (d . w) >= 0``),
    and ``{s : worst(s) > k}`` is the union over w of the open rays ``s < G(w)``, so
    the answer is ``sup_w G(w)``, attained. :func:`sup_catch_up` estimates it by one
    MILP; the estimate's weights give an exact lower bound ``G(w)``. Then the
    worst-rank MILP is asked at the candidate: weights still ranking u below k raise
    the lower bound to their ``G(w)`` (cutting planes); none make the candidate an
    upper bound. Bisection with the same cuts closes the bracket to ``bracket``
    (relative; 1e-9 by default).
    """
    cap = cap_along(x, u, d)
    w0, r0 = worst(x, u, space)
    scenarios = [w0]
    if r0 <= k:
        return Along(0.0, w0, r0, 0.0, None, scenarios)
    low, low_w = float(catch_up(x, u, k, w0, d)[0]), w0
    estimate = sup_catch_up(x, u, k, space, d, cap)
    candidate = low
    if estimate is not None:
        z, w_star = estimate
        scenarios.append(w_star)
        g_star = float(catch_up(x, u, k, w_star, d)[0])
        if g_star > low:
            low, low_w = g_star, w_star
        candidate = max(low, z) * (1 + 1e-7) + 1e-7

    def infeasible(w: NDArray[np.float64]) -> Along:
        return Along(math.nan, w, rank_at(x, u, cap * d, w), low, w, scenarios)

    if low > cap:
        return infeasible(low_w)
    high: tuple[float, NDArray[np.float64], int] | None = None
    for _ in range(_ROUNDS):
        s = min(cap, settle(_reaches(x, u, k, d, low_w), candidate))
        w_s, r_s = worst(raised(x, u, s * d), u, space)
        if r_s <= k:
            high = (s, w_s, r_s)
            break
        scenarios.append(w_s)
        g_s = float(catch_up(x, u, k, w_s, d)[0])
        if g_s > low:
            low, low_w = g_s, w_s
        if low > cap:
            return infeasible(low_w)
        candidate = max(low, s)
    if high is None:
        w_cap, r_cap = worst(raised(x, u, cap * d), u, space)
        if r_cap > k:
            return infeasible(w_cap)
        high = (cap, w_cap, r_cap)
    while high[0] - low > bracket * max(1.0, high[0]):
        mid = (low + high[0]) / 2
        w_m, r_m = worst(raised(x, u, mid * d), u, space)
        if r_m <= k:
            high = (mid, w_m, r_m)
            continue
        scenarios.append(w_m)
        g_m = float(catch_up(x, u, k, w_m, d)[0])
        if g_m >= high[0]:  # pragma: no cover - the MILP missed these weights at high
            high = (settle(_reaches(x, u, k, d, w_m), g_m), w_m, r_m)
        low, low_w = max(mid, g_m), w_m
    return Along(high[0], high[1], high[2], low, low_w, scenarios)


def below(
    x: NDArray[np.float64], u: int, k: int, w: NDArray[np.float64], d: NDArray[np.float64], s: float
) -> tuple[float, int] | None:
    """A gain just below ``s`` along d at which u ranks worse than k at ``w``."""
    for delta in (1e-9, 1e-8, 1e-7, 1e-6):
        less = s - delta * max(1.0, s)
        if less < 0:
            return None
        rank = rank_at(x, u, less * d, w)
        if rank > k:
            return less, rank
    return None


# --- the cheapest combination over a space ---------------------------------------------


def _relaxation(
    x: NDArray[np.float64],
    u: int,
    k: int,
    chosen: list[int],
    cost: NDArray[np.float64],
    scenarios: list[NDArray[np.float64]],
) -> tuple[NDArray[np.float64], float] | None:
    """Cheapest gains with u at rank <= k at every scenario, and a lower bound on their
    cost (two LPs); None when no gains within the caps pass every scenario.

    At scenario w the requirement is the single row ``w_P . g >= L(w)``
    (:func:`lead_to_pass`): every lead shrinks by the same ``w . g``, so passing the
    unit with the k-th largest lead passes every smaller one. The robust set of gains
    is the intersection of these half-spaces over the whole space: convex, and the
    scenarios give an outer approximation (Kelley's cutting planes). The gains are
    asked with a margin (from 1e-8 points) so that they pass the scenarios by the tie
    rule; the bound is the same LP without it, whose optimum no robust gains beat.
    """
    stack = np.array(scenarios)
    need = lead_to_pass(x, u, k, stack)
    active = need > 0
    caps = TOP - x[u, chosen]
    eff = effective_cost(cost)
    if not active.any():
        return np.zeros(len(chosen)), 0.0
    rows = -stack[active][:, chosen]
    if (stack[active][:, chosen] @ caps < need[active]).any():
        return None  # some scenario is out of reach even at the caps

    def solve(margin: float) -> NDArray[np.float64] | None:
        solution = solve_lp(
            eff,
            rows,
            -(need[active] + margin),
            np.zeros((0, len(chosen))),
            np.zeros(0),
            [(0.0, float(cap)) for cap in caps],
        )
        return None if solution is None else np.clip(solution, 0.0, caps)

    exact = solve(0.0)
    bound = 0.0 if exact is None else float(eff @ exact)
    for margin in LP_MARGINS:
        gains = solve(margin)
        if gains is not None:
            return gains, bound
    return None  # pragma: no cover - the caps pass every scenario


class Mix(NamedTuple):
    """The combination search's outcome (gains over the chosen pillars)."""

    gains: NDArray[np.float64] | None  # the best robust gains found; None if none
    along: Along | None  # the one-dimensional search that certified them
    lower: float  # lower bound on the cheapest cost (the relaxation's)
    upper: float  # cost of ``gains`` (inf if none)
    scenarios: list[NDArray[np.float64]]
    rounds: int


def robust_mix(
    x: NDArray[np.float64],
    u: int,
    k: int,
    space: WeightSpace,
    chosen: list[int],
    cost: NDArray[np.float64],
    singles: list[Along],
) -> Mix:
    """Bounds on the cheapest gains over the chosen pillars with u's worst rank <= k.

    *Lower bound*: the cheapest gains that reach rank k at every weight vector met so
    far (a finite set of scenarios, one LP row each: :func:`_relaxation`) cost no more
    than any robust answer. *Upper bound*: the
    exact one-dimensional answer (:func:`robust_along`) along each pillar and along the
    direction of each relaxation answer. Each round adds the scenarios the searches
    met, raising the lower bound, until the bounds meet (1e-6 relative) or the rounds
    run out; both bounds are reported.
    """
    m = x.shape[1]
    eff = effective_cost(cost)
    scenarios = [w for a in singles for w in a.scenarios]
    best_gains: NDArray[np.float64] | None = None
    best_along: Along | None = None
    upper = math.inf
    for position, along in enumerate(singles):
        if not math.isnan(along.gain):
            value = float(eff[position] * along.gain)
            if value < upper:
                upper, best_along = value, along
                best_gains = np.zeros(len(chosen))
                best_gains[position] = along.gain
    lower = 0.0
    rounds = 0
    for rounds in range(1, _MIX_ROUNDS + 1):
        relaxed = _relaxation(x, u, k, chosen, cost, scenarios)
        if relaxed is None:  # no gains within the caps pass the scenarios
            return Mix(None, None, math.inf, math.inf, scenarios, rounds)
        g = np.where(relaxed[0] > 1e-12, relaxed[0], 0.0)
        lower = max(lower, relaxed[1])
        if _met(lower, upper) or g.sum() <= 0:
            break
        d = np.zeros(m)
        d[chosen] = g / g.sum()
        # the relaxation's answer itself: robust (then it is the cheapest), or a new cut
        w_g, r_g = worst(raised(x, u, d * g.sum()), u, space)
        if r_g <= k:
            if float(eff @ g) < upper:
                along = Along(float(g.sum()), w_g, r_g, float(g.sum()), None, [w_g])
                upper, best_along, best_gains = float(eff @ g), along, g
            break
        scenarios.append(w_g)
        single = np.flatnonzero(g)
        if len(single) == 1:  # along one pillar: already searched
            along = singles[int(single[0])]
        else:
            along = robust_along(x, u, k, space, d, _MIX_BRACKET)
            scenarios.extend(along.scenarios)
        if not math.isnan(along.gain):
            value = float(eff @ (along.gain * d[chosen]))
            if value < upper:
                upper, best_along, best_gains = value, along, along.gain * d[chosen]
        if _met(lower, upper):
            break
    if best_gains is None:
        # no robust answer met yet: every chosen pillar raised in proportion to its room
        d = np.zeros(m)
        room = TOP - x[u, chosen]
        d[chosen] = room / room.sum()
        along = robust_along(x, u, k, space, d)
        scenarios.extend(along.scenarios)
        if math.isnan(along.gain):
            return Mix(None, along, lower, math.inf, scenarios, rounds)
        best_along, best_gains = along, along.gain * d[chosen]
        upper = float(eff @ best_gains)
    return Mix(best_gains, best_along, lower, upper, scenarios, rounds)


def _met(lower: float, upper: float) -> bool:
    """Whether the bounds on the cheapest cost agree (1e-6 relative)."""
    return math.isfinite(upper) and upper - lower <= _MIX_GAP * max(1.0, upper)


# --- with a probability ---------------------------------------------------------------


def probable_along(
    x: NDArray[np.float64],
    u: int,
    k: int,
    samples: NDArray[np.float64],
    d: NDArray[np.float64],
    p: float,
) -> tuple[float, float]:
    """(smallest gain along d with share(rank <= k) >= p over ``samples``, or NaN; share).

    Exact for the sample: u reaches rank k at sample w once the gain passes ``G(w)``
    (:func:`catch_up`), so the share reached is the empirical CDF of ``G`` and the
    answer is its ``ceil(p n)``-th smallest value. The share is re-counted with
    :func:`idx.rank_totals` at the answer (and at the cap when the answer lies beyond).
    """
    n = samples.shape[0]
    cap = cap_along(x, u, d)
    g = np.sort(catch_up(x, u, k, samples, d))
    needed = max(1, math.ceil(p * n))
    if needed > 1 and (needed - 1) >= p * n:  # p * n rounded up past a whole number
        needed -= 1

    others = np.delete(np.arange(x.shape[0]), u)

    def share(v: float) -> float:
        # u's competition rank in each sample: 1 + the others ahead by the tie rule
        totals = samples @ raised(x, u, v * d).T
        ranks = 1 + ahead(totals[:, others], totals[:, [u]]).sum(axis=1)
        return float(np.mean(ranks <= k))

    s = float(g[needed - 1])
    if s > cap:
        return math.nan, share(cap)
    s = min(settle(lambda v: share(v) >= p, s), cap)
    return s, share(s)
