"""idx.plot: every figure draws exactly the numbers of the result it was given.

Drawn data are read back from the artists (bar edges, image arrays, line data,
scatter offsets) and compared with numbers the test derives on its own: percentiles
from the raw counts with numpy, ranking-level Sobol means through pandas, the pairs
of a rank path from the stability intervals, movers from the README's table. No
pixel is compared.
"""

from __future__ import annotations

import io
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import idx
from idx.sensitivity import (
    monte_carlo,
    rank_path,
    rank_range,
    smaa,
    sobol,
    stability_intervals,
)
from idx.space import WeightSpace

pytest.importorskip("matplotlib")

from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.patches import StepPatch

import idx.plot as P


@pytest.fixture(scope="module")
def e():
    return idx.load_2017()


@pytest.fixture(scope="module")
def space(e):
    return WeightSpace.around(e.system, 0.25, mode="factors")


@pytest.fixture(scope="module")
def mc(e, space):
    return monte_carlo(e, space, 3000, seed=11)


@pytest.fixture(scope="module")
def exact(e, space):
    return rank_range(e, space)


@pytest.fixture(scope="module")
def indices(e, space):
    return sobol(e, space, 64, seed=3, n_bootstrap=50)


@pytest.fixture(scope="module")
def path(e):
    return rank_path(e, "application")


@pytest.fixture(scope="module")
def intervals(e):
    return stability_intervals(e)


@pytest.fixture(scope="module")
def schemes(e):
    return idx.compare_schemes(e, ["published", "equal", "entropy", "critic"])


@pytest.fixture(scope="module")
def comparison(e):
    return idx.compare(idx.score(e), idx.score(e, "equal"))


def _by_base_rank(base):
    # rows top to bottom: base rank, then input order (written out, not rank_order)
    return sorted(range(len(base)), key=lambda i: (int(base[i]), i))


def _container(ax, label):
    (found,) = [c for c in ax.containers if c.get_label() == label]
    return found


def _scatter(ax, label):
    (found,) = [
        c for c in ax.collections if isinstance(c, PathCollection) and c.get_label() == label
    ]
    return found


def _ticks(ax):
    return [t.get_text() for t in ax.get_yticklabels()]


# ---------------------------------------------------------------- rank_uncertainty


def test_rank_uncertainty_draws_the_percentiles_the_counts_give(e, mc, exact):
    fig = P.rank_uncertainty(mc, exact, source=e)
    ax = fig.axes[0]
    order = _by_base_rank(mc.base_ranks)
    assert _ticks(ax) == [mc.units[i] for i in order]
    # the 5th and 95th percentiles from the raw counts, numpy's inverted-CDF definition
    ranks = np.arange(1, len(mc.units) + 1)
    samples = [np.repeat(ranks, mc.counts[i]) for i in range(len(mc.units))]
    p5 = [np.percentile(samples[i], 5, method="inverted_cdf") for i in order]
    p95 = [np.percentile(samples[i], 95, method="inverted_cdf") for i in order]
    med = [np.percentile(samples[i], 50, method="inverted_cdf") for i in order]
    bars = _container(ax, "Monte Carlo 5th to 95th percentile")
    # a bar covers the rank cells low..high: from low - 0.5 to high + 0.5
    assert [b.get_x() + 0.5 for b in bars] == p5
    assert [b.get_x() + b.get_width() - 0.5 for b in bars] == p95
    assert [b.get_y() + b.get_height() / 2 for b in bars] == list(range(len(order)))
    wide = _container(ax, "exact best to worst rank (rank_range)")
    assert [b.get_x() + 0.5 for b in wide] == [exact.best[i] for i in order]
    assert [b.get_x() + b.get_width() - 0.5 for b in wide] == [exact.worst[i] for i in order]
    np.testing.assert_array_equal(_scatter(ax, "median rank").get_offsets()[:, 0], med)
    base = _scatter(ax, "base rank").get_offsets()
    np.testing.assert_array_equal(base[:, 0], [mc.base_ranks[i] for i in order])
    # Hunan: exact range 11-18 within +/-25% (README, MILP), drawn as such
    row = [mc.units[i] for i in order].index("Hunan")
    assert (wide[row].get_x() + 0.5, wide[row].get_x() + wide[row].get_width() - 0.5) == (11, 18)


def test_rank_uncertainty_without_exact_and_other_percentiles(mc):
    fig = P.rank_uncertainty(mc, interval=(25, 75))
    ax = fig.axes[0]
    assert len(ax.containers) == 1
    bars = _container(ax, "Monte Carlo 25th to 75th percentile")
    order = _by_base_rank(mc.base_ranks)
    cum = np.cumsum(mc.counts, axis=1)
    # smallest rank whose cumulative share reaches 25% / 75%, written out
    q25 = [int(np.argmax(cum[i] >= 0.25 * mc.n)) + 1 for i in order]
    q75 = [int(np.argmax(cum[i] >= 0.75 * mc.n)) + 1 for i in order]
    assert [b.get_x() + 0.5 for b in bars] == q25
    assert [b.get_x() + b.get_width() - 0.5 for b in bars] == q75


def test_source_line_names_the_data_and_the_method(e, mc):
    fig = P.rank_uncertainty(mc, source=e, note="Weights within 25%")
    (text,) = fig.texts
    line = " ".join(text.get_text().split())
    assert "Data: Report on China Internet Development 2017" in line
    assert "3,000 weight scenarios, jrc sampler" in line
    assert "Weights within 25%" in line
    assert (
        P.rank_uncertainty(mc, source="My survey 2020")
        .texts[0]
        .get_text()
        .startswith("Data: My survey 2020.")
    )


def test_given_axes_are_drawn_into_and_their_figure_returned(mc):
    fig = Figure()
    left, ax = fig.add_subplot(1, 2, 1), fig.add_subplot(1, 2, 2)
    assert P.rank_uncertainty(mc, ax=ax) is fig
    assert ax.containers and not fig.texts  # no source line on the caller's figure
    assert not left.containers


# ---------------------------------------------------------------- acceptability


@pytest.mark.parametrize("kind", ["mc", "smaa"])
def test_acceptability_image_is_the_acceptability_matrix(kind, e, space, mc):
    result = mc if kind == "mc" else smaa(e, space, 2000, seed=5)
    fig = P.acceptability(result, source=e)
    ax = fig.axes[0]
    (image,) = [a for a in ax.get_children() if isinstance(a, AxesImage)]
    order = _by_base_rank(result.base_ranks)
    expected = (mc.counts / mc.n)[order] if kind == "mc" else result.acceptability[order]
    np.testing.assert_allclose(np.asarray(image.get_array()), expected, rtol=0, atol=1e-15)
    np.testing.assert_allclose(np.asarray(image.get_array()).sum(axis=1), 1.0)
    assert image.get_clim() == (0.0, 1.0)
    assert _ticks(ax) == [result.units[i] for i in order]
    marks = _scatter(ax, "base rank").get_offsets()
    np.testing.assert_array_equal(marks[:, 0], [result.base_ranks[i] for i in order])
    # cell (row k, rank r) is centred on x = r, y = k
    assert image.get_extent() == [0.5, len(order) + 0.5, len(order) - 0.5, -0.5]


# ---------------------------------------------------------------- sobol


def _bars_and_whiskers(ax, name):
    bars = _container(ax, f"{name} index")
    (lines,) = [
        c
        for c in ax.collections
        if isinstance(c, LineCollection) and c.get_label().startswith(name + ":")
    ]
    segments = lines.get_segments()
    return [b.get_width() for b in bars], [s[0][0] for s in segments], [s[1][0] for s in segments]


def test_sobol_one_unit_draws_its_indices_and_intervals(indices, e):
    fig = P.sobol(indices, "hunan", source=e)  # any spelling the registry knows
    ax = fig.axes[0]
    frame = indices.to_frame()
    rows = frame[(frame["output"] == "rank") & (frame["unit"] == "Hunan")]
    width, low, high = _bars_and_whiskers(ax, "first-order")
    assert width == rows["S1"].tolist()
    assert low == rows["S1_low"].tolist() and high == rows["S1_high"].tolist()
    width, low, high = _bars_and_whiskers(ax, "total")
    assert width == rows["ST"].tolist()
    assert low == rows["ST_low"].tolist() and high == rows["ST_high"].tolist()
    assert _ticks(ax) == [p.replace("_", " ") for p in e.pillars]


def test_sobol_ranking_level_is_the_mean_over_units_whose_rank_moves(indices):
    frame = indices.to_frame()
    moving = frame[(frame["output"] == "rank") & (frame["note"] == "")]
    means = moving.groupby("factor", sort=False)[["S1", "ST", "ST_low", "ST_high"]].mean()
    ax = P.sobol(indices).axes[0]
    width, _, _ = _bars_and_whiskers(ax, "first-order")
    np.testing.assert_allclose(width, means["S1"], rtol=1e-12)
    width, low, high = _bars_and_whiskers(ax, "total")
    np.testing.assert_allclose(width, means["ST"], rtol=1e-12)
    np.testing.assert_allclose(low, means["ST_low"], rtol=1e-12)
    np.testing.assert_allclose(high, means["ST_high"], rtol=1e-12)
    n_moving = moving["unit"].nunique()
    assert P.sobol_bars(indices).n_units == n_moving < len(indices.units)
    assert f"over the {n_moving} units whose rank varied" in " ".join(
        P.sobol(indices, source="x").texts[0].get_text().split()
    )


def test_sobol_of_totals(indices):
    ax = P.sobol(indices, "Beijing", output="total").axes[0]
    frame = indices.to_frame()
    rows = frame[(frame["output"] == "total") & (frame["unit"] == "Beijing")]
    assert _bars_and_whiskers(ax, "total")[0] == rows["ST"].tolist()


# ---------------------------------------------------------------- rank_path


def test_rank_path_steps_are_the_segments(path):
    units = ["Hunan", "Shaanxi", "Henan"]
    fig = P.rank_path(path, units, window=(0.15, 0.35))
    ax = fig.axes[0]
    steps = [p for p in ax.patches if isinstance(p, StepPatch)]
    assert [s.get_label() for s in steps] == units
    for unit, step in zip(units, steps, strict=True):
        values, edges, _ = step.get_data()
        np.testing.assert_array_equal(values, path.segment_ranks[:, path.units.index(unit)])
        np.testing.assert_array_equal(edges, path.edges)
    (published,) = [line for line in ax.lines if line.get_label().startswith("published weight")]
    assert published.get_xdata()[0] == 0.25
    assert ax.get_xlim() == (0.15, 0.35)


def test_rank_path_marks_each_crossing_once_at_a_breakpoint(path):
    units = ["Hunan", "Liaoning"]
    ax = P.rank_path(path, units).axes[0]
    (ticks,) = [c for c in ax.collections if c.get_label().startswith("rank changes")]
    marks = np.array([s[0][0] for s in ticks.get_segments()])
    columns = [path.units.index(u) for u in units]
    ranks = path.segment_ranks[:, columns]
    changed = path.breakpoints[(ranks[1:] != ranks[:-1]).any(axis=1)]
    # every mark is a breakpoint; every breakpoint where a shown rank changes lies
    # within 1e-6 of a mark; and no two marks are that close (pairs marked once)
    assert set(marks) <= set(path.breakpoints)
    assert all(np.min(np.abs(marks - b)) < 1e-6 for b in changed)
    assert np.all(np.diff(np.sort(marks)) >= 1e-6)
    # crossings come in pairs about 1e-9 apart (entering and leaving the tie band)
    assert len(marks) < len(changed)


def test_rank_path_default_units_are_the_stability_pairs(path, intervals, e):
    # the pairs that tie first below and above the published weight, and the pair
    # tied at the base that this pillar separates: read from stability_intervals
    (interval,) = [s for s in intervals.intervals if s.pillar == "application"]
    expected = set(interval.lower_swap) | set(interval.upper_swap)
    expected |= {
        u for t in intervals.ties if t.pillar == "application" and t.leader_up for u in t.units
    }
    assert expected == {"Ningxia", "Inner Mongolia", "Shaanxi", "Henan", "Hunan"}
    assert {path.units[i] for i in P.first_movers(path)} == expected
    ax = P.rank_path(path).axes[0]
    assert {p.get_label() for p in ax.patches if isinstance(p, StepPatch)} == expected


def test_rank_path_all_units(path):
    ax = P.rank_path(path, "all").axes[0]
    steps = [p for p in ax.patches if isinstance(p, StepPatch)]
    assert len(steps) == len(path.units)
    assert ax.get_legend_handles_labels()[1] == [
        "published weight 25%",
        "rank changes (two totals cross)",
    ]


def test_crossings_keep_the_first_of_each_run():
    b = np.array([0.1, 0.1 + 1e-9, 0.3, 0.5, 0.5 + 2e-9, 0.5 + 4e-9])
    np.testing.assert_array_equal(P.crossings(b), [0.1, 0.3, 0.5])
    assert P.crossings(np.array([])).size == 0


# ---------------------------------------------------------------- stability


def test_stability_bars_are_the_intervals_in_points_around_the_weight(intervals):
    ax = P.stability(intervals).axes[0]
    bars = _container(ax, "weights that keep every rank")
    frame = intervals.to_frame()
    np.testing.assert_allclose(
        [b.get_x() for b in bars], (frame["lower"] - frame["weight"]) * 100, rtol=1e-12
    )
    np.testing.assert_allclose(
        [b.get_x() + b.get_width() for b in bars],
        (frame["upper"] - frame["weight"]) * 100,
        rtol=1e-9,
    )
    assert _ticks(ax) == [p.replace("_", " ") for p in frame["pillar"]]
    texts = [t.get_text() for t in ax.texts]
    # application: (0.2473, 0.2568) in the README
    assert "24.73% to 25.68% (published 25%)" in texts
    assert "below: Ningxia ties Inner Mongolia   above: Shaanxi ties Henan" in texts


# ---------------------------------------------------------------- shifts


def _unit_lines(ax):
    # the column guides are unlabelled (matplotlib names them _child...)
    return {line.get_label(): line for line in ax.lines if not line.get_label().startswith("_")}


def test_shifts_across_schemes_draws_every_rank(schemes):
    ax = P.shifts(schemes).axes[0]
    lines = _unit_lines(ax)
    assert set(lines) == set(schemes.units)
    for i, unit in enumerate(schemes.units):
        np.testing.assert_array_equal(lines[unit].get_ydata(), schemes.ranks[i])
        np.testing.assert_array_equal(lines[unit].get_xdata(), np.arange(4))
    assert [t.get_text() for t in ax.get_xticklabels()] == list(schemes.schemes)


def test_shifts_highlights_the_largest_movers(schemes, comparison):
    # README table: Xizang moves 14 places across the schemes, Hunan 10, Hainan and
    # Qinghai 8; under equal weights Hainan falls five places (16th to 21st)
    assert [schemes.units[i] for i in P.movers(schemes, 2)] == ["Xizang", "Hunan"]
    assert {schemes.units[i] for i in P.movers(schemes, 4)[2:]} == {"Hainan", "Qinghai"}
    assert [comparison.units[i] for i in P.movers(comparison, 1)] == ["Hainan"]
    ax = P.shifts(comparison, highlight=3).axes[0]
    lines = _unit_lines(ax)
    coloured = {u for u, line in lines.items() if line.get_linewidth() > 1.5}
    assert coloured == {comparison.units[i] for i in P.movers(comparison, 3)}
    hainan = lines["Hainan"]
    assert hainan.get_ydata().tolist() == [16, 21]


def test_movers_skip_units_that_do_not_move(e):
    same = idx.compare(idx.score(e), idx.score(e))
    assert P.movers(same, 5) == ()


# ---------------------------------------------------------------- contributions


def test_contributions_stack_to_the_totals_highest_first(e):
    score = idx.score(e, "equal")
    ax = P.contributions(score).axes[0]
    order = sorted(range(len(score.units)), key=lambda i: (-score.totals[i], i))
    assert [t.rsplit(" (", 1)[0] for t in _ticks(ax)] == [score.units[i] for i in order]
    ends = np.zeros(len(order))
    for j, pillar in enumerate(e.pillars):
        bars = _container(ax, f"{pillar.replace('_', ' ')} (17%)")
        widths = [b.get_width() for b in bars]
        # each segment is weight x index, from the edition's indices directly
        np.testing.assert_allclose(widths, e.index_array[order, j] / 6, rtol=1e-12)
        np.testing.assert_allclose([b.get_x() for b in bars], ends, rtol=1e-12, atol=1e-12)
        ends += widths
    np.testing.assert_allclose(ends, score.totals[order], rtol=1e-12)


def test_contributions_under_published_weights_are_the_printed_subscores(e):
    ax = P.contributions(idx.score(e)).axes[0]
    bars = _container(ax, "application (25%)")
    # Guangdong first: its application sub-score as printed in Table 2
    guangdong = e.units.index("Guangdong")
    # (matplotlib stores a bar's width as (left + width) - left: equal to rounding)
    assert bars[0].get_width() == pytest.approx(
        e.subscores[guangdong, e.pillars.index("application")], rel=1e-14
    )


# ---------------------------------------------------------------- every figure


def _every_figure(e, mc, exact, indices, path, intervals, schemes):
    return {
        "rank-uncertainty": lambda: P.rank_uncertainty(mc, exact, source=e),
        "acceptability": lambda: P.acceptability(mc, source=e),
        "sobol": lambda: P.sobol(indices, source=e),
        "rank-path": lambda: P.rank_path(path, source=e),
        "stability": lambda: P.stability(intervals, source=e),
        "shifts": lambda: P.shifts(schemes, source=e),
        "contributions": lambda: P.contributions(idx.score(e), source=e),
    }


def test_every_kind_renders_to_png_and_svg(e, mc, exact, indices, path, intervals, schemes):
    figures = _every_figure(e, mc, exact, indices, path, intervals, schemes)
    # the audit's, the profile's and the targets' figures render in their own test files
    later = {"importance", "correlations", "profile", "targets"}
    assert set(figures) | later == set(P.KINDS)
    for kind, draw in figures.items():
        fig = draw()
        assert isinstance(fig, Figure), kind
        png, svg = io.BytesIO(), io.BytesIO()
        fig.savefig(png, format="png", dpi=40)
        fig.savefig(svg, format="svg")
        assert png.getvalue()[:8] == b"\x89PNG\r\n\x1a\n", kind
        root = ET.fromstring(svg.getvalue())
        assert root.tag.endswith("svg"), kind
        assert fig.axes[0].get_xlabel() or kind == "shifts", kind  # every axis is labelled
        assert fig.texts and "Drawn by idx" in " ".join(fig.texts[0].get_text().split()), kind


def test_no_figure_is_left_in_pyplot(mc):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    P.rank_uncertainty(mc)
    assert plt.get_fignums() == before


def test_svg_text_is_inline_ready_and_deterministic(mc, e):
    first = P.svg_text(P.rank_uncertainty(mc, source=e), "fig-a")
    again = P.svg_text(P.rank_uncertainty(mc, source=e), "fig-a")
    assert first == again
    assert first.startswith("<svg") and "http://" not in first and "https://" not in first
    assert "<metadata" not in first and "<!DOCTYPE" not in first
    ids = [chunk.split('"', 1)[0] for chunk in first.split(' id="')[1:]]
    assert ids and all(i.startswith("fig-a-") for i in ids) and len(ids) == len(set(ids))


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("rank-uncertainty", "'mc' must be a MonteCarloRanks result (got Score)"),
        ("acceptability", "'result' must be a MonteCarloRanks or SMAAResult result (got Score)"),
        ("sobol", "'indices' must be a SobolIndices result (got Score)"),
        ("rank-path", "'path' must be a RankPath result (got Score)"),
        ("stability", "'intervals' must be a StabilityIntervals result (got Score)"),
        ("shifts", "'result' must be a Comparison or SchemeComparison result (got Score)"),
    ],
)
def test_a_result_of_the_wrong_kind_is_refused(kind, message, e):
    with pytest.raises(idx.IdxError, match=f"^{message}$".replace("(", r"\(").replace(")", r"\)")):
        P.KINDS[kind](idx.score(e))


def test_contributions_refuse_other_results_and_geometric_totals(e, mc):
    with pytest.raises(idx.IdxError, match="'score' must be a Score result"):
        P.contributions(mc)
    with pytest.raises(idx.IdxError, match=r"must use arithmetic aggregation .*'geometric'"):
        P.contributions(idx.score(e, aggregation="geometric"))


def test_unknown_units_are_refused(indices, path):
    with pytest.raises(
        idx.UnknownUnitError, match="unit 'Hunnan' is not in this result; did you mean 'Hunan'"
    ):
        P.sobol(indices, "Hunnan")
    with pytest.raises(idx.UnknownUnitError, match="'Atlantis'"):
        P.rank_path(path, ["Hunan", "Atlantis"])
    with pytest.raises(
        idx.IdxError, match=r"'units' must not repeat a value \('Hunan' appears twice\)"
    ):
        P.rank_path(path, ["Hunan", "hunan"])
    with pytest.raises(idx.IdxError, match="'units' must name 1 to 8 units"):
        P.rank_path(path, list(path.units[:9]))


def test_other_bad_arguments(mc, exact, indices, path, e, schemes):
    with pytest.raises(idx.IdxError, match="'output' must be one of rank, total"):
        P.sobol(indices, output="score")
    with pytest.raises(idx.IdxError, match=r"'interval\[1\]' must be in \[50, 100\]"):
        P.rank_uncertainty(mc, interval=(50, 40))
    with pytest.raises(idx.IdxError, match=r"'window\[1\]'"):
        P.rank_path(path, window=(0.3, 0.2))
    with pytest.raises(idx.IdxError, match="'highlight' must be between 0 and 8"):
        P.shifts(schemes, highlight=9)
    other = monte_carlo(
        idx.from_frame(e.subscore_frame().iloc[:5].reset_index()),
        WeightSpace.around(e.system, 0.25),
        100,
        seed=1,
    )
    with pytest.raises(idx.IdxError, match="'exact' must cover the same units"):
        P.rank_uncertainty(other, exact)


def test_missing_matplotlib_names_the_install_command(mc, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(
        idx.IdxError, match=r"needs matplotlib, which is not installed: pip install 'idx\[plot\]'"
    ):
        P.rank_uncertainty(mc)


def test_sobol_by_factor_group_draws_each_groups_indices(e):
    space = idx.WeightSpace.around(e.system, 0.25, mode="factors")
    spec = idx.Uncertainty(weights=space, rounding=True, aggregation=["arithmetic", "geometric"])
    grouped = sobol(e, spec, 64, seed=2, n_bootstrap=10, group_weights=True)
    ax = P.sobol(grouped, "Hunan", source=e).axes[0]
    frame = grouped.to_frame()
    rows = frame[(frame["output"] == "rank") & (frame["unit"] == "Hunan")]
    for name, column in (("first-order", "S1"), ("total", "ST")):
        width, low, high = _bars_and_whiskers(ax, name)
        assert width == rows[column].tolist()
        assert low == rows[f"{column}_low"].tolist() and high == rows[f"{column}_high"].tolist()
    assert _ticks(ax) == ["all weights", "rounding of printed figures", "aggregation rule"]


def test_a_monte_carlo_beyond_the_weights_says_what_varied(e):
    spec = idx.Uncertainty(rounding=True, aggregation=["arithmetic", "geometric"])
    mc = idx.monte_carlo(e, spec, 200, seed=1)
    fig = P.rank_uncertainty(mc, source=e)
    titles = {fig.axes[0].get_title(loc) for loc in ("left", "center", "right")}
    assert "How far each rank moves as the rounding and aggregation vary" in titles
    text = " ".join(t.get_text() for t in fig.texts)
    assert "Monte Carlo: 200 scenarios varying rounding, aggregation." in " ".join(text.split())
    text = " ".join(t.get_text() for t in P.acceptability(mc, source=e).texts)
    assert "200 scenarios varying rounding, aggregation" in " ".join(text.split())
