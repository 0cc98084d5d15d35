"""An edition of the index: the weighted pillar sub-scores of a set of units in one year."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from idx.cells import MAX_RANK
from idx.construction import Construction
from idx.errors import IdxError, TableError, UnknownUnitError
from idx.options import Layout, TableValues, UnitKind
from idx.provenance import Step
from idx.provinces import lookup_province
from idx.system import IndexSystem
from idx.tables import DecimalsLike, ParsedTable, parse_table
from idx.tolerances import FIGURE_SLACK, SUBSCORE_SLACK
from idx.validation import finite_number, got, positive_int

__all__ = ["Edition", "UnitKind", "edition_from_table"]


def _frozen(values: Any, dtype: Any, shape: tuple[int, ...], name: str) -> NDArray[Any]:
    try:
        array = np.array(values, dtype=dtype, copy=True)
    except (TypeError, ValueError, OverflowError) as exc:
        # OverflowError: a Python int too large for a float (a rank with 5000 digits)
        msg = f"{name!r} must be numeric ({str(exc).splitlines()[0][:80]})"
        raise TableError(msg) from None
    if array.shape != shape:
        msg = f"{name!r} must be an array of shape {shape} (got {array.shape})"
        raise TableError(msg)
    array.flags.writeable = False
    return array


@dataclass(frozen=True, eq=False)
class Edition:
    """Weighted pillar sub-scores of a set of units, as a report publishes them.

    Parameters
    ----------
    system : IndexSystem
        Pillars and the weights the sub-scores were computed with.
    units : tuple of str
        Unit names, unique. With ``unit_kind="province"`` they must be the
        registry's canonical names (loaders map labels such as ``"Xizang (Tibet)"``).
    subscores : array_like, shape (n_units, n_pillars)
        Weighted points: pillar j's sub-score lies in ``[0, 100 * weight_j]``.
    reported_totals, reported_ranks : array_like, optional
        The totals and ranks the source publishes, if any.
    year : int, optional
    national_score : float, optional
        A reference score the units were calibrated to (41.8 for China in 2017).
    source : str
        Where the figures come from: a path, a citation.
    unit_kind : {"province", "other"}
        ``"other"`` for cities, countries or anything outside the province registry.
    decimals : int, optional
        Decimal places the published figures are rounded to; ``verify`` derives
        its tolerance from it. ``None`` means the figures are exact.
    steps : tuple of Step
        What was done to the figures on the way, in order (read, normalised,
        imputed, ...): provenance as data, see :mod:`idx.provenance`.
    construction : Construction, optional
        The raw indicators and construction choices the edition was built from
        (set by :func:`idx.build`); what :func:`idx.rebuild` rebuilds from.
        ``None`` for editions read from published sub-scores.

    Notes
    -----
    Arrays are copied and made read-only; the caller's inputs are never touched.
    """

    system: IndexSystem
    units: tuple[str, ...]
    subscores: NDArray[np.float64]
    reported_totals: NDArray[np.float64] | None = None
    reported_ranks: NDArray[np.int64] | None = None
    year: int | None = None
    national_score: float | None = None
    source: str = ""
    unit_kind: UnitKind = "province"
    decimals: int | None = None
    steps: tuple[Step, ...] = ()
    construction: Construction | None = None
    _index_array: NDArray[np.float64] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        units = tuple(self.units)
        n, m = len(units), len(self.system)
        if n == 0:
            msg = "'units' must hold at least one unit (got none)"
            raise TableError(msg)
        seen: set[str] = set()
        for unit in units:
            if not isinstance(unit, str) or not unit.strip():
                msg = f"unit names must be non-empty strings (got {unit!r})"
                raise TableError(msg)
            if unit in seen:
                msg = f"unit names must be unique ({unit!r} appears twice)"
                raise TableError(msg)
            seen.add(unit)
            if self.unit_kind == "province" and lookup_province(unit).name != unit:
                canonical = lookup_province(unit).name
                msg = f"province {unit!r} must be given by its canonical name {canonical!r}"
                raise TableError(msg)
        object.__setattr__(self, "units", units)
        steps = tuple(self.steps)
        if not all(isinstance(step, Step) for step in steps):
            msg = "'steps' must be a sequence of idx.provenance.Step records"
            raise TableError(msg)
        object.__setattr__(self, "steps", steps)
        if not isinstance(self.source, str):
            msg = f"'source' must be a string (got {got(self.source)})"
            raise TableError(msg)
        if self.year is not None:
            year = positive_int("year", self.year, error=TableError)
            object.__setattr__(self, "year", year)
        if self.national_score is not None:
            national = finite_number(
                "national_score", self.national_score, low=0.0, error=TableError
            )
            object.__setattr__(self, "national_score", national)
        scores = _frozen(self.subscores, np.float64, (n, m), "subscores")
        maxima = 100.0 * self.system.weights
        for i, j in zip(*np.nonzero(~np.isfinite(scores)), strict=True):
            msg = f"sub-score of {units[i]!r} for pillar {self.system.ids[j]!r} must be finite (got {scores[i, j]!r})"
            raise TableError(msg)
        bad = (scores < 0) | (scores > maxima + SUBSCORE_SLACK)
        for i, j in zip(*np.nonzero(bad), strict=True):
            msg = (
                f"sub-score of {units[i]!r} for pillar {self.system.ids[j]!r} must be in "
                f"[0, {maxima[j]:g}] (100 x weight {self.system.weights[j]:g}) (got {scores[i, j]:g})"
            )
            raise TableError(msg)
        object.__setattr__(self, "subscores", scores)
        if self.reported_totals is not None:
            totals = _frozen(self.reported_totals, np.float64, (n,), "reported_totals")
            if not np.isfinite(totals).all():
                msg = "'reported_totals' must be finite"
                raise TableError(msg)
            object.__setattr__(self, "reported_totals", totals)
        if self.reported_ranks is not None:
            ranks = _frozen(self.reported_ranks, np.float64, (n,), "reported_ranks")
            if not (np.isfinite(ranks).all() and (ranks == np.round(ranks)).all()):
                msg = "'reported_ranks' must be whole numbers"
                raise TableError(msg)
            # No bound from the number of units: an excerpt of a longer table keeps its
            # original ranks. MAX_RANK keeps the conversion to int64 exact.
            if (ranks < 1).any():
                msg = f"'reported_ranks' must be >= 1 (got {ranks.min():g})"
                raise TableError(msg)
            if (ranks > MAX_RANK).any():
                msg = f"'reported_ranks' must be at most {MAX_RANK:,} (got {ranks.max():g})"
                raise TableError(msg)
            as_int = ranks.astype(np.int64)
            as_int.flags.writeable = False
            object.__setattr__(self, "reported_ranks", as_int)
        if self.decimals is not None:
            positive_int("decimals", self.decimals, minimum=0, error=TableError)
        if self.construction is not None:
            self._check_construction(self.construction)
        indices = scores / self.system.weights
        indices.flags.writeable = False
        object.__setattr__(self, "_index_array", indices)

    def _check_construction(self, construction: object) -> None:
        if not isinstance(construction, Construction):
            msg = f"'construction' must be an idx.Construction record or None (got {got(construction)})"
            raise TableError(msg)
        ids = tuple(indicator.id for _, indicator in self.system.indicators)
        if construction.indicators != ids:
            msg = (
                f"'construction' must record the system's indicators {', '.join(ids) or '(none)'} "
                f"(got {', '.join(construction.indicators)})"
            )
            raise TableError(msg)

    # --- constructors -------------------------------------------------------------------

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        *,
        system: IndexSystem,
        layout: Layout = "auto",
        unit_column: str | None = None,
        unit_kind: UnitKind = "province",
        decimals: DecimalsLike = "infer",
        columns: Mapping[str, str] | None = None,
        values: TableValues = "subscores",
        **fields: Any,
    ) -> Edition:
        """Build an edition from a DataFrame of numbers (wide or long layout).

        The table is read by :func:`idx.tables.parse_table` (see it for ``columns``
        and ``values``) and the reading is recorded in the edition's provenance
        steps; ``fields`` (``year``, ``national_score``, ``source``) go to the
        constructor. To read a CSV file use :func:`idx.read_csv`;
        :func:`idx.from_frame` is this with the 2017 system as the default.
        """
        if not isinstance(frame, pd.DataFrame):
            msg = f"'frame' must be a pandas DataFrame (got {type(frame).__name__})"
            raise TableError(msg)
        source = str(fields.pop("source", "") or "<DataFrame>")
        table = parse_table(
            frame,
            source,
            text=False,
            row_of=list(frame.index),
            system=system,
            layout=layout,
            unit_column=unit_column,
            unit_kind=unit_kind,
            decimals=decimals,
            columns=columns,
            values=values,
        )
        return edition_from_table(
            table, system=system, source=source, unit_kind=unit_kind, layout=layout, **fields
        )

    # --- views ---------------------------------------------------------------------------

    @property
    def n_units(self) -> int:
        return len(self.units)

    @property
    def pillars(self) -> tuple[str, ...]:
        """Pillar ids, in the system's order."""
        return self.system.ids

    @property
    def index_array(self) -> NDArray[np.float64]:
        """0-100 pillar indices (sub-score / weight), read-only, shape (n_units, n_pillars)."""
        return self._index_array

    def _unit_by_pillar(self, values: NDArray[np.float64]) -> pd.DataFrame:
        # A writable copy: the frame is the caller's to modify, the edition stays frozen.
        table: pd.DataFrame = pd.DataFrame(
            np.array(values),
            index=pd.Index(self.units, name="unit"),
            columns=pd.Index(self.pillars, name="pillar"),
        )
        return table

    # Naming rule: arrays are attributes named for what they hold (``subscores``,
    # ``index_array``, ``reported_totals``); tables are ``*_frame()`` methods.

    def subscore_frame(self) -> pd.DataFrame:
        """Weighted sub-scores as published: units x pillars."""
        return self._unit_by_pillar(self.subscores)

    def index_frame(self) -> pd.DataFrame:
        """0-100 pillar indices, sub-score / weight: units x pillars."""
        return self._unit_by_pillar(self._index_array)

    def reported_frame(self) -> pd.DataFrame:
        """Reported ``total`` and ``rank`` per unit (columns absent when not reported)."""
        frame: pd.DataFrame = pd.DataFrame(index=pd.Index(self.units, name="unit"))
        if self.reported_totals is not None:
            frame["total"] = np.array(self.reported_totals)
        if self.reported_ranks is not None:
            frame["rank"] = np.array(self.reported_ranks)
        return frame

    @property
    def scores(self) -> pd.DataFrame:
        """The same table as :meth:`subscore_frame` (the earlier name)."""
        return self.subscore_frame()

    @property
    def indices(self) -> pd.DataFrame:
        """The same table as :meth:`index_frame` (the earlier name)."""
        return self.index_frame()

    @property
    def reported(self) -> pd.DataFrame:
        """The same table as :meth:`reported_frame` (the earlier name)."""
        return self.reported_frame()

    def unit_position(self, unit: str) -> int:
        """Row of ``unit``; province labels are resolved through the registry."""
        name = unit
        if self.unit_kind == "province":
            name = lookup_province(unit).name
        try:
            return self.units.index(name)
        except ValueError:
            msg = f"unit {unit!r} is not in this edition"
            raise UnknownUnitError(msg) from None

    def to_frame(self) -> pd.DataFrame:
        """One wide table: unit, the sub-scores, and reported total and rank if any."""
        frame: pd.DataFrame = self.subscore_frame().reset_index()
        frame.columns.name = None
        reported = self.reported_frame().reset_index(drop=True)
        for column in reported.columns:
            frame[column] = reported[column].to_numpy()
        return frame

    def __repr__(self) -> str:
        year = f" {self.year}" if self.year is not None else ""
        return f"<Edition{year}: {self.n_units} units x {len(self.system)} pillars>"


def edition_from_table(
    table: ParsedTable,
    *,
    system: IndexSystem,
    source: str,
    unit_kind: UnitKind,
    layout: Layout = "auto",
    year: int | None = None,
    national_score: float | None = None,
    steps: tuple[Step, ...] = (),
) -> Edition:
    """The :class:`Edition` a parsed table describes; errors are prefixed with ``source``.

    ``steps`` (decoding, separators: what a reader did before parsing) come first in
    the edition's provenance, then the table's own steps and the read. A national
    score given by the caller and one read from the table's national row must agree.
    """
    try:
        national = table.national_score
        if national_score is not None:
            given = finite_number("national_score", national_score, low=0.0, error=TableError)
            if national is not None and abs(given - national) > FIGURE_SLACK:
                msg = (
                    f"'national_score' is {given:g} but the table's national row says "
                    f"{national:g}; give one or make them agree"
                )
                raise TableError(msg)
            national = given
        return Edition(
            system=system,
            units=table.units,
            subscores=table.subscores,
            reported_totals=table.reported_totals,
            reported_ranks=table.reported_ranks,
            year=year,
            national_score=national,
            source=source,
            unit_kind=unit_kind,
            decimals=table.decimals,
            steps=(*steps, *table.steps, table.read_step(source, layout)),
        )
    except IdxError as exc:
        raise type(exc)(f"{source}: {exc}") from None
