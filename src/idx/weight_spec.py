"""Turning what a caller says about weights into one validated weight vector."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from idx.errors import WeightError
from idx.results import Result
from idx.system import IndexSystem
from idx.tolerances import WEIGHT_SUM_TOLERANCE
from idx.validation import finite_number

__all__ = ["WeightChoice", "WeightsLike", "resolve_weights"]

WeightsLike = None | str | Mapping[str, float] | Sequence[float] | NDArray[np.float64]


@dataclass(frozen=True, eq=False, repr=False)
class WeightChoice(Result):
    """A resolved weight vector and how it was obtained.

    Attributes
    ----------
    pillars : tuple of str
    weights : ndarray
        One weight per pillar, >= 0, summing to 1; read-only.
    label : str
        ``"published"``, ``"equal"``, ``"custom"`` or ``"partial"``.
    notes : tuple of str
        What was done to the caller's input, one sentence each (which pillars were
        rescaled, ...); ``note`` joins them.
    """

    pillars: tuple[str, ...]
    weights: NDArray[np.float64]
    label: str
    notes: tuple[str, ...] = ()

    @property
    def note(self) -> str:
        """The notes as one line."""
        return "; ".join(self.notes)

    def _describe(self) -> str:
        return f"{self.label} weights over {len(self.pillars)} pillars"

    def to_frame(self) -> pd.DataFrame:
        """One row per pillar: pillar, weight."""
        frame: pd.DataFrame = pd.DataFrame({"pillar": self.pillars, "weight": self.weights})
        return frame


def _number(value: object, where: str) -> float:
    return finite_number("weight", value, low=0.0, error=WeightError, subject=f"weight of {where}")


def _choice(
    system: IndexSystem, weights: NDArray[np.float64], label: str, *notes: str
) -> WeightChoice:
    return WeightChoice(system.ids, np.array(weights, dtype=np.float64), label, notes)


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
        return _choice(system, published, "published")
    if isinstance(weights, str):
        key = weights.strip().lower()
        if key == "published":
            return _choice(system, published, "published")
        if key == "equal":
            return _choice(system, np.full(len(ids), 1.0 / len(ids)), "equal")
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
            return _choice(system, vector, "custom")
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
        return _choice(system, vector, "partial", note)
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
        return _choice(system, vector, "custom")
    msg = (
        "'weights' must be 'published', 'equal', a mapping pillar -> weight "
        f"or one number per pillar (got {type(weights).__name__})"
    )
    raise WeightError(msg)
