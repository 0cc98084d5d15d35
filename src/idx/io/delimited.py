"""Delimited text into rows with their real line numbers: the separator sniffed, not assumed.

The separator is found by :class:`csv.Sniffer` among the candidates (comma,
semicolon, tab; a matrix also allows a space) unless the caller gives one. Records
are split by :mod:`csv` (quoted cells may hold separators and line breaks). Each row
keeps the number of the line it starts on, so a message names the line a person
sees in an editor even after blank lines, and blank rows are skipped.
"""

from __future__ import annotations

import csv
import io
from typing import NamedTuple

import pandas as pd

from idx.cells import Decimal
from idx.errors import IdxError
from idx.provenance import Step
from idx.validation import got

__all__ = ["Rows", "check_decimal", "check_sep", "split_rows", "to_frame"]

_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", " ": "space"}
# The sniffer reads at most this much: enough lines to see the pattern, and a huge
# file (or a 50 MB cell) costs no more than a small one.
_SAMPLE = 64 * 1024


class Rows(NamedTuple):
    """The non-blank rows of a delimited text, each with the line it starts on."""

    rows: list[list[str]]
    lines: list[int]
    sep: str
    steps: tuple[Step, ...]


def check_sep(sep: object, error: type[IdxError]) -> str | None:
    """``sep`` if it is one character a CSV can be split on (a tab may be written ``\\t``)."""
    if sep is None:
        return None
    if sep in ("\\t", "tab"):
        return "\t"
    if not isinstance(sep, str) or len(sep) != 1 or sep in '"\r\n' or sep.isalnum():
        msg = f"'sep' must be one character such as ',', ';' or a tab (got {got(sep)})"
        raise error(msg)
    return sep


def check_decimal(decimal: object, sep: str | None, error: type[IdxError]) -> Decimal | None:
    """``decimal`` if it is ``"."`` or ``","`` and differs from the separator."""
    if decimal is None:
        return None
    if decimal not in (".", ","):
        msg = f"'decimal' must be '.' or ',' (got {got(decimal)})"
        raise error(msg)
    if decimal == sep:
        msg = f"'decimal' and 'sep' must differ (both {decimal!r})"
        raise error(msg)
    return "." if decimal == "." else ","


def _sniff(text: str, candidates: str) -> str | None:
    """The separator :class:`csv.Sniffer` finds in the first lines, or failing that (rows
    of different lengths) in the first non-blank line alone."""
    sample = text[:_SAMPLE]
    if len(text) > _SAMPLE and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    first = next((line for line in sample.splitlines() if line.strip()), "")
    for part in (sample, first):
        try:
            return csv.Sniffer().sniff(part, delimiters=candidates).delimiter
        except csv.Error:
            continue
    return None


def split_rows(
    text: str,
    source: str,
    error: type[IdxError],
    *,
    sep: str | None = None,
    candidates: str = ",;\t",
    fallback: str = ",",
) -> Rows:
    """The non-blank rows of ``text``, split on ``sep``, the sniffed separator, or else
    ``fallback``."""
    given = sep is not None
    found = sep if sep is not None else _sniff(text, candidates)
    if found is None:
        found = fallback
        how = f"could not be sniffed; assumed {_NAMES.get(fallback, repr(fallback))}"
    else:
        how = "given" if given else "sniffed"
    name = _NAMES.get(found, repr(found))
    rows: list[list[str]] = []
    lines: list[int] = []
    # newline="": csv sees every line ending as written, and counts lines right
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=found,
        strict=True,
        skipinitialspace=found == " ",
    )
    start = 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                rows.append(record)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        reason = str(exc)
        if "field larger than field limit" in reason:
            reason = f"a cell longer than {csv.field_size_limit():,} characters"
        msg = f"{source}: line {reader.line_num}: not a readable {name}-separated table ({reason})"
        raise error(msg) from None
    step = Step(
        "separator",
        f"split {source} on {name}s ({how})",
        {"sep": found, "detected": not given},
    )
    return Rows(rows, lines, found, (step,))


def to_frame(
    rows: Rows, source: str, error: type[IdxError]
) -> tuple[pd.DataFrame, list[int], tuple[Step, ...]]:
    """The header row as column labels, the other rows as text cells, their line numbers.

    Rows shorter than the header are padded with empty cells (a missing figure is then
    reported where it is missing); empty cells past the header's last column (trailing
    separators) are ignored and recorded; any other cell past it is an error.
    """
    if not rows.rows:
        msg = f"{source}: no table found (the text is empty)"
        raise error(msg)
    header, body = rows.rows[0], rows.rows[1:]
    width = len(header)
    trimmed = 0
    cells: list[list[str]] = []
    for record, line in zip(body, rows.lines[1:], strict=True):
        if len(record) > width:
            extra = record[width:]
            if any(cell.strip() for cell in extra):
                value = next(cell for cell in extra if cell.strip())
                msg = (
                    f"{source}: line {line} has {len(record)} cells but the header "
                    f"(line {rows.lines[0]}) has {width}; the extra cell holds {got(value)}"
                )
                raise error(msg)
            record = record[:width]
            trimmed += 1
        cells.append(record + [""] * (width - len(record)))
    frame = pd.DataFrame(cells, columns=pd.Index(header), dtype=object)
    if not cells:
        frame = pd.DataFrame(columns=pd.Index(header), dtype=object)
    steps = rows.steps
    if trimmed:
        steps = (
            *steps,
            Step(
                "drop_cells",
                f"ignored empty cells past the header's last column on {trimmed} line(s) "
                "(trailing separators)",
                {"lines": trimmed},
            ),
        )
    return frame, rows.lines[1:], steps
