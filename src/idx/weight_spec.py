"""Turning what a caller says about weights into one validated weight vector.

Weights are written the way people write them: pillars by id or by display name
(``"application"``, ``"Internet application"``, ``"APPLICATION"``: case, spacing,
``_`` and ``-`` are ignored), and each weight as a share of 1 (``0.35``) or as a
percentage in text (``"35%"``). Nothing else is coerced: ``"0.35"`` as text is an error.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from idx.errors import IdxError, WeightError
from idx.options import SchemeName, choices
from idx.results import Result
from idx.system import IndexSystem
from idx.tolerances import WEIGHT_SUM_TOLERANCE
from idx.validation import finite_number, got

__all__ = [
    "WeightChoice",
    "WeightsLike",
    "pillar_key",
    "resolve_pillar",
    "resolve_pillars",
    "resolve_weights",
    "weight_value",
]

WeightsLike = None | str | Mapping[str, float | str] | Sequence[float | str] | NDArray[np.float64]

# a percentage as people write it: "35%", "12.5 %", "1e1%"
_PERCENT = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*%\s*$")
# the schemes score() resolves by name besides "published" and "equal" (named in messages)
_DATA_SCHEMES = tuple(s for s in choices(SchemeName) if s not in ("published", "equal"))


def pillar_key(text: str) -> str:
    """``text`` as pillar names are matched: case-folded, without spaces, ``_`` or ``-``.

    >>> pillar_key("Internet application") == pillar_key("internet_APPLICATION")
    True
    """
    return re.sub(r"[\s_\-]+", "", text).casefold()


def resolve_pillar(
    system: IndexSystem, name: object, *, what: str = "pillars", error: type[IdxError] = WeightError
) -> str:
    """The id of the pillar of ``system`` that ``name`` names, by id or display name.

    Parameters
    ----------
    system : IndexSystem
    name : str
        A pillar id or display name; case, spacing, ``_`` and ``-`` are ignored.
    what : str
        The argument being read, for messages (``unknown pillar 'x' in 'fixed'``).
    error : type of IdxError
        The error to raise.

    Raises
    ------
    IdxError
        ``error``, if ``name`` is not text, names no pillar or more than one.
    """
    if not isinstance(name, str):
        msg = f"pillars in '{what}' must be named by id or name (got {got(name)})"
        raise error(msg)
    key = pillar_key(name)
    matches = [p.id for p in system.pillars if key in (pillar_key(p.id), pillar_key(p.name))]
    if len(matches) == 1:
        return matches[0]
    if matches:
        msg = f"pillar {name!r} in '{what}' is ambiguous: it matches {', '.join(matches)}"
        raise error(msg)
    msg = f"unknown pillar {name!r} in '{what}'; expected one of {', '.join(system.ids)}"
    raise error(msg)


def resolve_pillars(
    system: IndexSystem,
    names: Iterable[object],
    *,
    what: str = "pillars",
    error: type[IdxError] = WeightError,
) -> tuple[str, ...]:
    """Ids of the pillars ``names`` names (see :func:`resolve_pillar`); none twice."""
    if isinstance(names, str) or not isinstance(names, Iterable):
        msg = f"'{what}' must be a sequence of pillars (got {got(names)})"
        raise error(msg)
    given = list(names)
    ids: list[str] = []
    for name in given:
        pillar = resolve_pillar(system, name, what=what, error=error)
        if pillar in ids:
            msg = f"'{what}' names pillar {pillar!r} twice (got {got(given)})"
            raise error(msg)
        ids.append(pillar)
    return tuple(ids)


def weight_value(value: object, subject: str, *, error: type[IdxError] = WeightError) -> float:
    """A non-negative weight given as a number (a share of 1) or as text like ``"35%"``.

    >>> weight_value("35%", "weight of pillar 'application'")
    0.35
    """
    if isinstance(value, str):
        match = _PERCENT.match(value)
        if match is None:
            msg = f"{subject} must be a number or a percentage like '35%' (got {got(value)})"
            raise error(msg)
        percent = float(match.group(1))
        if not math.isfinite(percent) or percent < 0:
            msg = f"{subject} must be a finite percentage >= 0% (got {got(value)})"
            raise error(msg)
        return percent / 100.0
    return finite_number("weight", value, low=0.0, error=error, subject=subject)


def _is_percent(value: object) -> bool:
    return isinstance(value, str) and _PERCENT.match(value) is not None


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
    return weight_value(value, f"weight of {where}")


def _choice(
    system: IndexSystem, weights: NDArray[np.float64], label: str, *notes: str
) -> WeightChoice:
    return WeightChoice(system.ids, np.array(weights, dtype=np.float64), label, notes)


def _check_sum(total: float, given: Sequence[object]) -> None:
    if abs(total - 1.0) <= WEIGHT_SUM_TOLERANCE:
        return
    if given and all(_is_percent(v) for v in given):
        msg = f"'weights' must sum to 100% (got {total * 100:.12g}%)"
        raise WeightError(msg)
    msg = f"'weights' must sum to 1 (got {total:.12g})"
    if abs(total - 100.0) <= 100.0 * WEIGHT_SUM_TOLERANCE:
        # the commonest slip: percentages written as plain numbers
        shown = ", ".join(f"{100.0 * v / total:.12g}%" for v in _plain(given))
        msg += (
            f"; they sum to 100, so they look like percentages: write each with a % sign "
            f"({shown}) or divide by 100"
        )
    raise WeightError(msg)


def _plain(given: Sequence[object]) -> list[float]:
    return [weight_value(v, "weight") for v in given]


def _string_error(weights: str) -> WeightError:
    msg = (
        f"'weights' must be 'published', 'equal', a scheme name ({', '.join(_DATA_SCHEMES)}), "
        f"a mapping pillar -> weight or one number per pillar (got {got(weights)})"
    )
    return WeightError(msg)


def resolve_weights(weights: WeightsLike, system: IndexSystem) -> WeightChoice:
    """Resolve a weight specification against ``system``.

    Parameters
    ----------
    weights : None, str, mapping or sequence
        ``None`` or ``"published"``: the system's weights. ``"equal"``: 1 / n_pillars
        each. A mapping ``{pillar: weight}`` naming every pillar: used as given
        (must sum to 1, or to 100% when written as percentages). A mapping naming
        only some pillars: those weights are kept and the others share the
        remainder in proportion to their published weights (the result's note says
        so). A one-dimensional sequence of one weight per pillar, in the system's
        order: used as given. Pillars are named by id or display name (case,
        spacing, ``_`` and ``-`` ignored); each weight is a number (a share of 1) or a
        percentage as text (``"35%"``). Scheme names (``"entropy"``, ...) are resolved
        by :func:`idx.score`, which needs the data.
    system : IndexSystem

    Returns
    -------
    WeightChoice

    Raises
    ------
    WeightError
        On unknown or repeated pillars, negative or non-numeric weights, a full vector
        not summing to 1 (with a hint when it sums to 100), an array of more than one
        dimension, or a partial mapping whose weights exceed 1.
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
        raise _string_error(weights)
    if isinstance(weights, Mapping):
        if not weights:
            msg = "'weights' mapping must name at least one pillar (got an empty mapping)"
            raise WeightError(msg)
        pillars = resolve_pillars(system, list(weights), what="weights")
        given = {
            pillar: _number(value, f"pillar {pillar!r}")
            for pillar, value in zip(pillars, weights.values(), strict=True)
        }
        if len(given) == len(ids):
            vector = np.array([given[k] for k in ids])
            _check_sum(math.fsum(vector), list(weights.values()))
            return _choice(system, vector, "custom")
        given_sum = math.fsum(given.values())
        if given_sum > 1.0 + WEIGHT_SUM_TOLERANCE:
            msg = f"partial 'weights' must sum to at most 1 (got {given_sum:.12g})"
            if given_sum <= 100.0 and not any(_is_percent(v) for v in weights.values()):
                msg += "; for percentages write each with a % sign ('35%')"
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
        if isinstance(weights, np.ndarray) and weights.ndim != 1:
            msg = (
                "'weights' must be one-dimensional, one number per pillar "
                f"(got an array of shape {weights.shape})"
            )
            raise WeightError(msg)
        values = list(weights)
        if len(values) != len(ids):
            msg = f"'weights' must hold one number per pillar ({len(ids)}) (got {len(values)})"
            raise WeightError(msg)
        vector = np.array([_number(v, f"pillar {ids[i]!r}") for i, v in enumerate(values)])
        _check_sum(math.fsum(vector), values)
        return _choice(system, vector, "custom")
    msg = (
        "'weights' must be 'published', 'equal', a mapping pillar -> weight "
        f"or one number per pillar (got {type(weights).__name__})"
    )
    raise WeightError(msg)
