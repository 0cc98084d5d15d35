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


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"year": 2017.5}, r"^'year' must be a positive integer \(got 2017.5\)$"),
        ({"year": "2017"}, r"^'year' must be a positive integer \(got '2017'\)$"),
        ({"year": True}, r"^'year' must be a positive integer \(got True\)$"),
        (
            {"national_score": float("nan")},
            r"^'national_score' must be finite and >= 0 \(got nan\)$",
        ),
        ({"national_score": "41.8"}, r"^'national_score' must be a number \(got '41.8'\)$"),
        (
            {"reported_ranks": [1e20]},
            r"^'reported_ranks' must be at most 1,000,000,000 \(got 1e\+20\)$",
        ),
        (
            {"reported_ranks": [10**5000]},
            r"^'reported_ranks' must be numeric \(int too large to convert to float\)$",
        ),
        ({"reported_totals": [10**5000]}, r"^'reported_totals' must be numeric"),
        ({"subscores": [[10**5000, 1]]}, r"^'subscores' must be numeric"),
        ({"source": 3}, r"^'source' must be a string \(got 3\)$"),
    ],
)
def test_fields_are_checked(fields, message):
    arguments = {"system": SYSTEM, "units": ("x",), "subscores": [[1.0, 1.0]], "unit_kind": "other"}
    arguments.update(fields)
    with pytest.raises(TableError, match=message):
        Edition(**arguments)


def test_year_and_national_score_become_plain_numbers():
    e = Edition(
        system=SYSTEM,
        units=("x",),
        subscores=[[1.0, 1.0]],
        unit_kind="other",
        year=np.int64(2017),
        national_score=np.float64(41.8),
    )
    assert type(e.year) is int and e.year == 2017
    assert type(e.national_score) is float and e.national_score == 41.8


def test_a_national_label_is_not_a_province():
    with pytest.raises(
        idx.UnknownUnitError, match=r"'全国' names the whole country, not a province"
    ):
        Edition(system=SYSTEM, units=("全国",), subscores=[[1, 1]])


def test_from_frame_records_its_steps_and_reads_a_national_row():
    frame = idx.load_2017().to_frame().rename(columns={"application": "Internet application"})
    frame.loc[31] = ["China", 7.1, 6.0, 5.8, 13.2, 5.0, 4.7, 41.8, np.nan]
    e = Edition.from_frame(frame, system=idx.SYSTEM_2017, source="mine", year=2017)
    assert e.n_units == 31 and e.national_score == 41.8 and e.year == 2017
    assert [s.action for s in e.steps] == ["match_columns", "national_row", "read"]
    assert e.source == "mine"
