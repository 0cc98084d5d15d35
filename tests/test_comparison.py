from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import kendalltau, spearmanr

import idx
from idx import schemes as W
from idx.comparison import compare_schemes
from idx.space import WeightSpace


def test_published_against_itself():
    e = idx.load_2017()
    c = idx.compare(idx.score(e), idx.score(e, "published"))
    assert (c.shifts == 0).all()
    assert c.spearman == pytest.approx(1.0)
    assert c.largest_shift == 0


def test_equal_weights_against_reported():
    e = idx.load_2017()
    other = idx.score(e, "equal")
    c = idx.compare(e, other)
    i = e.units.index("Jiangsu")
    # Jiangsu: reported 4th; under equal weights it overtakes Zhejiang (3rd).
    assert c.reference_ranks[i] == 4
    assert c.other_ranks[i] == other.rank_of("Jiangsu")
    assert c.shifts[i] == 4 - other.rank_of("Jiangsu")
    assert c.spearman == pytest.approx(spearmanr(e.reported_ranks, other.ranks).statistic)
    assert c.kendall == pytest.approx(kendalltau(e.reported_ranks, other.ranks).statistic)
    frame = c.to_frame()
    assert list(frame.columns) == ["unit", "rank_reported", "rank_equal", "shift"]


def test_hand_made_shift_sign():
    system = idx.IndexSystem.from_weights({"a": 0.5, "b": 0.5})
    e = idx.Edition(
        system=system, units=("x", "y"), subscores=[[50, 0], [0, 40]], unit_kind="other"
    )
    # Published: x 50 > y 40. With b only: y 80 > x 0, so y climbs one place (+1).
    c = idx.compare(idx.score(e), idx.score(e, {"a": 0.0, "b": 1.0}))
    assert c.shifts.tolist() == [-1, 1]


def test_different_units_and_wrong_types():
    e = idx.load_2017()
    system = idx.IndexSystem.from_weights({"a": 1.0})
    other = idx.Edition(system=system, units=("Beijing",), subscores=[[1.0]])
    with pytest.raises(idx.IdxError, match="must cover the same units"):
        idx.compare(e, other)
    with pytest.raises(idx.IdxError, match="must be Score or Edition"):
        idx.compare(e, [1, 2])  # type: ignore[arg-type]


# --- several weighting schemes side by side -------------------------------------------


def test_ranks_side_by_side_and_correlations():
    edition = idx.load_2017()
    result = compare_schemes(edition, ["published", "equal", "entropy", "critic"])
    frame = result.to_frame()
    assert list(frame.columns) == [
        "unit",
        "published",
        "equal",
        "entropy",
        "critic",
        "largest_shift",
    ]
    # independent: score each scheme's weights directly
    for k, scheme in enumerate(["published", "equal", "entropy", "critic"]):
        expected = idx.score(edition, W.scheme_weights(edition, scheme).weights).ranks
        assert (result.ranks[:, k] == expected).all()
    rho = result.correlations("spearman")
    assert rho.loc["published", "critic"] == pytest.approx(
        spearmanr(result.ranks[:, 0], result.ranks[:, 3]).statistic
    )
    tau = result.correlations("kendall")
    assert tau.loc["equal", "entropy"] == pytest.approx(
        kendalltau(result.ranks[:, 1], result.ranks[:, 2]).statistic
    )
    assert np.allclose(np.diag(rho), 1.0)
    shifts = np.abs(result.ranks - result.ranks[:, :1]).max(axis=1)
    assert (result.largest_shift == shifts).all()


def test_mapping_of_custom_weights():
    edition = idx.load_2017()
    result = compare_schemes(edition, {"mine": {"application": 0.5}, "equal": "equal"})
    assert result.schemes == ("mine", "equal")
    assert result.weights_frame().loc["mine", "application"] == pytest.approx(0.5)


def test_errors():
    edition = idx.load_2017()
    with pytest.raises(idx.WeightError, match="unknown weighting scheme 'entropyy'"):
        compare_schemes(edition, ["published", "entropyy"])
    with pytest.raises(idx.WeightError, match="at least one scheme"):
        compare_schemes(edition, [])
    # a bad correlation method is not a weight problem
    with pytest.raises(idx.IdxError, match="'method' must be one of spearman, kendall") as info:
        compare_schemes(edition, ["equal"]).correlations("pearson")  # type: ignore[arg-type]
    assert not isinstance(info.value, idx.WeightError)


def test_labels_name_the_two_rankings():
    e = idx.load_2017()
    result = idx.compare(e, idx.score(e, "equal"), labels=("2017", "2018"))
    assert list(result.to_frame().columns) == ["unit", "rank_2017", "rank_2018", "shift"]
    with pytest.raises(idx.IdxError, match=r"'labels' must be two different non-empty names"):
        idx.compare(e, e, labels=("a", "a"))


def test_benefit_of_the_doubt_joins_the_comparison_by_its_scores():
    e = idx.load_2017()
    bod = W.benefit_of_the_doubt(e, WeightSpace.around(e.system, 0.25))
    result = compare_schemes(e, {"published": "published", "bod": bod})
    np.testing.assert_array_equal(result.ranks[:, 1], bod.ranks)
    np.testing.assert_array_equal(result.totals[:, 1], bod.scores)
    assert np.isnan(result.weights[1]).all()
    with pytest.raises(idx.WeightError, match="benefit of the doubt \\('bod'\\) is linear"):
        compare_schemes(e, {"bod": bod}, aggregation="geometric")


def test_schemes_under_another_aggregation():
    e = idx.load_2017()
    result = compare_schemes(e, ["published", "equal"], aggregation="power", power=-1.0)
    for k, name in enumerate(("published", "equal")):
        expected = idx.score(e, name, aggregation="power", power=-1.0)
        np.testing.assert_array_equal(result.ranks[:, k], expected.ranks)
