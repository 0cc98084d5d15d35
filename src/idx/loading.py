"""Loaders: editions and index systems from CSV files and DataFrames, strictly validated.

This is the only module (with :mod:`idx.bundled`) that reads files. Every
rejection is an :class:`~idx.errors.IdxError` naming the source, row, column,
value and rule broken. Nothing is silently dropped or coerced, and the caller's
DataFrame is never modified.
"""

from __future__ import annotations

import io
import math
import os
import re
from collections.abc import Hashable, Sequence
from typing import IO, Any, Literal

import numpy as np
import pandas as pd

from idx.edition import Edition, UnitKind
from idx.errors import IdxError, IndexSystemError, TableError
from idx.provinces import lookup_province
from idx.system import IndexSystem, Pillar

__all__ = [
    "DecimalsLike",
    "Layout",
    "from_frame",
    "read_csv",
    "read_system_csv",
    "system_from_frame",
]

Layout = Literal["auto", "wide", "long"]
DecimalsLike = int | None | Literal["infer"]
PathOrBuffer = str | os.PathLike[str] | IO[str]

UNIT_COLUMNS = ("unit", "region", "province", "name")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_MAX_INFERRED_DECIMALS = 6


def _source_name(source: PathOrBuffer) -> str:
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    return str(getattr(source, "name", "<buffer>"))


def _where(source: str, row: Hashable, column: str | None = None) -> str:
    col = f", column {column!r}" if column is not None else ""
    return f"{source}: row {row}{col}"


def _decimals_of_text(text: str) -> int:
    mantissa = text.strip().lower().split("e")[0]
    return len(mantissa.split(".")[1]) if "." in mantissa else 0


def _decimals_of_values(values: np.ndarray[Any, Any]) -> int | None:
    for k in range(_MAX_INFERRED_DECIMALS + 1):
        if np.allclose(values, np.round(values, k), rtol=0.0, atol=1e-9):
            return k
    return None


class _Cells:
    """Reads numbers out of a frame of text (CSV) or of numbers (DataFrame), with locations."""

    def __init__(self, frame: pd.DataFrame, source: str, *, text: bool, row_of: Sequence[Hashable]):
        self.frame = frame
        self.source = source
        self.text = text
        self.row_of = row_of
        self.max_decimals = 0

    def number(self, i: int, column: str, what: str) -> float:
        value = self.frame[column].iloc[i]
        where = _where(self.source, self.row_of[i], column)
        if self.text:
            text = str(value).strip()
            if text == "":
                msg = f"{where}: {what} is missing (got an empty cell)"
                raise TableError(msg)
            if not _NUMBER.match(text):
                msg = f"{where}: {what} must be a number (got {value!r})"
                raise TableError(msg)
            self.max_decimals = max(self.max_decimals, _decimals_of_text(text))
            return float(text)
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            msg = f"{where}: {what} must be a number (got {value!r})"
            raise TableError(msg)
        number = float(value)
        if not math.isfinite(number):
            msg = f"{where}: {what} must be a finite number (got {value!r})"
            raise TableError(msg)
        return number

    def label(self, i: int, column: str) -> str:
        value = self.frame[column].iloc[i]
        if not isinstance(value, str) or not value.strip():
            msg = f"{_where(self.source, self.row_of[i], column)}: unit name must be a non-empty string (got {value!r})"
            raise TableError(msg)
        return value


def _unit_name(label: str, unit_kind: UnitKind, where: str) -> str:
    if unit_kind == "other":
        return " ".join(label.split())
    try:
        return lookup_province(label).name
    except IdxError as exc:
        raise type(exc)(f"{where}: {exc}") from None


def _find_unit_column(columns: Sequence[str], unit_column: str | None, source: str) -> str:
    if unit_column is not None:
        if unit_column not in columns:
            msg = f"{source}: unit column {unit_column!r} is missing; columns are {', '.join(columns)}"
            raise TableError(msg)
        return unit_column
    found = [c for c in columns if c.strip().lower() in UNIT_COLUMNS]
    if len(found) != 1:
        what = "no" if not found else "more than one"
        msg = (
            f"{source}: {what} unit column found; name exactly one of "
            f"{', '.join(UNIT_COLUMNS)} or pass unit_column= (columns are {', '.join(columns)})"
        )
        raise TableError(msg)
    return found[0]


def _build(
    frame: pd.DataFrame,
    source: str,
    *,
    text: bool,
    row_of: Sequence[Hashable],
    system: IndexSystem,
    layout: Layout,
    unit_column: str | None,
    unit_kind: UnitKind,
    year: int | None,
    national_score: float | None,
    decimals: DecimalsLike,
    source_label: str,
) -> Edition:
    if unit_kind not in ("province", "other"):
        msg = f"'unit_kind' must be 'province' or 'other' (got {unit_kind!r})"
        raise TableError(msg)
    if layout not in ("auto", "wide", "long"):
        msg = f"'layout' must be 'auto', 'wide' or 'long' (got {layout!r})"
        raise TableError(msg)
    columns = [str(c) for c in frame.columns]
    if len(set(columns)) != len(columns):
        dup = next(c for c in columns if columns.count(c) > 1)
        msg = f"{source}: column {dup!r} appears more than once"
        raise TableError(msg)
    if len(frame) == 0:
        msg = f"{source}: the table has no rows"
        raise TableError(msg)
    if layout == "auto":
        layout = "long" if {"pillar", "value"} <= set(columns) else "wide"
    unit_col = _find_unit_column(columns, unit_column, source)
    cells = _Cells(frame, source, text=text, row_of=row_of)
    ids = system.ids
    maxima = 100.0 * np.asarray(system.weights)

    def checked(i: int, column: str, j: int) -> float:
        value = cells.number(i, column, f"sub-score of pillar {ids[j]!r}")
        if not 0.0 <= value <= maxima[j] + 1e-9:
            msg = (
                f"{_where(source, row_of[i], column)}: sub-score must be in "
                f"[0, {maxima[j]:g}] (100 x weight {system.weights[j]:g}) (got {value:g})"
            )
            raise TableError(msg)
        return value

    units: list[str] = []
    first_row: dict[str, Hashable] = {}

    def add_unit(i: int) -> str:
        name = _unit_name(cells.label(i, unit_col), unit_kind, _where(source, row_of[i], unit_col))
        return name

    totals: list[float] | None = None
    ranks: list[float] | None = None
    if layout == "wide":
        allowed = {unit_col, *ids, "total", "rank"}
        extra = [c for c in columns if c not in allowed]
        if extra:
            msg = (
                f"{source}: unexpected column {extra[0]!r}; a wide table has the unit column, "
                f"the pillars {', '.join(ids)}, and optionally total and rank"
            )
            raise TableError(msg)
        missing = [p for p in ids if p not in columns]
        if missing:
            msg = f"{source}: missing pillar column {missing[0]!r}; expected {', '.join(ids)}"
            raise TableError(msg)
        rows: list[list[float]] = []
        totals = [] if "total" in columns else None
        ranks = [] if "rank" in columns else None
        for i in range(len(frame)):
            name = add_unit(i)
            if name in first_row:
                msg = (
                    f"{_where(source, row_of[i], unit_col)}: unit {name!r} appears twice "
                    f"(first at row {first_row[name]})"
                )
                raise TableError(msg)
            first_row[name] = row_of[i]
            units.append(name)
            rows.append([checked(i, p, j) for j, p in enumerate(ids)])
            if totals is not None:
                total = cells.number(i, "total", "total")
                if total < 0:
                    msg = (
                        f"{_where(source, row_of[i], 'total')}: total must be >= 0 (got {total:g})"
                    )
                    raise TableError(msg)
                totals.append(total)
            if ranks is not None:
                rank = cells.number(i, "rank", "rank")
                if rank != round(rank) or rank < 1:
                    msg = (
                        f"{_where(source, row_of[i], 'rank')}: rank must be a whole number "
                        f">= 1 (got {rank:g})"
                    )
                    raise TableError(msg)
                ranks.append(rank)
        subscores = np.array(rows, dtype=np.float64)
    else:
        required = [unit_col, "pillar", "value"]
        extra = [c for c in columns if c not in required]
        if extra:
            msg = f"{source}: unexpected column {extra[0]!r}; a long table has exactly {', '.join(required)}"
            raise TableError(msg)
        values: dict[tuple[str, str], float] = {}
        for i in range(len(frame)):
            name = add_unit(i)
            if name not in first_row:
                first_row[name] = row_of[i]
                units.append(name)
            pillar = frame["pillar"].iloc[i]
            if not isinstance(pillar, str) or pillar not in ids:
                msg = f"{_where(source, row_of[i], 'pillar')}: unknown pillar {pillar!r}; expected one of {', '.join(ids)}"
                raise TableError(msg)
            if (name, pillar) in values:
                msg = f"{_where(source, row_of[i])}: unit {name!r} has pillar {pillar!r} twice"
                raise TableError(msg)
            values[(name, pillar)] = checked(i, "value", ids.index(pillar))
        for name in units:
            for pillar in ids:
                if (name, pillar) not in values:
                    msg = f"{source}: unit {name!r} has no value for pillar {pillar!r}"
                    raise TableError(msg)
        subscores = np.array([[values[(u, p)] for p in ids] for u in units], dtype=np.float64)

    if decimals == "infer":
        if text:
            inferred: int | None = cells.max_decimals
        else:
            numbers = subscores.ravel()
            if totals is not None:
                numbers = np.concatenate([numbers, np.asarray(totals)])
            inferred = _decimals_of_values(numbers)
    elif decimals is None or (isinstance(decimals, int) and not isinstance(decimals, bool)):
        inferred = decimals
    else:
        msg = f"'decimals' must be an integer, None or 'infer' (got {decimals!r})"
        raise TableError(msg)
    try:
        return Edition(
            system=system,
            units=tuple(units),
            subscores=subscores,
            reported_totals=None if totals is None else np.array(totals),
            reported_ranks=None if ranks is None else np.array(ranks),
            year=year,
            national_score=national_score,
            source=source_label or source,
            unit_kind=unit_kind,
            decimals=inferred,
        )
    except IdxError as exc:
        raise type(exc)(f"{source}: {exc}") from None


def _default_system(system: IndexSystem | None) -> IndexSystem:
    if system is None:
        from idx.bundled import SYSTEM_2017

        return SYSTEM_2017
    if not isinstance(system, IndexSystem):
        msg = f"'system' must be an IndexSystem (got {type(system).__name__})"
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
) -> Edition:
    """Build an :class:`~idx.Edition` from a DataFrame of weighted sub-scores.

    Parameters
    ----------
    frame : DataFrame
        *Wide*: one row per unit with a unit column (``unit``, ``region``,
        ``province`` or ``name``, or ``unit_column``), one column per pillar id,
        and optionally ``total`` and ``rank``. *Long*: columns unit, ``pillar``,
        ``value``, one row per unit and pillar. Cells must already be numbers.
    system : IndexSystem, optional
        Defaults to the 2017 system (``idx.SYSTEM_2017``).
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
    if not isinstance(frame, pd.DataFrame):
        msg = f"'frame' must be a pandas DataFrame (got {type(frame).__name__})"
        raise TableError(msg)
    label = source or "<DataFrame>"
    return _build(
        frame,
        label,
        text=False,
        row_of=list(frame.index),
        system=_default_system(system),
        layout=layout,
        unit_column=unit_column,
        unit_kind=unit_kind,
        year=year,
        national_score=national_score,
        decimals=decimals,
        source_label=source,
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

    Takes the layouts and options of :func:`from_frame`. Every cell is read as
    text and parsed strictly: empty cells, ``nan``, ``inf`` and anything that is
    not a plain decimal number are errors naming the line number (the header is
    line 1). ``decimals="infer"`` counts the decimals written in the file.
    """
    name = source or _source_name(path_or_buffer)
    frame = _read_text_table(path_or_buffer, name)
    return _build(
        frame,
        name,
        text=True,
        row_of=[i + 2 for i in range(len(frame))],
        system=_default_system(system),
        layout=layout,
        unit_column=unit_column,
        unit_kind=unit_kind,
        year=year,
        national_score=national_score,
        decimals=decimals,
        source_label=source or _source_name(path_or_buffer),
    )


_SYSTEM_REQUIRED = ("pillar_id", "name", "weight")
_SYSTEM_OPTIONAL = ("weight_status", "key_factors", "specification")


def _system_from_text_frame(
    frame: pd.DataFrame, source: str, name: str, *, text: bool
) -> IndexSystem:
    columns = [str(c) for c in frame.columns]
    missing = [c for c in _SYSTEM_REQUIRED if c not in columns]
    if missing:
        msg = f"{source}: missing column {missing[0]!r}; an index system has {', '.join(_SYSTEM_REQUIRED)}"
        raise IndexSystemError(msg)
    extra = [c for c in columns if c not in _SYSTEM_REQUIRED + _SYSTEM_OPTIONAL]
    if extra:
        msg = (
            f"{source}: unexpected column {extra[0]!r}; allowed are "
            f"{', '.join(_SYSTEM_REQUIRED + _SYSTEM_OPTIONAL)}"
        )
        raise IndexSystemError(msg)
    row_of: list[Hashable] = [i + 2 for i in range(len(frame))] if text else list(frame.index)
    cells = _Cells(frame, source, text=text, row_of=row_of)
    pillars = []
    for i in range(len(frame)):
        where = _where(source, row_of[i])
        fields: dict[str, Any] = {
            "id": str(frame["pillar_id"].iloc[i]).strip(),
            "name": str(frame["name"].iloc[i]).strip(),
            "weight": cells.number(i, "weight", "weight"),
        }
        for optional in _SYSTEM_OPTIONAL:
            if optional in columns:
                fields[optional] = str(frame[optional].iloc[i])
        try:
            pillars.append(Pillar(**fields))
        except IdxError as exc:
            raise IndexSystemError(f"{where}: {exc}") from None
    try:
        return IndexSystem(pillars=tuple(pillars), name=name)
    except IdxError as exc:
        raise IndexSystemError(f"{source}: {exc}") from None


def system_from_frame(frame: pd.DataFrame, name: str = "") -> IndexSystem:
    """Build an :class:`~idx.IndexSystem` from a DataFrame with columns
    ``pillar_id, name, weight`` and optionally ``weight_status, key_factors, specification``."""
    if not isinstance(frame, pd.DataFrame):
        msg = f"'frame' must be a pandas DataFrame (got {type(frame).__name__})"
        raise IndexSystemError(msg)
    return _system_from_text_frame(frame, "<DataFrame>", name, text=False)


def read_system_csv(path_or_buffer: PathOrBuffer, name: str = "") -> IndexSystem:
    """Read an :class:`~idx.IndexSystem` from a CSV like ``seeds/table1_index_system_2017.csv``."""
    source = _source_name(path_or_buffer)
    try:
        frame = _read_text_table(path_or_buffer, source)
    except TableError as exc:
        raise IndexSystemError(str(exc)) from None
    return _system_from_text_frame(frame, source, name, text=True)
