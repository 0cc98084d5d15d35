"""Reading a pairwise comparison matrix (for AHP weights) from a CSV file.

Each cell is a positive number or a fraction such as ``1/3``; rows are separated by
lines and cells by a comma, semicolon, tab or spaces (sniffed). The encoding is
found as for every text file (:mod:`idx.io.text`). The matrix's meaning (positive,
reciprocal, one row per pillar) is checked by :func:`idx.schemes.ahp`; this reader
checks that it is a square table of finite numbers, and names the line of any cell
that is not.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from idx.cells import is_number_text
from idx.errors import WeightError
from idx.io.delimited import split_rows
from idx.io.text import PathOrBuffer, read_text, source_name
from idx.validation import got

__all__ = ["read_matrix"]


def _cell(text: str, where: str) -> float:
    cell = text.strip()
    top, slash, bottom = cell.partition("/")
    parts = [top, bottom] if slash else [top]
    # Each side a plain decimal number. (Not fractions.Fraction: it reads "1e999999999"
    # exactly, and computing 10**999999999 never ends.)
    if not all(is_number_text(part) for part in parts):
        msg = f"{where}: cells must be numbers or fractions like 1/3 (got {got(cell)})"
        raise WeightError(msg)
    numbers = [float(part) for part in parts]
    if not all(math.isfinite(n) for n in numbers):
        msg = f"{where}: cells must be finite numbers (got {got(cell)})"
        raise WeightError(msg)
    if slash and numbers[1] == 0.0:
        msg = f"{where}: {got(cell)} divides by zero"
        raise WeightError(msg)
    value = numbers[0] / numbers[1] if slash else numbers[0]
    if not math.isfinite(value):  # 1e300/1e-300
        msg = f"{where}: {got(cell)} is too large"
        raise WeightError(msg)
    return value


def read_matrix(
    path_or_buffer: PathOrBuffer, *, source: str = "", encoding: str | None = None
) -> NDArray[np.float64]:
    """A square matrix of numbers from a CSV of numbers and fractions (``1/3``).

    Parameters
    ----------
    path_or_buffer : path, or a text or binary file object
    source : str, optional
        Its name in messages (default: the path).
    encoding : str, optional
        By default UTF-8 (with or without a byte-order mark), else GB18030.

    Returns
    -------
    ndarray, shape (m, m)

    Raises
    ------
    WeightError
        For an unreadable file, text that is not in a known encoding, a cell that is
        not a finite number or fraction (``1/0``), rows of different lengths, or a
        matrix that is not square; naming the line.
    """
    name = source_name(path_or_buffer, source)
    text, _ = read_text(path_or_buffer, name, WeightError, encoding)
    # a hand-aligned matrix ("1  3  5") has irregular spaces no sniffer can count
    rows = split_rows(text, name, WeightError, candidates=",;\t ", fallback=" ")
    if not rows.rows:
        msg = f"{name}: no matrix found (the file is empty)"
        raise WeightError(msg)
    # split on spaces, a line's leading or doubled spaces leave empty cells behind
    records = [[c for c in r if c.strip()] if rows.sep == " " else r for r in rows.rows]
    width = len(records[0])
    matrix = []
    for cells, line in zip(records, rows.lines, strict=True):
        if len(cells) != width:
            msg = (
                f"{name}: line {line} has {len(cells)} cells but line {rows.lines[0]} has "
                f"{width}; every row of the matrix must have the same length"
            )
            raise WeightError(msg)
        matrix.append([_cell(c, f"{name}: line {line}") for c in cells])
    if len(matrix) != width:
        msg = f"{name}: the matrix must be square (got {len(matrix)} rows of {width} cells)"
        raise WeightError(msg)
    return np.array(matrix, dtype=np.float64)
