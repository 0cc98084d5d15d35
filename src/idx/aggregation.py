"""Aggregation rules: from 0-100 pillar indices and weights to totals."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from idx.errors import AggregationError
from idx.options import Aggregation, choices
from idx.validation import finite_number, one_of

__all__ = ["AGGREGATIONS", "Aggregation", "aggregate"]

AGGREGATIONS: tuple[Aggregation, ...] = choices(Aggregation)


def aggregate(
    indices: NDArray[np.float64],
    weights: NDArray[np.float64],
    aggregation: Aggregation = "arithmetic",
    power: float | None = None,
) -> NDArray[np.float64]:
    """Totals of each row of ``indices`` under ``weights``.

    Parameters
    ----------
    indices : ndarray, shape (n_units, n_pillars)
        Non-negative pillar indices (0-100).
    weights : ndarray, shape (n_pillars,)
        Non-negative, summing to 1.
    aggregation : {"arithmetic", "geometric", "power"}
        ``"arithmetic"``: ``sum_j w_j x_j`` (the report's rule, fully compensatory).
        ``"geometric"``: ``prod_j x_j ** w_j``, less compensatory: a weak pillar
        cannot be fully offset by a strong one, and a zero index on a weighted
        pillar makes the total 0 (no epsilon is added). ``"power"``: the
        generalised mean ``(sum_j w_j x_j ** p) ** (1 / p)`` with ``p = power``
        (1 arithmetic, 0 geometric, -1 harmonic); for ``p < 0`` a zero index on a
        weighted pillar gives 0, its limit.
    power : float, optional
        Required for ``"power"``.

    Returns
    -------
    ndarray, shape (n_units,)

    References
    ----------
    .. [1] OECD and JRC (2008). Handbook on Constructing Composite Indicators,
       section 6.2 (aggregation methods).
    .. [2] Hardy, G. H., Littlewood, J. E. and Pólya, G. (1952). Inequalities,
       2nd ed., chapter II (means with weights).
    """
    one_of("aggregation", aggregation, Aggregation, error=AggregationError)
    if (indices < 0).any():
        msg = f"indices must be >= 0 to aggregate (got {float(indices.min()):g})"
        raise AggregationError(msg)
    if aggregation == "power":
        if power is None:
            msg = "'power' must be a finite number for aggregation 'power' (got None)"
            raise AggregationError(msg)
        power = finite_number("power", power, error=AggregationError)
        if power == 1.0:
            aggregation = "arithmetic"
        elif power == 0.0:
            aggregation = "geometric"
    elif power is not None:
        msg = f"'power' applies only to aggregation 'power' (got power={power!r} with {aggregation!r})"
        raise AggregationError(msg)
    if aggregation == "arithmetic":
        totals: NDArray[np.float64] = indices @ weights
        return totals
    active = weights > 0
    x, w = indices[:, active], weights[active]
    zero = (x == 0).any(axis=1)
    if aggregation == "geometric":
        with np.errstate(divide="ignore"):
            logs = np.where(x > 0, np.log(np.where(x > 0, x, 1.0)), 0.0)
        totals = np.where(zero, 0.0, np.exp(logs @ w))
        return totals
    p = float(power)  # type: ignore[arg-type]
    if p < 0:
        # tiny indices overflow x ** p towards inf, whose limit total is 0: no warning needed
        with np.errstate(divide="ignore", over="ignore"):
            inner = np.where(x > 0, np.where(x > 0, x, 1.0) ** p, 0.0) @ w
            totals = np.where(zero, 0.0, np.where(zero, 1.0, inner) ** (1.0 / p))
        return totals
    totals = ((x**p) @ w) ** (1.0 / p)
    return totals
