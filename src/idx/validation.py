"""Argument checks shared by every module, worded one way, in the style of attrs' validators.

Every message has the shape ``'<name>' must <rule> (got <value>)``, for example
``'n' must be a positive integer (got 0)``. Each check returns the value it accepted
(converted to a plain Python type) and raises the :class:`~idx.errors.IdxError`
subclass the caller names, so that an index-system check raises
:class:`~idx.errors.IndexSystemError` and a weight check :class:`~idx.errors.WeightError`.

Values in messages are shown with ``repr`` and cut to 60 characters, so a huge cell
cannot make a huge message. Where the thing checked is not a parameter but, say, one
pillar's weight, ``subject`` replaces the quoted name: ``weight of pillar 'application'
must be finite and >= 0 (got -0.1)``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, TypeVar

import numpy as np

from idx.errors import IdxError
from idx.options import choices

__all__ = [
    "finite_number",
    "got",
    "one_of",
    "positive_int",
    "probability",
    "random_seed",
    "real_number",
    "subset_of",
    "unique",
]

_T = TypeVar("_T")

#: Longest shown value: a message names the value without repeating a whole file.
_SHOWN = 60

_INTEGERS = (int, np.integer)
_NUMBERS = (int, float, np.integer, np.floating)


def got(value: object) -> str:
    """``repr(value)``, cut to a readable length."""
    text = repr(value)
    return text if len(text) <= _SHOWN else f"{text[: _SHOWN - 3]}..."


def _subject(name: str, subject: str | None) -> str:
    return f"'{name}'" if subject is None else subject


def one_of(
    name: str,
    value: _T,
    options: Any,
    *,
    error: type[IdxError] = IdxError,
    subject: str | None = None,
) -> _T:
    """``value`` if it is one of ``options`` (a ``Literal`` type or an iterable).

    >>> one_of("method", "dense", ("min", "dense"))
    'dense'
    """
    allowed = choices(options)
    if not any(value is option or _same(value, option) for option in allowed):
        shown = ", ".join(str(option) for option in allowed)
        msg = f"{_subject(name, subject)} must be one of {shown} (got {got(value)})"
        raise error(msg)
    return value


def _same(value: object, option: object) -> bool:
    # equality that never raises or broadcasts (an array compared to a string)
    try:
        return type(value) is type(option) and bool(value == option)
    except (TypeError, ValueError):
        return False


def subset_of(
    name: str, values: Iterable[_T], options: Any, *, error: type[IdxError] = IdxError
) -> tuple[_T, ...]:
    """``values`` as a tuple if it names at least one of ``options`` and nothing else."""
    allowed = choices(options)
    given = tuple(values)
    if not given or any(not any(_same(v, o) for o in allowed) for v in given):
        shown = ", ".join(str(option) for option in allowed)
        msg = f"'{name}' must be drawn from {shown} (got {got(list(given))})"
        raise error(msg)
    return given


def positive_int(
    name: str,
    value: object,
    *,
    minimum: int = 1,
    error: type[IdxError] = IdxError,
    subject: str | None = None,
) -> int:
    """``value`` as an ``int`` if it is a whole number (not a bool) >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, _INTEGERS) or value < minimum:
        rule = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
        msg = f"{_subject(name, subject)} must be {rule} (got {got(value)})"
        raise error(msg)
    return int(value)


def real_number(
    name: str, value: object, *, error: type[IdxError] = IdxError, subject: str | None = None
) -> float:
    """``value`` as a ``float`` if it is a real number (not a bool, not text); may be NaN."""
    if isinstance(value, bool) or not isinstance(value, _NUMBERS):
        msg = f"{_subject(name, subject)} must be a number (got {got(value)})"
        raise error(msg)
    return float(value)


def finite_number(
    name: str,
    value: object,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    error: type[IdxError] = IdxError,
    subject: str | None = None,
) -> float:
    """``value`` as a ``float`` if it is a finite real number within the given bounds.

    Bounds are closed unless ``low_open`` / ``high_open``; the rule in the message
    reads ``finite and >= 0``, ``finite and > 0`` or ``in (0, 1)``.
    """
    who = _subject(name, subject)
    number = real_number(name, value, error=error, subject=subject)
    rule = _interval(low, high, low_open, high_open)
    if not math.isfinite(number):
        msg = f"{who} must be {'finite' if rule is None else rule} (got {got(value)})"
        raise error(msg)
    below = low is not None and (number <= low if low_open else number < low)
    above = high is not None and (number >= high if high_open else number > high)
    if below or above:
        msg = f"{who} must be {rule} (got {got(value)})"
        raise error(msg)
    return number


def _interval(low: float | None, high: float | None, low_open: bool, high_open: bool) -> str | None:
    if low is not None and high is not None:
        left, right = "(" if low_open else "[", ")" if high_open else "]"
        return f"in {left}{low:g}, {high:g}{right}"
    if low is not None:
        return f"finite and {'>' if low_open else '>='} {low:g}"
    if high is not None:
        return f"finite and {'<' if high_open else '<='} {high:g}"
    return None


def probability(
    name: str, value: object, *, error: type[IdxError] = IdxError, subject: str | None = None
) -> float:
    """``value`` if it is a number strictly between 0 and 1."""
    return finite_number(
        name, value, low=0.0, high=1.0, low_open=True, high_open=True, error=error, subject=subject
    )


def random_seed(
    name: str, value: object, *, error: type[IdxError] = IdxError
) -> int | np.random.Generator | None:
    """``value`` if it can seed numpy: a whole number >= 0 (not a bool), a
    ``numpy.random.Generator``, or None (fresh entropy).

    >>> random_seed("seed", 2017)
    2017
    """
    if value is None or isinstance(value, np.random.Generator):
        return value
    if isinstance(value, bool) or not isinstance(value, _INTEGERS) or value < 0:
        msg = (
            f"'{name}' must be an integer >= 0, a numpy.random.Generator or None (got {got(value)})"
        )
        raise error(msg)
    return int(value)


def unique(name: str, values: Iterable[_T], *, error: type[IdxError] = IdxError) -> tuple[_T, ...]:
    """``values`` as a tuple if no value appears twice."""
    seen: set[Any] = set()
    out = tuple(values)
    for value in out:
        if value in seen:
            msg = f"'{name}' must not repeat a value ({got(value)} appears twice)"
            raise error(msg)
        seen.add(value)
    return out
