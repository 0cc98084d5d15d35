"""Turning what a caller says about weights into one validated weight vector."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from idx.errors import WeightError
from idx.system import WEIGHT_SUM_TOLERANCE, IndexSystem

__all__ = ["WeightChoice", "WeightsLike", "resolve_weights"]

WeightsLike = None | str | Mapping[str, float] | Sequence[float] | NDArray[np.float64]


@dataclass(frozen=True)
class WeightChoice:
    """A resolved weight vector and how it was obtained.

    Attributes
    ----------
    weights : ndarray
        One weight per pillar, >= 0, summing to 1; read-only.
    label : str
        ``"published"``, ``"equal"``, ``"custom"`` or ``"partial"``.
    note : str
        What was done to the caller's input, e.g. which pillars were rescaled.
    """

    weights: NDArray[np.float64]
    label: str
    note: str = ""


def _number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        msg = f"weight of {where} must be a number (got {value!r})"
        raise WeightError(msg)
    number = float(value)
    if not math.isfinite(number) or number < 0:
        msg = f"weight of {where} must be finite and >= 0 (got {value!r})"
        raise WeightError(msg)
    return number


def _freeze(weights: NDArray[np.float64], label: str, note: str = "") -> WeightChoice:
    weights = np.array(weights, dtype=np.float64)
    weights.flags.writeable = False
    return WeightChoice(weights, label, note)


def _check_sum(total: float) -> None:
    if abs(total - 1.0) > WEIGHT_SUM_TOLERANCE:
        msg = f"'weights' must sum to 1 (got {total:.12g})"
        raise WeightError(msg)


def resolve_weights(weights: WeightsLike, system: IndexSystem) -> WeightChoice:
    """Resolve a weight specification against ``system``.

    Parameters
    ----------
    weights : None, str, mapping or sequence
        ``None`` or ``"published"``: the system's weights. ``"equal"``: 1 / n_pillars
        each. A mapping ``{pillar_id: weight}`` naming every pillar: used as given
        (must sum to 1). A mapping naming only some pillars: those weights are
        kept and the others share the remainder in proportion to their published
        weights (the result's note says so). A sequence of one number per pillar,
        in the system's order: used as given.
    system : IndexSystem

    Returns
    -------
    WeightChoice

    Raises
    ------
    WeightError
        On unknown pillars, negative or non-numeric weights, a full vector not
        summing to 1, or a partial mapping whose weights exceed 1.
    """
    published = np.asarray(system.weights)
    ids = system.ids
    if weights is None:
        return _freeze(published, "published")
    if isinstance(weights, str):
        key = weights.strip().lower()
        if key == "published":
            return _freeze(published, "published")
        if key == "equal":
            return _freeze(np.full(len(ids), 1.0 / len(ids)), "equal")
        msg = (
            "'weights' must be 'published', 'equal', a mapping pillar -> weight "
            f"or one number per pillar (got {weights!r})"
        )
        raise WeightError(msg)
    if isinstance(weights, Mapping):
        unknown = [k for k in weights if k not in ids]
        if unknown:
            msg = f"unknown pillar {unknown[0]!r} in 'weights'; expected one of {', '.join(ids)}"
            raise WeightError(msg)
        given = {k: _number(v, f"pillar {k!r}") for k, v in weights.items()}
        if not given:
            msg = "'weights' mapping must name at least one pillar (got an empty mapping)"
            raise WeightError(msg)
        if len(given) == len(ids):
            vector = np.array([given[k] for k in ids])
            _check_sum(math.fsum(vector))
            return _freeze(vector, "custom")
        given_sum = math.fsum(given.values())
        if given_sum > 1.0 + WEIGHT_SUM_TOLERANCE:
            msg = f"partial 'weights' must sum to at most 1 (got {given_sum:.12g})"
            raise WeightError(msg)
        rest = [k for k in ids if k not in given]
        rest_published = math.fsum(published[ids.index(k)] for k in rest)
        scale = max(0.0, 1.0 - given_sum) / rest_published
        vector = np.array(
            [given[k] if k in given else published[i] * scale for i, k in enumerate(ids)]
        )
        note = (
            f"pillars {', '.join(rest)} not given: rescaled proportionally by {scale:.6g} "
            f"to share the remaining {max(0.0, 1.0 - given_sum):.6g}"
        )
        return _freeze(vector, "partial", note)
    if isinstance(weights, (Sequence, np.ndarray)):
        values = (
            list(np.asarray(weights, dtype=object).ravel())
            if isinstance(weights, np.ndarray)
            else list(weights)
        )
        if len(values) != len(ids):
            msg = f"'weights' must hold one number per pillar ({len(ids)}) (got {len(values)})"
            raise WeightError(msg)
        vector = np.array([_number(v, f"pillar {ids[i]!r}") for i, v in enumerate(values)])
        _check_sum(math.fsum(vector))
        return _freeze(vector, "custom")
    msg = (
        "'weights' must be 'published', 'equal', a mapping pillar -> weight "
        f"or one number per pillar (got {type(weights).__name__})"
    )
    raise WeightError(msg)
