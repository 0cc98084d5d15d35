from __future__ import annotations

import numpy as np
import pytest

import idx
from idx import Edition, IndexSystem, TableError

SYSTEM = IndexSystem.from_weights({"a": 0.4, "b": 0.6})


def test_indices_scores_and_reported():
    e = Edition(
        system=SYSTEM,
        units=("x", "y"),
        subscores=[[40.0, 30.0], [20.0, 60.0]],
        reported_totals=[70.0, 80.0],
        reported_ranks=[2, 1],
        unit_kind="other",
    )
    assert e.indices.loc["x"].tolist() == [100.0, 50.0]
    assert e.scores.loc["y", "b"] == 60.0
    assert e.reported["rank"].tolist() == [2, 1]
    assert list(e.to_frame().columns) == ["unit", "a", "b", "total", "rank"]


def test_inputs_are_copied_not_aliased():
    scores = np.array([[40.0, 30.0]])
    e = Edition(system=SYSTEM, units=("x",), subscores=scores, unit_kind="other")
    scores[0, 0] = 0.0
    assert e.subscores[0, 0] == 40.0
    assert scores.flags.writeable


@pytest.mark.parametrize(
    ("subscores", "message"),
    [
        (
            [[41.0, 30.0]],
            r"sub-score of 'x' for pillar 'a' must be in \[0, 40\] \(100 x weight 0.4\) \(got 41\)",
        ),
        ([[-1.0, 30.0]], r"must be in \[0, 40\]"),
        ([[np.nan, 30.0]], "must be finite"),
        ([[1.0, 2.0, 3.0]], r"shape \(1, 2\)"),
        ([["a", 2.0]], "must be numeric"),
    ],
)
def test_bad_subscores(subscores, message):
    with pytest.raises(TableError, match=message):
        Edition(system=SYSTEM, units=("x",), subscores=subscores, unit_kind="other")


def test_unit_rules():
    with pytest.raises(TableError, match="'x' appears twice"):
        Edition(system=SYSTEM, units=("x", "x"), subscores=[[1, 1], [1, 1]], unit_kind="other")
    with pytest.raises(TableError, match="canonical name 'Xizang'"):
        Edition(system=SYSTEM, units=("Tibet",), subscores=[[1, 1]])
    with pytest.raises(idx.UnknownUnitError, match="unknown province 'x'"):
        Edition(system=SYSTEM, units=("x",), subscores=[[1, 1]])
    with pytest.raises(TableError, match="at least one unit"):
        Edition(system=SYSTEM, units=(), subscores=np.zeros((0, 2)))


def test_reported_rules():
    with pytest.raises(TableError, match=r"'reported_ranks' must be >= 1 \(got 0\)"):
        Edition(
            system=SYSTEM, units=("x",), subscores=[[1, 1]], reported_ranks=[0], unit_kind="other"
        )
    with pytest.raises(TableError, match="whole numbers"):
        Edition(
            system=SYSTEM, units=("x",), subscores=[[1, 1]], reported_ranks=[1.5], unit_kind="other"
        )
    with pytest.raises(TableError, match="'decimals' must be"):
        Edition(system=SYSTEM, units=("x",), subscores=[[1, 1]], decimals=-1, unit_kind="other")


def test_unit_position_resolves_labels():
    e = idx.load_2017()
    assert e.unit_position("Tibet") == e.units.index("Xizang")
    with pytest.raises(idx.UnknownUnitError, match="unknown province"):
        e.unit_position("Atlantis")
