from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from idx import IdxError
from idx.ranking import TIE_ATOL, TIE_RTOL, ahead, ahead_direction, rank_totals, tied


def test_competition_dense_ordinal_on_known_case():
    totals = [10.0, 30.0, 20.0, 30.0, 5.0]
    assert rank_totals(totals).tolist() == [4, 1, 3, 1, 5]
    assert rank_totals(totals, "dense").tolist() == [3, 1, 2, 1, 4]
    # ordinal breaks ties by order of appearance
    assert rank_totals(totals, "ordinal").tolist() == [4, 1, 3, 2, 5]


def test_floating_noise_is_a_tie_but_a_hundredth_is_not():
    shaanxi = 3.32 + 2.50 + 2.94 + 12.50 + 3.58 + 3.23
    hunan = 5.39 + 2.50 + 2.50 + 12.43 + 2.70 + 2.55
    assert shaanxi != hunan  # the two sums differ in the last bits
    assert rank_totals([shaanxi, hunan]).tolist() == [1, 1]
    assert rank_totals([28.07, 28.06]).tolist() == [1, 2]


def test_noise_across_a_rounding_boundary_never_splits_a_tie():
    # Under the former rule (round to 10 decimals) these two equal totals, apart by
    # 3.6e-15 of noise, rounded to different keys and were ranked apart.
    a, b = 48.857067593749996, 48.85706759375
    assert round(a, 10) != round(b, 10)
    assert rank_totals([a, b]).tolist() == [1, 1]


def test_the_band_edges():
    # ahead iff a - b > 1e-8 + 1e-12 * max(|a|, |b|): worked out at 50 points
    band = TIE_ATOL + TIE_RTOL * 50.0
    assert band == pytest.approx(1.005e-8, rel=1e-12)
    assert tied(50.0, 50.0 - 0.9 * band)
    assert ahead(50.0, 50.0 - 1.1 * band)
    assert not ahead(50.0 - 1.1 * band, 50.0)
    assert rank_totals([50.0, 50.0 - 0.9 * band]).tolist() == [1, 1]
    assert rank_totals([50.0, 50.0 - 1.1 * band]).tolist() == [1, 2]


def test_a_chain_of_near_ties_is_ranked_by_units_ahead():
    # a, b, c each 0.6 band apart: a-b and b-c are tied, a is ahead of c.
    step = 0.6e-8
    totals = [10.0, 10.0 - step, 10.0 - 2 * step]
    assert rank_totals(totals).tolist() == [1, 1, 2]
    # dense: one distinct competition rank above c; ordinal: input order among equals
    assert rank_totals(totals, "dense").tolist() == [1, 1, 2]
    assert rank_totals(totals, "ordinal").tolist() == [1, 2, 3]


def test_ahead_direction_is_the_rule_made_linear():
    x_k = np.array([60.0, 40.0])
    x_i = np.array([60.0 + 1e-6, 40.0 - 1e-6])
    for w in ([0.5, 0.5], [0.45, 0.55], [0.55, 0.45], [1.0, 0.0]):
        w = np.array(w)
        linear = ahead_direction(x_k, x_i) @ w > TIE_ATOL
        assert linear == ahead(x_k @ w, x_i @ w)


def test_rows_are_ranked_separately():
    totals = np.array([[1.0, 2.0, 3.0], [3.0, 3.0, 1.0]])
    assert rank_totals(totals).tolist() == [[3, 2, 1], [1, 1, 3]]


def test_bad_input():
    with pytest.raises(IdxError, match="'method' must be one of min, dense, ordinal"):
        rank_totals([1.0], "average")  # type: ignore[arg-type]
    with pytest.raises(IdxError, match="must be finite"):
        rank_totals([1.0, float("nan")])
    with pytest.raises(IdxError, match="got a scalar"):
        rank_totals(1.0)


def _exact_ahead(a: Fraction, b: Fraction) -> bool:
    return a - b > Fraction(TIE_ATOL) + Fraction(TIE_RTOL) * max(abs(a), abs(b))


@given(
    st.lists(
        st.tuples(st.integers(0, 20), st.sampled_from([0.0, 1e-12, -1e-12, 3e-9, -7e-9, 2e-8])),
        min_size=1,
        max_size=30,
    )
)
def test_competition_rank_is_one_plus_the_units_ahead(values):
    # Values on a coarse grid, nudged by noise below, inside and beyond the band; the
    # definition is evaluated in exact rational arithmetic on the same floats.
    totals = np.array([k / 4 + e for k, e in values])
    exact = [Fraction(float(t)) for t in totals]
    expected = [1 + sum(_exact_ahead(t, x) for t in exact) for x in exact]
    assert rank_totals(totals).tolist() == expected
    dense = rank_totals(totals, "dense")
    assert dense.tolist() == [1 + len({r for r in expected if r < e}) for e in expected]
    ordinal = rank_totals(totals, "ordinal")
    assert sorted(ordinal.tolist()) == list(range(1, len(values) + 1))
    # ordinal ranks refine competition ranks
    assert all(o >= c for o, c in zip(ordinal.tolist(), expected, strict=True))
