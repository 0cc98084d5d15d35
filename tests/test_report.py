"""idx.report: one self-contained, deterministic HTML page with every section and figure."""

from __future__ import annotations

import html
import sys
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

import idx
from idx.report import SECTIONS, Report, report

pytest.importorskip("matplotlib")

# Small runs keep the test fast; the page's shape does not depend on n.
OPTIONS = {"n": 2000, "sobol_n": 64, "seed": 17}


class _Page(HTMLParser):
    """Every tag, its attributes, and the text of headings, as html.parser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.sections: list[str] = []
        self.h2: list[str] = []
        self.svg_in_figure: list[str] = []
        self._figure: str | None = None
        self._h2: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "section":
            self.sections.append(attributes["id"])
        if tag == "figure":
            self._figure = attributes["id"]
        if tag == "svg" and self._figure is not None:
            self.svg_in_figure.append(self._figure)
        if tag == "h2":
            self._h2 = []

    def handle_endtag(self, tag):
        if tag == "figure":
            self._figure = None
        if tag == "h2" and self._h2 is not None:
            self.h2.append("".join(self._h2).strip())
            self._h2 = None

    def handle_data(self, data):
        if self._h2 is not None:
            self._h2.append(data)


@pytest.fixture(scope="module")
def edition():
    return idx.load_2017()


@pytest.fixture(scope="module")
def result(edition) -> Report:
    return report(edition, units=["hunan"], **OPTIONS)


@pytest.fixture(scope="module")
def page(result) -> _Page:
    parser = _Page()
    parser.feed(result.html)
    parser.close()
    return parser


def test_every_section_in_order(result, page):
    expected = [sid for sid, _ in SECTIONS] + ["unit-hunan"]
    assert page.sections == expected
    assert [sid for sid, _ in result.sections] == expected
    titles = [title for _, title in result.sections]
    assert titles[:4] == [
        "The data and what verification found",
        "The ranking and the other weighting schemes",
        "Robustness: how far each rank can be trusted",
        "The statistical audit",
    ]
    assert titles[4:] == ["Profile: Hunan"]
    # the contents list, then one numbered heading per section
    assert page.h2 == ["Contents"] + [f"{k}. {t}" for k, t in enumerate(titles, start=1)]
    assert result.to_frame()["id"].tolist() == expected


def test_every_figure_is_inline_svg(result, page):
    assert result.figures == (
        "fig-contributions",
        "fig-shifts",
        "fig-stability",
        "fig-path-security",  # the narrowest stability interval (README: security)
        "fig-rank-uncertainty",
        "fig-acceptability",
        "fig-sobol",
        "fig-sources",
        "fig-importance",
        "fig-correlations",
        "fig-profile-hunan",
        "fig-sobol-hunan",
        "fig-targets-hunan",
    )
    assert page.svg_in_figure == list(result.figures)
    ids = [a["id"] for _, a in page.tags if a.get("id")]
    assert len(ids) == len(set(ids))  # ids of several SVGs never collide


def test_nothing_is_fetched_from_elsewhere(result, page):
    assert "http://" not in result.html and "https://" not in result.html
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"script", "link", "iframe", "img", "object", "embed"}
    references = [
        value
        for _, attributes in page.tags
        for name, value in attributes.items()
        if name in ("href", "src", "xlink:href") and value is not None
    ]
    # anchors within the page, and the heatmap's pixels inline as a data: URI
    assert references and all(
        value.startswith(("#", "data:image/png;base64,")) for value in references
    )
    assert "@import" not in result.html and "url(" not in result.html.replace("url(#", "")


def test_prints_well(result):
    assert "@media print" in result.html
    assert "break-inside: avoid" in result.html


def test_same_seed_same_bytes(edition, result):
    again = report(edition, units=["Hunan"], **OPTIONS)
    assert again.html == result.html
    assert again.seed == result.seed == 17


def test_tables_hold_the_results(edition, result):
    assert set(result.tables) >= {
        "pillars",
        "verification",
        "ranking",
        "scheme_ranks",
        "scheme_weights",
        "scheme_correlations",
        "stability",
        "rank_uncertainty",
        "acceptability",
        "leave_one_out",
        "sobol",
        "sobol_ranking",
        "sobol_sources",
        "profile_hunan",
        "importance",
        "audit_pillars",
        "audit_importance",
        "audit_correlations",
        "audit_reliability",
        "audit_pca",
        "audit_loadings",
        "audit_distribution",
        "audit_outliers",
        "profile_pillars_hunan",
        "targets_hunan",
    }
    assert "profile_guangdong" not in result.tables
    profile = dict(result.tables["profile_hunan"].itertuples(index=False, name=None))
    # README: printed 14th, recomputed 13th (tie with Shaanxi), 17th under equal
    # weights, 23rd under CRITIC; exact range 11th to 18th within +/-25% (factors)
    assert profile["printed rank"] == "14"
    assert profile["recomputed rank (published weights)"] == "13"
    assert profile["rank under equal weights"] == "17"
    assert profile["rank under critic weights"] == "23"
    assert profile["exact best and worst rank"] == "11 to 18"
    ranks = result.tables["rank_uncertainty"]
    assert len(ranks) == 31 and ranks["unit"].iloc[0] == "Guangdong"
    verification = result.tables["verification"]
    assert verification.loc[verification["unit"] == "Hunan", "reported_rank"].item() == 14


def test_no_placeholder_is_left(result):
    assert 'class="pending"' not in result.html
    assert "comes with" not in result.html


def test_simplex_mode_bounds_schemes_without_units_and_a_drawn_seed(edition):
    order = ["application", "innovation", "digital_economy", "infrastructure", "security"]
    roc = idx.schemes.rank_order_centroid(edition, [*order, "regulation"])
    result = report(
        edition,
        mode="simplex",
        fixed=["Cyber Security"],
        bounds={"application": ("20%", "30%")},
        schemes={"published": "published", "roc": roc},
        n=200,
        sobol_n=16,
    )
    text = " ".join(html.unescape(result.html).split())
    assert (
        "every weight within 25% of its published value (application's weight between 0.2 "
        "and 0.3), the weights summing to 1, with security held at the published weight"
    ) in text
    assert "uniform sampler" in text
    assert (
        "Sobol indices need independent inputs, so they use the factors convention with the "
        "same spread and bounds (on the factors)."
    ) in text
    assert [sid for sid, _ in result.sections] == [sid for sid, _ in SECTIONS]
    assert result.tables["scheme_ranks"].columns.tolist()[:3] == ["unit", "published", "roc"]
    # the exact ranges are those of the space the arguments describe, built here by hand:
    # published 18, 16, 16, 25, 13, 12%, each +/-25%, application 20-30%, security held
    space = idx.WeightSpace(
        edition.pillars,
        edition.system.weights,
        [0.135, 0.12, 0.12, 0.20, 0.13, 0.09],
        [0.225, 0.20, 0.20, 0.30, 0.13, 0.15],
    )
    exact = idx.sensitivity.rank_range(edition, space)
    ranks = result.tables["rank_uncertainty"].set_index("unit").loc[list(edition.units)]
    assert ranks["best"].tolist() == exact.best.tolist()
    assert ranks["worst"].tolist() == exact.worst.tolist()


def test_ranking_level_importance(edition, result):
    table = result.tables["importance"]
    # README, "Which pillar matters most?": dropping a pillar and moving its weight
    # by +/-25% (exact, no sampling) at the published weights
    np.testing.assert_allclose(
        table["loo_mean_abs_shift"], [2.10, 0.90, 0.48, 3.35, 1.19, 1.06], atol=0.005
    )
    np.testing.assert_allclose(
        table["pm_mean_abs_shift"], [0.65, 0.19, 0.27, 0.71, 0.48, 0.26], atol=0.005
    )
    # README: 71%, 55%, 39%, 77%, 68%, 61% of the provinces move: 22, 17, ... of 31
    np.testing.assert_allclose(table["loo_share_moved"] * 31, [22, 17, 12, 24, 21, 19])
    text = " ".join(result.html.split())
    assert (
        "Most important: application, by dropping it, moving its weight by +/-25% and its total"
        in text
    )


def test_statistical_audit(edition, result):
    text = " ".join(result.html.split())
    audit = idx.audit(edition)
    for finding in audit.findings:
        assert html.escape(finding, quote=True) in text
    # docs/audit.md: Cronbach's alpha 0.758; security alone flagged, its share of the
    # main effects 0.042 against 0.13 of the weights
    assert "Cronbach&#x27;s alpha of the 6 pillars is 0.758" in text
    card = result.tables["audit_pillars"]
    assert card.loc[card["importance_flag"], "pillar"].tolist() == ["security"]
    assert card.set_index("pillar").loc["security", "relative_importance"] == pytest.approx(
        0.042, abs=5e-4
    )
    pearson = result.tables["audit_correlations"]
    flagged = pearson[(pearson["method"] == "pearson") & (pearson["flag"] != "")]
    assert flagged[["x", "y", "flag"]].values.tolist() == [
        ["innovation", "digital_economy", "collinear"],
        ["security", "total", "negative"],
    ]


def test_unit_profile_and_its_climb(edition, result):
    pillars = result.tables["profile_pillars_hunan"]
    # Hunan's rank on each pillar's index, by pandas, competition ranks
    frame = pd.DataFrame(np.asarray(edition.index_array), columns=list(edition.pillars))
    expected = (
        frame.rank(method="min", ascending=False).astype(int).iloc[edition.units.index("Hunan")]
    )
    assert pillars["pillar_rank"].tolist() == expected.tolist()
    assert set(pillars.loc[pillars["role"] == "strength", "pillar"]) == {
        "application",
        "infrastructure",
    }
    targets = result.tables["targets_hunan"]
    # to 12th: Henan's printed sub-scores sum to 28.20, Hunan's to 28.07, so each
    # pillar alone needs 0.13 / weight index points (to the tie band's edge)
    weights = np.array([p.weight for p in edition.system.pillars])
    np.testing.assert_allclose(targets["index_gain"], 0.13 / weights, atol=1e-6)
    assert targets["robust_gain"].notna().all() and targets["probable_gain"].notna().all()
    assert (targets["robust_gain"] >= targets["probable_gain"]).all()
    assert (targets["probable_gain"] >= targets["index_gain"]).all()
    text = " ".join(result.html.split())
    assert "To rank 12th or better (a tie reaches the rank), Hunan" in text
    assert "At the published weights, the cheapest: application +0.52 index points" in text


def test_simplex_mode_a_first_unit_and_a_drawn_seed(edition):
    result = report(edition, mode="simplex", n=200, sobol_n=16, units=["Guangdong"])
    text = " ".join(result.html.split())
    # the first unit has no place to climb: no targets figure or table
    assert "Guangdong ranks first at the published weights: no place to climb." in text
    assert "fig-profile-guangdong" in result.figures
    assert "fig-targets-guangdong" not in result.figures
    assert "targets_guangdong" not in result.tables
    assert "Sobol indices need independent inputs, so they use the factors convention" in text
    assert "the weights summing to 1" in text and "uniform sampler" in text
    assert [sid for sid, _ in result.sections] == [sid for sid, _ in SECTIONS] + ["unit-guangdong"]
    # no seed given: one is drawn, shown on the page and recorded
    assert 0 <= result.seed < 2**31
    assert f"seed {result.seed}" in text


def test_weights_against_rounding_is_the_grouped_sobol_analysis(edition, result):
    from idx.sensitivity import sobol

    space = idx.WeightSpace.around(edition.system, 0.25, mode="factors")
    grouped = sobol(
        edition,
        idx.Uncertainty(weights=space, rounding=True),
        OPTIONS["sobol_n"],
        seed=OPTIONS["seed"],
        group_weights=True,
        outputs=("rank",),
    )
    table = result.tables["sobol_sources"].set_index("unit")
    hunan = edition.unit_position("Hunan")
    assert table.loc["Hunan", "ST_weights"] == grouped.total[0, hunan, 0]
    assert table.loc["Hunan", "ST_rounding"] == grouped.total[0, hunan, 1]
    # Shanghai is 5th in every run (test_sobol): it is not listed
    assert "Shanghai" not in table.index
    text = " ".join(result.html.split())
    assert "each drawn within +/-0.005 of its printed value" in text


def test_an_edition_of_unknown_precision_says_why_rounding_is_left_out(edition):
    exact = idx.Edition(
        edition.system,
        edition.units,
        edition.subscores,
        reported_totals=edition.reported_totals,
        reported_ranks=edition.reported_ranks,
        decimals=None,
    )
    result = report(exact, n=200, sobol_n=16, seed=1)
    text = " ".join(result.html.split())
    assert "The precision of the printed figures is not known for this edition" in text
    assert "fig-sources" not in result.figures and "sobol_sources" not in result.tables


def test_bad_input(edition, monkeypatch):
    with pytest.raises(idx.UnknownUnitError, match="unknown province 'Atlantis'"):
        report(edition, units=["Atlantis"], **OPTIONS)
    with pytest.raises(
        idx.IdxError, match=r"'units' must not repeat a value \('Hunan' appears twice\)"
    ):
        report(edition, units=["Hunan", "hunan"], **OPTIONS)
    with pytest.raises(idx.IdxError, match="'n' must be a positive integer"):
        report(edition, n=0)
    with pytest.raises(idx.IdxError, match="'seed' must be an integer >= 0"):
        report(edition, seed=-1)
    with pytest.raises(idx.IdxError, match="scheme"):
        report(edition, schemes=["published", "nonsense"], **OPTIONS)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(idx.IdxError, match=r"pip install 'idx\[plot\]'"):
        report(edition, **OPTIONS)
