from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import idx
from idx.testing import editions, simplex_weights
from report_2017 import TABLE_2, WEIGHTS_2017


def test_published_totals_are_the_sums_of_the_printed_subscores():
    result = idx.score(idx.load_2017())
    for row, (_, _, subscores, printed) in enumerate(TABLE_2):
        assert result.totals[row] == pytest.approx(sum(subscores), abs=1e-12)
        # rounding: six 2-decimal parts and a 2-decimal total differ by at most 0.035
        assert abs(result.totals[row] - printed) <= 0.02 + 1e-9
    assert result.weights_label == "published"
    assert result.note == ""


def test_published_ranks_match_table_2_except_the_rounding_tie():
    edition = idx.load_2017()
    result = idx.score(edition)
    printed = {idx.canonical_province(r): rank for rank, r, _, _ in TABLE_2}
    differing = {
        u: (int(result.ranks[i]), printed[u])
        for i, u in enumerate(edition.units)
        if result.ranks[i] != printed[u]
    }
    # Shaanxi and Hunan both sum to 28.07: competition ranking puts both 13th.
    assert differing == {"Hunan": (13, 14)}
    assert result.rank_of("Shaanxi") == 13


def test_equal_weights_by_hand_for_beijing():
    edition = idx.load_2017()
    result = idx.score(edition, "equal")
    subs = (6.66, 5.68, 5.51, 18.93, 3.57, 4.35)
    expected = sum(s / w for s, w in zip(subs, WEIGHTS_2017, strict=True)) / 6
    i = edition.units.index("Beijing")
    assert result.totals[i] == pytest.approx(expected, abs=1e-12)
    assert result.weights_label == "equal"


def test_partial_weights_rescale_the_rest_and_say_so():
    edition = idx.load_2017()
    result = idx.score(edition, {"application": 0.45})
    # The other five published weights sum to 0.75 and share 0.55: factor 0.55 / 0.75.
    factor = 0.55 / 0.75
    expected = [w * factor for w in WEIGHTS_2017]
    expected[3] = 0.45
    np.testing.assert_allclose(result.weights, expected, rtol=0, atol=1e-15)
    assert result.weights_label == "partial"
    assert (
        "rescaled proportionally" in result.note and "application" not in result.note.split(":")[0]
    )


def test_to_frame_is_tidy_and_sorted_by_rank():
    frame = idx.score(idx.load_2017()).to_frame()
    assert list(frame.columns[:3]) == ["unit", "rank", "total"]
    assert frame["rank"].is_monotonic_increasing
    assert frame.loc[0, "unit"] == "Guangdong"
    assert len(frame) == 31


def test_result_is_frozen():
    result = idx.score(idx.load_2017())
    with pytest.raises(ValueError, match="read-only"):
        result.totals[0] = 1.0


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ("entropyy", "'weights' must be 'published', 'equal'"),
        ({"application": 1.2}, "partial 'weights' must sum to at most 1"),
        ([0.2] * 6, r"'weights' must sum to 1 \(got 1.2\)"),
        ({"nope": 0.1}, "unknown pillar 'nope'"),
        ({"application": -0.1}, "must be finite and >= 0"),
        ([0.5, 0.5], "one number per pillar"),
    ],
)
def test_bad_weights(weights, message):
    with pytest.raises(idx.WeightError, match=message):
        idx.score(idx.load_2017(), weights)


# --- properties -----------------------------------------------------------------------


@given(editions())
def test_total_is_sum_of_subscores(edition):
    result = idx.score(edition)
    np.testing.assert_allclose(result.totals, edition.subscores.sum(axis=1), rtol=0, atol=1e-9)


@given(st.data())
def test_total_under_w_is_weighted_sum_of_indices(data):
    edition = data.draw(editions())
    w = data.draw(simplex_weights(len(edition.system)))
    result = idx.score(edition, w)
    indices = edition.subscores / np.array([p.weight for p in edition.system])
    expected = [sum(w[j] * indices[i, j] for j in range(len(w))) for i in range(edition.n_units)]
    np.testing.assert_allclose(result.totals, expected, rtol=0, atol=1e-9)
    assert ((result.totals >= -1e-9) & (result.totals <= 100 + 1e-9)).all()


@given(st.data(), st.floats(0.01, 100.0))
def test_scaling_weights_leaves_ranks_unchanged(data, c):
    edition = data.draw(editions())
    w = data.draw(simplex_weights(len(edition.system)))
    scaled = (w * c) / (w * c).sum()
    assert idx.score(edition, w).ranks.tolist() == idx.score(edition, scaled).ranks.tolist()


@given(st.data())
def test_permuting_units_permutes_results(data):
    edition = data.draw(editions(min_units=2))
    perm = np.array(data.draw(st.permutations(range(edition.n_units))))
    shuffled = idx.Edition(
        system=edition.system,
        units=tuple(edition.units[i] for i in perm),
        subscores=edition.subscores[perm],
    )
    a, b = idx.score(edition, "equal"), idx.score(shuffled, "equal")
    np.testing.assert_array_equal(a.totals[perm], b.totals)
    np.testing.assert_array_equal(a.ranks[perm], b.ranks)


@given(st.data())
def test_raising_a_subscore_never_worsens_rank(data):
    edition = data.draw(editions(min_units=2))
    i = data.draw(st.integers(0, edition.n_units - 1))
    j = data.draw(st.integers(0, len(edition.system) - 1))
    cap = 100 * edition.system.weights[j]
    new = data.draw(st.floats(float(edition.subscores[i, j]), float(cap)))
    raised = np.array(edition.subscores)
    raised[i, j] = new
    better = idx.Edition(system=edition.system, units=edition.units, subscores=raised)
    assert idx.score(better).ranks[i] <= idx.score(edition).ranks[i]


@given(editions())
def test_ranks_are_a_competition_ranking(edition):
    ranks = idx.score(edition).ranks
    totals = np.round(idx.score(edition).totals, 10)
    for i in range(edition.n_units):
        assert ranks[i] == 1 + int((totals > totals[i]).sum())


def test_score_takes_a_scheme_name_or_a_scheme_result():
    edition = idx.load_2017()
    entropy = idx.schemes.entropy(edition)
    by_name = idx.score(edition, "Entropy")
    by_result = idx.score(edition, entropy)
    by_vector = idx.score(edition, entropy.weights)
    for result in (by_name, by_result):
        assert result.weights_label == "entropy"
        np.testing.assert_array_equal(result.totals, by_vector.totals)
        np.testing.assert_array_equal(result.ranks, by_vector.ranks)
    # an AHP result: weights (6, 4, 4, 3, 2, 1) / 20 from a consistent matrix
    v = np.array([6, 4, 4, 3, 2, 1])
    ahp = idx.schemes.ahp(v[:, None] / v[None, :], edition)
    result = idx.score(edition, ahp)
    assert result.weights_label == "ahp"
    np.testing.assert_allclose(result.weights, v / 20, atol=1e-12)


def test_scheme_weights_over_other_pillars_are_refused():
    edition = idx.load_2017()
    other = idx.schemes.ahp(np.ones((2, 2)), ["a", "b"])
    with pytest.raises(idx.WeightError, match="scheme weights must be over the edition's pillars"):
        idx.score(edition, other)


def test_power_as_text_is_an_error():
    edition = idx.load_2017()
    with pytest.raises(idx.AggregationError, match=r"'power' must be a number \(got '2'\)"):
        idx.score(edition, aggregation="power", power="2")  # type: ignore[arg-type]
