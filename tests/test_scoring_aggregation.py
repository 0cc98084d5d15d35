from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import idx
from idx.aggregation import aggregate
from idx.testing import editions


def test_geometric_score_by_hand_for_beijing():
    edition = idx.load_2017()
    result = idx.score(edition, aggregation="geometric")
    subs = [6.66, 5.68, 5.51, 18.93, 3.57, 4.35]
    weights = [0.18, 0.16, 0.16, 0.25, 0.13, 0.12]
    expected = np.prod([(s / w) ** w for s, w in zip(subs, weights, strict=True)])
    assert result.totals[edition.units.index("Beijing")] == pytest.approx(expected, rel=1e-12)
    assert result.aggregation == "geometric" and result.power is None


def test_power_aggregation_records_its_parameter():
    edition = idx.load_2017()
    result = idx.score(edition, "equal", aggregation="power", power=-1.0)
    np.testing.assert_allclose(
        result.totals, aggregate(edition.index_array, result.weights, "power", -1.0)
    )
    assert (result.aggregation, result.power) == ("power", -1.0)


def test_zero_index_is_named_in_the_note():
    system = idx.IndexSystem.from_weights({"a": 0.5, "b": 0.5})
    e = idx.Edition(
        system=system, units=("x", "y"), subscores=[[0, 50], [25, 25]], unit_kind="other"
    )
    result = idx.score(e, aggregation="geometric")
    assert result.totals.tolist() == pytest.approx([0.0, 50.0])
    assert "makes the geometric total 0: x" in result.note


def test_default_is_unchanged_arithmetic():
    edition = idx.load_2017()
    a = idx.score(edition)
    assert a.aggregation == "arithmetic"
    np.testing.assert_allclose(a.totals, edition.subscores.sum(axis=1), atol=1e-12)


def test_positive_power_does_not_collapse_on_a_zero():
    # p = 2: sqrt(0.5 * 0^2 + 0.5 * 100^2) = sqrt(5000); no zero note. p = -1 collapses to 0.
    system = idx.IndexSystem.from_weights({"a": 0.5, "b": 0.5})
    e = idx.Edition(system=system, units=("x",), subscores=[[0, 50]], unit_kind="other")
    positive = idx.score(e, aggregation="power", power=2.0)
    assert positive.totals[0] == pytest.approx(5000**0.5) and positive.note == ""
    negative = idx.score(e, aggregation="power", power=-1.0)
    assert negative.totals[0] == 0.0 and "makes the power total 0: x" in negative.note


def test_bad_aggregation_is_an_error():
    with pytest.raises(idx.AggregationError, match="'aggregation' must be one of"):
        idx.score(idx.load_2017(), aggregation="median")


@given(editions(min_units=1, max_units=8), st.sampled_from(["published", "equal"]))
def test_geometric_never_beats_arithmetic_through_score(edition, weights):
    arithmetic = idx.score(edition, weights).totals
    geometric = idx.score(edition, weights, aggregation="geometric").totals
    harmonic = idx.score(edition, weights, aggregation="power", power=-1.0).totals
    assert (harmonic <= geometric + 1e-9).all() and (geometric <= arithmetic + 1e-9).all()
