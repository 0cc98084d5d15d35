"""Reading editions and index systems from CSV files and DataFrames, strictly validated.

Every rejection is an :class:`~idx.errors.IdxError` naming the source, row, column,
value and rule broken. Nothing is silently dropped or coerced, and the caller's
DataFrame is never modified. These readers take the index system explicitly;
``idx.read_csv`` and ``idx.from_frame`` (from :mod:`idx.datasets`) default it to the
2017 system.
"""

from __future__ import annotations

import io
import os
from typing import IO, Any

import pandas as pd

from idx.edition import Edition
from idx.errors import IdxError, IndexSystemError, TableError
from idx.options import Layout, UnitKind
from idx.system import IndexSystem, parse_system_table
from idx.tables import DecimalsLike, ParsedTable, parse_table

__all__ = [
    "PathOrBuffer",
    "from_frame",
    "read_csv",
    "read_system_csv",
    "require_system",
    "system_from_frame",
]

PathOrBuffer = str | os.PathLike[str] | IO[str]


def _source_name(source: PathOrBuffer) -> str:
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    return str(getattr(source, "name", "<buffer>"))


def require_system(system: Any) -> IndexSystem:
    """``system`` if it is an :class:`~idx.IndexSystem`; readers never guess one."""
    if not isinstance(system, IndexSystem):
        msg = (
            f"'system' must be an IndexSystem (got {type(system).__name__}); "
            "idx.read_csv and idx.from_frame default it to idx.SYSTEM_2017"
        )
        raise IndexSystemError(msg)
    return system


def _edition(
    table: ParsedTable,
    source: str,
    *,
    system: IndexSystem,
    unit_kind: UnitKind,
    year: int | None,
    national_score: float | None,
    layout: Layout,
) -> Edition:
    try:
        return Edition(
            system=system,
            units=table.units,
            subscores=table.subscores,
            reported_totals=table.reported_totals,
            reported_ranks=table.reported_ranks,
            year=year,
            national_score=national_score,
            source=source,
            unit_kind=unit_kind,
            decimals=table.decimals,
            steps=(table.read_step(source, layout),),
        )
    except IdxError as exc:
        raise type(exc)(f"{source}: {exc}") from None


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
) -> Edition:
    """Build an :class:`~idx.Edition` from a DataFrame of weighted sub-scores.

    Parameters
    ----------
    frame : DataFrame
        *Wide*: one row per unit with a unit column (``unit``, ``region``,
        ``province`` or ``name``, or ``unit_column``), one column per pillar id,
        and optionally ``total`` and ``rank``. *Long*: columns unit, ``pillar``,
        ``value``, one row per unit and pillar. Cells must already be numbers.
    system : IndexSystem
        The pillars and weights of the sub-scores (``idx.from_frame`` defaults it to
        ``idx.SYSTEM_2017``).
    layout : {"auto", "wide", "long"}
        ``"auto"`` picks long when the frame has ``pillar`` and ``value`` columns.
    unit_column : str, optional
    unit_kind : {"province", "other"}
        ``"province"`` maps labels through the province registry; ``"other"``
        accepts any unique names (cities, countries).
    year, national_score : optional
    decimals : int, None or "infer"
        Rounding of the published figures; ``"infer"`` takes the smallest number of
        decimals (up to 6) that represents every figure.
    source : str
        Name used in error messages and recorded on the edition.

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
    )


def _read_text_table(path_or_buffer: PathOrBuffer, source: str) -> pd.DataFrame:
    try:
        if isinstance(path_or_buffer, (str, os.PathLike)):
            with open(path_or_buffer, encoding="utf-8-sig", newline="") as handle:
                content = handle.read()
        else:
            content = path_or_buffer.read()
        return pd.read_csv(
            io.StringIO(content), dtype=str, keep_default_na=False, skipinitialspace=False
        )
    except FileNotFoundError:
        msg = f"{source}: no such file"
        raise TableError(msg) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        msg = f"{source}: not a readable CSV table ({first})"
        raise TableError(msg) from None


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
) -> Edition:
    """Read an :class:`~idx.Edition` from a CSV file or text buffer.

    Takes the layouts and options of :func:`from_frame` (``idx.read_csv`` defaults
    ``system`` to ``idx.SYSTEM_2017``). Every cell is read as text and parsed
    strictly: empty cells, ``nan``, ``inf`` and anything that is not a plain decimal
    number are errors naming the line number (the header is line 1).
    ``decimals="infer"`` counts the decimals written in the file. ``source`` names
    the data on the edition (default: the path).
    """
    chosen = require_system(system)
    name = source or _source_name(path_or_buffer)
    frame = _read_text_table(path_or_buffer, name)
    table = parse_table(
        frame,
        name,
        text=True,
        row_of=[i + 2 for i in range(len(frame))],
        system=chosen,
        layout=layout,
        unit_column=unit_column,
        unit_kind=unit_kind,
        decimals=decimals,
    )
    return _edition(
        table,
        name,
        system=chosen,
        unit_kind=unit_kind,
        year=year,
        national_score=national_score,
        layout=layout,
    )


def system_from_frame(frame: pd.DataFrame, name: str = "") -> IndexSystem:
    """Build an :class:`~idx.IndexSystem` from a DataFrame with columns
    ``pillar_id, name, weight`` and optionally ``weight_status, key_factors, specification``."""
    return IndexSystem.from_frame(frame, name=name)


def read_system_csv(path_or_buffer: PathOrBuffer, name: str = "") -> IndexSystem:
    """Read an :class:`~idx.IndexSystem` from a CSV like ``seeds/table1_index_system_2017.csv``."""
    source = _source_name(path_or_buffer)
    try:
        frame = _read_text_table(path_or_buffer, source)
    except TableError as exc:
        raise IndexSystemError(str(exc)) from None
    return parse_system_table(frame, source, name, text=True)
