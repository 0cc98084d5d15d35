"""idx.plot.importance and idx.plot.correlations draw exactly the audit they are given.

Drawn data are read back from the artists (bar widths, line segments, image arrays,
texts, outline rectangles) and compared with numbers derived on their own: shares of
the published weights, docs/audit.md's table for 2017, and correlations computed by
pandas from the pillar indices and the printed sub-scores. No pixel is compared.
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
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.patches import Rectangle

import idx.plot as P
from idx.plot._base import ACCENT


@pytest.fixture(scope="module")
def e():
    return idx.load_2017()


@pytest.fixture(scope="module")
def audit(e):
    return idx.audit(e)


def _container(ax, label):
    (found,) = [c for c in ax.containers if c.get_label() == label]
    return found


def _renders(fig):
    assert isinstance(fig, Figure)
    png, svg = io.BytesIO(), io.BytesIO()
    fig.savefig(png, format="png", dpi=40)
    fig.savefig(svg, format="svg")
    assert png.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"
    assert ET.fromstring(svg.getvalue()).tag.endswith("svg")
    # every axis is labelled: the x axis, or for the heatmap its colour bar
    assert fig.axes[0].get_xlabel() or fig.axes[-1].get_ylabel().startswith("correlation (")
    assert "Drawn by idx" in " ".join(fig.texts[0].get_text().split())


# ---------------------------------------------------------------- importance


def test_importance_draws_shares_of_weights_and_of_main_effects(e, audit):
    fig = P.importance(audit, source=e)
    ax = fig.axes[0]
    weights = np.array([p.weight for p in e.system.pillars])
    # the published weights sum to 1, so their shares are the weights themselves
    np.testing.assert_allclose(
        [b.get_width() for b in _container(ax, "share of the weights")], weights, rtol=1e-12
    )
    effects = audit.importance
    spline = np.asarray(effects.nonparametric) / np.sum(effects.nonparametric)
    np.testing.assert_allclose(
        [b.get_width() for b in _container(ax, "share of the main effects (spline)")],
        spline,
        rtol=1e-12,
    )
    # docs/audit.md's 2017 table: share of S, nonparametric then linear
    np.testing.assert_allclose(spline, [0.137, 0.224, 0.236, 0.201, 0.042, 0.159], atol=5e-4)
    (diamonds,) = [
        c
        for c in ax.collections
        if isinstance(c, PathCollection) and c.get_label() == "share of the main effects (linear)"
    ]
    np.testing.assert_allclose(
        diamonds.get_offsets()[:, 0], [0.122, 0.240, 0.255, 0.217, 0.019, 0.148], atol=5e-4
    )
    # the band of "about its weight": half to double the weight share
    (band,) = [
        c
        for c in ax.collections
        if isinstance(c, LineCollection) and c.get_label().startswith("about its weight")
    ]
    segments = band.get_segments()
    np.testing.assert_allclose([s[0][0] for s in segments], weights / 2, rtol=1e-12)
    np.testing.assert_allclose([s[1][0] for s in segments], weights * 2, rtol=1e-12)
    assert [t.get_text() for t in ax.get_yticklabels()] == [p.replace("_", " ") for p in e.pillars]


def test_importance_names_the_flagged_pillar(e, audit):
    ax = P.importance(audit).axes[0]
    # docs/audit.md: security alone is flagged, ratio 0.32 (0.042 / 0.13)
    texts = [t.get_text() for t in ax.texts]
    assert "ratio 0.32 (flagged)" in texts
    assert sum("flagged" in t for t in texts) == 1
    colours = {t.get_text(): t.get_color() for t in ax.get_yticklabels()}
    assert colours["security"] == ACCENT
    assert colours["application"] != ACCENT
    _renders(P.importance(audit, source=e))


def test_importance_of_main_effects_under_other_weights(e):
    effects = idx.main_effects(e, "equal", factor=3)
    ax = P.importance(effects).axes[0]
    np.testing.assert_allclose(
        [b.get_width() for b in _container(ax, "share of the weights")], np.full(6, 1 / 6)
    )
    (band,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    np.testing.assert_allclose([s[1][0] for s in band.get_segments()], np.full(6, 3 / 6))
    assert band.get_label() == "about its weight (within a factor 3)"


# ---------------------------------------------------------------- correlations


def _independent(e, method):
    data = pd.DataFrame(np.asarray(e.index_array), columns=list(e.pillars))
    data["total"] = np.asarray(e.subscores).sum(axis=1)
    return data.corr(method=method).to_numpy()


@pytest.mark.parametrize("method", ["pearson", "spearman", "kendall"])
def test_correlations_image_is_the_matrix_pandas_gives(e, audit, method):
    ax = P.correlations(audit, method=method).axes[0]
    (image,) = [a for a in ax.get_children() if isinstance(a, AxesImage)]
    np.testing.assert_allclose(np.asarray(image.get_array()), _independent(e, method), atol=1e-12)
    assert image.get_clim() == (-1.0, 1.0)
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        *(p.replace("_", " ") for p in e.pillars),
        "total",
    ]


def test_correlations_write_each_coefficient_and_outline_the_flags(e, audit):
    ax = P.correlations(audit, source=e).axes[0]
    expected = _independent(e, "pearson")
    cells = {(round(t.get_position()[1]), round(t.get_position()[0])): t for t in ax.texts}
    k = len(e.pillars) + 1
    assert len(cells) == k * k
    for (i, j), text in cells.items():
        assert text.get_text() == f"{expected[i, j]:.2f}"
    # docs/audit.md: innovation and digital economy collinear (0.936); security
    # negatively correlated with the total (-0.26, p = 0.16)
    outlined = sorted(
        (round(r.get_y() + 0.5), round(r.get_x() + 0.5))
        for r in ax.patches
        if isinstance(r, Rectangle) and (r.get_gid() or "").startswith("flagged-")
    )
    assert outlined == [(1, 2), (2, 1), (4, 6), (6, 4)]
    # not significant at 5%: written in grey; significant ones are not
    assert cells[(4, 6)].get_color() == cells[(4, 5)].get_color() != cells[(1, 2)].get_color()
    assert cells[(0, 4)].get_color() != cells[(4, 6)].get_color()  # r = -0.61, p < 0.001


def test_correlations_of_a_correlations_result_and_without_flags(e):
    loose = idx.correlations(e, collinear=0.99, weak=-1.0)
    ax = P.correlations(loose).axes[0]
    assert not [r for r in ax.patches if (r.get_gid() or "").startswith("flagged-")]
    assert ax.get_legend() is None


# ---------------------------------------------------------------- shared rules


def test_both_render_and_draw_into_given_axes(e, audit):
    _renders(P.correlations(audit, source=e))
    fig = Figure()
    left, right = fig.add_subplot(1, 2, 1), fig.add_subplot(1, 2, 2)
    assert P.importance(audit, ax=left) is fig
    assert P.correlations(audit, ax=right, title="") is fig
    assert left.containers and not fig.texts  # no source line on the caller's figure
    assert right.get_title("left") == ""
    assert left.get_title("left") == "Does each pillar count as much as its weight says?"


def test_wrong_results_and_arguments_are_refused(e, audit):
    with pytest.raises(
        idx.IdxError, match=r"^'audit' must be a Audit or MainEffects result \(got Score\)$"
    ):
        P.importance(idx.score(e))
    with pytest.raises(
        idx.IdxError, match=r"^'audit' must be a Audit or Correlations result \(got MainEffects\)$"
    ):
        P.correlations(audit.importance)
    with pytest.raises(idx.IdxError, match="'method' must be one of pearson, spearman, kendall"):
        P.correlations(audit, method="distance")
