"""Reading numbers and labels out of a table's cells, with the cell's location in messages.

A table reaches idx as text (a CSV file: every cell a string, parsed strictly), as a
DataFrame of numbers, or as a spreadsheet whose cells are numbers or text. :class:`Cells`
reads all three the same way and names the source, row and column of any cell it
rejects.
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from idx.errors import IdxError, TableError
from idx.tolerances import DECIMALS_ATOL
from idx.validation import got

__all__ = [
    "MAX_LABEL",
    "MAX_RANK",
    "Cells",
    "Decimal",
    "decimals_of_values",
    "is_number_text",
    "where",
]

#: The decimal mark of numbers written as text: a point, a comma, or (``"auto"``,
#: for a semicolon- or tab-separated file) either.
Decimal = Literal[".", ",", "auto"]

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_COMMA_NUMBER = re.compile(r"^[+-]?(\d+(,\d*)?|,\d+)([eE][+-]?\d+)?$")
# Finer than this is not a printed precision but an exact figure.
_MAX_INFERRED_DECIMALS = 6
#: Largest rank a table may report. A rank is a position in a table: no table ranks a
#: billion units, and past 2**63 a rank cannot even be stored as an integer (1e20 used
#: to become -9223372036854775808).
MAX_RANK = 1_000_000_000
#: Longest unit label accepted: longer is a pasted paragraph or a corrupt cell, not a name.
MAX_LABEL = 200
# What pandas and spreadsheets write for a missing label; never a unit's name.
_MISSING_LABELS = frozenset({"nan", "<na>", "none", "null", "n/a", "#n/a"})


def where(source: str, row: Hashable, column: str | None = None) -> str:
    """``"source: row 3, column 'x'"``: the location prefix of every cell message."""
    col = f", column {got(column)}" if column is not None else ""
    return f"{source}: row {row}{col}"


def _decimals_of_text(text: str) -> int:
    mantissa = text.strip().lower().split("e")[0]
    return len(mantissa.split(".")[1]) if "." in mantissa else 0


def decimals_of_values(values: np.ndarray[Any, Any]) -> int | None:
    """The fewest decimals (up to 6) that write every value; ``None`` if none do."""
    for k in range(_MAX_INFERRED_DECIMALS + 1):
        if np.allclose(values, np.round(values, k), rtol=0.0, atol=DECIMALS_ATOL):
            return k
    return None


def is_number_text(text: str, decimal: Decimal = ".") -> bool:
    """Whether ``text`` is a plain decimal number with the given decimal mark."""
    stripped = text.strip()
    if decimal in (".", "auto") and _NUMBER.match(stripped):
        return True
    return decimal in (",", "auto") and bool(_COMMA_NUMBER.match(stripped))


def is_empty(value: object) -> bool:
    """Whether a cell holds nothing: an empty or blank string, None, or a missing value."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (float, np.floating)):
        return math.isnan(value)
    return value is pd.NA or value is pd.NaT


class Cells:
    """Reads numbers out of a frame of text (CSV), of numbers (DataFrame) or of both (Excel).

    Parameters
    ----------
    frame : DataFrame
    source : str
        Name of the table in messages (a path, ``"<DataFrame>"``).
    text : bool
        Whether cells are strings to parse (CSV) or already numbers.
    row_of : sequence
        The row label to print for each positional row (a CSV line number, an index label).
    error : type of IdxError
        Raised on a bad cell.
    decimal : {".", ",", "auto"}
        The decimal mark of numbers written as text.
    mixed : bool
        Cells may be numbers or text (a spreadsheet): text is parsed as in a CSV,
        numbers taken as they are, and an empty cell is missing.
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        source: str,
        *,
        text: bool,
        row_of: Sequence[Hashable],
        error: type[IdxError] = TableError,
        decimal: Decimal = ".",
        mixed: bool = False,
    ) -> None:
        self.frame = frame
        self.source = source
        self.text = text
        self.row_of = row_of
        self.error = error
        self.decimal = decimal
        self.mixed = mixed
        #: Most decimals written in any parsed text cell (the table's printed precision).
        self.max_decimals = 0
        #: Values of cells that were numbers already (their precision is inferred).
        self.numeric_values: list[float] = []
        #: How many text cells were written with a decimal comma.
        self.decimal_commas = 0
        self._columns: dict[str, list[object]] = {}

    def where(self, i: int, column: str | None = None) -> str:
        """Location prefix of positional row ``i``."""
        return where(self.source, self.row_of[i], column)

    def value(self, i: int, column: str) -> object:
        """The raw content of row ``i``, ``column``."""
        # Each column is read out of the frame once: pandas' per-cell access costs
        # microseconds, and a table of thousands of units has tens of thousands of cells.
        cells = self._columns.get(column)
        if cells is None:
            cells = self._columns[column] = self.frame[column].tolist()
        return cells[i]

    def is_empty(self, i: int, column: str) -> bool:
        """Whether row ``i``, ``column`` holds nothing."""
        return is_empty(self.value(i, column))

    def number(self, i: int, column: str, what: str) -> float:
        """The number in row ``i``, ``column``; ``what`` names it in messages."""
        value = self.value(i, column)
        at = self.where(i, column)
        if self.text or (self.mixed and (isinstance(value, str) or is_empty(value))):
            return self._parse(value, at, what)
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            msg = f"{at}: {what} must be a number (got {got(value)})"
            raise self.error(msg)
        try:
            number = float(value)
        except OverflowError:  # a Python int beyond the float range
            number = math.inf
        if not math.isfinite(number):
            msg = f"{at}: {what} must be a finite number (got {got(value)})"
            raise self.error(msg)
        self.numeric_values.append(number)
        return number

    def _parse(self, value: object, at: str, what: str) -> float:
        text = "" if is_empty(value) else str(value).strip()
        if text == "":
            msg = f"{at}: {what} is missing (got an empty cell)"
            raise self.error(msg)
        point = self.decimal in (".", "auto") and _NUMBER.match(text)
        comma = not point and self.decimal in (",", "auto") and _COMMA_NUMBER.match(text)
        if not (point or comma):
            mark = " with a decimal comma" if self.decimal == "," else ""
            msg = f"{at}: {what} must be a number{mark} (got {got(value)})"
            raise self.error(msg)
        if comma:
            text = text.replace(",", ".")
            self.decimal_commas += "." in text
        number = float(text)  # never raises on a matched pattern; overflows to inf
        if not math.isfinite(number):
            msg = f"{at}: {what} must be a finite number (got {got(value)})"
            raise self.error(msg)
        self.max_decimals = max(self.max_decimals, _decimals_of_text(text))
        return number

    def label(self, i: int, column: str) -> str:
        """The non-empty text label in row ``i``, ``column``."""
        value = self.value(i, column)
        at = self.where(i, column)
        if not isinstance(value, str) or not value.strip():
            msg = f"{at}: unit name must be a non-empty string (got {got(value)})"
            raise self.error(msg)
        if len(value) > MAX_LABEL:
            msg = f"{at}: unit name must be at most {MAX_LABEL} characters (got {got(value)})"
            raise self.error(msg)
        if value.strip().casefold() in _MISSING_LABELS:
            msg = f"{at}: unit name {value.strip()!r} is a missing value, not a name"
            raise self.error(msg)
        return value

    def rank(self, i: int, column: str) -> float:
        """A reported rank: a whole number in [1, :data:`MAX_RANK`]."""
        rank = self.number(i, column, "rank")
        if rank != math.floor(rank) or not 1 <= rank <= MAX_RANK:
            msg = (
                f"{self.where(i, column)}: rank must be a whole number from 1 to "
                f"{MAX_RANK:,} (got {got(self.value(i, column))})"
            )
            raise self.error(msg)
        return rank

    def decimals(self) -> int | None:
        """The printed precision of every number read: written decimals of text cells,
        the fewest decimals (up to 6) writing the numeric ones; ``None`` if exact."""
        if not self.numeric_values:
            return self.max_decimals
        numeric = decimals_of_values(np.asarray(self.numeric_values))
        return None if numeric is None else max(numeric, self.max_decimals)
