"""idx's one tie rule, and ranking totals by it (competition, dense and ordinal ranks).

The tie rule
------------
Totals live on the 0-100 scale. Unit a is **ahead** of unit b when

    a - b > TIE_ATOL + TIE_RTOL * max(|a|, |b|)

and the two are **tied** when neither is ahead of the other. With ``TIE_ATOL = 1e-8``
points and ``TIE_RTOL = 1e-12`` the band is at most 1.001e-8 points wide on the 0-100
scale: five orders of magnitude above the floating-point noise of summing six
weighted indices in any order (about 1e-13), and six below the 0.01 a published table
can express. Noise therefore never splits a tie, and a printed difference always
separates. A fixed band, not rounding to a number of decimals: rounding splits
equal totals that noise puts on either side of a rounding boundary.

Every method uses this rule and no other: :func:`rank_totals`, the Monte Carlo rank
kernel, :func:`~idx.sensitivity.stability_intervals`, :func:`~idx.sensitivity.rank_path`,
:func:`~idx.sensitivity.reversal` and :func:`~idx.sensitivity.rank_range`.

Because totals are never negative (indices and weights are not), "k is ahead of i" is
the *linear* condition ``((1 - TIE_RTOL) x_k - x_i) . w > TIE_ATOL`` in the weights w
(:func:`ahead_direction`), which is what lets the exact methods decide it with closed
forms and linear programmes.

A competition rank is one plus the number of units ahead. Ties need not be
transitive: in a chain of totals each within the band of the next, the two ends can
be apart. Competition ranks stay well defined (and monotone in the total); dense and
ordinal ranks are derived from them.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.stats import rankdata

from idx.errors import IdxError
from idx.options import RankMethod, choices
from idx.tolerances import TIE_ATOL, TIE_RTOL
from idx.validation import one_of

__all__ = [
    "RANK_METHODS",
    "TIE_ATOL",
    "TIE_RTOL",
    "RankMethod",
    "ahead",
    "ahead_direction",
    "rank_totals",
    "tied",
]

RANK_METHODS: tuple[RankMethod, ...] = choices(RankMethod)

# Pairwise comparisons per block when ranking many rows: bounds the n x n temporaries.
_BLOCK_CELLS = 1 << 22


def ahead(a: ArrayLike, b: ArrayLike) -> NDArray[np.bool_]:
    """Whether total ``a`` is ahead of total ``b`` under the tie rule (broadcasts)."""
    x = np.asarray(a, dtype=np.float64)
    y = np.asarray(b, dtype=np.float64)
    result: NDArray[np.bool_] = (x - y) > TIE_ATOL + TIE_RTOL * np.maximum(np.abs(x), np.abs(y))
    return result


def tied(a: ArrayLike, b: ArrayLike) -> NDArray[np.bool_]:
    """Whether totals ``a`` and ``b`` are tied under the tie rule (broadcasts)."""
    result: NDArray[np.bool_] = ~ahead(a, b) & ~ahead(b, a)
    return result


def ahead_direction(x_k: ArrayLike, x_i: ArrayLike) -> NDArray[np.float64]:
    """``c`` with: k is ahead of i at weights w  <=>  ``c . w > TIE_ATOL`` (totals >= 0).

    For non-negative totals, ``t_k - t_i > TIE_ATOL + TIE_RTOL * max(t_k, t_i)`` can only
    hold with ``t_k > t_i``, when the maximum is ``t_k``; it is then
    ``(1 - TIE_RTOL) t_k - t_i > TIE_ATOL``, linear in the weights.
    """
    c: NDArray[np.float64] = (1.0 - TIE_RTOL) * np.asarray(x_k, dtype=np.float64) - np.asarray(
        x_i, dtype=np.float64
    )
    return c


def _competition(keys: NDArray[np.float64]) -> NDArray[np.int64]:
    """1 + the number of units ahead, row by row, by direct pairwise comparison."""
    n = keys.shape[-1]
    flat = keys.reshape(-1, n)
    ranks = np.empty(flat.shape, dtype=np.int64)
    step = max(1, _BLOCK_CELLS // max(1, n * n))
    for start in range(0, flat.shape[0], step):
        block = flat[start : start + step]
        # [r, k, i]: unit k ahead of unit i in row r
        ahead_of = ahead(block[:, :, None], block[:, None, :])
        ranks[start : start + step] = 1 + ahead_of.sum(axis=1)
    return ranks.reshape(keys.shape)


def rank_totals(totals: ArrayLike, method: RankMethod = "min") -> NDArray[np.int64]:
    """Rank totals, 1 for the highest, along the last axis, under idx's tie rule.

    Parameters
    ----------
    totals : array_like, shape (..., n_units)
        Higher is better. A 2-D array ranks each row (scenario) separately.
    method : {"min", "dense", "ordinal"}
        ``"min"`` is competition ranking (1, 2, 2, 4): one plus the number of units
        ahead, so tied units share the smaller rank. ``"dense"`` gives 1, 2, 2, 3 (one
        plus the number of distinct competition ranks above). ``"ordinal"`` breaks
        ties by order of appearance.

    Returns
    -------
    ndarray of int64, same shape as ``totals``

    Notes
    -----
    Ties follow the rule in this module's documentation: totals within
    ``TIE_ATOL + TIE_RTOL * max(|a|, |b|)`` of each other are tied.
    """
    one_of("method", method, RankMethod)
    keys = np.asarray(totals, dtype=np.float64)
    if keys.ndim == 0:
        msg = "'totals' must be an array of at least one unit (got a scalar)"
        raise IdxError(msg)
    if not np.isfinite(keys).all():
        msg = "'totals' must be finite to be ranked"
        raise IdxError(msg)
    competition = _competition(keys)
    if method == "min":
        return competition
    # scipy ranks the competition ranks: equal competition ranks are the tied groups
    return np.asarray(rankdata(competition, method=method, axis=-1), dtype=np.int64)
