"""Parsing the report's Table 2 as it appears in extracted text.

The extracted text splits numbers (``5. 75`` for 5.75), separates columns by
tabs or runs of spaces, interleaves blank lines, and labels regions as
``Xizang (Tibet)``. :func:`parse_report_table` repairs the first, tolerates the
rest, and reads every line that looks like a table row or rejects it with its line
number: nothing that looks like data is skipped.
"""

from __future__ import annotations

import math
import re

import numpy as np

from idx.cells import MAX_RANK
from idx.edition import Edition, edition_from_table
from idx.errors import ParseError, TableError, UnknownUnitError
from idx.io.csv import require_system
from idx.io.text import PathOrBuffer, read_text, source_name
from idx.options import TableValues, UnitKind
from idx.provenance import Step
from idx.provinces import is_national, lookup_province, unit_name
from idx.system import IndexSystem
from idx.tables import ParsedTable
from idx.tolerances import SUBSCORE_SLACK
from idx.validation import got, one_of

__all__ = ["parse_report_table", "read_report_text"]

# "5. 75" -> "5.75": a PDF-to-text artifact. Table figures never end in a bare dot,
# so a dot followed by white space and digits is always one split number.
_SPLIT_NUMBER = re.compile(r"(\d)\.\s+(\d)")
_NUMBER = r"\d+(?:\.\d+)?"
_NUMBER_TOKEN = re.compile(rf"^{_NUMBER}$")
# Invisible characters a copy from a PDF or a file's byte-order mark leave in the text.
_INVISIBLE = re.compile("[\ufeff\u200b\u200c\u200d\u2060]")
# A line with this many standalone numbers is a table row, whatever else it holds.
_ROW_NUMBERS = 3


def _decimals(token: str) -> int:
    return len(token.split(".")[1]) if "." in token else 0


def _row_pattern(n_numbers: int) -> re.Pattern[str]:
    """``[rank]  region  n_numbers numbers``, white space between."""
    return re.compile(
        rf"^\s*(?:(\d+)\s+)?(.*?\S)\s+((?:{_NUMBER}\s+){{{n_numbers - 1}}}{_NUMBER})\s*$"
    )


def _looks_like_data(line: str, unit_kind: UnitKind) -> bool:
    """A row starts with its rank, holds several numbers, or starts with a known region."""
    stripped = line.strip()
    if not stripped:
        return False
    if stripped[0].isdigit():
        return True
    tokens = stripped.split()
    numbers = [k for k, token in enumerate(tokens) if _NUMBER_TOKEN.match(token)]
    if len(numbers) >= _ROW_NUMBERS:
        return True
    if unit_kind != "province" or not numbers:
        return False
    label = " ".join(tokens[: numbers[0]])
    if is_national(label):
        return True
    try:
        lookup_province(label)
    except UnknownUnitError:
        return False
    return True


def _rank(token: str | None, where: str) -> int | None:
    if token is None:
        return None
    # int() refuses more than 4300 digits, and past MAX_RANK a rank is a typo
    if len(token) > len(str(MAX_RANK)) or not 1 <= int(token) <= MAX_RANK:
        msg = f"{where}: rank must be a whole number from 1 to {MAX_RANK:,} (got {got(token)})"
        raise ParseError(msg)
    return int(token)


def _figures(
    tokens: list[str], system: IndexSystem, values: TableValues, label: str, where: str
) -> tuple[list[float], float]:
    """The sub-scores and the total of one row, checked."""
    numbers = [float(t) for t in tokens]
    for token, number in zip(tokens, numbers, strict=True):
        if not math.isfinite(number):
            msg = f"{where}: {got(token)} is not a finite number"
            raise ParseError(msg)
    subscores = []
    for j, pillar in enumerate(system):
        value = numbers[j]
        if values == "index":
            if value > 100.0 + SUBSCORE_SLACK:
                msg = f"{where}: index of {label!r} for pillar {pillar.id!r} must be in [0, 100] (got {value:g})"
                raise TableError(msg)
            value *= pillar.weight
        elif value > 100.0 * pillar.weight + SUBSCORE_SLACK:
            hint = (
                "; if the table holds 0-100 pillar indices, read it with values='index' "
                "(--values index)"
                if value <= 100.0
                else ""
            )
            msg = (
                f"{where}: sub-score of {label!r} for pillar {pillar.id!r} must be in "
                f"[0, {100.0 * pillar.weight:g}] (100 x weight {pillar.weight:g}) (got {value:g}){hint}"
            )
            raise TableError(msg)
        subscores.append(value)
    return subscores, numbers[-1]


def parse_report_table(
    text: str,
    *,
    system: IndexSystem | None = None,
    year: int | None = None,
    national_score: float | None = None,
    unit_kind: UnitKind = "province",
    source: str = "report text",
    values: TableValues = "subscores",
) -> Edition:
    """Parse the raw text of a ranking table into an :class:`~idx.Edition`.

    Parameters
    ----------
    text : str
        Lines of the form ``rank  region  s_1 ... s_m  total``. A line is a table
        row if it starts with a digit, holds three or more numbers, or starts with a
        region's name; every such line must parse, or the error names it. Other lines
        (titles, headers, blank lines) are skipped. Rows may all omit the rank.
    system : IndexSystem
        The table must have one sub-score per pillar (``idx.parse_report_table``
        defaults it to the 2017 system).
    year, national_score, unit_kind, source
        Recorded on the edition; ``source`` also prefixes error messages. A row
        labelled ``China`` or ``全国`` (a province table's national row) gives the
        national score: its total.
    values : {"subscores", "index"}
        ``"index"``: the figures are 0-100 pillar indices, converted to sub-scores.

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
    return _parse(
        text,
        system=system,
        year=year,
        national_score=national_score,
        unit_kind=unit_kind,
        source=source,
        values=values,
        steps=(),
    )


def _parse(
    text: object,
    *,
    system: IndexSystem | None,
    year: int | None,
    national_score: float | None,
    unit_kind: UnitKind,
    source: str,
    values: TableValues,
    steps: tuple[Step, ...],
) -> Edition:
    if not isinstance(text, str):
        hint = "; read a file with idx.read_report_text" if isinstance(text, bytes) else ""
        msg = f"'text' must be a string (got {type(text).__name__}){hint}"
        raise ParseError(msg)
    system = require_system(system)
    one_of("unit_kind", unit_kind, UnitKind, error=ParseError)
    one_of("values", values, TableValues, error=ParseError)
    row = _row_pattern(len(system) + 1)
    units: list[str] = []
    first_line: dict[str, int] = {}
    rows: list[list[float]] = []
    totals: list[float] = []
    ranks: list[int | None] = []
    rank_lines: list[int] = []
    national: tuple[int, str, float] | None = None
    decimals = 0
    repaired = 0
    for number, raw in enumerate(_INVISIBLE.sub("", text).splitlines(), start=1):
        line = _SPLIT_NUMBER.sub(r"\1.\2", raw)
        if not _looks_like_data(line, unit_kind):
            continue
        where = f"{source}: line {number}"
        match = row.match(line)
        if match is None:
            msg = (
                f"{where}: expected a rank, a region and {len(system) + 1} numbers "
                f"({len(system)} sub-scores and the total) (got {got(raw.strip())})"
            )
            raise ParseError(msg)
        repaired += line != raw
        rank = _rank(match.group(1), where)
        label, tokens = match.group(2), match.group(3).split()
        decimals = max(decimals, *(_decimals(t) for t in tokens))
        subscores, total = _figures(tokens, system, values, label, where)
        if unit_kind == "province" and is_national(label):
            if national is not None:
                msg = f"{where}: a second national row ({label!r}; the first is on line {national[0]})"
                raise ParseError(msg)
            national = (number, label, total)
            continue
        name = unit_name(label, unit_kind, where)
        if name in first_line:
            msg = f"{where}: region {name!r} appears twice (first on line {first_line[name]})"
            raise ParseError(msg)
        first_line[name] = number
        units.append(name)
        ranks.append(rank)
        rank_lines.append(number)
        rows.append(subscores)
        totals.append(total)
    if not units:
        msg = f"{source}: no table rows found (a row is a rank, a region and its figures)"
        raise ParseError(msg)
    with_rank = [n for n, rank in zip(rank_lines, ranks, strict=True) if rank is not None]
    if with_rank and len(with_rank) < len(ranks):
        bare = next(n for n, rank in zip(rank_lines, ranks, strict=True) if rank is None)
        msg = (
            f"{source}: line {bare}: the row has no rank, while line {with_rank[0]} has one; "
            "give every row its rank, or none"
        )
        raise ParseError(msg)
    table_steps = [
        Step(
            "parse_report_text",
            f"parsed {len(units)} table rows from {source} "
            f"(split numbers repaired on {repaired} line(s))",
            {"source": source, "decimals": decimals, "repaired_lines": repaired},
        )
    ]
    if national is not None:
        table_steps.append(
            Step(
                "national_row",
                f"line {national[0]} ({national[1]!r}) is the national reference, not a "
                f"province: national score {national[2]:g} (its total)",
                {"line": national[0], "label": national[1], "national_score": national[2]},
            )
        )
    if values == "index":
        table_steps.append(
            Step(
                "index_to_subscores",
                "multiplied the 0-100 pillar indices by their weights into sub-scores",
                {"values": "index", "weights": tuple(float(w) for w in system.weights)},
            )
        )
    table = ParsedTable(
        units=tuple(units),
        subscores=np.array(rows, dtype=np.float64),
        reported_totals=np.array(totals, dtype=np.float64),
        reported_ranks=np.array(ranks, dtype=np.float64) if with_rank else None,
        decimals=decimals,
        national_score=None if national is None else national[2],
        layout="wide",
        steps=tuple(table_steps),
    )
    return edition_from_table(
        table,
        system=system,
        source=source,
        unit_kind=unit_kind,
        year=year,
        national_score=national_score,
        steps=steps,
    )


def read_report_text(
    path_or_buffer: PathOrBuffer,
    *,
    system: IndexSystem | None = None,
    year: int | None = None,
    national_score: float | None = None,
    unit_kind: UnitKind = "province",
    source: str = "",
    values: TableValues = "subscores",
    encoding: str | None = None,
) -> Edition:
    """:func:`parse_report_table` on the text of a file or buffer (a ``.txt`` report table).

    The encoding is found as by :func:`idx.read_csv` (a byte-order mark, else UTF-8,
    else GB18030) unless ``encoding`` is given, and recorded in the edition's steps.
    """
    name = source_name(path_or_buffer, source)
    text, decoded = read_text(path_or_buffer, name, ParseError, encoding)
    return _parse(
        text,
        system=system,
        year=year,
        national_score=national_score,
        unit_kind=unit_kind,
        source=name,
        values=values,
        steps=() if decoded is None else (decoded,),
    )
