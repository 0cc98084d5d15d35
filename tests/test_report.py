"""idx.report: one self-contained, deterministic HTML page with every section and figure."""

from __future__ import annotations

import html
import sys
from html.parser import HTMLParser

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
        "fig-sobol-hunan",
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
        "profile_hunan",
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


def test_placeholders_say_what_comes_later(result):
    assert "comes with the audit module (idx.audit)" in result.html
    assert "comes with the importance analysis" in result.html
    assert "comes with the unit profile" in result.html


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
    # no seed given: one is drawn, shown on the page and recorded
    assert 0 <= result.seed < 2**31
    assert f"seed {result.seed}" in text


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
