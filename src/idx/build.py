"""Building an edition from raw indicators: normalise, aggregate within pillars, weight."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from idx.construction import Construction
from idx.edition import Edition
from idx.errors import IdxError, TableError
from idx.options import Imputation, Normalisation, UnitKind, choices
from idx.provenance import Step
from idx.provinces import lookup_province
from idx.system import IndexSystem
from idx.validation import finite_number, one_of

__all__ = [
    "IMPUTATIONS",
    "NORMALISATIONS",
    "Construction",
    "Imputation",
    "Normalisation",
    "build",
    "rebuild",
]

NORMALISATIONS: tuple[Normalisation, ...] = choices(Normalisation)
IMPUTATIONS: tuple[Imputation, ...] = choices(Imputation)


def _normalise(
    values: NDArray[np.float64],
    method: Normalisation,
    higher: bool,
    indicator: str,
    reference: float | None,
) -> NDArray[np.float64]:
    """One raw column (NaN for missing) onto 0-100, best = 100."""
    known = values[~np.isnan(values)]
    if known.size == 0:
        msg = f"indicator {indicator!r} has no values to normalise"
        raise TableError(msg)
    if method == "minmax":
        low, high = known.min(), known.max()
        if high == low:
            msg = (
                f"indicator {indicator!r} is constant ({low:g}): min-max normalisation is undefined"
            )
            raise TableError(msg)
        scaled = (values - low) / (high - low)
        return np.asarray(100.0 * (scaled if higher else 1.0 - scaled), dtype=np.float64)
    if method == "zscore":
        sd = known.std(ddof=1) if len(known) > 1 else 0.0
        if sd == 0:
            msg = f"indicator {indicator!r} is constant: z-scores are undefined"
            raise TableError(msg)
        z = (values - known.mean()) / sd
        # T-score convention: mean 50, one standard deviation 10 points, clipped to 0-100
        return np.asarray(
            np.clip(50.0 + 10.0 * (z if higher else -z), 0.0, 100.0), dtype=np.float64
        )
    if method == "distance_to_best":
        if (known <= 0).any():
            msg = f"indicator {indicator!r} must be > 0 for distance-to-best normalisation"
            raise TableError(msg)
        return np.asarray(
            100.0 * (values / known.max() if higher else known.min() / values), dtype=np.float64
        )
    if method == "ratio":
        if reference is None or not np.isfinite(reference) or reference <= 0:
            msg = f"'reference' must give a positive value for indicator {indicator!r} (got {reference!r})"
            raise TableError(msg)
        if (known < 0).any() or ((known == 0).any() and not higher):
            msg = (
                f"indicator {indicator!r} must be >= 0 for ratio normalisation "
                f"(> 0 when lower is better) (got {known.min():g})"
            )
            raise TableError(msg)
        return np.asarray(
            np.minimum(100.0, 100.0 * (values / reference if higher else reference / values)),
            dtype=np.float64,
        )
    if (known < 0).any() or (known > 100).any():
        msg = f"indicator {indicator!r} must lie in [0, 100] for identity normalisation"
        raise TableError(msg)
    return np.asarray(values if higher else 100.0 - values, dtype=np.float64)


def build(
    raw: pd.DataFrame,
    system: IndexSystem,
    *,
    normalisation: Normalisation = "minmax",
    reference: Mapping[str, float] | None = None,
    imputation: Imputation | None = None,
    unit_column: str | None = None,
    unit_kind: UnitKind = "province",
    year: int | None = None,
) -> Edition:
    """Build an :class:`~idx.Edition` from a table of raw indicators.

    Parameters
    ----------
    raw : DataFrame
        One row per unit; one column per indicator id of ``system`` (every one,
        nothing else); units in ``unit_column`` or, if not given, the index.
    system : IndexSystem
        Pillars with their weights and their :class:`~idx.Indicator` s.
    normalisation : {"minmax", "zscore", "distance_to_best", "ratio", "identity"}
        How each indicator maps onto 0-100 (100 best; "lower is better" indicators
        are flipped). ``minmax``: ``100 (v - min) / (max - min)``, COINr's
        ``n_minmax(l_u = c(0, 100))``. ``zscore``: the T-score ``50 + 10 z`` (z with
        the sample standard deviation), COINr's ``n_zscore(m_sd = c(50, 10))``,
        then clipped to [0, 100] (COINr does not clip). ``distance_to_best``:
        ``100 v / max``, COINr's ``n_fracmax`` times 100; when lower is better
        ``100 min / v``, which differs from COINr: COINr negates the values before
        ``n_fracmax``, giving ``v / min`` (largest for the worst unit), the
        reciprocal of idx's. Values must be > 0. ``ratio``:
        ``100 v / reference``, capped at 100 (e.g. the national figure).
        ``identity``: values already on 0-100.
    reference : mapping, optional
        Reference value per indicator id, for ``ratio``.
    imputation : {"pillar_mean", "drop_unit", "indicator_mean", "indicator_median"}, optional
        Missing values are an error unless chosen. ``"pillar_mean"``: a missing
        normalised value takes the mean of the unit's other indicators in the same
        pillar. ``"drop_unit"``: units with any missing value are dropped.
        ``"indicator_mean"`` / ``"indicator_median"``: a missing raw value takes the
        mean / median of that indicator over the units that have it, before
        normalising (COINr's ``i_mean`` / ``i_median``); unlike ``drop_unit`` they
        keep every unit, so editions built with different choices compare rank for
        rank. Whatever is chosen, the edition's provenance ``steps`` record what was
        done.
    unit_column : str, optional
    unit_kind : {"province", "other"}
    year : int, optional

    Returns
    -------
    Edition
        Sub-scores on the report's scale (``pillar index x weight``), no reported
        totals or ranks (score it with :func:`idx.score`). Its ``construction``
        records the raw values and the choices, so :func:`rebuild` can build it
        again with another normalisation or imputation.

    References
    ----------
    .. [1] OECD and JRC (2008). Handbook on Constructing Composite Indicators,
       sections 1.4 (imputation) and 1.5 (normalisation).
    .. [2] Becker, W., Caperna, G., Del Sorbo, M., Norlén, H., Papadimitriou, E.
       and Saisana, M. (2022). COINr: an R package for developing composite
       indicators. Journal of Open Source Software 7(78), 4567.
    """
    if not isinstance(raw, pd.DataFrame):
        msg = f"'raw' must be a pandas DataFrame (got {type(raw).__name__})"
        raise TableError(msg)
    one_of("normalisation", normalisation, Normalisation, error=TableError)
    if imputation is not None:
        one_of("imputation", imputation, Imputation, error=TableError)
    one_of("unit_kind", unit_kind, UnitKind, error=TableError)
    labels, values = _raw_values(raw, system, unit_column, unit_kind)
    construction = Construction(
        values=values,
        units=tuple(labels),
        indicators=tuple(i.id for _, i in system.indicators),
        normalisation=normalisation,
        reference=reference,
        imputation=imputation,
        unit_kind=unit_kind,
        year=year,
    )
    return _construct(construction, system)


def rebuild(
    edition: Edition,
    *,
    normalisation: Normalisation | None = None,
    imputation: Imputation | None = None,
) -> Edition:
    """Build an edition again from the raw indicators it was built from, with other choices.

    Parameters
    ----------
    edition : Edition
        An edition made by :func:`build` (its ``construction`` holds the raw values).
    normalisation : {"minmax", "zscore", "distance_to_best", "ratio", "identity"}, optional
        ``None`` keeps the recorded normalisation.
    imputation : {"pillar_mean", "drop_unit", "indicator_mean", "indicator_median"}, optional
        ``None`` keeps the recorded imputation.

    Returns
    -------
    Edition
        What :func:`build` returns for the recorded raw table, system, reference,
        unit kind and year with these choices: the same sub-scores, bit for bit,
        and a ``construction`` recording the new choices.

    Raises
    ------
    TableError
        If ``edition`` was not built from raw indicators, or the choices do not apply
        to its raw values (a missing value and no imputation, ``ratio`` without a
        reference, ...).
    """
    if not isinstance(edition, Edition):
        msg = f"'edition' must be an idx.Edition (got {type(edition).__name__})"
        raise TableError(msg)
    record = edition.construction
    if record is None:
        msg = (
            "'edition' was not built from raw indicators (idx.build): "
            "normalisation and imputation choices need its raw values"
        )
        raise TableError(msg)
    if normalisation is not None:
        one_of("normalisation", normalisation, Normalisation, error=TableError)
    if imputation is not None:
        one_of("imputation", imputation, Imputation, error=TableError)
    construction = Construction(
        values=record.values,
        units=record.units,
        indicators=record.indicators,
        normalisation=record.normalisation if normalisation is None else normalisation,
        reference=record.reference,
        imputation=record.imputation if imputation is None else imputation,
        unit_kind=record.unit_kind,
        year=record.year,
    )
    return _construct(construction, edition.system)


def _construct(construction: Construction, system: IndexSystem) -> Edition:
    """The edition ``construction`` describes: impute, normalise, aggregate, weight."""
    labels = construction.units
    units = [lookup_province(u).name if construction.unit_kind == "province" else u for u in labels]
    # a writable copy: imputation fills it in, the record stays as read
    values = np.array(construction.values)
    steps: list[Step] = []
    units, values = _handle_missing(units, values, system, construction.imputation, steps)
    normalised = _normalise_indicators(
        values, system, construction.normalisation, construction.reference, steps
    )
    indices = _aggregate_pillars(normalised, units, system, steps)
    try:
        return Edition(
            system=system,
            units=tuple(units),
            subscores=np.clip(indices, 0.0, 100.0) * system.weights,
            year=construction.year,
            source="raw indicators",
            unit_kind=construction.unit_kind,
            steps=tuple(steps),
            construction=construction,
        )
    except IdxError as exc:  # pragma: no cover - indices are in [0, 100] by construction
        raise TableError(str(exc)) from None


def _raw_values(
    raw: pd.DataFrame, system: IndexSystem, unit_column: str | None, unit_kind: UnitKind
) -> tuple[list[str], NDArray[np.float64]]:
    """The unit labels as read and the raw indicator values (NaN where missing), checked."""
    indicators = system.indicators
    if not indicators or any(not p.indicators for p in system.pillars):
        empty = [p.id for p in system.pillars if not p.indicators]
        msg = f"every pillar needs indicators to build an index (none for {', '.join(empty)})"
        raise TableError(msg)
    frame = raw
    if unit_column is not None:
        if unit_column not in raw.columns:
            msg = f"unit column {unit_column!r} is missing"
            raise TableError(msg)
        frame = raw.set_index(unit_column)
    ids = [i.id for _, i in indicators]
    columns = [str(c) for c in frame.columns]
    unknown = [c for c in columns if c not in ids]
    if unknown:
        msg = (
            f"unknown indicator column {unknown[0]!r}; the system's indicators are {', '.join(ids)}"
        )
        raise TableError(msg)
    missing = [i for i in ids if i not in columns]
    if missing:
        msg = f"missing indicator column {missing[0]!r}"
        raise TableError(msg)
    labels = [str(u) for u in frame.index]
    units = [lookup_province(u).name if unit_kind == "province" else u for u in labels]
    if len(set(units)) != len(units):
        dup = next(u for u in units if units.count(u) > 1)
        msg = f"unit {dup!r} appears twice"
        raise TableError(msg)
    values = np.empty((len(units), len(ids)))
    for k, indicator in enumerate(ids):
        for r, value in enumerate(frame[indicator]):
            if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
                values[r, k] = np.nan
                continue
            values[r, k] = finite_number(
                "value",
                value,
                error=TableError,
                subject=f"unit {units[r]!r}, indicator {indicator!r}: value",
            )
    return labels, values


def _handle_missing(
    units: list[str],
    values: NDArray[np.float64],
    system: IndexSystem,
    imputation: Imputation | None,
    steps: list[Step],
) -> tuple[list[str], NDArray[np.float64]]:
    """Refuse missing values unless an imputation is chosen; drop units or impute raw values.

    ``pillar_mean`` works on normalised values and is left to :func:`_aggregate_pillars`.
    """
    ids = [i.id for _, i in system.indicators]
    holes = np.argwhere(np.isnan(values))
    if len(holes) and imputation is None:
        r, k = holes[0]
        options = ", ".join(repr(option) for option in IMPUTATIONS)
        msg = (
            f"unit {units[r]!r} has no value for indicator {ids[k]!r} ({len(holes)} missing in all); "
            f"choose imputation= one of {options}"
        )
        raise TableError(msg)
    if not len(holes) or imputation == "pillar_mean":
        return units, values
    if imputation in ("indicator_mean", "indicator_median"):
        return units, _impute_indicators(units, values, ids, imputation, steps)
    drop = sorted({int(r) for r, _ in holes})
    dropped = [units[r] for r in drop]
    steps.append(
        Step(
            "drop_units",
            f"dropped units with missing values: {', '.join(dropped)}",
            {"imputation": "drop_unit", "units": tuple(dropped)},
        )
    )
    keep = [r for r in range(len(units)) if r not in drop]
    if not keep:
        msg = "every unit has a missing value: nothing left after drop_unit"
        raise TableError(msg)
    return [units[r] for r in keep], values[keep]


def _impute_indicators(
    units: list[str],
    values: NDArray[np.float64],
    ids: list[str],
    imputation: Imputation,
    steps: list[Step],
) -> NDArray[np.float64]:
    """Each missing raw value takes its indicator's mean or median over the units that have it.

    COINr's ``i_mean`` and ``i_median`` (Becker et al. 2022), applied column by column
    before normalising; ``values`` (the caller's own copy) is filled in place.
    """
    statistic = np.nanmean if imputation == "indicator_mean" else np.nanmedian
    gaps = np.isnan(values)
    cells: list[str] = []
    filled: list[float] = []
    for k in np.flatnonzero(gaps.any(axis=0)):
        if gaps[:, k].all():
            msg = f"indicator {ids[k]!r} has no value for any unit; {imputation} cannot impute it"
            raise TableError(msg)
        value = float(statistic(values[:, k]))
        rows = np.flatnonzero(gaps[:, k])
        values[rows, k] = value
        cells += [f"{units[r]}/{ids[k]}" for r in rows]
        filled += [value] * len(rows)
    steps.append(
        Step(
            "impute",
            f"{imputation} imputed {', '.join(cells)}",
            {"imputation": imputation, "cells": tuple(cells), "values": tuple(filled)},
        )
    )
    return values


def _normalise_indicators(
    values: NDArray[np.float64],
    system: IndexSystem,
    normalisation: Normalisation,
    reference: Mapping[str, float] | None,
    steps: list[Step],
) -> NDArray[np.float64]:
    """Every indicator onto 0-100, best = 100 (missing values stay NaN)."""
    indicators = [i for _, i in system.indicators]
    normalised = np.column_stack(
        [
            _normalise(
                values[:, k],
                normalisation,
                indicator.direction == "higher",
                indicator.id,
                None if reference is None else reference.get(indicator.id),
            )
            for k, indicator in enumerate(indicators)
        ]
    )
    steps.append(
        Step(
            "normalise",
            f"built from raw indicators: {normalisation} normalisation of "
            f"{len(indicators)} indicators",
            {
                "normalisation": normalisation,
                "reference": None if reference is None else dict(reference),
            },
        )
    )
    return normalised


def _aggregate_pillars(
    normalised: NDArray[np.float64], units: list[str], system: IndexSystem, steps: list[Step]
) -> NDArray[np.float64]:
    """Pillar indices: each pillar's indicators averaged with their weights.

    A missing normalised value (only left with ``pillar_mean``) takes the mean of the
    unit's other indicators in the same pillar.
    """
    indices = np.empty((len(units), len(system)))
    imputed: list[str] = []
    start = 0
    for j, pillar in enumerate(system.pillars):
        width = len(pillar.indicators)
        block = normalised[:, start : start + width].copy()
        gaps = np.isnan(block)
        for row in np.flatnonzero(gaps.any(axis=1)):
            if gaps[row].all():
                msg = f"unit {units[row]!r} has no value for any indicator of pillar {pillar.id!r}; pillar_mean cannot impute it"
                raise TableError(msg)
            block[row, gaps[row]] = block[row, ~gaps[row]].mean()
            imputed += [
                f"{units[row]}/{pillar.indicators[c].id}" for c in np.flatnonzero(gaps[row])
            ]
        indices[:, j] = block @ np.array(pillar.indicator_weights())
        start += width
    if imputed:
        steps.append(
            Step(
                "impute",
                f"pillar_mean imputed {', '.join(imputed)}",
                {"imputation": "pillar_mean", "cells": tuple(imputed)},
            )
        )
    return indices
