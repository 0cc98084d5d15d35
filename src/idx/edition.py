"""An edition of the index: the weighted pillar sub-scores of a set of units in one year."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from idx.errors import IdxError, TableError, UnknownUnitError
from idx.options import Layout, UnitKind
from idx.provenance import Step
from idx.provinces import lookup_province
from idx.system import IndexSystem
from idx.tables import DecimalsLike, parse_table
from idx.tolerances import SUBSCORE_SLACK
from idx.validation import positive_int

__all__ = ["Edition", "UnitKind"]


def _frozen(values: Any, dtype: Any, shape: tuple[int, ...]) -> NDArray[Any]:
    array = np.array(values, dtype=dtype, copy=True)
    if array.shape != shape:
        msg = f"expected an array of shape {shape} (got {array.shape})"
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
        try:
            scores = _frozen(self.subscores, np.float64, (n, m))
        except (TypeError, ValueError) as exc:
            if isinstance(exc, TableError):
                raise TableError(f"'subscores' {exc}") from None
            msg = f"'subscores' must be numeric ({exc})"
            raise TableError(msg) from None
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
            totals = _frozen(self.reported_totals, np.float64, (n,))
            if not np.isfinite(totals).all():
                msg = "'reported_totals' must be finite"
                raise TableError(msg)
            object.__setattr__(self, "reported_totals", totals)
        if self.reported_ranks is not None:
            ranks = _frozen(self.reported_ranks, np.float64, (n,))
            if not (np.isfinite(ranks).all() and (ranks == np.round(ranks)).all()):
                msg = "'reported_ranks' must be whole numbers"
                raise TableError(msg)
            # No upper bound: an excerpt of a longer table keeps its original ranks.
            if (ranks < 1).any():
                msg = f"'reported_ranks' must be >= 1 (got {ranks.min():g})"
                raise TableError(msg)
            as_int = ranks.astype(np.int64)
            as_int.flags.writeable = False
            object.__setattr__(self, "reported_ranks", as_int)
        if self.decimals is not None:
            positive_int("decimals", self.decimals, minimum=0, error=TableError)
        indices = scores / self.system.weights
        indices.flags.writeable = False
        object.__setattr__(self, "_index_array", indices)

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
        **fields: Any,
    ) -> Edition:
        """Build an edition from a DataFrame of numbers (wide or long layout).

        The table is read by :func:`idx.tables.parse_table` and the reading is
        recorded as the edition's first provenance step; ``fields`` (``year``,
        ``national_score``, ``source``) go to the constructor. To read a CSV file use
        :func:`idx.read_csv`; :func:`idx.from_frame` is this with the 2017 system as
        the default.
        """
        if not isinstance(frame, pd.DataFrame):
            msg = f"'frame' must be a pandas DataFrame (got {type(frame).__name__})"
            raise TableError(msg)
        source = str(fields.get("source") or "<DataFrame>")
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
        )
        try:
            return cls(
                system=system,
                units=table.units,
                subscores=table.subscores,
                reported_totals=table.reported_totals,
                reported_ranks=table.reported_ranks,
                unit_kind=unit_kind,
                decimals=table.decimals,
                steps=(table.read_step(source, layout),),
                **fields,
            )
        except IdxError as exc:
            raise type(exc)(f"{source}: {exc}") from None

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
