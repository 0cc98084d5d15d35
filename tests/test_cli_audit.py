"""``idx audit``: the whole report, one section, and its errors."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd

import idx


def test_full_report_as_a_table(cli):
    # the per-pillar summary first, then every section under its title; the findings,
    # like every command's human summary, go to standard error
    code, out, err = cli("audit")
    assert code == 0
    for heading in (
        "Effective importance",
        "Correlations (Pearson",
        "Reliability",
        "Principal components",
        "Distributions",
    ):
        assert heading in out
    assert "Cronbach's alpha 0.758." in err and "Cronbach's alpha 0.758." not in out


def test_one_section_as_csv_matches_the_library(cli, edition):
    code, out, err = cli("audit", "--section", "importance", "--format", "csv")
    assert code == 0
    frame = pd.read_csv(io.StringIO(out), comment="#")
    expected = idx.main_effects(edition)
    assert frame["pillar"].tolist() == list(edition.pillars)
    # csv carries 12 significant digits
    np.testing.assert_allclose(frame["linear"], expected.linear, rtol=1e-11)
    np.testing.assert_allclose(frame["nonparametric"], expected.nonparametric, rtol=1e-11)
    assert "note: " in err  # the section's notes go to standard error


def test_correlations_section_holds_every_method_and_p_values(cli):
    code, out, _ = cli("audit", "--section", "correlations", "--format", "csv")
    frame = pd.read_csv(io.StringIO(out), keep_default_na=False, comment="#")
    assert code == 0
    assert set(frame["method"]) == {"pearson", "spearman", "kendall"}
    assert {"r", "p_value", "flag"} <= set(frame.columns)


def test_full_report_as_json(cli):
    code, out, _ = cli("audit", "--format", "json")
    report = json.loads(out)
    assert code == 0
    # the per-pillar summary is the main table ("rows"); the findings are the summary
    assert {
        "rows",
        "importance",
        "correlations",
        "reliability",
        "pca",
        "pca_loadings",
        "distribution",
        "summary",
    } <= set(report)
    assert report["idx"] == idx.__version__ and report["rerun"] == "idx audit --format json"
    assert len(report["importance"]) == 6


def test_markdown_section_with_loadings(cli):
    code, out, err = cli("audit", "--section", "pca", "--format", "markdown")
    assert code == 0
    assert "| component | eigenvalue |" in out and "| pillar | loading_1 |" in out
    assert "note: The first component explains" in err


def test_csv_needs_a_section(cli):
    code, out, err = cli("audit", "--format", "csv")
    assert code == 2 and out == ""
    assert "idx audit: error: --format csv writes one table: choose it with --section" in err


def test_too_few_units(cli, tmp_path):
    path = tmp_path / "four.csv"
    rows = ["region,infrastructure,innovation,digital_economy,application,security,regulation"]
    rows += [
        "Beijing,6,5,5,10,4,3",
        "Shanghai,5,4,4,9,3,3",
        "Hebei,3,2,2,7,4,2",
        "Gansu,2,1,1,6,3,2",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, _, err = cli("audit", "--data", str(path))
    assert code == 2
    assert "main effects need at least 5 units (got 4)" in err
