from __future__ import annotations

import numpy as np
import pytest

import idx
from idx.aggregation import aggregate


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
