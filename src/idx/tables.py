"""Reading a table of sub-scores, wide or long, into one parsed table (no files, no Edition).

A table's columns are matched to their roles first: the unit column, one column per
pillar (by id, by the pillar's display name, or through a caller's mapping), ``total``
and ``rank`` (wide layout), or ``pillar`` and ``value`` (long layout). Matching
ignores case, white space, ``_`` and ``-``, so ``Internet application``,
``internet_application`` and ``application`` all find the pillar ``application``.
Then every row is read: a wide table has one row per unit, a long one a row per unit
and pillar. A national row (``China``, ``全国``, ...) in a province table is read as
the national reference score, not as a unit.

:func:`parse_table` returns a :class:`ParsedTable`: exactly the fields an
:class:`~idx.edition.Edition` is built from, and the provenance steps of the reading,
so this module needs neither the edition nor any file.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from idx.cells import Cells, Decimal, is_empty, is_number_text
from idx.errors import TableError
from idx.options import Layout, TableValues, UnitKind
from idx.provenance import Step
from idx.provinces import is_national, unit_name
from idx.system import IndexSystem
from idx.tolerances import SUBSCORE_SLACK
from idx.validation import got, one_of

__all__ = [
    "RANK_COLUMNS",
    "TOTAL_COLUMNS",
    "UNIT_COLUMNS",
    "DecimalsLike",
    "ParsedTable",
    "column_key",
    "parse_table",
]

DecimalsLike = int | None | Literal["infer"]

#: Column names recognised as the unit column (matched like every header).
UNIT_COLUMNS = (
    "unit",
    "region",
    "province",
    "name",
    "city",
    "country",
    "area",
    "省份",
    "地区",
    "省",
    "省市",
    "省区市",
    "城市",
    "国家",
    "名称",
)
#: Column names recognised as the reported total.
TOTAL_COLUMNS = ("total", "total score", "总分", "总得分")
#: Column names recognised as the reported rank.
RANK_COLUMNS = ("rank", "ranking", "排名", "名次")
_PILLAR_COLUMNS = ("pillar",)
_VALUE_COLUMNS = ("value",)
_ROLES = ("unit", "total", "rank", "pillar", "value")

# pandas' placeholder for an empty header ("Unnamed: 3"), and its renaming of a repeated
# header ("application.1"): both hide what the file said, so both are undone here.
_PANDAS_UNNAMED = re.compile(r"^Unnamed: \d+(_level_\d+)?$")
_PANDAS_REPEAT = re.compile(r"^(.+)\.(\d+)$")
_SEPARATORS = re.compile(r"[\s_\-\ufeff]+")


def column_key(label: str) -> str:
    """A header as matched: case folded, white space, ``_``, ``-`` and any BOM removed."""
    return _SEPARATORS.sub("", label).casefold()


@dataclass(frozen=True)
class ParsedTable:
    """What a table says: units, their sub-scores, any reported totals and ranks, and
    the national reference score if the table has a national row."""

    units: tuple[str, ...]
    subscores: NDArray[np.float64]
    reported_totals: NDArray[np.float64] | None
    # whole numbers, still as floats: the edition checks and converts them
    reported_ranks: NDArray[Any] | None
    decimals: int | None
    national_score: float | None = None
    layout: Literal["wide", "long"] = "wide"
    #: What the reading did (columns matched, rows set apart), in order.
    steps: tuple[Step, ...] = field(default=())

    def read_step(self, source: str, layout: Layout) -> Step:
        """The provenance record of having read this table from ``source``."""
        precision = "exact figures" if self.decimals is None else f"{self.decimals} decimals"
        return Step(
            "read",
            f"read {len(self.units)} unit{'s' if len(self.units) != 1 else ''} from {source} "
            f"({self.layout} layout, {precision})",
            {
                "source": source,
                "layout": self.layout,
                "layout_requested": layout,
                "decimals": self.decimals,
            },
        )


# --- columns ------------------------------------------------------------------------------


@dataclass
class _Roles:
    """Which column (by position) plays which role."""

    unit: int = -1
    pillars: dict[str, int] = field(default_factory=dict)
    total: int | None = None
    rank: int | None = None
    pillar: int | None = None
    value: int | None = None
    how: list[str] = field(default_factory=list)


class _Matcher:
    """Matches headers (and long-layout pillar cells) to pillars and roles."""

    def __init__(self, system: IndexSystem, columns: Mapping[str, str] | None, source: str) -> None:
        self.system = system
        self.source = source
        self.pillar_keys: dict[str, set[str]] = {}
        for pillar in system:
            for label in (pillar.id, pillar.name):
                self.pillar_keys.setdefault(column_key(label), set()).add(pillar.id)
        self.role_keys = {
            **{column_key(n): "unit" for n in UNIT_COLUMNS},
            **{column_key(n): "total" for n in TOTAL_COLUMNS},
            **{column_key(n): "rank" for n in RANK_COLUMNS},
            **{column_key(n): "pillar" for n in _PILLAR_COLUMNS},
            **{column_key(n): "value" for n in _VALUE_COLUMNS},
        }
        self.mapping: dict[str, str] = {}  # header key -> pillar id or role
        self.mapping_labels: dict[str, str] = {}  # header key -> the caller's header
        if columns is None:
            return
        if not isinstance(columns, Mapping):
            msg = f"'columns' must be a mapping of header to pillar (got {got(columns)})"
            raise TableError(msg)
        for header, target in columns.items():
            if not isinstance(header, str) or not isinstance(target, str):
                msg = f"'columns' must map header names to pillar ids (got {got(header)}: {got(target)})"
                raise TableError(msg)
            resolved = self.pillar(target) or self.role_keys.get(column_key(target))
            if resolved is None:
                msg = (
                    f"'columns' maps {got(header)} to {got(target)}, which is neither a pillar "
                    f"({', '.join(system.ids)}) nor unit, total or rank"
                )
                raise TableError(msg)
            key = column_key(header)
            if key in self.mapping and self.mapping[key] != resolved:
                msg = f"'columns' maps {got(header)} twice"
                raise TableError(msg)
            self.mapping[key] = resolved
            self.mapping_labels[key] = header

    def pillar(self, label: str) -> str | None:
        """The pillar ``label`` names (id or display name), ``None`` if none."""
        if label in self.system.ids:
            return label
        found = self.pillar_keys.get(column_key(label), set())
        if len(found) > 1:
            msg = f"{self.source}: {got(label)} matches several pillars ({', '.join(sorted(found))}); map it with columns="
            raise TableError(msg)
        return next(iter(found), None)

    def pillar_cell(self, label: str) -> str | None:
        """The pillar a long table's ``pillar`` cell names, through the mapping too."""
        mapped = self.mapping.get(column_key(label))
        if mapped in self.system.ids:
            return mapped
        return self.pillar(label)

    def role(self, header: str) -> tuple[str, str] | None:
        """(role or pillar id, how it was matched) of ``header``, ``None`` if unknown."""
        key = column_key(header)
        if key in self.mapping:
            return self.mapping[key], "columns="
        pillar = self.pillar(header)
        if pillar is not None:
            how = "id" if column_key(header) == column_key(pillar) else "display name"
            return pillar, how
        role = self.role_keys.get(key)
        return (role, "name") if role is not None else None


def _headers(frame: pd.DataFrame) -> list[str]:
    """Each column's header as text, pandas' ``Unnamed: n`` placeholder as empty."""
    headers = []
    for column in frame.columns:
        text = "" if column is None or is_empty(column) else str(column)
        headers.append("" if _PANDAS_UNNAMED.match(text) else text.replace("\ufeff", "").strip())
    return headers


def _drop_unnamed(
    frame: pd.DataFrame, headers: list[str], row_of: Sequence[Hashable], source: str
) -> tuple[list[int], Step | None]:
    """Positions of the named columns; empty trailing columns dropped and recorded,
    any other column without a header an error."""
    empty = [
        not headers[j] and all(is_empty(v) for v in frame.iloc[:, j].tolist())
        for j in range(len(headers))
    ]
    trailing = len(headers)
    while trailing > 0 and empty[trailing - 1]:
        trailing -= 1
    for j in range(trailing):
        if headers[j]:
            continue
        values = frame.iloc[:, j].tolist()
        first = next((i for i, v in enumerate(values) if not is_empty(v)), None)
        if first is None:
            msg = f"{source}: column {j + 1} has no header and no values; remove it"
        else:
            msg = (
                f"{source}: column {j + 1} has no header (its first value, "
                f"{got(values[first])}, is in row {row_of[first]}); name it or remove it"
            )
        raise TableError(msg)
    dropped = list(range(trailing + 1, len(headers) + 1))
    if not dropped:
        return list(range(trailing)), None
    step = Step(
        "drop_columns",
        f"ignored {len(dropped)} empty column(s) without a header at the end of each row "
        f"(columns {', '.join(map(str, dropped))}: trailing separators)",
        {"columns": dropped},
    )
    return list(range(trailing)), step


def _check_repeats(headers: list[str], positions: list[int], source: str) -> None:
    seen: set[str] = set()
    named = [headers[j] for j in positions]
    for header in named:
        if header in seen:
            msg = f"{source}: column {got(header)} appears twice"
            raise TableError(msg)
        seen.add(header)
    for header in named:
        repeat = _PANDAS_REPEAT.match(header)
        if repeat and repeat.group(1) in seen:
            msg = (
                f"{source}: column {got(repeat.group(1))} appears twice "
                f"(pandas renamed the repeat {got(header)})"
            )
            raise TableError(msg)


def _is_text_column(values: list[object], decimal: Decimal) -> bool:
    return any(
        isinstance(v, str) and not is_empty(v) and not is_number_text(v, decimal) for v in values
    )


def _unit_hint() -> str:
    return (
        f"name it one of {', '.join(UNIT_COLUMNS[:4])} (or 省份, 地区, ...) "
        "or pass unit_column= (--unit-column)"
    )


def _assign_roles(
    frame: pd.DataFrame,
    headers: list[str],
    positions: list[int],
    matcher: _Matcher,
    *,
    unit_column: str | None,
    layout: Layout,
    decimal: Decimal,
    source: str,
) -> tuple[_Roles, Literal["wide", "long"]]:
    roles = _Roles()
    named: dict[str, list[int]] = {}
    unknown: list[int] = []
    listed = ", ".join(headers[j] for j in positions)
    if unit_column is not None:
        if not isinstance(unit_column, str):
            msg = f"'unit_column' must be a column name (got {got(unit_column)})"
            raise TableError(msg)
        exact = [j for j in positions if headers[j] == unit_column]
        close = [j for j in positions if column_key(headers[j]) == column_key(unit_column)]
        chosen = exact or close
        if len(chosen) != 1:
            msg = f"{source}: unit column {got(unit_column)} is missing; columns are {listed}"
            raise TableError(msg)
        roles.unit = chosen[0]
    for j in positions:
        if j == roles.unit:
            continue
        found = matcher.role(headers[j])
        if found is None:
            unknown.append(j)
            continue
        target, how = found
        named.setdefault(target, []).append(j)
        if headers[j] != target and how != "name":
            roles.how.append(f"{headers[j]!r} as {target} ({how})")
    for target, where in named.items():
        shown = " and ".join(repr(headers[j]) for j in where)
        if target == "unit" and len(where) > 1 and roles.unit < 0:
            msg = (
                f"{source}: more than one unit column ({shown}); pass unit_column= (--unit-column)"
            )
            raise TableError(msg)
        if target != "unit" and len(where) > 1:
            msg = f"{source}: {target!r} appears twice (columns {shown})"
            raise TableError(msg)
    if layout == "auto":
        is_long = "pillar" in named and "value" in named
        layout = "long" if is_long and not any(p in named for p in matcher.system.ids) else "wide"
    if layout == "wide":
        # (in a long table the mapping may name pillar cells instead)
        for key in matcher.mapping_labels:
            if not any(column_key(headers[j]) == key for j in positions):
                msg = (
                    f"{source}: 'columns' names {got(matcher.mapping_labels[key])}, which is "
                    f"not a column (columns are {listed})"
                )
                raise TableError(msg)
    if roles.unit < 0:
        if "unit" in named:
            roles.unit = named.pop("unit")[0]
        else:
            text = [j for j in unknown if _is_text_column(frame.iloc[:, j].tolist(), decimal)]
            if len(text) != 1:
                many = (
                    f" (text columns: {', '.join(repr(headers[j]) for j in text)})" if text else ""
                )
                msg = f"{source}: no unit column found{many}; {_unit_hint()}; columns are {listed}"
                raise TableError(msg)
            roles.unit = text[0]
            unknown.remove(text[0])
            roles.how.append(f"{headers[roles.unit]!r} as unit (the only text column)")
    elif "unit" in named:
        # a second unit-like column beside the chosen one is an ordinary unexpected column
        unknown.extend(named.pop("unit"))
    allowed_roles = ("pillar", "value") if layout == "long" else ("total", "rank")
    for target, where in named.items():
        if target in matcher.system.ids and layout == "wide":
            roles.pillars[target] = where[0]
        elif target in allowed_roles:
            setattr(roles, target, where[0])
        else:
            unknown.extend(where)
    if unknown:
        j = min(unknown)
        header = headers[j]
        if layout == "long":
            msg = (
                f"{source}: unexpected column {header!r}; a long table has exactly the unit "
                "column, pillar and value"
            )
        else:
            msg = (
                f"{source}: unexpected column {header!r}; a wide table has the unit column, "
                f"the pillars ({', '.join(matcher.system.ids)}, or their names), and optionally "
                "total and rank; map other headers with columns= (--columns HEADER=PILLAR)"
            )
        raise TableError(msg)
    if layout == "long":
        for role in ("pillar", "value"):
            if getattr(roles, role) is None:
                msg = f"{source}: a long table needs a {role!r} column; columns are {listed}"
                raise TableError(msg)
    else:
        missing = [p for p in matcher.system.ids if p not in roles.pillars]
        if missing:
            name = matcher.system.pillars[matcher.system.ids.index(missing[0])].name
            msg = (
                f"{source}: missing pillar column {missing[0]!r} ({name}); expected "
                f"{', '.join(matcher.system.ids)}; columns are {listed}"
            )
            raise TableError(msg)
    return roles, layout


# --- rows ---------------------------------------------------------------------------------


class _Reader:
    """Reads the rows once the columns are known."""

    def __init__(
        self,
        cells: Cells,
        system: IndexSystem,
        roles: _Roles,
        unit_kind: UnitKind,
        values: TableValues,
    ) -> None:
        self.cells = cells
        self.system = system
        self.roles = roles
        self.unit_kind = unit_kind
        self.values = values
        self.maxima = 100.0 * np.asarray(system.weights)
        self.national: tuple[Hashable, str, float, str] | None = None  # row, label, score, how

    def column(self, position: int | None) -> str:
        if position is None:  # pragma: no cover - callers check the role exists
            msg = "no such column"
            raise TableError(msg)
        return str(self.cells.frame.columns[position])

    def label(self, i: int) -> str:
        return self.cells.label(i, self.column(self.roles.unit))

    def unit(self, i: int, label: str) -> str:
        column = self.column(self.roles.unit)
        return unit_name(label, self.unit_kind, self.cells.where(i, column))

    def is_national(self, label: str) -> bool:
        return self.unit_kind == "province" and is_national(label)

    def set_national(self, i: int, label: str, score: float, how: str) -> None:
        if self.national is not None:
            msg = (
                f"{self.cells.where(i, self.column(self.roles.unit))}: a second national row "
                f"({label!r}; the first is at row {self.national[0]})"
            )
            raise TableError(msg)
        self.national = (self.cells.row_of[i], label, score, how)

    def subscore(self, i: int, column: str, j: int) -> float:
        """Pillar ``j``'s sub-score in row ``i`` (an index read as such is converted)."""
        pillar = self.system.ids[j]
        at = self.cells.where(i, column)
        if self.values == "index":
            value = self.cells.number(i, column, f"index of pillar {pillar!r}")
            if not 0.0 <= value <= 100.0 + SUBSCORE_SLACK:
                msg = f"{at}: pillar index must be in [0, 100] (got {value:g})"
                raise TableError(msg)
            return value * float(self.system.weights[j])
        value = self.cells.number(i, column, f"sub-score of pillar {pillar!r}")
        if not 0.0 <= value <= self.maxima[j] + SUBSCORE_SLACK:
            hint = ""
            if self.maxima[j] < value <= 100.0:
                hint = (
                    "; if the table holds 0-100 pillar indices rather than weighted "
                    "sub-scores, read it with values='index' (--values index)"
                )
            msg = (
                f"{at}: sub-score must be in [0, {self.maxima[j]:g}] "
                f"(100 x weight {self.system.weights[j]:g}) (got {value:g}){hint}"
            )
            raise TableError(msg)
        return value


def _read_wide(
    reader: _Reader,
) -> tuple[list[str], NDArray[np.float64], list[float] | None, list[float] | None]:
    """One row per unit: the unit column, every pillar, optionally total and rank."""
    cells, roles, ids = reader.cells, reader.roles, reader.system.ids
    pillar_columns = [reader.column(roles.pillars[p]) for p in ids]
    total_column = None if roles.total is None else reader.column(roles.total)
    rank_column = None if roles.rank is None else reader.column(roles.rank)
    units: list[str] = []
    first_row: dict[str, Hashable] = {}
    rows: list[list[float]] = []
    totals: list[float] | None = [] if total_column is not None else None
    ranks: list[float] | None = [] if rank_column is not None else None
    for i in range(len(cells.frame)):
        label = reader.label(i)
        if reader.is_national(label):
            if total_column is not None and not cells.is_empty(i, total_column):
                score = _total(cells, i, total_column)
                how = f"its total, column {total_column!r}"
            else:
                parts = [reader.subscore(i, c, j) for j, c in enumerate(pillar_columns)]
                score, how = float(sum(parts)), "the sum of its sub-scores"
            reader.set_national(i, label, score, how)
            continue
        name = reader.unit(i, label)
        unit_col = reader.column(roles.unit)
        if name in first_row:
            msg = (
                f"{cells.where(i, unit_col)}: unit {name!r} appears twice "
                f"(first at row {first_row[name]})"
            )
            raise TableError(msg)
        first_row[name] = cells.row_of[i]
        units.append(name)
        rows.append([reader.subscore(i, c, j) for j, c in enumerate(pillar_columns)])
        if totals is not None and total_column is not None:
            totals.append(_total(cells, i, total_column))
        if ranks is not None and rank_column is not None:
            ranks.append(cells.rank(i, rank_column))
    return units, np.array(rows, dtype=np.float64).reshape(len(units), len(ids)), totals, ranks


def _total(cells: Cells, i: int, column: str) -> float:
    total = cells.number(i, column, "total")
    if total < 0:
        msg = f"{cells.where(i, column)}: total must be >= 0 (got {total:g})"
        raise TableError(msg)
    return total


def _read_long(
    reader: _Reader, matcher: _Matcher
) -> tuple[list[str], NDArray[np.float64], None, None]:
    """One row per unit and pillar: the unit column, ``pillar`` and ``value``."""
    cells, ids, source = reader.cells, reader.system.ids, reader.cells.source
    unit_col = reader.column(reader.roles.unit)
    pillar_col, value_col = reader.column(reader.roles.pillar), reader.column(reader.roles.value)
    units: list[str] = []
    values: dict[tuple[str, str], float] = {}
    national: dict[str, float] = {}
    national_row: tuple[int, str] | None = None  # first row of the national label
    for i in range(len(cells.frame)):
        label = reader.label(i)
        is_national_row = reader.is_national(label)
        if is_national_row:
            if national_row is None:
                national_row = (i, label)
            elif column_key(label) != column_key(national_row[1]):
                msg = (
                    f"{cells.where(i, unit_col)}: a second national row ({label!r}; the "
                    f"first, {national_row[1]!r}, is at row {cells.row_of[national_row[0]]})"
                )
                raise TableError(msg)
            name = national_row[1]
        else:
            name = reader.unit(i, label)
            if name not in units:
                units.append(name)
        cell = cells.value(i, pillar_col)
        pillar = matcher.pillar_cell(cell) if isinstance(cell, str) else None
        if pillar is None:
            msg = f"{cells.where(i, pillar_col)}: unknown pillar {got(cell)}; expected one of {', '.join(ids)}"
            raise TableError(msg)
        value = reader.subscore(i, value_col, ids.index(pillar))
        seen = pillar in national if is_national_row else (name, pillar) in values
        if seen:
            msg = f"{cells.where(i)}: unit {name!r} has pillar {pillar!r} twice"
            raise TableError(msg)
        if is_national_row:
            national[pillar] = value
        else:
            values[(name, pillar)] = value
    for name in units:
        for pillar in ids:
            if (name, pillar) not in values:
                msg = f"{source}: unit {name!r} has no value for pillar {pillar!r}"
                raise TableError(msg)
    if national_row is not None:
        missing = [p for p in ids if p not in national]
        if missing:
            msg = f"{source}: the national row {national_row[1]!r} has no value for pillar {missing[0]!r}"
            raise TableError(msg)
        score = float(sum(national.values()))
        reader.set_national(national_row[0], national_row[1], score, "the sum of its sub-scores")
    subscores = np.array([[values[(u, p)] for p in ids] for u in units], dtype=np.float64)
    return units, subscores.reshape(len(units), len(ids)), None, None


def _decimals(decimals: DecimalsLike, cells: Cells) -> int | None:
    if decimals == "infer":
        return cells.decimals()
    if decimals is None or (
        isinstance(decimals, (int, np.integer)) and not isinstance(decimals, bool)
    ):
        return None if decimals is None else int(decimals)
    msg = f"'decimals' must be an integer, None or 'infer' (got {got(decimals)})"
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
    columns: Mapping[str, str] | None = None,
    values: TableValues = "subscores",
    decimal: Decimal = ".",
    mixed: bool = False,
) -> ParsedTable:
    """Read ``frame`` (cells as text, numbers, or both) into a :class:`ParsedTable`.

    Parameters
    ----------
    frame : DataFrame
        The table, its header as the column labels. Never modified.
    source : str
        The table's name in messages.
    text : bool
        Whether every cell is text to parse (a CSV) or already a number (a DataFrame).
    row_of : sequence
        The label printed for each row in messages (a line number, an index label).
    system : IndexSystem
    layout : {"auto", "wide", "long"}
        ``"auto"`` reads a table with ``pillar`` and ``value`` columns and no pillar
        columns as long, any other as wide.
    unit_column : str, optional
        The unit column's header. Otherwise it is the column named like one of
        :data:`UNIT_COLUMNS`, or else the only column holding text.
    unit_kind : {"province", "other"}
    decimals : int, None or "infer"
    columns : mapping, optional
        Header -> pillar id (or ``unit``, ``total``, ``rank``), for headers that
        neither are a pillar's id nor its display name, e.g. ``{"互联网应用": "application"}``.
        In a long table it also maps the ``pillar`` cells.
    values : {"subscores", "index"}
        ``"index"``: the pillar columns hold 0-100 pillar indices, converted to
        sub-scores (index x weight).
    decimal : {".", ",", "auto"}
        The decimal mark of numbers written as text.
    mixed : bool
        Cells may be numbers or text (a spreadsheet).

    Notes
    -----
    In a province table a row labelled ``China``, ``全国``, ``National`` (see
    :data:`idx.provinces.NATIONAL_LABELS`) is not a unit: its total, when the table
    has a total column and the row fills it, is the national score; otherwise the
    sum of its sub-scores is. Its rank cell, if any, is not read.
    """
    one_of("unit_kind", unit_kind, UnitKind, error=TableError)
    one_of("layout", layout, Layout, error=TableError)
    one_of("values", values, TableValues, error=TableError)
    one_of("decimal", decimal, (".", ",", "auto"), error=TableError)
    if not isinstance(frame, pd.DataFrame):
        msg = f"'frame' must be a pandas DataFrame (got {type(frame).__name__})"
        raise TableError(msg)
    matcher = _Matcher(system, columns, source)
    headers = _headers(frame)
    positions, dropped = _drop_unnamed(frame, headers, row_of, source)
    _check_repeats(headers, positions, source)
    if len(frame) == 0:
        msg = f"{source}: the table has no rows"
        raise TableError(msg)
    roles, resolved = _assign_roles(
        frame,
        headers,
        positions,
        matcher,
        unit_column=unit_column,
        layout=layout,
        decimal=decimal,
        source=source,
    )
    # A copy holding only the named columns, labelled by their headers (now unique).
    table = frame.iloc[:, positions].copy()
    table.columns = pd.Index([headers[j] for j in positions])
    cells = Cells(table, source, text=text, row_of=row_of, decimal=decimal, mixed=mixed)
    # positions in ``table`` are positions among ``positions``
    index = {j: k for k, j in enumerate(positions)}
    local = _Roles(
        unit=index[roles.unit],
        pillars={p: index[j] for p, j in roles.pillars.items()},
        total=None if roles.total is None else index[roles.total],
        rank=None if roles.rank is None else index[roles.rank],
        pillar=None if roles.pillar is None else index[roles.pillar],
        value=None if roles.value is None else index[roles.value],
    )
    reader = _Reader(cells, system, local, unit_kind, values)
    if resolved == "long":
        units, subscores, totals, ranks = _read_long(reader, matcher)
    else:
        units, subscores, totals, ranks = _read_wide(reader)
    if not units:
        msg = f"{source}: the table has no unit rows (only a national row)"
        raise TableError(msg)
    steps = [] if dropped is None else [dropped]
    steps.extend(_steps(reader, roles, headers, cells, values, source))
    return ParsedTable(
        units=tuple(units),
        subscores=subscores,
        reported_totals=None if totals is None else np.array(totals, dtype=np.float64),
        reported_ranks=None if ranks is None else np.array(ranks, dtype=np.float64),
        decimals=_decimals(decimals, cells),
        national_score=None if reader.national is None else reader.national[2],
        layout=resolved,
        steps=tuple(steps),
    )


def _steps(
    reader: _Reader,
    roles: _Roles,
    headers: list[str],
    cells: Cells,
    values: TableValues,
    source: str,
) -> list[Step]:
    steps = []
    if roles.how:
        steps.append(
            Step(
                "match_columns",
                f"read column {'; '.join(roles.how)}",
                {"matched": tuple(roles.how), "unit_column": headers[roles.unit]},
            )
        )
    if cells.decimal_commas:
        steps.append(
            Step(
                "decimal_comma",
                f"read {cells.decimal_commas} number(s) written with a decimal comma",
                {"cells": cells.decimal_commas},
            )
        )
    if values == "index":
        steps.append(
            Step(
                "index_to_subscores",
                "multiplied the 0-100 pillar indices by their weights into sub-scores",
                {"values": "index", "weights": tuple(float(w) for w in reader.system.weights)},
            )
        )
    if reader.national is not None:
        row, label, score, how = reader.national
        steps.append(
            Step(
                "national_row",
                f"row {row} ({label!r}) is the national reference, not a province: "
                f"national score {score:g} ({how})",
                {"row": row, "label": label, "national_score": score, "from": how},
            )
        )
    return steps
