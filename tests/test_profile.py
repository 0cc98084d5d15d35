"""idx.profile against pandas, COINr's get_str_weak rule written out, and the methods it
gathers (rank_range for every unit, monte_carlo, gaps, improvement) run on their own."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import idx
from idx.space import WeightSpace
from idx.unit_profile import strengths_weaknesses
from report_2017 import TABLE_2


@pytest.fixture(scope="module")
def space(edition):
    return WeightSpace.around(edition.system, 0.25)


@pytest.fixture(scope="module")
def hebei(edition, space):
    return idx.profile(edition, "Hebei", space, n=5000, seed=7)


def _coinr(df: pd.DataFrame, unit: str, top: int = 2, bottom: int = 2, discard: bool = True):
    """COINr's get_str_weak, written out: rank each column (ties.method = "min", higher
    is better), drop the columns where the unit holds the column's worst rank, order the
    rest by the unit's rank (R's order() is stable), first `top` and last `bottom`."""
    ranks = df.round(9).rank(method="min", ascending=False)
    row = ranks.loc[unit]
    if discard:
        row = row[row != ranks.max()]
    ordered = row.sort_values(kind="stable")
    return list(ordered.index[:top]), list(ordered.index[len(ordered) - bottom :])


def test_pillars_against_pandas_and_table_2(edition, hebei):
    df = edition.index_frame()
    ranks = df.round(9).rank(method="min", ascending=False)
    np.testing.assert_array_equal(hebei.pillar_ranks, ranks.loc["Hebei"].to_numpy())
    # at the published weights a contribution is the printed sub-score
    printed = next(row[2] for row in TABLE_2 if row[1] == "Hebei")
    np.testing.assert_allclose(hebei.contributions, printed, atol=1e-12)
    assert hebei.total == pytest.approx(sum(printed), abs=1e-12)
    assert hebei.rank == 19
    np.testing.assert_array_equal(hebei.relative, 19 - hebei.pillar_ranks)
    frame = hebei.to_frame()
    assert list(frame["pillar"]) == list(edition.pillars)
    np.testing.assert_allclose(frame["share"].sum(), 1.0)


def test_strengths_and_weaknesses_follow_coinr(edition, hebei):
    df = edition.index_frame()
    strong, weak = _coinr(df, "Hebei")
    assert (list(hebei.strengths), list(hebei.weaknesses)) == (strong, weak)
    # infrastructure (4th) and regulation (12th); digital economy (24th), application (26th)
    assert hebei.strengths == ("infrastructure", "regulation")
    assert hebei.weaknesses == ("digital_economy", "application")
    roles = hebei.to_frame().set_index("pillar")["role"]
    assert roles["infrastructure"] == "strength" and roles["application"] == "weakness"
    # Xizang is last on innovation (0.77), digital economy (1.69) and application (7.46):
    # COINr's min_discard drops all three; without it two of them are the weaknesses
    last = {"innovation", "digital_economy", "application"}
    for discard in (True, False):
        got = idx.profile(edition, "Tibet", n=500, seed=1, min_discard=discard)
        assert (list(got.strengths), list(got.weaknesses)) == _coinr(df, "Xizang", discard=discard)
        assert bool(set(got.weaknesses) & last) is not discard


def test_strengths_weaknesses_rule_on_a_small_case():
    ranks = np.array([3, 1, 5, 2, 5])
    worst = np.array([5, 5, 5, 6, 7])
    # pillar 2 is the unit's worst-possible rank (5 of 5): dropped; the rest by rank
    assert strengths_weaknesses(ranks, worst) == ((1, 3), (0, 4))
    assert strengths_weaknesses(ranks, worst, min_discard=False) == ((1, 3), (2, 4))
    assert strengths_weaknesses(ranks, worst, top_n=4, bottom_n=4) == ((1, 3, 0, 4), (1, 3, 0, 4))


def test_rank_range_and_monte_carlo_agree_with_the_methods(edition, space, hebei):
    u = edition.units.index("Hebei")
    full = idx.rank_range(edition, space)
    assert (hebei.best_rank, hebei.worst_rank) == (full.best[u], full.worst[u]) == (16, 23)
    x = edition.index_array
    assert idx.rank_totals(x @ hebei.best_weights)[u] == 16 and space.contains(hebei.best_weights)
    assert idx.rank_totals(x @ hebei.worst_weights)[u] == 23
    mc = idx.monte_carlo(edition, space, 5000, seed=7)
    assert (hebei.mc_median, hebei.mc_low, hebei.mc_high) == (
        mc.median[u],
        mc.percentile(5)[u],
        mc.percentile(95)[u],
    )
    assert hebei.p_base_rank == mc.acceptability[u, 18]
    assert hebei.seed == 7 and hebei.sampler == "uniform" and hebei.n == 5000


def test_neighbours_and_climb(edition, hebei):
    gaps = idx.gaps(edition).to_frame().set_index("unit").loc["Hebei"]
    assert (hebei.above, hebei.below) == ("Shanxi", "Guizhou")
    assert hebei.gap_above == gaps["gap_above"] and hebei.lead_below == gaps["lead_below"]
    climb = idx.improvement(edition, "Hebei", 18)
    np.testing.assert_array_equal(hebei.climb.index_gain, climb.index_gain)
    # 0.53 points behind Shanxi: 2.12 application points
    assert hebei.climb.index_gain[3] == pytest.approx(0.53 / 0.25, abs=1e-6)
    assert idx.profile(edition, "Guangdong", n=200, seed=1).climb is None


def test_stable_intervals_are_where_the_rank_holds(edition, hebei):
    u = edition.units.index("Hebei")
    x = edition.index_array
    w = np.asarray(edition.system.weights)

    def rank_at(j, t):
        v = w * (1 - t) / (1 - w[j])
        v[j] = t
        return idx.rank_totals(x @ v)[u]

    for j in range(6):
        lo, hi = hebei.stable_low[j], hebei.stable_high[j]
        assert lo <= w[j] <= hi
        for t in np.linspace(lo, hi, 9)[1:-1]:
            assert rank_at(j, t) == 19
        if lo > 0:
            assert rank_at(j, lo - 1e-6) != 19
        if hi < 1:
            assert rank_at(j, hi + 1e-6) != 19


def test_hunan_tied_is_on_a_knife_edge_one_way(edition):
    # Hunan shares 13th with Shaanxi: raising infrastructure favours Hunan (it keeps
    # 13th alone), lowering it lets Shaanxi ahead (14th). The interval starts at 0.18.
    p = idx.profile(edition, "Hunan", n=500, seed=1)
    assert p.rank == 13 and p.above == "Shaanxi" and p.gap_above == 0
    assert p.stable_low[0] == pytest.approx(0.18, abs=1e-8) and p.stable_high[0] > 0.2
    text = p.summary()
    assert text.splitlines()[0] == "Hunan: 13th, total 28.07"
    assert "to climb to 12th" in text


def test_bad_input(edition):
    with pytest.raises(idx.UnknownUnitError, match="unknown province 'Hebie'"):
        idx.profile(edition, "Hebie")
    with pytest.raises(idx.IdxError, match=r"'top_n' must be a positive integer \(got 0\)"):
        idx.profile(edition, "Hebei", top_n=0)


def test_a_tied_neighbour_is_level_not_zero_points_behind(edition, space):
    # Table 2: Hunan's sub-scores sum to 28.07 like Shaanxi's (a tie under the tie rule,
    # whatever the floating-point sums' last bits), Liaoning's to 27.82: 0.25 behind
    hunan = idx.profile(edition, "Hunan", space, n=500, seed=1)
    assert hunan.neighbour_phrases() == ["level with Shaanxi", "0.25 points ahead of Liaoning"]
    assert "level with Shaanxi" in hunan.summary()
    henan = idx.profile(edition, "Henan", space, n=500, seed=1)
    # Table 2 sums: Henan 28.20; Anhui above at 28.86, Shaanxi below at 28.07
    assert henan.neighbour_phrases() == ["0.66 points behind Anhui", "0.13 points ahead of Shaanxi"]


def test_a_generator_seed_is_recorded_as_the_integer_it_gave(edition, space):
    first = idx.profile(edition, "Hunan", space, n=500, seed=np.random.default_rng(2))
    assert isinstance(first.seed, int)
    again = idx.profile(edition, "Hunan", space, n=500, seed=first.seed)
    assert (first.mc_median, first.p_base_rank) == (again.mc_median, again.p_base_rank)
