"""Parsing the report's Table 2 as it appears in extracted text.

The extracted text splits numbers (``5. 75`` for 5.75), separates columns by
tabs or runs of spaces, interleaves blank lines, and labels regions as
``Xizang (Tibet)``. :func:`parse_report_table` repairs the first, tolerates the
rest, and rejects anything else with the line number.
"""

from __future__ import annotations

import re

import numpy as np

from idx.edition import Edition
from idx.errors import IdxError, ParseError
from idx.io.csv import require_system
from idx.options import UnitKind
from idx.provenance import Step
from idx.provinces import unit_name
from idx.system import IndexSystem

__all__ = ["parse_report_table"]

# "5. 75" -> "5.75": a PDF-to-text artifact. Table figures never end in a bare dot,
# so a dot followed by white space and digits is always one split number.
_SPLIT_NUMBER = re.compile(r"(\d)\.\s+(\d)")
_NUMBER = r"\d+(?:\.\d+)?"


def _decimals(token: str) -> int:
    return len(token.split(".")[1]) if "." in token else 0


def _row_pattern(n_numbers: int) -> re.Pattern[str]:
    """``rank  region  n_numbers numbers``, white space between."""
    return re.compile(rf"^\s*(\d+)\s+(.*?\S)\s+((?:{_NUMBER}\s+){{{n_numbers - 1}}}{_NUMBER})\s*$")


def _split_row(
    line: str, row: re.Pattern[str], where: str, n_pillars: int
) -> tuple[int, str, list[str]]:
    """The rank, region label and number tokens of one table line (split numbers joined)."""
    match = row.match(_SPLIT_NUMBER.sub(r"\1.\2", line))
    if match is None:
        msg = (
            f"{where}: expected a rank, a region and {n_pillars + 1} numbers "
            f"({n_pillars} sub-scores and the total) (got {line.strip()!r})"
        )
        raise ParseError(msg)
    return int(match.group(1)), match.group(2), match.group(3).split()


def parse_report_table(
    text: str,
    *,
    system: IndexSystem | None = None,
    year: int | None = None,
    national_score: float | None = None,
    unit_kind: UnitKind = "province",
    source: str = "report text",
) -> Edition:
    """Parse the raw text of a ranking table into an :class:`~idx.Edition`.

    Parameters
    ----------
    text : str
        Lines of the form ``rank  region  s_1 ... s_m  total``. Lines that do not
        start with a digit (titles, headers, blank lines) are skipped; a line that
        starts with a digit but does not parse is an error.
    system : IndexSystem
        The table must have one sub-score per pillar (``idx.parse_report_table``
        defaults it to the 2017 system).
    year, national_score, unit_kind, source
        Recorded on the edition; ``source`` also prefixes error messages.

    Returns
    -------
    Edition
        With reported totals and ranks, and ``decimals`` counted from the text.

    Raises
    ------
    ParseError
        Naming the line number and what was expected.
    UnknownUnitError
        For a region label the registry does not know, with a suggestion.

    Examples
    --------
    >>> from idx import parse_report_table
    >>> e = parse_report_table("1\\tGuangdong\\t5. 75\\t7. 69\\t7. 65\\t16. 27\\t3.83\\t3. 99\\t45. 19")
    >>> float(e.subscores[0, 0])
    5.75
    """
    if not isinstance(text, str):
        msg = f"'text' must be a string (got {type(text).__name__})"
        raise ParseError(msg)
    system = require_system(system)
    row = _row_pattern(len(system) + 1)
    units: list[str] = []
    first_line: dict[str, int] = {}
    rows: list[list[float]] = []
    totals: list[float] = []
    ranks: list[int] = []
    decimals = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or not line.lstrip()[0].isdigit():
            continue
        rank, label, tokens = _split_row(line, row, f"{source}: line {number}", len(system))
        name = unit_name(label, unit_kind, f"{source}: line {number}")
        if name in first_line:
            msg = f"{source}: line {number}: region {name!r} appears twice (first on line {first_line[name]})"
            raise ParseError(msg)
        first_line[name] = number
        decimals = max(decimals, *(_decimals(t) for t in tokens))
        values = [float(t) for t in tokens]
        units.append(name)
        ranks.append(rank)
        rows.append(values[:-1])
        totals.append(values[-1])
    if not units:
        msg = f"{source}: no table rows found (a row starts with its rank)"
        raise ParseError(msg)
    try:
        return Edition(
            system=system,
            units=tuple(units),
            subscores=np.array(rows),
            reported_totals=np.array(totals),
            reported_ranks=np.array(ranks),
            year=year,
            national_score=national_score,
            source=source,
            unit_kind=unit_kind,
            decimals=decimals,
            steps=(
                Step(
                    "parse_report_text",
                    f"parsed {len(units)} table rows from {source} (split numbers repaired)",
                    {"source": source, "decimals": decimals},
                ),
            ),
        )
    except IdxError as exc:
        raise type(exc)(f"{source}: {exc}") from None
