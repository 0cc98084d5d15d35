"""Reading editions and index systems from CSV files and DataFrames, strictly validated.

Every rejection is an :class:`~idx.errors.IdxError` naming the source, line, column,
value and rule broken. Nothing is silently dropped or coerced, and the caller's
DataFrame is never modified. What the reading found (the encoding, the separator,
how each column was matched) is recorded in the edition's provenance steps. These
readers take the index system explicitly; ``idx.read_csv`` and ``idx.from_frame``
(from :mod:`idx.datasets`) default it to the 2017 system.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from idx.cells import Cells, Decimal
from idx.edition import Edition, edition_from_table
from idx.errors import IndexSystemError, TableError
from idx.io.delimited import check_decimal, check_sep, split_rows, to_frame
from idx.io.text import PathOrBuffer, decode, read_source, source_name
from idx.options import Layout, TableValues, UnitKind
from idx.system import IndexSystem, parse_system_table
from idx.tables import DecimalsLike, parse_table

__all__ = [
    "PathOrBuffer",
    "from_frame",
    "read_csv",
    "read_system_csv",
    "require_system",
    "system_from_frame",
]


def require_system(system: Any) -> IndexSystem:
    """``system`` if it is an :class:`~idx.IndexSystem`; readers never guess one."""
    if not isinstance(system, IndexSystem):
        msg = (
            f"'system' must be an IndexSystem (got {type(system).__name__}); "
            "idx.read_csv and idx.from_frame default it to idx.SYSTEM_2017"
        )
        raise IndexSystemError(msg)
    return system


def from_frame(
    frame: pd.DataFrame,
    *,
    system: IndexSystem | None = None,
    layout: Layout = "auto",
    unit_column: str | None = None,
    unit_kind: UnitKind = "province",
    year: int | None = None,
    national_score: float | None = None,
    decimals: DecimalsLike = "infer",
    source: str = "",
    columns: Mapping[str, str] | None = None,
    values: TableValues = "subscores",
) -> Edition:
    """Build an :class:`~idx.Edition` from a DataFrame of weighted sub-scores.

    Parameters
    ----------
    frame : DataFrame
        *Wide*: one row per unit with a unit column, one column per pillar, and
        optionally ``total`` and ``rank``. *Long*: columns unit, ``pillar``,
        ``value``, one row per unit and pillar. Cells must already be numbers.
    system : IndexSystem
        The pillars and weights of the sub-scores (``idx.from_frame`` defaults it to
        ``idx.SYSTEM_2017``).
    layout : {"auto", "wide", "long"}
        ``"auto"`` picks long when the frame has ``pillar`` and ``value`` columns
        and no pillar columns.
    unit_column : str, optional
        The unit column's header. By default the column named ``unit``, ``region``,
        ``province``, ``name``, ``city``, ``country``, ``省份``, ``地区``, ... (see
        :data:`idx.tables.UNIT_COLUMNS`), or else the only column holding text.
    unit_kind : {"province", "other"}
        ``"province"`` maps labels through the province registry, and reads a
        national row (``China``, ``全国``, ``National``) as the national score;
        ``"other"`` accepts any unique names (cities, countries).
    year, national_score : optional
        ``national_score`` must agree with the table's national row, if it has one.
    decimals : int, None or "infer"
        Rounding of the published figures; ``"infer"`` takes the smallest number of
        decimals (up to 6) that represents every figure.
    source : str
        Name used in error messages and recorded on the edition.
    columns : mapping, optional
        Header -> pillar id (or ``unit``, ``total``, ``rank``) for headers that are
        neither a pillar's id nor its display name, e.g. ``{"互联网应用": "application"}``.
        Headers are matched ignoring case, white space, ``_`` and ``-``.
    values : {"subscores", "index"}
        ``"index"`` reads 0-100 pillar indices and converts them to sub-scores.

    Raises
    ------
    TableError, UnknownUnitError
        Naming the row (the frame's index label), column, value and rule.
    """
    chosen = require_system(system)
    return Edition.from_frame(
        frame,
        system=chosen,
        layout=layout,
        unit_column=unit_column,
        unit_kind=unit_kind,
        decimals=decimals,
        year=year,
        national_score=national_score,
        source=source or "<DataFrame>",
        columns=columns,
        values=values,
    )


def read_csv(
    path_or_buffer: PathOrBuffer,
    *,
    system: IndexSystem | None = None,
    layout: Layout = "auto",
    unit_column: str | None = None,
    unit_kind: UnitKind = "province",
    year: int | None = None,
    national_score: float | None = None,
    decimals: DecimalsLike = "infer",
    source: str = "",
    columns: Mapping[str, str] | None = None,
    values: TableValues = "subscores",
    encoding: str | None = None,
    sep: str | None = None,
    decimal: str | None = None,
) -> Edition:
    """Read an :class:`~idx.Edition` from a CSV file or buffer.

    Takes the layouts and options of :func:`from_frame` (``idx.read_csv`` defaults
    ``system`` to ``idx.SYSTEM_2017``). Every cell is read as text and parsed
    strictly: empty cells, ``nan``, ``inf`` and anything that is not a plain decimal
    number are errors naming the line (the line a text editor shows; blank lines
    count). ``decimals="infer"`` counts the decimals written in the file. ``source``
    names the data on the edition (default: the path).

    Parameters
    ----------
    path_or_buffer : path, or a text or binary file object
    encoding : str, optional
        By default a byte-order mark decides (UTF-8, UTF-16), else UTF-8, else
        GB18030 (GBK's superset, the default of Chinese Excel).
    sep : str, optional
        The separator; by default sniffed among comma, semicolon and tab.
    decimal : {".", ","}, optional
        The decimal mark; by default a point, and also a comma when the separator
        is a semicolon or a tab.

    Notes
    -----
    Empty columns without a header at the end of the rows (trailing separators)
    are ignored; any other column without a header is an error. The encoding and
    separator found are recorded in the edition's ``steps``.
    """
    chosen = require_system(system)
    name = source_name(path_or_buffer, source)
    given_sep = check_sep(sep, TableError)
    given_decimal = check_decimal(decimal, given_sep, TableError)
    text, decoded = decode(
        read_source(path_or_buffer, name, TableError), name, TableError, encoding
    )
    rows = split_rows(text, name, TableError, sep=given_sep)
    mark: Decimal = given_decimal or ("auto" if rows.sep in ";\t" else ".")
    if mark == rows.sep:
        msg = f"'decimal' and the separator must differ (both {mark!r})"
        raise TableError(msg)
    frame, lines, steps = to_frame(rows, name, TableError)
    table = parse_table(
        frame,
        name,
        text=True,
        row_of=lines,
        system=chosen,
        layout=layout,
        unit_column=unit_column,
        unit_kind=unit_kind,
        decimals=decimals,
        columns=columns,
        values=values,
        decimal=mark,
    )
    return edition_from_table(
        table,
        system=chosen,
        source=name,
        unit_kind=unit_kind,
        layout=layout,
        year=year,
        national_score=national_score,
        steps=(*([] if decoded is None else [decoded]), *steps),
    )


def system_from_frame(frame: pd.DataFrame, name: str = "") -> IndexSystem:
    """Build an :class:`~idx.IndexSystem` from a DataFrame with columns
    ``pillar_id, name, weight`` and optionally ``weight_status, key_factors, specification``."""
    return IndexSystem.from_frame(frame, name=name)


def read_system_csv(
    path_or_buffer: PathOrBuffer,
    name: str = "",
    *,
    encoding: str | None = None,
    sep: str | None = None,
) -> IndexSystem:
    """Read an :class:`~idx.IndexSystem` from a CSV like ``seeds/table1_index_system_2017.csv``.

    The encoding and separator are found as by :func:`read_csv`; messages name the
    file's real line numbers.
    """
    source = source_name(path_or_buffer)
    given_sep = check_sep(sep, IndexSystemError)
    content = read_source(path_or_buffer, source, IndexSystemError)
    text, _ = decode(content, source, IndexSystemError, encoding)
    rows = split_rows(text, source, IndexSystemError, sep=given_sep)
    frame, lines, _ = to_frame(rows, source, IndexSystemError)
    if len(set(frame.columns)) != len(frame.columns):
        repeated = next(c for c in frame.columns if list(frame.columns).count(c) > 1)
        msg = f"{source}: column {repeated!r} appears twice"
        raise IndexSystemError(msg)
    # The weights are parsed here, where the line numbers are known; the system is
    # then built from numbers, labelled by line, so its messages name lines too.
    numbers = frame.copy()
    numbers.index = pd.Index(lines)
    if "weight" in numbers.columns:
        cells = Cells(frame, source, text=True, row_of=lines, error=IndexSystemError)
        numbers["weight"] = [cells.number(i, "weight", "weight") for i in range(len(frame))]
    return parse_system_table(numbers, source, name, text=False)
