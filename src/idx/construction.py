"""How an edition was built from raw indicators: the record :func:`idx.rebuild` needs.

:func:`idx.build` keeps the raw values it read and the choices it made in a
:class:`Construction` on the edition (``edition.construction``), so the same raw
table can be rebuilt with another normalisation or imputation, the discrete
construction choices a JRC-style uncertainty analysis varies (COINr keeps its raw
data and its build steps in the ``coin`` object for the same reason).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from idx.errors import TableError
from idx.options import Imputation, Normalisation, UnitKind
from idx.validation import got, one_of, positive_int

__all__ = ["Construction"]


@dataclass(frozen=True, eq=False)
class Construction:
    """The raw indicators an edition was built from, and the choices made.

    Parameters
    ----------
    values : array_like, shape (n_units, n_indicators)
        Raw indicator values, NaN where missing, rows in the order the raw table
        had them before any unit was dropped, columns in ``indicators`` order.
        Copied and made read-only (float64).
    units : tuple of str
        Unit labels as read from the raw table (the edition's ``units`` are their
        registry names when ``unit_kind="province"``, less any unit dropped).
    indicators : tuple of str
        Indicator ids, in the system's order.
    normalisation : {"minmax", "zscore", "distance_to_best", "ratio", "identity"}
    reference : mapping or None
        Reference value per indicator id (for ``ratio``); a read-only copy.
    imputation : {"pillar_mean", "drop_unit", "indicator_mean", "indicator_median"} or None
    unit_kind : {"province", "other"}
    year : int or None
    """

    values: NDArray[np.float64]
    units: tuple[str, ...]
    indicators: tuple[str, ...]
    normalisation: Normalisation
    reference: Mapping[str, float] | None = None
    imputation: Imputation | None = None
    unit_kind: UnitKind = "province"
    year: int | None = None

    def __post_init__(self) -> None:
        units = tuple(self.units)
        indicators = tuple(self.indicators)
        for name, labels in (("units", units), ("indicators", indicators)):
            if not labels or not all(isinstance(label, str) and label for label in labels):
                msg = f"{name!r} must be a non-empty sequence of non-empty strings (got {got(labels)})"
                raise TableError(msg)
            if len(set(labels)) != len(labels):
                dup = next(label for label in labels if labels.count(label) > 1)
                msg = f"{name!r} must be unique ({dup!r} appears twice)"
                raise TableError(msg)
        try:
            values = np.array(self.values, dtype=np.float64, copy=True)
        except (TypeError, ValueError) as exc:
            msg = f"'values' must be numeric ({str(exc).splitlines()[0][:80]})"
            raise TableError(msg) from None
        shape = (len(units), len(indicators))
        if values.shape != shape:
            msg = f"'values' must be an array of shape {shape} (got {values.shape})"
            raise TableError(msg)
        if np.isinf(values).any():
            msg = "'values' must be finite or NaN (missing)"
            raise TableError(msg)
        values.flags.writeable = False
        one_of("normalisation", self.normalisation, Normalisation, error=TableError)
        if self.imputation is not None:
            one_of("imputation", self.imputation, Imputation, error=TableError)
        one_of("unit_kind", self.unit_kind, UnitKind, error=TableError)
        reference = None
        if self.reference is not None:
            if not isinstance(self.reference, Mapping):
                msg = f"'reference' must be a mapping of indicator id to value (got {got(self.reference)})"
                raise TableError(msg)
            # a read-only copy; the values are checked where used (ratio normalisation)
            reference = MappingProxyType(dict(self.reference))
        if self.year is not None:
            object.__setattr__(self, "year", positive_int("year", self.year, error=TableError))
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "units", units)
        object.__setattr__(self, "indicators", indicators)
        object.__setattr__(self, "reference", reference)

    def raw_frame(self) -> pd.DataFrame:
        """The raw values as read: units x indicators, NaN where missing (a writable copy)."""
        frame: pd.DataFrame = pd.DataFrame(
            np.array(self.values),
            index=pd.Index(self.units, name="unit"),
            columns=pd.Index(self.indicators, name="indicator"),
        )
        return frame

    def __repr__(self) -> str:
        missing = int(np.isnan(self.values).sum())
        return (
            f"<Construction: {len(self.units)} units x {len(self.indicators)} indicators "
            f"({missing} missing), {self.normalisation}, imputation={self.imputation}>"
        )
