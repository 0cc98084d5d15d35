"""The shared result base: freezing, short reprs, HTML, and the row order of to_frame()."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import idx
from idx.results import ConfidenceInterval, Result, freeze, rank_order


def test_freezing_takes_a_view_and_leaves_the_callers_array_writable():
    mine = np.arange(3.0)
    frozen = freeze(mine)
    assert not frozen.flags.writeable
    assert mine.flags.writeable
    mine[0] = 7.0  # still the caller's to change
    with pytest.raises(ValueError, match="read-only"):
        frozen[0] = 1.0


def test_mappings_freeze_into_read_only_views_of_read_only_arrays():
    frozen = freeze({"a": np.ones(2), "b": 1.0})
    with pytest.raises(TypeError):
        frozen["c"] = 2  # type: ignore[index]
    assert not frozen["a"].flags.writeable


def test_rank_order_is_rank_then_input_order():
    # ranks 3, 1, 2, 1: the two firsts keep their input order
    assert rank_order([3, 1, 2, 1]).tolist() == [1, 3, 2, 0]


def test_tied_units_print_in_input_order_everywhere():
    # Shaanxi and Hunan tie on their sub-scores (13th); Shaanxi comes first in the table
    edition = idx.load_2017()
    space = idx.WeightSpace.around(edition.system, 0.1)
    frames = [
        idx.score(edition).to_frame(),
        idx.monte_carlo(edition, space, 256, seed=1).to_frame(),
        idx.compare(idx.score(edition), idx.score(edition, "equal")).to_frame(),
    ]
    for frame in frames:
        units = frame["unit"].tolist()
        assert units.index("Shaanxi") + 1 == units.index("Hunan")


@pytest.fixture(scope="module")
def results():
    edition = idx.load_2017()
    space = idx.WeightSpace.around(edition.system, 0.25)
    return [
        idx.score(edition),
        idx.compare(edition, idx.score(edition, "equal")),
        idx.compare_schemes(edition, ["published", "equal"]),
        idx.monte_carlo(edition, space, 1000, seed=1),
        idx.smaa(edition, space, 1000, seed=1),
        idx.leave_one_out(edition),
        idx.weights.entropy(edition),
        idx.weights.benefit_of_the_doubt(edition),
        idx.verify(edition),
        idx.stability_intervals(edition),
        idx.rank_path(edition, "application"),
        idx.reversal(edition, "Henan", "Hunan", space),
        idx.rank_range(edition, space),
        idx.sobol(edition, idx.WeightSpace.around(edition.system, 0.25, mode="factors"), 64),
    ]


def test_reprs_are_short_and_name_what_the_result_holds(results):
    for result in results:
        text = repr(result)
        assert isinstance(result, Result)
        assert text.startswith(f"<{type(result).__name__}: ") and len(text) < 200, text


def test_html_shows_the_summary_and_a_table(results):
    for result in results:
        html = result._repr_html_()
        assert html.startswith(f"<p><strong>{type(result).__name__}</strong>")
        assert "<table" in html


def test_every_array_is_read_only(results):
    for result in results:
        for value in vars(result).values():
            if isinstance(value, np.ndarray):
                assert not value.flags.writeable, type(result).__name__


def test_scheme_diagnostics_are_frozen():
    result = idx.weights.entropy(idx.load_2017())
    with pytest.raises(TypeError):
        result.diagnostics["entropy"] = 0  # type: ignore[index]
    assert not result.diagnostics["entropy"].flags.writeable


def test_weight_choice_compares_by_identity_without_raising():
    from idx.weight_spec import resolve_weights

    a = resolve_weights("equal", idx.SYSTEM_2017)
    b = resolve_weights("equal", idx.SYSTEM_2017)
    assert a == a and a != b  # used to raise: the truth value of an array is ambiguous


def test_confidence_interval():
    ci = ConfidenceInterval(np.array([0.1, 0.2]), np.array([0.3, 0.4]), 0.95)
    assert repr(ci) == "<ConfidenceInterval: 95% intervals, shape (2,)>"
    assert ci.to_frame().equals(
        pd.DataFrame({"low": [0.1, 0.2], "high": [0.3, 0.4], "level": [0.95, 0.95]})
    )


def test_monte_carlo_and_smaa_hold_acceptability_the_same_way():
    edition = idx.load_2017()
    space = idx.WeightSpace.around(edition.system, 0.25)
    mc = idx.monte_carlo(edition, space, 2000, seed=3)
    sm = idx.smaa(edition, space, 2000, seed=3)
    assert isinstance(mc.acceptability, np.ndarray) and isinstance(sm.acceptability, np.ndarray)
    np.testing.assert_array_equal(mc.acceptability, sm.acceptability)
    assert mc.acceptability_frame()[["unit", "rank", "acceptability"]].equals(
        sm.acceptability_frame()[["unit", "rank", "acceptability"]]
    )
