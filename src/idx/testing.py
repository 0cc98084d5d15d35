"""Hypothesis strategies for idx objects, for idx's own tests and for users' property tests.

Requires ``hypothesis`` (the ``test`` extra). Every strategy draws only inputs that
idx's public functions accept: systems have at least two pillars (one-pillar systems
have no weights to vary) and editions at least two units (rankings and data-driven
weights need a comparison). Parameters take a value or a strategy.

Examples
--------
>>> from hypothesis import given
>>> from idx.testing import editions
>>> @given(editions())
... def test_totals_bounded(edition):
...     assert (idx.score(edition).totals <= 100 + 1e-9).all()
"""

from __future__ import annotations

from typing import Any, TypeVar

import numpy as np

try:
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - exercised in a subprocess without hypothesis
    msg = "idx.testing needs hypothesis: install the test extra (pip install 'idx[test]')"
    raise ImportError(msg) from None

from idx.build import rebuild
from idx.edition import Edition
from idx.errors import IdxError
from idx.options import Imputation, NoiseKind, Normalisation, SpaceMode, choices
from idx.provinces import PROVINCES
from idx.ranking import rank_totals
from idx.space import WeightSpace
from idx.system import IndexSystem, Pillar
from idx.uncertainty import Noise, Uncertainty

_T = TypeVar("_T")


def _value(draw: st.DrawFn, value: _T | st.SearchStrategy[_T]) -> _T:
    """``value`` itself, or a value drawn from it when it is a strategy."""
    return draw(value) if isinstance(value, st.SearchStrategy) else value


__all__ = [
    "editions",
    "index_systems",
    "pairwise_matrices",
    "simplex_weights",
    "uncertainties",
    "weight_vectors",
]


@st.composite
def simplex_weights(draw: st.DrawFn, n: int, *, min_weight: float = 0.0) -> np.ndarray[Any, Any]:
    """A weight vector of length ``n``: each >= ``min_weight``, summing to 1.

    Drawn as normalised integer parts, so weights are well away from rounding noise.
    """
    if n < 1:
        msg = f"'n' must be >= 1 (got {n})"
        raise ValueError(msg)
    parts = draw(st.lists(st.integers(1, 1000), min_size=n, max_size=n))
    w = np.array(parts, dtype=np.float64)
    w = w / w.sum()
    if min_weight > 0:
        w = min_weight + (1.0 - n * min_weight) * w
    normalised: np.ndarray[Any, Any] = w / w.sum()
    return normalised


@st.composite
def index_systems(
    draw: st.DrawFn,
    min_pillars: int | st.SearchStrategy[int] = 2,
    max_pillars: int | st.SearchStrategy[int] = 8,
    *,
    min_weight: float | st.SearchStrategy[float] = 0.01,
) -> IndexSystem:
    """An :class:`~idx.IndexSystem` with pillar ids ``p0, p1, ...`` and positive weights.

    At least two pillars by default: with one, its weight is 1 and nothing can vary.
    """
    low, high = _value(draw, min_pillars), _value(draw, max_pillars)
    if low < 1 or high < low:
        msg = f"'min_pillars' and 'max_pillars' must satisfy 1 <= min <= max (got {low}, {high})"
        raise ValueError(msg)
    m = draw(st.integers(low, high))
    w = draw(simplex_weights(m, min_weight=_value(draw, min_weight)))
    return IndexSystem(
        pillars=tuple(Pillar(id=f"p{j}", name=f"Pillar {j}", weight=float(w[j])) for j in range(m))
    )


def weight_vectors(system: IndexSystem, *, min_weight: float = 0.0) -> st.SearchStrategy[Any]:
    """Weight vectors over ``system``'s pillars (non-negative, summing to 1)."""
    return simplex_weights(len(system), min_weight=min_weight)


@st.composite
def editions(
    draw: st.DrawFn,
    system: IndexSystem | st.SearchStrategy[IndexSystem] | None = None,
    min_units: int | st.SearchStrategy[int] = 2,
    max_units: int | st.SearchStrategy[int] = 31,
    *,
    decimals: int | st.SearchStrategy[int | None] | None = 2,
    provinces: bool | st.SearchStrategy[bool] = True,
    with_reported: bool | st.SearchStrategy[bool] = False,
) -> Edition:
    """An :class:`~idx.Edition` with random pillar indices in [0, 100].

    Parameters
    ----------
    system : IndexSystem or strategy, optional
        Drawn with :func:`index_systems` when not given.
    min_units, max_units : int or strategy
        At least 2 by default; with ``provinces=True`` at most 31 (units are
        registry provinces).
    decimals : int, None or strategy
        Indices are drawn on a grid of ``10**-decimals`` (``None``: any float).
    provinces : bool or strategy
        Province units (canonical names) or generic ``unit_kind="other"`` names.
    with_reported : bool or strategy
        Also attach reported totals (the exact sums) and competition ranks.
    """
    system = draw(index_systems()) if system is None else _value(draw, system)
    provinces = _value(draw, provinces)
    decimals = _value(draw, decimals)
    low, high = _value(draw, min_units), _value(draw, max_units)
    limit = len(PROVINCES) if provinces else high
    if low < 1 or min(high, limit) < low:
        msg = f"'min_units' and 'max_units' must satisfy 1 <= min <= max (got {low}, {high})"
        raise ValueError(msg)
    n = draw(st.integers(low, min(high, limit)))
    m = len(system)
    if decimals is None:
        values = st.floats(0.0, 100.0, allow_nan=False, allow_infinity=False)
    else:
        scale = 10**decimals
        values = st.integers(0, 100 * scale).map(lambda k: k / scale)
    indices = np.array(draw(st.lists(values, min_size=n * m, max_size=n * m))).reshape(n, m)
    subscores = np.minimum(indices * system.weights, 100.0 * system.weights)
    if provinces:
        units = tuple(draw(st.permutations([p.name for p in PROVINCES]))[:n])
        kind = "province"
    else:
        units = tuple(f"unit {i}" for i in range(n))
        kind = "other"
    totals = ranks = None
    if _value(draw, with_reported):
        totals = subscores.sum(axis=1)
        ranks = rank_totals(totals)
    return Edition(
        system=system,
        units=units,
        subscores=subscores,
        reported_totals=totals,
        reported_ranks=ranks,
        unit_kind=kind,  # type: ignore[arg-type]
        decimals=None,
    )


@st.composite
def uncertainties(
    draw: st.DrawFn, edition: Edition, *, factors: bool | st.SearchStrategy[bool] = False
) -> Uncertainty:
    """An :class:`~idx.Uncertainty` that ``edition`` accepts, varying at least one input.

    Rounding only when the edition's precision is known; normalisation and
    imputation choices only for an edition built from raw indicators (the
    imputations that keep every unit). ``factors=True`` gives a factors weight space
    (what :func:`idx.sensitivity.sobol` needs) when the weights vary.
    """
    mode: SpaceMode = "factors" if _value(draw, factors) else "simplex"
    weights = (
        WeightSpace.around(edition.system, draw(st.sampled_from([0.1, 0.25, 0.5])), mode=mode)
        if draw(st.booleans())
        else None
    )
    rounding = edition.decimals is not None and draw(st.booleans())
    noise = None
    if draw(st.booleans()):
        kind: NoiseKind = draw(st.sampled_from(["absolute", "relative"]))
        size = draw(st.floats(0.0, 5.0 if kind == "absolute" else 0.2))
        noise = Noise(size, kind=kind, distribution=draw(st.sampled_from(["uniform", "normal"])))
    aggregation = None
    if draw(st.booleans()):
        rules = draw(
            st.lists(
                st.sampled_from(["arithmetic", "geometric", "power:2", "power:0.5", "power:-1"]),
                min_size=1,
                max_size=3,
                unique=True,
            )
        )
        aggregation = rules
    normalisation: list[Normalisation] | None = None
    imputation: list[Imputation] | None = None
    if edition.construction is not None:
        # only the choices this edition's raw values can be rebuilt with (min-max needs
        # a varying indicator, distance to best positive values, ...) and that keep
        # every unit
        usable = [
            (norm, imp)
            for norm in choices(Normalisation)
            if norm != "ratio"
            for imp in choices(Imputation)
            if imp != "drop_unit" and _rebuilds(edition, norm, imp)
        ]
        norms = sorted({norm for norm, _ in usable}, key=choices(Normalisation).index)
        imps = sorted(
            {imp for norm, imp in usable if norm == edition.construction.normalisation},
            key=choices(Imputation).index,
        )
        vary_normalisation: bool = draw(st.booleans())
        vary_imputation: bool = draw(st.booleans())
        if norms and vary_normalisation:
            normalisation = draw(
                st.lists(st.sampled_from(norms), min_size=1, max_size=2, unique=True)
            )
        if imps and vary_imputation:
            imputation = draw(st.lists(st.sampled_from(imps), min_size=1, max_size=2, unique=True))
        if normalisation and imputation:
            pairs = {(n, i) for n in normalisation for i in imputation}
            if not pairs <= set(usable):
                imputation = None
    if not (weights or rounding or noise or aggregation or normalisation or imputation):
        aggregation = ["arithmetic", "geometric"]
    return Uncertainty(
        weights=weights,
        rounding=rounding,
        noise=noise,
        aggregation=aggregation,
        normalisation=normalisation,
        imputation=imputation,
    )


def _rebuilds(edition: Edition, normalisation: Normalisation, imputation: Imputation) -> bool:
    """Whether ``edition`` rebuilds with these choices and keeps its units."""
    try:
        rebuilt = rebuild(edition, normalisation=normalisation, imputation=imputation)
    except IdxError:
        return False
    return rebuilt.units == edition.units


#: Saaty's fundamental scale 1..9 and its reciprocals, the values of a judgement cell.
_SAATY_SCALE = tuple([1.0 / k for k in range(9, 1, -1)] + [float(k) for k in range(1, 10)])


@st.composite
def pairwise_matrices(draw: st.DrawFn, n: int, *, consistent: bool = False) -> np.ndarray[Any, Any]:
    """A positive reciprocal ``n x n`` pairwise comparison matrix, for :func:`idx.weights.ahp`.

    ``consistent=True`` draws a weight vector ``v`` and returns ``a_ij = v_i / v_j``
    (then ``v`` is proportional to any column). Otherwise each upper-triangle cell is
    a value of Saaty's 1/9..9 scale and the lower triangle holds its reciprocal.
    """
    if n < 1:
        msg = f"'n' must be >= 1 (got {n})"
        raise ValueError(msg)
    if consistent:
        v = draw(simplex_weights(n))
        ratios: np.ndarray[Any, Any] = v[:, None] / v[None, :]
        return ratios
    matrix = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            matrix[i, j] = draw(st.sampled_from(_SAATY_SCALE))
            matrix[j, i] = 1.0 / matrix[i, j]
    return matrix
