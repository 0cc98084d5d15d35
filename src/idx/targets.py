"""What would it take? The gains in pillar indices, or the weight changes, that lift a unit
to a given rank: at fixed weights, robustly over a space of weights, or with a probability.

Throughout, "unit u reaches rank k" means competition rank ``<= k`` under idx's tie rule
(:mod:`idx.ranking`): at most ``k - 1`` other units are *ahead* of u, and a tie reaches
the rank. Raising u's own pillar indices by ``g`` (index points, 0-100 scale) changes
only u's total, ``t_u + w . g``, so at fixed weights u reaches rank k exactly when

    t_u + w . g  >=  (1 - TIE_RTOL) T_k - TIE_ATOL

with ``T_k`` the k-th largest total among the *other* units: the lower edge of the tie
band around ``T_k`` (see :func:`threshold`). Everything at fixed weights follows in
closed form or from one linear programme; over a space of weights the question is
combinatorial (which units may stay ahead depends on the weights), and is answered
with the one-unit MILPs of :mod:`idx._unit_rank`, every answer certified by
:func:`idx.rank_totals`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.stats import binomtest

from idx._target_search import (
    TOP,
    Along,
    below,
    effective_cost,
    probable_along,
    raised,
    rank_at,
    robust_along,
    robust_mix,
    settle,
    worst,
)
from idx._unit_rank import closest_weights, rank_bound
from idx.edition import Edition
from idx.errors import IdxError
from idx.options import Sampler
from idx.ranking import TIE_ATOL, TIE_RTOL, ahead_direction, rank_totals
from idx.results import ConfidenceInterval, Result
from idx.scoring import weights_for
from idx.sensitivity._parallel import seed_used
from idx.sensitivity.sampling import default_sampler, sample_weights
from idx.solvers import LP_MARGINS, MILP_MARGINS, into_space, scaled_rows, solve_lp
from idx.space import WeightSpace, check_space
from idx.validation import finite_number, positive_int, subset_of, unique
from idx.validation import probability as check_probability
from idx.weight_spec import WeightsLike

__all__ = [
    "CombinedGain",
    "Improvement",
    "ProbableGain",
    "RobustGain",
    "WeightChange",
    "improvement",
    "threshold",
    "weight_change_to_rank",
]

#: An index level needed beyond this means the pillar's weight can (all but) vanish in the
#: space: the gain needed is then a matter of the solver's last digits, not worth a figure.
_NEGLIGIBLE_WEIGHT = 1e6
#: Default number of sampled weight vectors for the probabilistic target.
DEFAULT_SAMPLES = 20_000


# --- the closed form at fixed weights -------------------------------------------------


def threshold(others: NDArray[np.float64], k: int) -> float:
    """The smallest total that ranks ``k`` or better against ``others``' totals.

    Unit u is ahead-free of every other total but the ``k - 1`` largest exactly when
    the k-th largest, ``T_k``, is not ahead of u's total t; under the tie rule (totals
    are non-negative) that is ``t >= (1 - TIE_RTOL) T_k - TIE_ATOL``. Returns ``-inf``
    when there are fewer than ``k`` others.
    """
    if k > len(others):
        return -math.inf
    t_k = float(np.sort(others)[::-1][k - 1])
    return (1.0 - TIE_RTOL) * t_k - TIE_ATOL


# --- results ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False, repr=False)
class CombinedGain(Result):
    """The cheapest combination of index gains over the chosen pillars, at fixed weights.

    Attributes
    ----------
    pillars : tuple of str
        The pillars the gains may use.
    cost : ndarray
        Cost of one index point on each pillar (1 unless given).
    gains : ndarray
        Index gains per pillar (NaN when infeasible).
    feasible : bool
        Whether some gains within the 0-100 caps reach the rank.
    total_gain, total_cost : float
        ``sum(gains)`` and ``cost . gains`` (NaN when infeasible).
    reached_rank : int
        The rank at the raised indices, by :func:`idx.rank_totals` (the certificate);
        when infeasible, the best rank reachable with every chosen pillar at 100.
    note : str
    """

    unit: str
    rank: int
    pillars: tuple[str, ...]
    subscore_weights: NDArray[np.float64]
    cost: NDArray[np.float64]
    gains: NDArray[np.float64]
    feasible: bool
    total_gain: float
    total_cost: float
    reached_rank: int
    note: str

    def _describe(self) -> str:
        return self.note

    def to_frame(self) -> pd.DataFrame:
        """One row per chosen pillar: cost, index gain, sub-score gain."""
        frame: pd.DataFrame = pd.DataFrame(
            {
                "pillar": self.pillars,
                "cost": self.cost,
                "index_gain": self.gains,
                "subscore_gain": self.gains * self.subscore_weights,
            }
        )
        return frame


@dataclass(frozen=True, eq=False, repr=False)
class RobustGain(Result):
    """The smallest gain after which the unit's *worst* rank over a space is ``rank`` or better.

    ``direction`` is a pillar id (gains on that pillar alone) or ``"combination"`` (the
    cheapest combination over the chosen pillars).

    Attributes
    ----------
    gains : ndarray
        Index gain per chosen pillar (NaN when infeasible).
    gain, total_cost : float
        Total index gain and its cost (NaN when infeasible).
    feasible : bool
    worst_rank : int
        The unit's worst rank over the space at the gain (at the caps if infeasible).
    worst_weights : ndarray
        Certificate: admissible weights at which the raised unit ranks ``worst_rank``
        (:func:`idx.rank_totals`); when feasible no admissible weights do worse, up to
        the MILP margins of :func:`idx._unit_rank.rank_bound`.
    below_gain : float or None
        Evidence that less will not do: with this smaller total gain along the same
        direction (the pillar, or the found mix scaled down) the unit ranks
        ``below_rank > rank`` at the admissible ``below_weights``; it lies within about
        1e-9 (relative) of ``gain`` for a pillar, 1e-7 for the combination. None when
        ``gain`` is 0 or infeasible.
    cost_bound : float
        A lower bound on what any robust answer costs: for a pillar, the cost of the
        gain some admissible weights need (the answer's own cost when feasible; above
        the cap when not); for the combination, the cheapest cost that passes every
        weight vector in ``scenarios`` (an LP), which no robust combination can beat.
        The answer is exact when ``cost_bound`` equals ``total_cost`` (to 1e-6).
    scenarios : ndarray, shape (n_scenarios, n_pillars)
        Weight vectors the search collected (the worst cases it met).
    """

    unit: str
    rank: int
    direction: str
    pillars: tuple[str, ...]
    gains: NDArray[np.float64]
    gain: float
    total_cost: float
    feasible: bool
    worst_rank: int
    worst_weights: NDArray[np.float64]
    below_gain: float | None
    below_rank: int | None
    below_weights: NDArray[np.float64] | None
    cost_bound: float
    scenarios: NDArray[np.float64]
    note: str

    def _describe(self) -> str:
        return self.note

    def to_frame(self) -> pd.DataFrame:
        """One row per chosen pillar: the index gain, and the certificate's worst rank."""
        frame: pd.DataFrame = pd.DataFrame(
            {
                "direction": self.direction,
                "pillar": self.pillars,
                "index_gain": self.gains,
                "feasible": self.feasible,
                "worst_rank": self.worst_rank,
            }
        )
        return frame


@dataclass(frozen=True, eq=False, repr=False)
class ProbableGain(Result):
    """The smallest gain with ``P(rank <= k) >= probability`` over sampled weights.

    Attributes
    ----------
    gains : ndarray
        Index gain per chosen pillar (NaN when infeasible).
    gain, total_cost : float
    feasible : bool
    achieved : float
        Share of the sampled weight vectors at which the raised unit ranks ``rank`` or
        better (at the caps when infeasible), by :func:`idx.rank_totals`.
    interval : ConfidenceInterval
        Clopper-Pearson 95% interval for the probability behind ``achieved``.
    n : int
    seed : int
        The integer seed the weights were drawn with (pass it back to repeat them).
    sampler : str
    """

    unit: str
    rank: int
    direction: str
    pillars: tuple[str, ...]
    probability: float
    gains: NDArray[np.float64]
    gain: float
    total_cost: float
    feasible: bool
    achieved: float
    interval: ConfidenceInterval
    n: int
    seed: int
    sampler: str
    note: str

    def _describe(self) -> str:
        return self.note

    def to_frame(self) -> pd.DataFrame:
        """One row per chosen pillar: the index gain and the share of scenarios reached."""
        frame: pd.DataFrame = pd.DataFrame(
            {
                "direction": self.direction,
                "pillar": self.pillars,
                "index_gain": self.gains,
                "feasible": self.feasible,
                "achieved": self.achieved,
            }
        )
        return frame


@dataclass(frozen=True, eq=False, repr=False)
class Improvement(Result):
    """Result of :func:`improvement`: what the unit's indices need to reach ``rank``.

    Per chosen pillar (arrays in ``pillars`` order): the index gain on that pillar alone
    at fixed ``weights``, in index points (``index_gain``) and in the report's sub-score
    points (``subscore_gain = index_gain x published weight``), NaN where infeasible;
    ``needed_index`` is the index level the pillar would need (above 100 where
    infeasible, ``inf`` for a pillar of weight 0); ``pillar_notes`` say why.

    Attributes
    ----------
    base_rank : int
        The unit's rank at ``weights``.
    target_unit : str or None
        The other unit whose total sets the bar (the k-th best of the others), None
        when ``rank`` is the number of units.
    bar : float
        The smallest total that reaches ``rank``: the lower edge of the tie band
        around ``target_unit``'s total (:func:`threshold`).
    combined : CombinedGain
        The cheapest combination (LP).
    robust, robust_combined : tuple of RobustGain, RobustGain, or None
        Per pillar and combined, over ``space`` (None without a space).
    probable, probable_combined : tuple of ProbableGain, ProbableGain, or None
        Per pillar and along the cheapest mix, with ``probability`` (None without one).
    """

    unit: str
    rank: int
    base_rank: int
    pillars: tuple[str, ...]
    weights: NDArray[np.float64]
    index: NDArray[np.float64]
    index_gain: NDArray[np.float64]
    subscore_gain: NDArray[np.float64]
    needed_index: NDArray[np.float64]
    feasible: NDArray[np.bool_]
    pillar_notes: tuple[str, ...]
    total: float
    target_unit: str | None
    bar: float
    combined: CombinedGain
    robust: tuple[RobustGain, ...] | None
    robust_combined: RobustGain | None
    probable: tuple[ProbableGain, ...] | None
    probable_combined: ProbableGain | None
    notes: tuple[str, ...]

    @property
    def already(self) -> bool:
        """Whether the unit already ranks ``rank`` or better at ``weights``."""
        return self.base_rank <= self.rank

    def _describe(self) -> str:
        return f"{self.unit} from {ordinal(self.base_rank)} to {ordinal(self.rank)} or better"

    def to_frame(self) -> pd.DataFrame:
        """One row per chosen pillar, pillars in the system's order.

        Columns: pillar, weight, index, index_gain, subscore_gain, needed_index,
        feasible, note, then combined_gain (the LP), and robust_gain / robust_worst_rank
        and probable_gain / probable_share when computed (NaN otherwise).
        """
        nan = np.full(len(self.pillars), np.nan)
        columns: dict[str, object] = {
            "pillar": self.pillars,
            "weight": self.weights,
            "index": self.index,
            "index_gain": self.index_gain,
            "subscore_gain": self.subscore_gain,
            "needed_index": self.needed_index,
            "feasible": self.feasible,
            "note": self.pillar_notes,
            "combined_gain": self.combined.gains,
            "robust_gain": nan if self.robust is None else [r.gain for r in self.robust],
            "robust_worst_rank": (
                nan if self.robust is None else [float(r.worst_rank) for r in self.robust]
            ),
            "probable_gain": nan if self.probable is None else [p.gain for p in self.probable],
            "probable_share": (
                nan if self.probable is None else [p.achieved for p in self.probable]
            ),
        }
        frame: pd.DataFrame = pd.DataFrame(columns)
        return frame

    def summary(self) -> str:
        """The answers in a few lines of text."""
        lines = [
            f"{self.unit} ranks {ordinal(self.base_rank)}; target {ordinal(self.rank)} or better"
            + (f" (bar: {self.target_unit}'s total {self.bar:.4f})" if self.target_unit else "")
        ]
        if self.already:
            lines.append("already there at these weights: no gain needed")
        else:
            for p, gain, sub, note in zip(
                self.pillars, self.index_gain, self.subscore_gain, self.pillar_notes, strict=True
            ):
                lines.append(
                    f"  {p}: {note}"
                    if math.isnan(gain)
                    else f"  {p}: +{gain:.2f} index points (+{sub:.2f} sub-score points)"
                )
            lines.append(f"cheapest combination: {self.combined.note}")
        if self.robust_combined is not None and self.robust is not None:
            lines.append("robustly (worst rank over the space):")
            lines.extend(f"  {r.direction}: {r.note}" for r in self.robust)
            lines.append(f"  combination: {self.robust_combined.note}")
        if self.probable_combined is not None and self.probable is not None:
            lines.append(f"with probability {self.probable_combined.probability:g}:")
            lines.extend(f"  {p.direction}: {p.note}" for p in self.probable)
            lines.append(f"  cheapest mix: {self.probable_combined.note}")
        lines.extend(self.notes)
        return "\n".join(lines)


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _mix(pillars: Sequence[str], gains: NDArray[np.float64]) -> str:
    parts = [f"{p} +{g:.2f}" for p, g in zip(pillars, gains, strict=True) if g > 0]
    return ", ".join(parts) if parts else "nothing"


# --- checks ---------------------------------------------------------------------------


def _target_rank(rank: object, n: int) -> int:
    k = positive_int("rank", rank)
    if k > n:
        msg = f"'rank' must be in 1..{n} (got {k})"
        raise IdxError(msg)
    return k


def _chosen(edition: Edition, pillars: Sequence[str] | str | None) -> tuple[int, ...]:
    if pillars is None:
        return tuple(range(len(edition.pillars)))
    if isinstance(pillars, str):
        pillars = [pillars]
    given = unique("pillars", subset_of("pillars", pillars, edition.pillars))
    # the system's order, whatever order they were given in
    return tuple(j for j, p in enumerate(edition.pillars) if p in given)


def _costs(
    cost: Mapping[str, float] | Sequence[float] | None, pillars: tuple[str, ...]
) -> NDArray[np.float64]:
    if cost is None:
        return np.ones(len(pillars))
    if isinstance(cost, Mapping):
        unknown = [p for p in cost if p not in pillars]
        if unknown:
            msg = f"unknown pillar {unknown[0]!r} in 'cost'; expected one of {', '.join(pillars)}"
            raise IdxError(msg)
        values = [cost.get(p, 1.0) for p in pillars]
    else:
        values = list(cost)
        if len(values) != len(pillars):
            msg = f"'cost' must hold one number per chosen pillar ({len(pillars)}) (got {len(values)})"
            raise IdxError(msg)
    out = np.array(
        [
            finite_number("cost", v, low=0.0, subject=f"'cost' of pillar {p!r}")
            for p, v in zip(pillars, values, strict=True)
        ]
    )
    if not (out > 0).any():
        msg = f"'cost' must be positive for at least one pillar (got {out.tolist()})"
        raise IdxError(msg)
    return out


def _seed(seed: int | np.random.Generator | None) -> tuple[np.random.Generator, int]:
    """A generator and the integer seed it was made from, which is recorded (a
    Generator gives one integer draw; None fresh entropy), as every random method does."""
    used = seed_used(seed)
    return np.random.default_rng(used), used


# --- fixed weights ----------------------------------------------------------------------


def _single(
    x: NDArray[np.float64],
    u: int,
    k: int,
    w: NDArray[np.float64],
    j: int,
    need: float,
) -> tuple[float, float, bool, str]:
    """(index gain, needed index, feasible, note) for pillar j alone, closed form."""
    m = x.shape[1]
    if need <= 0:
        return 0.0, float(x[u, j]), True, "already there: no gain needed"
    if w[j] <= 0:
        return math.nan, math.inf, False, "infeasible: the pillar has weight 0"
    e = np.eye(m)[j]
    gain = need / w[j]
    needed = float(x[u, j] + gain)
    if needed > TOP:
        return math.nan, needed, False, f"infeasible: needs {needed:.1f} on a 0-100 index"
    gain = settle(lambda g: rank_at(x, u, g * e, w) <= k, gain)
    gain = min(gain, TOP - float(x[u, j]))
    return gain, float(x[u, j] + gain), True, f"+{gain:.2f} index points"


def _lp(
    x: NDArray[np.float64],
    u: int,
    k: int,
    w: NDArray[np.float64],
    chosen: tuple[int, ...],
    cost: NDArray[np.float64],
    need: float,
) -> NDArray[np.float64] | None:
    """Cheapest gains on the chosen pillars with ``w . g >= need``, certified; None if none."""
    m = x.shape[1]
    caps = TOP - x[u, list(chosen)]
    wc = w[list(chosen)]
    effective = effective_cost(cost)
    for margin in LP_MARGINS:
        solution = solve_lp(
            effective,
            -wc[None, :],
            np.array([-(need + margin)]),
            np.zeros((0, len(chosen))),
            np.zeros(0),
            [(0.0, float(c)) for c in caps],
        )
        if solution is None:
            continue
        g = np.clip(solution, 0.0, caps)
        full = np.zeros(m)
        full[list(chosen)] = g
        if rank_at(x, u, full, w) <= k:
            return g
    return None


def _combined(
    x: NDArray[np.float64],
    u: int,
    k: int,
    w: NDArray[np.float64],
    chosen: tuple[int, ...],
    cost: NDArray[np.float64],
    need: float,
    names: tuple[str, ...],
    unit: str,
    subscore_weights: NDArray[np.float64],
) -> CombinedGain:
    idx_chosen = list(chosen)
    zeros = np.zeros(len(chosen))
    if need <= 0:
        return CombinedGain(
            unit, k, names, subscore_weights, cost, zeros, True, 0.0, 0.0,
            rank_at(x, u, np.zeros(x.shape[1]), w), "already there: no gain needed",
        )  # fmt: skip
    caps = TOP - x[u, idx_chosen]
    g = None
    full = np.zeros(x.shape[1])
    full[idx_chosen] = caps
    best = rank_at(x, u, full, w)
    if float(w[idx_chosen] @ caps) >= need:
        g = _lp(x, u, k, w, chosen, cost, need)
        if g is None and best <= k:  # only the caps themselves reach it (no room for a margin)
            g = caps.copy()
    if g is None:
        nan = np.full(len(chosen), np.nan)
        note = f"infeasible: with every chosen pillar at 100 {unit} would rank {ordinal(best)}"
        return CombinedGain(
            unit, k, names, subscore_weights, cost, nan, False, math.nan, math.nan, best, note
        )
    full = np.zeros(x.shape[1])
    full[idx_chosen] = g
    reached = rank_at(x, u, full, w)
    note = (
        f"{_mix(names, g)} index points (total {g.sum():.2f}, cost {cost @ g:.2f}); "
        f"ranks {ordinal(reached)}"
    )
    return CombinedGain(
        unit, k, names, subscore_weights, cost, g, True, float(g.sum()), float(cost @ g),
        reached, note,
    )  # fmt: skip


# --- over a space, and with a probability -------------------------------------------------


def _robust_pillar(
    x: NDArray[np.float64],
    u: int,
    k: int,
    space: WeightSpace,
    position: int,
    chosen: tuple[int, ...],
    names: tuple[str, ...],
    unit: str,
    cost: NDArray[np.float64],
) -> tuple[RobustGain, Along | None]:
    m = x.shape[1]
    j = chosen[position]
    pillar = names[position]
    gains = np.zeros(len(chosen))
    if x[u, j] >= TOP or not space.upper[j] > 0:
        w, r = worst(x, u, space)
        if r <= k:
            note = f"already ranks {ordinal(r)} or better at every admissible weight"
            return RobustGain(
                unit, k, pillar, names, gains, 0.0, 0.0, True, r, w, None, None, None, 0.0,
                w[None, :], note,
            ), Along(0.0, w, r, 0.0, None, [w])  # fmt: skip
        nan = np.full(len(chosen), np.nan)
        note = "infeasible: the pillar cannot move the total (index at 100 or weight 0)"
        return RobustGain(
            unit, k, pillar, names, nan, math.nan, math.nan, False, r, w, None, None, None,
            math.inf, w[None, :], note,
        ), None  # fmt: skip
    d = np.eye(m)[j]
    along = robust_along(x, u, k, space, d)
    stack = np.array(along.scenarios).reshape(-1, m)
    if math.isnan(along.gain):
        needed = float(x[u, j] + along.low)
        note = (
            f"infeasible: needs at least {needed:.1f} on a 0-100 index at some admissible weights"
            if needed < _NEGLIGIBLE_WEIGHT
            else "infeasible: at some admissible weights the pillar weighs (next to) nothing"
        )
        return RobustGain(
            unit, k, pillar, names, np.full(len(chosen), np.nan), math.nan, math.nan, False,
            along.worst_rank, along.worst_weights, None, None, None, float(cost[position] * along.low),
            stack, note,
        ), along  # fmt: skip
    s = along.gain
    gains[position] = s
    evidence = None
    if along.low_weights is not None and s > 0:
        evidence = below(x, u, k, along.low_weights, d, s)
    if s == 0:
        note = f"already ranks {ordinal(along.worst_rank)} or better at every admissible weight"
    else:
        note = f"+{s:.2f} index points (worst rank then {ordinal(along.worst_rank)})"
    return RobustGain(
        unit, k, pillar, names, gains, s, float(cost[position] * s), True, along.worst_rank,
        along.worst_weights, None if evidence is None else evidence[0],
        None if evidence is None else evidence[1],
        None if evidence is None else along.low_weights, float(cost[position] * along.low), stack,
        note,
    ), along  # fmt: skip


def _robust_combined(
    x: NDArray[np.float64],
    u: int,
    k: int,
    space: WeightSpace,
    chosen: tuple[int, ...],
    names: tuple[str, ...],
    unit: str,
    cost: NDArray[np.float64],
    singles: list[Along | None],
) -> RobustGain:
    m = x.shape[1]
    idx = list(chosen)
    w0, r0 = worst(x, u, space)
    if r0 <= k:
        note = f"already ranks {ordinal(r0)} or better at every admissible weight"
        return RobustGain(
            unit, k, "combination", names, np.zeros(len(chosen)), 0.0, 0.0, True, r0, w0,
            None, None, None, 0.0, w0[None, :], note,
        )  # fmt: skip
    # a pillar that cannot move the total is searched as "no answer"
    nowhere = Along(math.nan, w0, r0, math.inf, None, [w0])
    mix = robust_mix(x, u, k, space, idx, cost, [a if a is not None else nowhere for a in singles])
    stack = np.array(mix.scenarios).reshape(-1, m)
    if mix.gains is None or mix.along is None:
        full = np.zeros(m)
        full[idx] = TOP - x[u, idx]
        w_cap, r_cap = worst(raised(x, u, full), u, space)
        for scenario in mix.scenarios:  # the scenario the caps cannot pass, if worse
            r_s = rank_at(x, u, full, scenario)
            if r_s > r_cap:
                w_cap, r_cap = scenario, r_s
        note = (
            f"infeasible: even with every chosen pillar at 100 some admissible weights "
            f"rank {unit} {ordinal(r_cap)}"
        )
        return RobustGain(
            unit, k, "combination", names, np.full(len(chosen), np.nan), math.nan, math.nan,
            False, r_cap, w_cap, None, None, None, math.inf, stack, note,
        )  # fmt: skip
    g = mix.gains
    total = float(g.sum())
    d = np.zeros(m)
    d[idx] = g / total
    evidence = None
    if mix.along.low_weights is not None:
        found = below(x, u, k, mix.along.low_weights, d, total)
        if found is not None:
            evidence = (found[0], found[1], mix.along.low_weights)
    if evidence is None:
        # the relaxation is tight at some scenario: just below the mix fails there
        for scenario in mix.scenarios:
            found = below(x, u, k, scenario, d, total)
            if found is not None:
                evidence = (found[0], found[1], scenario)
                break
    exact = mix.upper - mix.lower <= 1e-6 * max(1.0, mix.upper)
    bound = "" if exact else f"; no combination costs less than {mix.lower:.4f}"
    note = (
        f"{_mix(names, g)} index points (total {total:.2f}, cost {cost @ g:.2f}; worst rank "
        f"then {ordinal(mix.along.worst_rank)}{bound})"
    )
    return RobustGain(
        unit, k, "combination", names, g, total, float(cost @ g), True, mix.along.worst_rank,
        mix.along.worst_weights, None if evidence is None else evidence[0],
        None if evidence is None else evidence[1], None if evidence is None else evidence[2],
        mix.lower, stack, note,
    )  # fmt: skip


def _probable(
    x: NDArray[np.float64],
    u: int,
    k: int,
    samples: NDArray[np.float64],
    d: NDArray[np.float64],
    p: float,
    direction: str,
    chosen: tuple[int, ...],
    names: tuple[str, ...],
    unit: str,
    cost: NDArray[np.float64],
    seed: int,
    sampler: str,
) -> ProbableGain:
    s, achieved = probable_along(x, u, k, samples, d, p)
    n = samples.shape[0]
    ci = binomtest(round(achieved * n), n).proportion_ci(0.95, method="exact")
    interval = ConfidenceInterval(np.array(ci.low), np.array(ci.high), 0.95)
    if math.isnan(s):
        note = f"infeasible: at the 0-100 caps P(rank <= {k}) is {achieved:.3f}"
        return ProbableGain(
            unit, k, direction, names, p, np.full(len(chosen), np.nan), math.nan, math.nan,
            False, achieved, interval, n, seed, sampler, note,
        )  # fmt: skip
    gains = s * d[list(chosen)]
    share = f"P(rank <= {k}) = {achieved:.3f} over {n:,} sampled weights"
    note = (
        f"{_mix(names, gains)} index points (total {gains.sum():.2f}; {share})"
        if direction == "cheapest mix"
        else f"+{s:.2f} index points ({share})"
    )
    return ProbableGain(
        unit, k, direction, names, p, gains, float(gains.sum()), float(cost @ gains), True,
        achieved, interval, n, seed, sampler, note,
    )  # fmt: skip


def _cheapest_direction(
    combined: CombinedGain, w: NDArray[np.float64], chosen: tuple[int, ...], m: int
) -> NDArray[np.float64]:
    """The fixed-weight LP's mix as a direction (summing to 1) over all pillars.

    When no gain is needed at the fixed weights, the LP's first choice: the chosen pillar
    with the most weight per unit of cost.
    """
    d = np.zeros(m)
    idx = list(chosen)
    if combined.feasible and combined.total_gain > 0:
        d[idx] = combined.gains / combined.total_gain
        return d
    ratio = w[idx] / effective_cost(combined.cost)
    d[idx[int(np.argmax(ratio))]] = 1.0
    return d


# --- the public function ------------------------------------------------------------------------


def improvement(
    edition: Edition,
    unit: str,
    rank: int,
    *,
    weights: WeightsLike = None,
    space: WeightSpace | None = None,
    pillars: Sequence[str] | str | None = None,
    cost: Mapping[str, float] | Sequence[float] | None = None,
    probability: float | None = None,
    n: int = DEFAULT_SAMPLES,
    sampler: Sampler | None = None,
    seed: int | np.random.Generator | None = None,
) -> Improvement:
    """How much must ``unit``'s pillar indices rise for it to rank ``rank`` or better?

    Parameters
    ----------
    edition : Edition
    unit : str
        Unit label (province names are resolved through the registry).
    rank : int
        Target competition rank, 1..n_units; a tie reaches it.
    weights : optional
        The fixed weights (any specification :func:`idx.score` takes); default: the
        space's reference if a space is given, else the published weights.
    space : WeightSpace, optional
        Admissible weights for the robust answers (and the probabilistic one).
    pillars : str or sequence of str, optional
        The pillars whose indices may rise (default: all); one row each in ``to_frame``.
    cost : mapping or sequence, optional
        Cost of one index point per chosen pillar (>= 0, not all 0; pillars not named
        in a mapping cost 1). Weighs the combined answers' objective.
    probability : float, optional
        In (0, 1): also find the smallest gains with ``P(rank <= rank) >= probability``
        over ``n`` weight vectors sampled from ``space`` (needs a space).
    n, sampler, seed
        Sample size, sampler (:func:`idx.sensitivity.sample_weights`; default by the
        space's mode) and seed of the probabilistic answer. The seed used is recorded.

    Returns
    -------
    Improvement

    Notes
    -----
    **One pillar, fixed weights** (closed form). With ``bar`` the smallest total
    reaching the rank (:func:`threshold`: the lower edge of the tie band around the
    k-th best other total), pillar j needs ``(bar - t_u) / w_j`` index points, which is
    infeasible when it takes the index above 100 (the note gives the level needed) and
    0 when the unit is already there. ``subscore_gain`` is the same gain in the
    report's sub-score points (index points x the pillar's published weight). Each gain
    is certified by :func:`idx.rank_totals` at the raised indices (a gain landing a few
    ulps outside the band is nudged in, by at most 1e-9 relative).

    **The cheapest combination** (LP, ``scipy.optimize.linprog``/HiGHS): minimise
    ``cost . g`` subject to ``w_P . g >= bar - t_u`` and ``0 <= g_j <= 100 - x_uj``
    over the chosen pillars P. Since the other totals do not move, that one row is
    exact. Without costs the optimum fills the pillar of largest weight first, up to its
    cap (a fractional knapsack). The row is asked with a margin of 1e-8 points (then
    1e-6, 1e-4) and the answer certified by ``rank_totals``.

    **Robustly over a space**: the smallest gain such that the unit's *worst* rank over
    every admissible weight vector is ``rank`` or better. Along one pillar the worst
    rank falls monotonically with the gain and the gains that work form a closed ray;
    its end is ``sup_w G(w)``, with ``G(w)`` the catch-up gain at weights w in closed
    form, found by cutting planes (:func:`_robust_along`: the worst-rank MILP finds
    weights still ranking the unit too low, their ``G(w)`` is the next lower bound)
    with bisection as a fallback. The certificate is the worst-case weights at the
    answer (where the unit ranks ``worst_rank <= rank``) and, within 1e-9 below the
    answer, weights at which it ranks worse. The cheapest combination solves a MILP
    over the worst cases met so far (which units may stay ahead in each), whose
    answer is polished by an LP with those choices fixed, until the worst-rank MILP
    finds no admissible weights at which it fails. Worst ranks come from
    :func:`idx._unit_rank.rank_bound` and carry its one-sided approximation: weights
    at which another unit is ahead by less than about 1e-5 of its scale past the tie
    band may be missed.

    **With a probability**: over ``n`` weight vectors drawn once from the space (common
    random numbers for every pillar and the mix), the unit reaches the rank at sample w
    once the gain passes ``G(w)``, so the smallest gain with a share ``>= probability``
    is an order statistic of ``G``, exact for the sample; the share is re-counted with
    ``rank_totals``. The combined version moves along the fixed-weight LP's mix. The
    95% Clopper-Pearson interval of the share says how far the sample size lets the
    answer be trusted.

    References
    ----------
    .. [1] Dantzig, G. B. (1957). Discrete-variable extremum problems. Operations
       Research 5(2), 266-288 (the fractional knapsack).
    .. [2] Kelley, J. E. (1960). The cutting-plane method for solving convex programs.
       J. SIAM 8(4), 703-712.
    """
    u = edition.unit_position(unit)
    name = edition.units[u]
    n_units = edition.n_units
    k = _target_rank(rank, n_units)
    chosen = _chosen(edition, pillars)
    names = tuple(edition.pillars[j] for j in chosen)
    costs = _costs(cost, names)
    if probability is not None:
        p = check_probability("probability", probability)
        if space is None:
            msg = "'probability' needs a 'space' to sample weights from (got space=None)"
            raise IdxError(msg)
    else:
        p = None
    if space is not None:
        check_space(space, edition.pillars)
    if weights is None and space is not None:
        w = np.array(space.reference, dtype=np.float64)
    else:
        w = np.asarray(weights_for(edition, weights).weights, dtype=np.float64)
    x = edition.index_array
    m = x.shape[1]
    subscore_w = np.asarray(edition.system.weights)[list(chosen)]
    totals = x @ w
    base_rank = int(rank_totals(totals)[u])
    others = np.delete(np.arange(n_units), u)
    bar = threshold(totals[others], k)
    target_unit = None
    if k < n_units:
        order = others[np.argsort(-totals[others], kind="stable")]
        target_unit = edition.units[int(order[k - 1])]
    need = bar - float(totals[u])

    singles = [_single(x, u, k, w, j, need) for j in chosen]
    index_gain = np.array([s[0] for s in singles])
    combined = _combined(x, u, k, w, chosen, costs, need, names, name, subscore_w)

    robust = robust_combined = None
    probable = probable_combined = None
    notes: list[str] = []
    if base_rank <= k:
        notes.append(f"{name} already ranks {ordinal(base_rank)} at these weights")
    if space is not None:
        searched = [
            _robust_pillar(x, u, k, space, position, chosen, names, name, costs)
            for position in range(len(chosen))
        ]
        robust = tuple(result for result, _ in searched)
        robust_combined = _robust_combined(
            x, u, k, space, chosen, names, name, costs, [along for _, along in searched]
        )
    if p is not None and space is not None:
        rng, used = _seed(seed)
        chosen_sampler: Sampler = sampler or default_sampler(space)
        samples = sample_weights(space, positive_int("n", n), sampler=chosen_sampler, seed=rng)
        probable = tuple(
            _probable(
                x, u, k, samples, np.eye(m)[j], p, edition.pillars[j], chosen, names, name,
                costs, used, chosen_sampler,
            )
            for j in chosen
        )  # fmt: skip
        probable_combined = _probable(
            x, u, k, samples, _cheapest_direction(combined, w, chosen, m), p, "cheapest mix",
            chosen, names, name, costs, used, chosen_sampler,
        )  # fmt: skip
    return Improvement(
        name,
        k,
        base_rank,
        names,
        w[list(chosen)],
        x[u, list(chosen)],
        index_gain,
        index_gain * subscore_w,
        np.array([s[1] for s in singles]),
        np.array([s[2] for s in singles]),
        tuple(s[3] for s in singles),
        float(totals[u]),
        target_unit,
        bar,
        combined,
        robust,
        robust_combined,
        probable,
        probable_combined,
        tuple(notes),
    )


# --- weights instead of indices ------------------------------------------------------------------


@dataclass(frozen=True, eq=False, repr=False)
class WeightChange(Result):
    """Result of :func:`weight_change_to_rank`.

    Attributes
    ----------
    possible : bool
        Whether some admissible weights put the unit at ``rank`` or better.
    weights : ndarray or None
        The admissible weights closest to the reference (L1) found to do it; certified:
        the unit ranks ``reached_rank <= rank`` there by :func:`idx.rank_totals`.
    distance : float or None
        ``sum_j |w_j - reference_j|``.
    best_rank : int
        The unit's best attainable rank over the space (when not possible: the
        certificate ``best_weights`` attains it and no admissible weights do better,
        up to the MILP margins).
    already : bool
        The unit already ranks ``rank`` or better at the (admissible) reference.
    """

    unit: str
    rank: int
    pillars: tuple[str, ...]
    reference: NDArray[np.float64]
    base_rank: int
    possible: bool
    weights: NDArray[np.float64] | None
    distance: float | None
    reached_rank: int | None
    best_rank: int
    best_weights: NDArray[np.float64]
    already: bool = False

    def _describe(self) -> str:
        return self.summary()

    def summary(self) -> str:
        """One sentence."""
        if self.already:
            return f"{self.unit} already ranks {ordinal(self.base_rank)} at the reference weights"
        if not self.possible:
            return (
                f"no admissible weights lift {self.unit} to {ordinal(self.rank)}: its best "
                f"attainable rank is {ordinal(self.best_rank)}"
            )
        assert self.distance is not None and self.reached_rank is not None
        return (
            f"{self.unit} reaches {ordinal(self.reached_rank)} (target {ordinal(self.rank)}) "
            f"with an L1 weight change of {self.distance:.4g}"
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per pillar: reference weight, the closest weights doing it, the change."""
        new = np.full(len(self.pillars), np.nan) if self.weights is None else self.weights
        frame: pd.DataFrame = pd.DataFrame(
            {
                "pillar": self.pillars,
                "reference_weight": self.reference,
                "weight": new,
                "change": new - self.reference,
            }
        )
        return frame


def _closest_lp(
    x: NDArray[np.float64],
    u: int,
    space: WeightSpace,
    w0: NDArray[np.float64],
    behind: NDArray[np.bool_],
    margin: float,
) -> NDArray[np.float64] | None:
    """With the set of units to keep behind fixed, the L1-closest weights are an LP."""
    m = space.n_pillars
    others = np.delete(np.arange(x.shape[0]), u)
    c = ahead_direction(x[others[behind]], x[u])
    a_ub, b_ub, a_eq, b_eq, bounds = space.linear_constraints()
    eye = np.eye(m)
    blocks = [
        np.hstack([a_ub, np.zeros((a_ub.shape[0], m))]),
        np.hstack([eye, np.zeros((m, 1)), -eye]),
        np.hstack([-eye, np.zeros((m, 1)), -eye]),
    ]
    rhs = [b_ub, w0, -w0]
    if c.shape[0]:
        scaled, thresholds, _ = scaled_rows(c)
        blocks.append(np.hstack([scaled, np.zeros((len(scaled), m + 1))]))
        rhs.append(thresholds - margin)
    solution = solve_lp(
        np.concatenate([np.zeros(m + 1), np.ones(m)]),
        np.vstack(blocks),
        np.concatenate(rhs),
        np.hstack([a_eq, np.zeros((a_eq.shape[0], m))]),
        b_eq,
        bounds + [(0.0, None)] * m,
    )
    return None if solution is None else into_space(space, solution[:m])


def weight_change_to_rank(
    edition: Edition, unit: str, rank: int, space: WeightSpace | None = None
) -> WeightChange:
    """The smallest change of the weights, within ``space``, that lifts ``unit`` to ``rank``.

    Parameters
    ----------
    edition : Edition
    unit : str
    rank : int
        Target competition rank, 1..n_units (a tie reaches it).
    space : WeightSpace, optional
        Admissible weights (default: the whole simplex); its ``reference`` is the
        starting point the change is measured from.

    Returns
    -------
    WeightChange

    Notes
    -----
    The unit ranks ``k`` or better at w when at most ``k - 1`` others are ahead, each
    "ahead" being ``c_o . w > TIE_ATOL`` (:func:`idx.ranking.ahead_direction`). Units
    ahead (or behind) everywhere in the space are settled in closed form
    (:meth:`WeightSpace.linear_range`); each remaining unit gets a binary saying
    whether it may stay ahead, and the MILP

    ``min sum_j |w_j - w0_j|  s.t.  w in space,  scaled_o . w <= TIE_ATOL / s_o - margin
    unless z_o = 1,  sum_o z_o <= k - 1 - n_always``

    (rows scaled to [-1, 1] as in :func:`idx.sensitivity.rank_range`, margin 1e-5 in
    scaled units, then 1e-4 and 1e-3) chooses which units stay ahead. With that choice
    fixed the problem is an LP, re-solved at HiGHS's LP tolerance (margin 1e-8) so the
    distance comes within about 1e-8 of the infimum. The weights are moved into the
    space and certified by :func:`idx.rank_totals`. When no admissible weights reach
    the rank, the best attainable rank and its certificate say how close they come.
    It generalises :func:`idx.sensitivity.reversal` from one pair to a rank.
    """
    u = edition.unit_position(unit)
    name = edition.units[u]
    k = _target_rank(rank, edition.n_units)
    if space is None:
        space = WeightSpace.simplex(edition.system)
    check_space(space, edition.pillars)
    x = edition.index_array
    w0 = np.array(space.reference, dtype=np.float64)
    base = int(rank_totals(x @ w0)[u])
    pillars = edition.pillars
    if bool(space.contains(w0)) and base <= k:
        return WeightChange(name, k, pillars, w0, base, True, w0, 0.0, base, base, w0, True)
    best_w, best = rank_bound(x, u, space, worst=False)
    candidates: list[NDArray[np.float64]] = []
    if best <= k:
        for margin in MILP_MARGINS:
            found = closest_weights(x, u, k, space, w0, margin)
            if found is None:
                continue
            w, behind = found
            if int(rank_totals(x @ w)[u]) <= k:
                candidates.append(w)
                # the MILP's choice of who stays behind, re-solved as an LP
                for lp_margin in LP_MARGINS:
                    polished = _closest_lp(x, u, space, w0, behind, lp_margin)
                    if polished is not None and int(rank_totals(x @ polished)[u]) <= k:
                        candidates.append(polished)
                        break
                break
        if not candidates:
            candidates.append(best_w)  # certified to reach the rank, if not the closest
    if not candidates:
        return WeightChange(name, k, pillars, w0, base, False, None, None, None, best, best_w)
    w = min(candidates, key=lambda v: float(np.abs(v - w0).sum()))
    reached = int(rank_totals(x @ w)[u])
    distance = float(np.abs(w - w0).sum())
    return WeightChange(name, k, pillars, w0, base, True, w, distance, reached, best, best_w)
