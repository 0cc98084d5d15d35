"""idx.plot.targets draws exactly the improvement it is given.

Drawn data are read back from the artists (bar widths and lefts, marker offsets, the
table of gains at the right) and compared with the result and with numbers derived on
their own: the gap to the bar from the printed sub-scores, divided by each weight
(README, "What would it take?": Hebei to 15th needs application +6.04, infrastructure
+8.39, ...), and the index each pillar would need when 100 is not enough.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import idx
from idx.space import WeightSpace

pytest.importorskip("matplotlib")

from matplotlib.collections import PathCollection
from matplotlib.figure import Figure

import idx.plot as P

FIXED = "this pillar alone, fixed weights"


@pytest.fixture(scope="module")
def e():
    return idx.load_2017()


@pytest.fixture(scope="module")
def hebei(e):
    return idx.improvement(e, "Hebei", 15)


@pytest.fixture(scope="module")
def hebei_everywhere(e):
    # two pillars and a narrow space keep the robust and sampled searches quick
    return idx.improvement(
        e,
        "Hebei",
        15,
        space=WeightSpace.around(e.system, 0.1),
        pillars=["infrastructure", "application"],
        probability=0.8,
        n=500,
        seed=1,
    )


def _container(ax, label):
    (found,) = [c for c in ax.containers if c.get_label() == label]
    return found


def _markers(ax, label):
    (found,) = [
        c for c in ax.collections if isinstance(c, PathCollection) and c.get_label() == label
    ]
    return found.get_offsets()


def _stack(ax, row_label):
    bars = [
        c[0] for c in ax.containers if c.get_label().startswith(f"_{row_label}: ") and len(c) == 1
    ]
    return [b.get_x() for b in bars], [b.get_width() for b in bars]


def _table(ax, column):
    return [t.get_text() for t in ax.texts if (t.get_gid() or "").startswith(f"gain-{column}-")]


def test_gains_alone_close_the_gap_to_the_bar(e, hebei):
    fig = P.targets(hebei, source=e)
    ax = fig.axes[0]
    totals = np.asarray(e.subscores).sum(axis=1)
    gap = totals[e.units.index("Liaoning")] - totals[e.units.index("Hebei")]
    weights = np.array([p.weight for p in e.system.pillars])
    widths = [b.get_width() for b in _container(ax, FIXED)]
    # the gap divided by each weight, to the edge of the tie band (1e-8 points)
    np.testing.assert_allclose(widths, gap / weights, atol=1e-6)
    np.testing.assert_array_equal(widths, hebei.index_gain)
    # README: application +6.04, infrastructure +8.39, security +11.62, regulation +12.58
    assert _table(ax, 0) == ["8.39", "9.44", "9.44", "6.04", "11.62", "12.58", "6.04"]
    room = [b.get_width() for b in _container(ax, "room below 100")]
    np.testing.assert_allclose(room, 100 - np.asarray(e.index_array)[e.units.index("Hebei")])
    lefts, gains = _stack(ax, "cheapest combination")
    np.testing.assert_array_equal(gains, hebei.combined.gains)
    np.testing.assert_allclose(lefts, np.concatenate([[0], np.cumsum(gains)[:-1]]))
    assert ax.get_title("left") == "What it takes to lift Hebei from 19th to 15th"
    assert "application +6.04" in [t.get_text() for t in ax.texts]


def test_robust_and_probable_gains_are_marked(e, hebei_everywhere):
    result = hebei_everywhere
    ax = P.targets(result).axes[0]
    robust = _markers(ax, "this pillar alone, every admissible weight")
    np.testing.assert_array_equal(robust[:, 0], [r.gain for r in result.robust])
    np.testing.assert_array_equal(robust[:, 1], [0, 1])
    probable = _markers(ax, "this pillar alone, probability 0.8")
    np.testing.assert_array_equal(probable[:, 0], [p.gain for p in result.probable])
    for label, combination in (
        ("robust combination", result.robust_combined),
        ("combination, probability 0.8", result.probable_combined),
    ):
        _, gains = _stack(ax, label)
        np.testing.assert_array_equal(gains, combination.gains)
    # the table: fixed, probable, robust; each column ends with its combination's total
    headers = [t.get_text() for t in ax.texts if t.get_fontweight() == "bold"]
    assert headers == ["fixed", "p 0.8", "robust"]
    assert _table(ax, 2) == [f"{r.gain:.2f}" for r in result.robust] + [
        f"{result.robust_combined.gain:.2f}"
    ]
    assert _table(ax, 1)[-1] == f"{np.sum(result.probable_combined.gains):.2f}"
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "infrastructure",
        "application",
        "cheapest combination",
        "combination, probability 0.8",
        "robust combination",
    ]


def test_infeasible_pillars_say_what_they_would_need(e):
    result = idx.improvement(e, "Xizang", 1)
    ax = P.targets(result).axes[0]
    assert [b.get_width() for b in _container(ax, FIXED)] == [0.0] * 6
    totals = np.asarray(e.subscores).sum(axis=1)
    gap = totals[e.units.index("Guangdong")] - totals[e.units.index("Xizang")]
    index = np.asarray(e.index_array)[e.units.index("Xizang")]
    weights = np.array([p.weight for p in e.system.pillars])
    needed = index + gap / weights
    assert [t.get_text() for t in ax.texts if t.get_text().startswith("needs ")] == [
        f"needs {v:.1f}: infeasible" for v in needed
    ]
    assert _table(ax, 0)[:6] == ["-"] * 6
    # only a mix reaches first place: it is drawn, and written under its bar
    _, gains = _stack(ax, "cheapest combination")
    np.testing.assert_array_equal(gains, result.combined.gains)
    assert sum(g > 0 for g in gains) >= 2


def test_a_unit_already_there(e):
    ax = P.targets(idx.improvement(e, "Hunan", 20)).axes[0]
    assert ax.get_title("left") == "Hunan already ranks 13th: no gain needed for 20th"
    assert [b.get_width() for b in _container(ax, FIXED)] == [0.0] * 6
    assert "none needed" in [t.get_text() for t in ax.texts]


def test_renders_and_draws_into_given_axes(e, hebei_everywhere):
    fig = P.targets(hebei_everywhere, source=e)
    png, svg = io.BytesIO(), io.BytesIO()
    fig.savefig(png, format="png", dpi=40)
    fig.savefig(svg, format="svg")
    assert png.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"
    assert ET.fromstring(svg.getvalue()).tag.endswith("svg")
    assert fig.axes[0].get_xlabel() == "index points to gain (on the pillar's 0-100 index)"
    line = " ".join(fig.texts[0].get_text().split())
    assert "the bar: Liaoning's total 27.82" in line
    assert "over 500 sampled weights (uniform sampler, seed 1)" in line
    own = Figure()
    ax = own.add_subplot()
    assert P.targets(hebei_everywhere, ax=ax) is own and not own.texts


def test_wrong_result_is_refused(e):
    with pytest.raises(
        idx.IdxError, match=r"^'result' must be a Improvement result \(got Profile\)$"
    ):
        P.targets(idx.profile(e, "Hunan", n=100, seed=1))
