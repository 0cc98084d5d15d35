"""Ranking totals: competition, dense and ordinal ranks with a stated tie rule.

Ties are decided on totals rounded to ``TIE_DECIMALS`` decimal places, so values
that differ only by floating-point noise (28.07 summed two ways) share a rank,
while any difference a published table can express (0.01) separates them.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.stats import rankdata

from idx.errors import IdxError

__all__ = ["RANK_METHODS", "TIE_DECIMALS", "RankMethod", "rank_totals", "tie_keys"]

RankMethod = Literal["min", "dense", "ordinal"]
RANK_METHODS: tuple[RankMethod, ...] = ("min", "dense", "ordinal")

#: Totals equal after rounding to this many decimals are tied.
TIE_DECIMALS = 10


def tie_keys(totals: ArrayLike, decimals: int = TIE_DECIMALS) -> NDArray[np.float64]:
    """Totals rounded to ``decimals`` places: equal keys mean tied units."""
    keys: NDArray[np.float64] = np.asarray(totals, dtype=np.float64).round(decimals)
    return keys


def rank_totals(
    totals: ArrayLike,
    method: RankMethod = "min",
    *,
    decimals: int = TIE_DECIMALS,
) -> NDArray[np.int64]:
    """Rank totals, 1 for the highest, along the last axis.

    Parameters
    ----------
    totals : array_like, shape (..., n_units)
        Higher is better. A 2-D array ranks each row (scenario) separately.
    method : {"min", "dense", "ordinal"}
        ``"min"`` is competition ranking (1, 2, 2, 4): tied units share the
        smaller rank. ``"dense"`` gives 1, 2, 2, 3. ``"ordinal"`` breaks ties
        by order of appearance.
    decimals : int
        Totals equal after rounding to this many decimals are tied.

    Returns
    -------
    ndarray of int64, same shape as ``totals``
    """
    if method not in RANK_METHODS:
        msg = f"'method' must be one of {', '.join(RANK_METHODS)} (got {method!r})"
        raise IdxError(msg)
    keys = tie_keys(totals, decimals)
    if keys.ndim == 0:
        msg = "'totals' must be an array of at least one unit (got a scalar)"
        raise IdxError(msg)
    if not np.isfinite(keys).all():
        msg = "'totals' must be finite to be ranked"
        raise IdxError(msg)
    return np.asarray(rankdata(-keys, method=method, axis=-1), dtype=np.int64)
