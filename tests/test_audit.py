"""The statistical audit as one result: its sections agree with the stand-alone functions."""

from __future__ import annotations

import sys

import numpy as np
import pytest

import idx
from idx import Edition, IdxError, IndexSystem
from idx.audit import Audit, audit
from idx.coherence import Correlations, DistributionStats, PCASummary, Reliability
from idx.main_effects import MainEffects


@pytest.fixture(scope="module")
def result(edition) -> Audit:
    return audit(edition)


def test_sections_are_attributes_with_frames(result, edition):
    assert isinstance(result.importance, MainEffects)
    assert isinstance(result.correlations, Correlations)
    assert isinstance(result.reliability, Reliability)
    assert isinstance(result.pca, PCASummary)
    assert isinstance(result.distribution, DistributionStats)
    importance = result.importance.to_frame()
    assert importance["pillar"].tolist() == list(edition.pillars)
    for column in ("weight", "linear", "nonparametric", "relative_weight", "flag"):
        assert column in importance.columns
    assert isinstance(result.reliability.cronbach_alpha, float)
    for name in ("correlations", "reliability", "pca", "distribution"):
        assert len(getattr(result, name).to_frame()) > 0


def test_sections_equal_the_standalone_functions(result, edition):
    np.testing.assert_array_equal(result.importance.linear, idx.main_effects(edition).linear)
    np.testing.assert_array_equal(
        result.importance.nonparametric, idx.main_effects(edition).nonparametric
    )
    assert result.reliability.cronbach_alpha == idx.reliability(edition).cronbach_alpha
    np.testing.assert_array_equal(result.pca.eigenvalues, idx.pca_summary(edition).eigenvalues)
    np.testing.assert_array_equal(
        result.correlations.coefficients["kendall"],
        idx.correlations(edition).coefficients["kendall"],
    )


def test_card_has_one_row_per_pillar(result, edition):
    card = result.to_frame()
    assert card["pillar"].tolist() == list(edition.pillars)
    np.testing.assert_allclose(card["weight"], edition.system.weights)
    np.testing.assert_array_equal(card["importance_flag"], result.importance.flags)
    np.testing.assert_allclose(card["r_total"], result.correlations.with_total())
    security = card.set_index("pillar").loc["security"]
    assert security["outliers"] == "Xizang (high)"
    assert result.section("pillars") is result
    assert result.section("pca") is result.pca


def test_findings_name_what_the_sections_flag(result):
    text = " ".join(result.findings)
    for pillar in result.importance.flagged:
        assert pillar in text
    for a, b, _ in result.correlations.collinear():
        assert f"{a} and {b}" in text
    assert f"{result.reliability.cronbach_alpha:.3f}" in text
    assert "2017 edition" in repr(result)


def test_thresholds_pass_through(edition):
    strict = audit(edition, factor=1.2, collinear=0.6, weak=0.8)
    assert strict.importance.factor == 1.2
    assert len(strict.importance.flagged) >= len(idx.main_effects(edition).flagged)
    assert strict.correlations.collinear_threshold == 0.6
    assert strict.correlations.weak_threshold == 0.8


def test_bad_input(result):
    with pytest.raises(IdxError, match="'section' must be one of pillars, importance"):
        result.section("weights")  # type: ignore[arg-type]
    system = IndexSystem.from_weights({"a": 0.5, "b": 0.5})
    small = Edition(
        system=system,
        units=("u1", "u2", "u3", "u4"),
        subscores=[[10.0, 20.0], [30.0, 5.0], [40.0, 45.0], [15.0, 25.0]],
        unit_kind="other",
    )
    with pytest.raises(IdxError, match=r"main effects need at least 5 units \(got 4\)"):
        audit(small)


def test_importing_a_submodule_does_not_hide_the_function():
    # `import idx.audit` binds the submodule to the package attribute `audit`; the
    # package keeps the function there instead (likewise idx.build, idx.main_effects).
    import idx.audit  # the import under test (this module has run it already)
    import idx.build
    import idx.main_effects

    assert idx.audit is audit
    assert callable(idx.build) and callable(idx.main_effects)
    assert sys.modules["idx.audit"].Audit is Audit
