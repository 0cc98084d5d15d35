"""idx.plot.profile draws exactly the profile it is given.

Drawn data are read back from the artists and compared with numbers derived on their
own: pillar ranks by pandas from the pillar indices, totals from the printed
sub-scores, and the README's profile of Hebei (strengths infrastructure 4th and
regulation 12th, weaknesses digital economy 24th and application 26th, exact range
16th-23rd within +/-25%, 0.53 points behind Shanxi and 0.31 ahead of Guizhou).
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

import idx

pytest.importorskip("matplotlib")

from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

import idx.plot as P
from idx.plot.profile import ROLE_COLOURS


@pytest.fixture(scope="module")
def e():
    return idx.load_2017()


@pytest.fixture(scope="module")
def hebei(e):
    # the default space: every weight within 25% of the published one, summing to 1
    return idx.profile(e, "Hebei", n=2000, seed=3)


@pytest.fixture(scope="module")
def hunan(e):
    return idx.profile(e, "Hunan", n=500, seed=1)


def _scatter(ax, label):
    (found,) = [
        c for c in ax.collections if isinstance(c, PathCollection) and c.get_label() == label
    ]
    return found


def _container(ax, label):
    (found,) = [c for c in ax.containers if c.get_label() == label]
    return found


def _pillar_ranks(e):
    # competition ranks of every unit on each pillar's index (1 = highest)
    frame = pd.DataFrame(np.asarray(e.index_array), columns=list(e.pillars))
    return frame.rank(method="min", ascending=False).astype(int)


def test_pillar_dots_are_the_units_ranks_on_each_pillar(e, hebei):
    fig = P.profile(hebei, source=e)
    ranks, _ = fig.axes
    expected = _pillar_ranks(e).loc[e.units.index("Hebei")]
    # README: infrastructure 4th, regulation 12th, digital economy 24th, application 26th
    assert expected[
        ["infrastructure", "regulation", "digital_economy", "application"]
    ].tolist() == [
        4,
        12,
        24,
        26,
    ]
    drawn = {}
    for name in ("strength", "weakness", "other pillar"):
        dots = _scatter(ranks, f"rank on the pillar: {name}")
        for x, y in dots.get_offsets():
            drawn[e.pillars[round(y) - 1]] = (int(x), name)
        if len(dots.get_offsets()):
            colour = dots.get_facecolor()[0]
            role = "" if name == "other pillar" else name
            assert tuple(colour) == to_rgba(ROLE_COLOURS[role])
    assert {p: r for p, (r, _) in drawn.items()} == expected.to_dict()
    assert {p for p, (_, role) in drawn.items() if role == "strength"} == {
        "infrastructure",
        "regulation",
    }
    assert {p for p, (_, role) in drawn.items() if role == "weakness"} == {
        "digital_economy",
        "application",
    }
    # each dot is joined to the overall rank: the line's length is the relative rank
    (joins,) = [c for c in ranks.collections if isinstance(c, LineCollection)]
    segments = joins.get_segments()
    assert [s[0][0] for s in segments] == [19] * 6  # Hebei is 19th at the published weights
    assert [s[1][0] for s in segments] == expected.tolist()
    texts = [t.get_text() for t in ranks.texts]
    index = np.asarray(e.index_array)[e.units.index("Hebei")]
    assert [t for t in texts if t.startswith("index ")] == [f"index {v:.1f}" for v in index]


def test_overall_row_is_the_rank_range_and_interval(hebei):
    ranks = P.profile(hebei).axes[0]
    (exact,) = _container(ranks, "exact best to worst rank")
    # a range of ranks a..b is drawn as the cells a - 0.5 .. b + 0.5
    assert (exact.get_x() + 0.5, exact.get_x() + exact.get_width() - 0.5) == (16, 23)
    (sampled,) = _container(ranks, "Monte Carlo 5th to 95th percentile")
    assert (sampled.get_x() + 0.5, sampled.get_x() + sampled.get_width() - 0.5) == (
        hebei.mc_low,
        hebei.mc_high,
    )
    assert _scatter(ranks, "median rank").get_offsets()[0].tolist() == [hebei.mc_median, 0]
    assert _scatter(ranks, "rank at the base weights").get_offsets()[0].tolist() == [19, 0]
    assert ranks.get_yticklabels()[0].get_text() == "overall (19th)"


def test_neighbours_panel_places_the_totals(e, hebei):
    fig = P.profile(hebei)
    _, lower = fig.axes
    totals = dict(zip(e.units, np.asarray(e.subscores).sum(axis=1), strict=True))
    drawn = {c.get_label(): c.get_offsets()[0][0] for c in lower.collections if c.get_label() != ""}
    assert set(drawn) == {"Shanxi", "Hebei", "Guizhou"}
    for unit, x in drawn.items():
        assert x == pytest.approx(totals[unit], abs=1e-9)
    texts = [t.get_text() for t in lower.texts]
    assert "0.53" in texts and "0.31" in texts  # README: behind Shanxi, ahead of Guizhou
    assert lower.get_title("left") == (
        "Neighbours: 0.53 points behind Shanxi; 0.31 points ahead of Guizhou"
    )
    assert lower.get_xlabel() == "total at the base weights (points)"


def test_tied_and_first_units(e, hunan):
    _, lower = P.profile(hunan).axes
    texts = [t.get_text() for t in lower.texts]
    # Hunan's sub-scores sum to Shaanxi's 28.07: one point, one label, "tied"
    assert "Shaanxi, Hunan" in texts and "tied" in texts
    first = idx.profile(e, "Guangdong", n=200, seed=1)
    fig = P.profile(first)
    _, lower = fig.axes
    assert {c.get_label() for c in lower.collections if c.get_label()} == {"Guangdong", "Beijing"}
    assert lower.get_title("left").startswith("Neighbours: ") and "behind" not in lower.get_title(
        "left"
    )


def test_given_axes_get_the_ranks_and_a_line_on_the_neighbours(hebei):
    fig = Figure()
    ax = fig.add_subplot()
    assert P.profile(hebei, ax=ax) is fig
    assert len(fig.axes) == 1 and not fig.texts
    assert "0.53 points behind Shanxi; 0.31 points ahead of Guizhou" in [
        t.get_text() for t in ax.texts
    ]


def test_renders_to_png_and_svg(e, hebei):
    fig = P.profile(hebei, source=e, note="Weights within 25%")
    png, svg = io.BytesIO(), io.BytesIO()
    fig.savefig(png, format="png", dpi=40)
    fig.savefig(svg, format="svg")
    assert png.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"
    assert ET.fromstring(svg.getvalue()).tag.endswith("svg")
    assert fig.axes[0].get_xlabel() == "rank (1 = best)"
    line = " ".join(fig.texts[0].get_text().split())
    assert line.startswith("Data: Report on China Internet Development 2017")
    assert "2,000 weight scenarios, uniform sampler, seed 3" in line
    assert "Weights within 25%" in line and "Drawn by idx" in line


def test_wrong_result_is_refused(e):
    with pytest.raises(idx.IdxError, match=r"^'result' must be a Profile result \(got Score\)$"):
        P.profile(idx.score(e))
