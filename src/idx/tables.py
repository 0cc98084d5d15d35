"""Reading a table of sub-scores, wide or long, into one parsed table (no files, no Edition).

Two readers share one result: :func:`read_wide` (one row per unit, one column per
pillar, optional ``total`` and ``rank``) and :func:`read_long` (one row per unit and
pillar). :func:`parse_table` picks one and settles the printed precision. The
:class:`ParsedTable` they return holds exactly the fields an
:class:`~idx.edition.Edition` is built from, so this module needs neither the
edition nor any file.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from idx.cells import Cells, decimals_of_values
from idx.errors import TableError
from idx.options import Layout, UnitKind
from idx.provenance import Step
from idx.provinces import unit_name
from idx.system import IndexSystem
from idx.tolerances import SUBSCORE_SLACK
from idx.validation import one_of

__all__ = ["UNIT_COLUMNS", "DecimalsLike", "ParsedTable", "parse_table", "read_long", "read_wide"]

DecimalsLike = int | None | Literal["infer"]

#: Column names recognised as the unit column, whatever their case.
UNIT_COLUMNS = ("unit", "region", "province", "name")


@dataclass(frozen=True)
class ParsedTable:
    """What a table says: units, their sub-scores, and any reported totals and ranks."""

    units: tuple[str, ...]
    subscores: NDArray[np.float64]
    reported_totals: NDArray[np.float64] | None
    # whole numbers, still as floats: the edition checks and converts them
    reported_ranks: NDArray[Any] | None
    decimals: int | None

    def read_step(self, source: str, layout: Layout) -> Step:
        """The provenance record of having read this table from ``source``."""
        precision = "exact figures" if self.decimals is None else f"{self.decimals} decimals"
        return Step(
            "read",
            f"read {len(self.units)} units from {source} ({layout} layout, {precision})",
            {"source": source, "layout": layout, "decimals": self.decimals},
        )


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


class _Reader:
    """State shared by the wide and long readers: cells, the system, the unit column."""

    def __init__(
        self, cells: Cells, system: IndexSystem, unit_col: str, unit_kind: UnitKind
    ) -> None:
        self.cells = cells
        self.system = system
        self.unit_col = unit_col
        self.unit_kind = unit_kind
        self.maxima = 100.0 * np.asarray(system.weights)

    def unit(self, i: int) -> str:
        label = self.cells.label(i, self.unit_col)
        return unit_name(label, self.unit_kind, self.cells.where(i, self.unit_col))

    def subscore(self, i: int, column: str, j: int) -> float:
        value = self.cells.number(i, column, f"sub-score of pillar {self.system.ids[j]!r}")
        if not 0.0 <= value <= self.maxima[j] + SUBSCORE_SLACK:
            msg = (
                f"{self.cells.where(i, column)}: sub-score must be in "
                f"[0, {self.maxima[j]:g}] (100 x weight {self.system.weights[j]:g}) (got {value:g})"
            )
            raise TableError(msg)
        return value


def read_wide(
    reader: _Reader, columns: Sequence[str]
) -> tuple[list[str], NDArray[np.float64], list[float] | None, list[float] | None]:
    """One row per unit: the unit column, every pillar, optionally ``total`` and ``rank``."""
    cells, ids, source = reader.cells, reader.system.ids, reader.cells.source
    allowed = {reader.unit_col, *ids, "total", "rank"}
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
    units: list[str] = []
    first_row: dict[str, Hashable] = {}
    rows: list[list[float]] = []
    totals: list[float] | None = [] if "total" in columns else None
    ranks: list[float] | None = [] if "rank" in columns else None
    for i in range(len(cells.frame)):
        name = reader.unit(i)
        if name in first_row:
            msg = (
                f"{cells.where(i, reader.unit_col)}: unit {name!r} appears twice "
                f"(first at row {first_row[name]})"
            )
            raise TableError(msg)
        first_row[name] = cells.row_of[i]
        units.append(name)
        rows.append([reader.subscore(i, p, j) for j, p in enumerate(ids)])
        if totals is not None:
            total = cells.number(i, "total", "total")
            if total < 0:
                msg = f"{cells.where(i, 'total')}: total must be >= 0 (got {total:g})"
                raise TableError(msg)
            totals.append(total)
        if ranks is not None:
            rank = cells.number(i, "rank", "rank")
            if rank != round(rank) or rank < 1:
                msg = f"{cells.where(i, 'rank')}: rank must be a whole number >= 1 (got {rank:g})"
                raise TableError(msg)
            ranks.append(rank)
    return units, np.array(rows, dtype=np.float64), totals, ranks


def read_long(
    reader: _Reader, columns: Sequence[str]
) -> tuple[list[str], NDArray[np.float64], None, None]:
    """One row per unit and pillar: the unit column, ``pillar`` and ``value``."""
    cells, ids, source = reader.cells, reader.system.ids, reader.cells.source
    required = [reader.unit_col, "pillar", "value"]
    extra = [c for c in columns if c not in required]
    if extra:
        msg = f"{source}: unexpected column {extra[0]!r}; a long table has exactly {', '.join(required)}"
        raise TableError(msg)
    units: list[str] = []
    values: dict[tuple[str, str], float] = {}
    for i in range(len(cells.frame)):
        name = reader.unit(i)
        if name not in units:
            units.append(name)
        pillar = cells.frame["pillar"].iloc[i]
        if not isinstance(pillar, str) or pillar not in ids:
            msg = f"{cells.where(i, 'pillar')}: unknown pillar {pillar!r}; expected one of {', '.join(ids)}"
            raise TableError(msg)
        if (name, pillar) in values:
            msg = f"{cells.where(i)}: unit {name!r} has pillar {pillar!r} twice"
            raise TableError(msg)
        values[(name, pillar)] = reader.subscore(i, "value", ids.index(pillar))
    for name in units:
        for pillar in ids:
            if (name, pillar) not in values:
                msg = f"{source}: unit {name!r} has no value for pillar {pillar!r}"
                raise TableError(msg)
    subscores = np.array([[values[(u, p)] for p in ids] for u in units], dtype=np.float64)
    return units, subscores, None, None


def _decimals(
    decimals: DecimalsLike,
    cells: Cells,
    subscores: NDArray[np.float64],
    totals: list[float] | None,
) -> int | None:
    if decimals == "infer":
        if cells.text:
            return cells.max_decimals
        numbers = subscores.ravel()
        if totals is not None:
            numbers = np.concatenate([numbers, np.asarray(totals)])
        return decimals_of_values(numbers)
    if decimals is None or (isinstance(decimals, int) and not isinstance(decimals, bool)):
        return decimals
    msg = f"'decimals' must be an integer, None or 'infer' (got {decimals!r})"
    raise TableError(msg)


def parse_table(
    frame: pd.DataFrame,
    source: str,
    *,
    text: bool,
    row_of: Sequence[Hashable],
    system: IndexSystem,
    layout: Layout = "auto",
    unit_column: str | None = None,
    unit_kind: UnitKind = "province",
    decimals: DecimalsLike = "infer",
) -> ParsedTable:
    """Read ``frame`` (cells as text or numbers) into a :class:`ParsedTable`.

    ``layout="auto"`` reads a table with ``pillar`` and ``value`` columns as long and
    any other as wide. ``row_of`` gives the label printed for each row in messages.
    """
    one_of("unit_kind", unit_kind, UnitKind, error=TableError)
    one_of("layout", layout, Layout, error=TableError)
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
    cells = Cells(frame, source, text=text, row_of=row_of)
    reader = _Reader(cells, system, _find_unit_column(columns, unit_column, source), unit_kind)
    read = read_long if layout == "long" else read_wide
    units, subscores, totals, ranks = read(reader, columns)
    return ParsedTable(
        units=tuple(units),
        subscores=subscores,
        reported_totals=None if totals is None else np.array(totals),
        reported_ranks=None if ranks is None else np.array(ranks),
        decimals=_decimals(decimals, cells, subscores, totals),
    )
