"""Shared LP/MILP plumbing of the exact methods (:func:`rank_range`, :func:`reversal`).

The exact methods decide what they can in closed form (:meth:`WeightSpace.linear_range`)
and hand only the rest to HiGHS. What they hand over is well conditioned, and nothing
the solver says is believed without a check:

* **Scaled rows.** "k is ahead of i" is ``c . w > TIE_ATOL`` with
  ``c = ahead_direction(x_k, x_i)`` (:mod:`idx.ranking`). Its sign does not change when
  both sides are divided by ``s = max_j |c_j|``, so every pairwise row is passed as
  ``(c / s) . w > TIE_ATOL / s``: coefficients in [-1, 1] whether the two units are
  50 points or 1e-6 points apart (:func:`scaled_rows`).
* **Margins in the scaled space.** A solver's answer satisfies its constraints only to
  within its feasibility tolerance, so a row that must hold strictly is asked to hold
  with a margin: ``(c / s) . w >= TIE_ATOL / s + margin``. In points that is
  ``margin * s``, a fixed share of the pair's own scale. HiGHS's MIP feasibility
  tolerance is 1e-6 (scipy's ``milp`` does not let it be changed), so
  :data:`MILP_MARGINS` start at 1e-5; the LP tolerance can be set, to
  :data:`LP_TOLERANCE` = 1e-10, so :data:`LP_MARGINS` start at 1e-8. Each ladder goes up
  by factors of 10 for retries.
* **Certificates.** Solver output is moved into the space (:func:`into_space`, which
  removes the solver's ~1e-9 infeasibilities) and then judged by idx's own tie rule
  (:func:`idx.rank_totals`, :func:`idx.ranking.ahead`); callers report what that
  check finds, never what the solver claimed.
* **Silence.** The installed HiGHS prints debugging lines straight to file descriptor
  1 from C++, bypassing ``sys.stdout``; :func:`solver_quiet` sends them to
  ``os.devnull`` (:func:`solve_milp` and :func:`solve_lp` always use it).
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import sys
import threading
from collections.abc import Iterator
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from idx.errors import IdxError
from idx.ranking import TIE_ATOL
from idx.space import WeightSpace
from idx.tolerances import LP_MARGINS, LP_TOLERANCE, MILP_MARGINS

__all__ = [
    "LP_MARGINS",
    "LP_TOLERANCE",
    "MILP_MARGINS",
    "argmax_vertex",
    "feasible_point",
    "into_space",
    "scaled_rows",
    "solve_lp",
    "solve_milp",
    "solver_quiet",
    "space_rows",
]


# fd 1 is process-wide: one redirection at a time, re-entrant for nested calls.
_REDIRECT_LOCK = threading.RLock()


@functools.lru_cache(maxsize=1)
def _c_fflush() -> Any:
    """The C library's ``fflush``, or None where it cannot be found."""
    try:
        return ctypes.CDLL(None).fflush
    except (OSError, TypeError, AttributeError):  # pragma: no cover - non-POSIX platforms
        return None


def _flush_c_stdio() -> None:
    # C stdio buffers text written with printf; flush it while fd 1 is still devnull,
    # or it would reach the real stdout later, when the buffer next fills or at exit.
    fflush = _c_fflush()
    if fflush is not None:
        fflush(None)


@contextlib.contextmanager
def solver_quiet() -> Iterator[None]:
    """Redirect file descriptor 1 to ``os.devnull`` for the duration of the block.

    Solvers written in C or C++ print to the process's stdout directly, where neither
    ``sys.stdout`` nor :func:`contextlib.redirect_stdout` can intercept them; a
    library must not write to stdout, and a CLI emitting JSON or CSV must not have
    its output interleaved. ``sys.stdout`` and C's stdio buffers are flushed first
    (so nothing written before the block is lost), C's again before fd 1 is restored
    in ``finally`` (so nothing the solver buffered leaks out later). The redirection
    is process-wide: another thread writing to fd 1 meanwhile is silenced too.
    """
    with _REDIRECT_LOCK:
        if sys.stdout is not None:
            with contextlib.suppress(OSError, ValueError):
                sys.stdout.flush()
        try:
            saved = os.dup(1)
        except OSError:  # fd 1 is closed: there is nowhere for output to leak to
            saved = -1
        if saved < 0:
            yield
            return
        devnull = os.open(os.devnull, os.O_WRONLY)
        _flush_c_stdio()  # C-level output from before the block belongs on the real stdout
        try:
            os.dup2(devnull, 1)
            yield
        finally:
            _flush_c_stdio()
            os.dup2(saved, 1)
            os.close(saved)
            os.close(devnull)


def solve_milp(
    cost: NDArray[np.float64],
    constraints: list[LinearConstraint],
    lower: NDArray[np.float64],
    upper: NDArray[np.float64],
    integrality: NDArray[np.float64],
    what: str,
) -> NDArray[np.float64]:
    """``scipy.optimize.milp`` with stdout silenced; the optimal ``x`` or an IdxError."""
    with solver_quiet():
        # mip_rel_gap 0: the objective counts units, and HiGHS's default relative gap
        # (1e-4) would accept an answer one unit short once there are 10,000 of them
        result = milp(
            cost,
            constraints=constraints,
            bounds=Bounds(lower, upper),
            integrality=integrality,
            options={"mip_rel_gap": 0.0},
        )
    if result.status != 0 or result.x is None:  # pragma: no cover - feasible by construction
        msg = f"{what}: the MILP solver failed ({result.message})"
        raise IdxError(msg)
    x: NDArray[np.float64] = np.asarray(result.x, dtype=np.float64)
    return x


def solve_lp(
    cost: NDArray[np.float64],
    a_ub: NDArray[np.float64],
    b_ub: NDArray[np.float64],
    a_eq: NDArray[np.float64],
    b_eq: NDArray[np.float64],
    bounds: list[tuple[float, float | None]],
) -> NDArray[np.float64] | None:
    """``scipy.optimize.linprog`` (HiGHS, tight tolerances) with stdout silenced.

    Returns the optimal ``x``, or None when the problem is infeasible or the solver
    fails: callers decide feasibility in closed form beforehand and treat None as a
    failed attempt.
    """
    with solver_quiet():
        result = linprog(
            cost,
            A_ub=a_ub,
            b_ub=b_ub,
            A_eq=a_eq,
            b_eq=b_eq,
            bounds=bounds,
            method="highs",
            options={
                "primal_feasibility_tolerance": LP_TOLERANCE,
                "dual_feasibility_tolerance": LP_TOLERANCE,
            },
        )
    if result.status != 0 or result.x is None:
        return None
    x: NDArray[np.float64] = np.asarray(result.x, dtype=np.float64)
    return x


def scaled_rows(
    c: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """``(c / s, TIE_ATOL / s, s)`` with ``s = max_j |c_j|`` per row.

    ``c . w > TIE_ATOL  <=>  (c / s) . w > TIE_ATOL / s`` for ``s > 0``. A zero row
    (``c . w = 0 <= TIE_ATOL`` everywhere) gets ``s = 1``; callers never pass one to
    a solver.
    """
    c = np.atleast_2d(np.asarray(c, dtype=np.float64))
    s = np.abs(c).max(axis=1, initial=0.0)
    s = np.where(s > 0, s, 1.0)
    scaled: NDArray[np.float64] = c / s[:, None]
    threshold: NDArray[np.float64] = TIE_ATOL / s
    return scaled, threshold, s


def space_rows(
    space: WeightSpace, extra: int
) -> tuple[list[LinearConstraint], NDArray[np.float64], NDArray[np.float64]]:
    """The space as ``milp`` constraints over ``(w, tau, extra variables)``, and bounds."""
    a_ub, b_ub, a_eq, b_eq, bounds = space.linear_constraints()
    constraints = [
        LinearConstraint(np.hstack([a_eq, np.zeros((a_eq.shape[0], extra))]), b_eq, b_eq)
    ]
    if a_ub.shape[0]:
        constraints.append(
            LinearConstraint(np.hstack([a_ub, np.zeros((a_ub.shape[0], extra))]), -np.inf, b_ub)
        )
    lower = np.array([b[0] for b in bounds], dtype=np.float64)
    upper = np.array([np.inf if b[1] is None else b[1] for b in bounds], dtype=np.float64)
    return constraints, lower, upper


def into_space(space: WeightSpace, w: NDArray[np.float64]) -> NDArray[np.float64]:
    """A point of ``space`` next to a solver's (slightly infeasible) weight vector ``w``.

    Simplex mode: clip to the bounds, then spread the missing (or surplus) mass over
    the coordinates with room, in proportion to that room. Factors mode: take the
    smallest scale ``tau`` with ``w <= upper * tau``, clip the factors ``w / tau`` to
    their box and renormalise. Either way the result satisfies the space's
    constraints up to rounding, and moves ``w`` by about the solver's infeasibility.
    """
    w = np.clip(np.asarray(w, dtype=np.float64), 0.0, None)
    lower, upper = np.asarray(space.lower), np.asarray(space.upper)
    if space.mode == "simplex":
        top = np.minimum(upper, 1.0)
        w = np.clip(w, lower, top)
        gap = 1.0 - w.sum()
        room = top - w if gap > 0 else w - lower
        if room.sum() > 0:
            w = w + gap * room / room.sum()
        result: NDArray[np.float64] = np.clip(w, lower, top)
        return result
    positive = upper > 0
    tau = float(np.max(w[positive] / upper[positive])) if (w[positive] > 0).any() else 0.0
    f = np.clip(w / tau, lower, upper) if tau > 0 else np.array(upper, dtype=np.float64)
    projected: NDArray[np.float64] = f / f.sum()
    return projected


def feasible_point(space: WeightSpace) -> NDArray[np.float64]:
    """Some admissible weight vector, in closed form (for spaces without their reference)."""
    lower, upper = np.asarray(space.lower), np.asarray(space.upper)
    if space.mode == "factors":
        point: NDArray[np.float64] = upper / upper.sum()
        return point
    room = upper - lower
    spare = 1.0 - lower.sum()
    w = lower + (spare * room / room.sum() if room.sum() > 0 else 0.0)
    return into_space(space, w)


def argmax_vertex(space: WeightSpace, d: NDArray[np.float64]) -> NDArray[np.float64]:
    """A point of ``space`` maximising ``d . w``, by the closed forms of ``linear_range``.

    Simplex mode: the fractional knapsack (lower bounds, then the remaining mass to the
    largest ``d_j`` first). Factors mode: the best of the ``m + 1`` threshold vertices
    (the ``k`` largest ``d_j`` at their upper factor bounds, the rest at their lower).
    """
    d = np.asarray(d, dtype=np.float64)
    lower, upper = np.asarray(space.lower), np.asarray(space.upper)
    order = np.argsort(-d, kind="stable")
    if space.mode == "simplex":
        w = lower.copy()
        remaining = 1.0 - lower.sum()
        for j in order:
            take = min(max(remaining, 0.0), upper[j] - lower[j])
            w[j] += take
            remaining -= take
        return into_space(space, w)
    best, best_value = None, -np.inf
    for k in range(len(d) + 1):
        f = lower.copy()
        f[order[:k]] = upper[order[:k]]
        if f.sum() <= 0:
            continue
        value = float(f @ d / f.sum())
        if best is None or value > best_value:
            best, best_value = f / f.sum(), value
    assert best is not None  # some factor's upper bound is positive (checked by the space)
    vertex: NDArray[np.float64] = best
    return vertex
