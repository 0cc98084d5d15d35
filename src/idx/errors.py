"""Exceptions raised by idx.

Every error idx raises on bad input is an :class:`IdxError`, which is also a
:class:`ValueError`, so callers can catch either. Messages name the offending
file, row, column or value and the rule broken, in the style
``'weights' must sum to 1 (got 0.95)``.
"""

from __future__ import annotations

__all__ = [
    "AggregationError",
    "IdxError",
    "IndexSystemError",
    "OptionError",
    "ParseError",
    "SpaceError",
    "TableError",
    "UncertaintyError",
    "UnknownUnitError",
    "WeightError",
]


class IdxError(ValueError):
    """Base class of every error idx raises on bad input."""


class IndexSystemError(IdxError):
    """An index system (pillars, ids, weights) is malformed."""


class WeightError(IdxError):
    """A weight vector or weight specification is invalid."""


class TableError(IdxError):
    """A table of scores is malformed: columns, cells, ranges or duplicates."""


class ParseError(IdxError):
    """The raw text of a report table cannot be parsed."""


class UnknownUnitError(IdxError):
    """A unit (province, city, country) name is not recognised."""


class SpaceError(IdxError):
    """A space of admissible weights is malformed or empty."""


class AggregationError(IdxError):
    """An aggregation rule cannot be applied to the given data."""


class UncertaintyError(IdxError):
    """A description of uncertain inputs (:class:`idx.Uncertainty`) is malformed or does
    not apply to the edition it is used on."""


class OptionError(IdxError):
    """A command-line option is malformed, or does not apply to the command as given."""
