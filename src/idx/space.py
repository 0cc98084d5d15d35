"""Spaces of admissible weights, shared by every sensitivity method."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from idx.errors import SpaceError
from idx.options import SpaceMode
from idx.system import IndexSystem
from idx.tolerances import CONTAINS_ATOL, CONTAINS_RTOL, SPACE_SUM_SLACK
from idx.validation import finite_number, got, one_of
from idx.weight_spec import resolve_pillar, resolve_pillars, weight_value

__all__ = ["SpaceMode", "WeightSpace", "check_space"]


def _frozen(values: Any) -> NDArray[np.float64]:
    array = np.array(values, dtype=np.float64)
    array.flags.writeable = False
    return array


@dataclass(frozen=True, eq=False)
class WeightSpace:
    """A set of admissible weight vectors over an index system's pillars.

    Parameters
    ----------
    pillars : tuple of str
        Pillar ids, in the system's order.
    reference : array_like, shape (m,)
        The reference (published) weights: base ranks are computed there. The
        constructors :meth:`around` and :meth:`from_bounds` refuse bounds that exclude
        it; the bare constructor accepts such a space (the exact methods then start
        from an admissible point of their own).
    lower, upper : array_like, shape (m,)
        Per-pillar bounds, ``0 <= lower <= upper``.
    mode : {"simplex", "factors"}
        ``"simplex"``: admissible weights are ``{w : lower <= w <= upper, sum(w) = 1}``.
        ``"factors"``: admissible weights are ``{f / sum(f) : lower <= f <= upper}``
        with the factors ``f_j`` varying independently, the convention of JRC and
        COINr uncertainty analyses. Equivalently ``{w in simplex : lower * tau <=
        w <= upper * tau for some tau > 0}``, which keeps every problem linear.

    Notes
    -----
    Use :meth:`around`, :meth:`from_bounds` or :meth:`simplex` rather than the
    constructor. The two modes describe different sets: with ``+/-25%`` bounds the
    factors space is larger, because renormalising lets a weight leave its bound.
    """

    pillars: tuple[str, ...]
    reference: NDArray[np.float64]
    lower: NDArray[np.float64]
    upper: NDArray[np.float64]
    mode: SpaceMode = "simplex"

    def __post_init__(self) -> None:
        # a list of pillars would never equal an edition's tuple in check_pillars
        object.__setattr__(self, "pillars", tuple(self.pillars))
        m = len(self.pillars)
        one_of("mode", self.mode, SpaceMode, error=SpaceError)
        arrays = {}
        for name in ("reference", "lower", "upper"):
            array = _frozen(getattr(self, name))
            if array.shape != (m,):
                msg = f"'{name}' must hold one value per pillar ({m}) (got shape {array.shape})"
                raise SpaceError(msg)
            if not np.isfinite(array).all():
                msg = f"'{name}' must be finite (got {array.tolist()})"
                raise SpaceError(msg)
            arrays[name] = array
            object.__setattr__(self, name, array)
        lower, upper = arrays["lower"], arrays["upper"]
        for j, pillar in enumerate(self.pillars):
            if lower[j] < 0 or lower[j] > upper[j]:
                msg = (
                    f"bounds of pillar {pillar!r} must satisfy 0 <= lower <= upper "
                    f"(got [{lower[j]:g}, {upper[j]:g}])"
                )
                raise SpaceError(msg)
        if self.mode == "simplex":
            if math.fsum(lower) > 1 + SPACE_SUM_SLACK:
                msg = f"empty weight space: lower bounds sum to {math.fsum(lower):.6g} > 1"
                raise SpaceError(msg)
            if math.fsum(np.minimum(upper, 1.0)) < 1 - SPACE_SUM_SLACK:
                msg = f"empty weight space: upper bounds sum to {math.fsum(upper):.6g} < 1"
                raise SpaceError(msg)
        elif not (upper > 0).any():
            msg = "empty weight space: every factor's upper bound is 0"
            raise SpaceError(msg)

    # --- constructors -------------------------------------------------------------------

    @classmethod
    def around(
        cls,
        system: IndexSystem,
        spread: float | Mapping[str, float] = 0.25,
        *,
        mode: SpaceMode = "simplex",
        fixed: Sequence[str] = (),
        bounds: Mapping[str, tuple[float | str, float | str]] | None = None,
    ) -> WeightSpace:
        """Each weight within ``+/- spread`` (relative) of the published one.

        Parameters
        ----------
        system : IndexSystem
        spread : float or mapping
            ``0.25`` allows each weight to move by 25% of itself. A mapping gives
            one spread per pillar and must name every pillar. A lower bound that
            would fall below 0 (spread > 1) is clipped to 0.
        mode : {"simplex", "factors"}
        fixed : sequence of str
            Pillars held at their published weight (spread 0).
        bounds : mapping, optional
            Absolute bounds ``{pillar: (low, high)}`` for some pillars, replacing
            their spread (numbers, or percentages as text: ``("20%", "30%")``); in
            ``"factors"`` mode they bound the factors. They must contain the
            published weight.

        Pillars are named by id or display name, ignoring case, spacing, ``_`` and ``-``.
        """
        reference = np.asarray(system.weights)
        if isinstance(spread, Mapping):
            named = resolve_pillars(system, list(spread), what="spread", error=SpaceError)
            given = dict(zip(named, spread.values(), strict=True))
            missing = [k for k in system.ids if k not in given]
            if missing:
                msg = f"'spread' mapping must name every pillar (missing {', '.join(missing)})"
                raise SpaceError(msg)
            spreads = np.array([_spread(given[k], k) for k in system.ids])
        else:
            spreads = np.full(len(system), _spread(spread, None))
        held = _check_fixed(system, fixed)
        spreads = np.where(np.isin(np.array(system.ids), held), 0.0, spreads)
        lower = np.maximum(0.0, reference * (1.0 - spreads))
        upper = reference * (1.0 + spreads)
        if bounds is not None:
            for j, (low, high) in _absolute(system, bounds, held).items():
                lower[j], upper[j] = low, high
        if mode == "simplex":
            upper = np.minimum(upper, 1.0)
        space = cls(system.ids, reference, lower, upper, mode)
        space._check_reference("the bounds", "widen them")
        return space

    @classmethod
    def from_bounds(
        cls,
        system: IndexSystem,
        bounds: Mapping[str, tuple[float | str, float | str]],
        *,
        mode: SpaceMode = "simplex",
        fixed: Sequence[str] = (),
        reference: ArrayLike | None = None,
    ) -> WeightSpace:
        """Absolute bounds ``{pillar: (low, high)}``; unnamed pillars range over [0, 1].

        Parameters
        ----------
        system : IndexSystem
        bounds : mapping
            ``{pillar: (low, high)}``, pillars by id or display name; each bound a
            number or a percentage as text (``"20%"``).
        mode : {"simplex", "factors"}
        fixed : sequence of str
            Pillars held at their reference weight.
        reference : array_like, optional
            The weights base ranks are computed at (default: the published weights).
            They must lie in the space: bounds that exclude them are an error rather
            than a space whose base ranks describe inadmissible weights.
        """
        if reference is None:
            ref = np.asarray(system.weights, dtype=np.float64)
        else:
            ref = np.array(reference, dtype=np.float64)
            if ref.shape != (len(system),):
                msg = f"'reference' must hold one weight per pillar ({len(system)}) (got shape {ref.shape})"
                raise SpaceError(msg)
        lower = np.zeros(len(system))
        upper = np.ones(len(system))
        held = _check_fixed(system, fixed)
        for j, (low, high) in _absolute(system, bounds, held).items():
            lower[j], upper[j] = low, high
        for pillar in held:
            j = system.ids.index(pillar)
            lower[j] = upper[j] = ref[j]
        space = cls(system.ids, ref, lower, upper, mode)
        if reference is None:
            space._check_reference(
                "the bounds", "widen them, or pass reference= weights inside them"
            )
        else:
            space._check_reference("the bounds", "choose reference weights inside them")
        return space

    @classmethod
    def simplex(cls, system: IndexSystem) -> WeightSpace:
        """Every weight vector: each weight in [0, 1], summing to 1."""
        m = len(system)
        return cls(system.ids, np.asarray(system.weights), np.zeros(m), np.ones(m), "simplex")

    # --- queries --------------------------------------------------------------------------

    @property
    def n_pillars(self) -> int:
        return len(self.pillars)

    def check_pillars(self, pillars: Sequence[str]) -> None:
        """Raise a :class:`SpaceError` unless the space is over exactly ``pillars``, in order."""
        if tuple(pillars) != self.pillars:
            msg = (
                f"'space' must be over the edition's pillars ({', '.join(pillars)}) "
                f"(got {', '.join(self.pillars)})"
            )
            raise SpaceError(msg)

    def contains(self, weights: ArrayLike, atol: float = CONTAINS_ATOL) -> NDArray[np.bool_]:
        """Whether each row of ``weights`` (shape (..., m)) is an admissible weight vector."""
        w = np.asarray(weights, dtype=np.float64)
        if w.shape[-1:] != (self.n_pillars,):
            msg = f"'weights' must have {self.n_pillars} columns (got shape {w.shape})"
            raise SpaceError(msg)
        on_simplex = (np.abs(w.sum(axis=-1) - 1.0) <= atol) & (w >= -atol).all(axis=-1)
        if self.mode == "simplex":
            inside = ((w >= self.lower - atol) & (w <= self.upper + atol)).all(axis=-1)
            result: NDArray[np.bool_] = on_simplex & inside
            return result
        # w = f / s for some factor vector f in the box: there is a scale tau = 1 / s with
        # lower * tau <= w <= upper * tau, i.e. max_j w_j / upper_j <= min_j w_j / lower_j.
        with np.errstate(divide="ignore", invalid="ignore"):
            tau_low = np.where(self.upper > 0, w / np.where(self.upper > 0, self.upper, 1), 0.0)
            tau_high = np.where(self.lower > 0, w / np.where(self.lower > 0, self.lower, 1), np.inf)
        zero_ok = ((self.upper > 0) | (np.abs(w) <= atol)).all(axis=-1)
        lo = tau_low.max(axis=-1)
        hi = tau_high.min(axis=-1)
        fits: NDArray[np.bool_] = on_simplex & zero_ok & (lo <= hi * (1 + CONTAINS_RTOL) + atol)
        return fits

    def linear_constraints(
        self,
    ) -> tuple[
        NDArray[np.float64],
        NDArray[np.float64],
        NDArray[np.float64],
        NDArray[np.float64],
        list[tuple[float, float | None]],
    ]:
        """The space as linear constraints over the variables ``(w_1..w_m, tau)``.

        Returns
        -------
        A_ub, b_ub, A_eq, b_eq, bounds
            In the form ``scipy.optimize.linprog`` and ``milp`` take. ``tau`` is the
            factor scale of ``"factors"`` mode and is pinned to 0 in ``"simplex"``
            mode, so callers can always append one column.
        """
        m = self.n_pillars
        a_eq = np.zeros((1, m + 1))
        a_eq[0, :m] = 1.0
        b_eq = np.ones(1)
        if self.mode == "simplex":
            bounds: list[tuple[float, float | None]] = [
                (float(lo), float(hi)) for lo, hi in zip(self.lower, self.upper, strict=True)
            ]
            bounds.append((0.0, 0.0))
            return np.zeros((0, m + 1)), np.zeros(0), a_eq, b_eq, bounds
        eye = np.eye(m)
        # w_j - upper_j * tau <= 0 and lower_j * tau - w_j <= 0
        upper_rows = np.hstack([eye, -self.upper[:, None]])
        lower_rows = np.hstack([-eye, self.lower[:, None]])
        a_ub = np.vstack([upper_rows, lower_rows])
        bounds = [(0.0, 1.0)] * m + [(0.0, None)]
        return a_ub, np.zeros(2 * m), a_eq, b_eq, bounds

    def linear_range(
        self, directions: ArrayLike
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Exact minimum and maximum of ``w . d`` over the space, for each row ``d``.

        Closed forms, no solver: in ``"simplex"`` mode a fractional knapsack (start
        from the lower bounds and spend the remaining mass on the best coordinates);
        in ``"factors"`` mode ``f . d / f . 1`` is a linear-fractional function over a
        box, optimal at a vertex that puts the largest (or smallest) ``d_j`` at their
        upper bounds and the rest at their lower bounds, so the ``m + 1`` threshold
        vertices are enough.
        """
        d = np.atleast_2d(np.asarray(directions, dtype=np.float64))
        if self.mode == "simplex":
            return -self._knapsack_max(-d), self._knapsack_max(d)
        return self._fractional(d, maximise=False), self._fractional(d, maximise=True)

    def _knapsack_max(self, d: NDArray[np.float64]) -> NDArray[np.float64]:
        remaining = 1.0 - math.fsum(self.lower)
        order = np.argsort(-d, axis=1, kind="stable")
        caps = (self.upper - self.lower)[order]
        before = np.cumsum(caps, axis=1) - caps
        take = np.clip(remaining - before, 0.0, caps)
        best: NDArray[np.float64] = d @ self.lower + (take * np.take_along_axis(d, order, 1)).sum(
            axis=1
        )
        return best

    def _fractional(self, d: NDArray[np.float64], *, maximise: bool) -> NDArray[np.float64]:
        m = self.n_pillars
        order = np.argsort(-d if maximise else d, axis=1, kind="stable")
        best = np.full(d.shape[0], -np.inf if maximise else np.inf)
        for k in range(m + 1):
            # the k best coordinates at their upper bounds, the rest at their lower bounds
            f = np.broadcast_to(self.lower, d.shape).copy()
            rows = np.arange(d.shape[0])[:, None]
            f[rows, order[:, :k]] = self.upper[order[:, :k]]
            total = f.sum(axis=1)
            with np.errstate(divide="ignore", invalid="ignore"):
                value = np.where(
                    total > 0, (f * d).sum(axis=1) / np.where(total > 0, total, 1), np.nan
                )
            value = np.where(np.isnan(value), best, value)
            best = np.maximum(best, value) if maximise else np.minimum(best, value)
        return best

    def _check_reference(self, what: str, hint: str) -> None:
        if bool(self.contains(self.reference)):
            return
        if self.mode == "simplex":
            outside = [
                f"{p} {r:.6g} outside [{lo:.6g}, {hi:.6g}]"
                for p, r, lo, hi in zip(
                    self.pillars, self.reference, self.lower, self.upper, strict=True
                )
                if not lo - CONTAINS_ATOL <= r <= hi + CONTAINS_ATOL
            ]
            where = ", ".join(outside) or "they do not sum to 1"
        else:
            where = "no common scale puts every factor of the reference within its bounds"
        msg = f"{what} exclude the reference weights ({where}); {hint}"
        raise SpaceError(msg)

    def as_dict(self) -> dict[str, object]:
        """The space as plain values (mode, and per pillar reference, lower, upper).

        ``WeightSpace(**space.as_dict())`` rebuilds it, values and all.
        """
        return {
            "pillars": list(self.pillars),
            "reference": [float(v) for v in self.reference],
            "lower": [float(v) for v in self.lower],
            "upper": [float(v) for v in self.upper],
            "mode": self.mode,
        }

    def describe(self) -> str:
        """One line per pillar: its admissible range and the mode."""
        head = (
            "weights w with lower <= w <= upper, summing to 1"
            if self.mode == "simplex"
            else "weights f / sum(f), factors f independent within [lower, upper]"
        )
        rows = [
            f"  {p}: [{lo:.4g}, {hi:.4g}] (reference {r:.4g})"
            for p, lo, hi, r in zip(
                self.pillars, self.lower, self.upper, self.reference, strict=True
            )
        ]
        return "\n".join([head, *rows])


def _spread(value: Any, pillar: str | None) -> float:
    subject = None if pillar is None else f"'spread' of pillar {pillar!r}"
    return finite_number("spread", value, low=0.0, error=SpaceError, subject=subject)


def _check_fixed(system: IndexSystem, fixed: Sequence[str]) -> list[str]:
    if isinstance(fixed, str):
        fixed = [fixed]
    return list(resolve_pillars(system, fixed, what="fixed", error=SpaceError))


def _absolute(
    system: IndexSystem, bounds: Mapping[str, tuple[float | str, float | str]], held: list[str]
) -> dict[int, tuple[float, float]]:
    """Absolute bounds by pillar position, each a number or a percentage."""
    if not isinstance(bounds, Mapping):
        msg = f"'bounds' must be a mapping pillar -> (low, high) (got {got(bounds)})"
        raise SpaceError(msg)
    out: dict[int, tuple[float, float]] = {}
    for name, pair in bounds.items():
        pillar = resolve_pillar(system, name, what="bounds", error=SpaceError)
        if pillar in held:
            msg = f"pillar {pillar!r} is both fixed and given bounds"
            raise SpaceError(msg)
        j = system.ids.index(pillar)
        if j in out:
            msg = f"'bounds' names pillar {pillar!r} twice"
            raise SpaceError(msg)
        if (
            isinstance(pair, (str, bytes))
            or not isinstance(pair, (Sequence, np.ndarray))
            or len(pair) != 2
        ):
            msg = f"bounds of pillar {pillar!r} must be a pair of numbers (got {got(pair)})"
            raise SpaceError(msg)
        subject = f"bounds of pillar {pillar!r}"
        low, high = (weight_value(v, subject, error=SpaceError) for v in pair)
        out[j] = (low, high)
    return out


def check_space(space: object, pillars: Sequence[str]) -> WeightSpace:
    """``space`` if it is a :class:`WeightSpace` over exactly ``pillars``; else a
    :class:`SpaceError` naming what was given."""
    if not isinstance(space, WeightSpace):
        hint = (
            ": an idx.Uncertainty (more than the weights) is taken by monte_carlo, "
            "scenario_totals and sobol"
            if type(space).__name__ == "Uncertainty"
            else ""
        )
        msg = f"'space' must be an idx.WeightSpace (got {type(space).__name__}){hint}"
        raise SpaceError(msg)
    space.check_pillars(pillars)
    return space
