"""Reading numbers and labels out of a table's cells, with the cell's location in messages.

A table reaches idx either as text (a CSV file, every cell a string, parsed strictly)
or as a DataFrame of numbers. :class:`Cells` reads both the same way and names the
source, row and column of any cell it rejects.
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from idx.errors import IdxError, TableError
from idx.tolerances import DECIMALS_ATOL
from idx.validation import got

__all__ = ["Cells", "decimals_of_values", "where"]

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
# Finer than this is not a printed precision but an exact figure.
_MAX_INFERRED_DECIMALS = 6


def where(source: str, row: Hashable, column: str | None = None) -> str:
    """``"source: row 3, column 'x'"``: the location prefix of every cell message."""
    col = f", column {column!r}" if column is not None else ""
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


class Cells:
    """Reads numbers out of a frame of text (CSV) or of numbers (DataFrame), with locations.

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
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        source: str,
        *,
        text: bool,
        row_of: Sequence[Hashable],
        error: type[IdxError] = TableError,
    ) -> None:
        self.frame = frame
        self.source = source
        self.text = text
        self.row_of = row_of
        self.error = error
        #: Most decimals written in any parsed text cell (the table's printed precision).
        self.max_decimals = 0

    def where(self, i: int, column: str | None = None) -> str:
        """Location prefix of positional row ``i``."""
        return where(self.source, self.row_of[i], column)

    def number(self, i: int, column: str, what: str) -> float:
        """The number in row ``i``, ``column``; ``what`` names it in messages."""
        value = self.frame[column].iloc[i]
        at = self.where(i, column)
        if self.text:
            text = str(value).strip()
            if text == "":
                msg = f"{at}: {what} is missing (got an empty cell)"
                raise self.error(msg)
            if not _NUMBER.match(text):
                msg = f"{at}: {what} must be a number (got {got(value)})"
                raise self.error(msg)
            self.max_decimals = max(self.max_decimals, _decimals_of_text(text))
            return float(text)
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            msg = f"{at}: {what} must be a number (got {got(value)})"
            raise self.error(msg)
        number = float(value)
        if not math.isfinite(number):
            msg = f"{at}: {what} must be a finite number (got {got(value)})"
            raise self.error(msg)
        return number

    def label(self, i: int, column: str) -> str:
        """The non-empty text label in row ``i``, ``column``."""
        value = self.frame[column].iloc[i]
        if not isinstance(value, str) or not value.strip():
            msg = (
                f"{self.where(i, column)}: unit name must be a non-empty string (got {got(value)})"
            )
            raise self.error(msg)
        return value
