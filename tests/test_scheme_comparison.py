from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import kendalltau, spearmanr

import idx
from idx import weights as W
from idx.scheme_comparison import compare_schemes


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
    with pytest.raises(idx.WeightError, match="'method' must be 'spearman' or 'kendall'"):
        compare_schemes(edition, ["equal"]).correlations("pearson")
