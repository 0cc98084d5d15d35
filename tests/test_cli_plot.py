"""``idx plot KIND`` and ``idx report`` from the command line."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

pytest.importorskip("matplotlib")

KINDS = [
    ["rank-uncertainty", "--n", "500", "--seed", "1", "--mode", "factors"],
    ["rank-uncertainty", "--n", "500", "--seed", "1", "--no-exact", "--sampler", "dirichlet"],
    ["acceptability", "--n", "500", "--seed", "1"],
    ["acceptability", "--n", "500", "--seed", "1", "--smaa"],
    ["sobol", "--n", "32", "--seed", "1", "--unit", "hunan", "--output", "total"],
    ["rank-path", "--pillar", "application", "--unit", "Hunan", "--window", "0.2,0.3"],
    ["rank-path", "--pillar", "security", "--unit", "all"],
    ["stability", "--title", ""],
    ["shifts", "--weights", "equal", "--highlight", "3"],
    ["shifts", "--schemes", "published,entropy"],
    ["contributions", "--weights", "application=0.35"],
]


@pytest.mark.parametrize("argv", KINDS, ids=lambda a: "-".join(a[:2]))
def test_every_kind_writes_its_file(argv, cli, tmp_path):
    out = tmp_path / "figure.png"
    code, stdout, stderr = cli("plot", *argv, "--out", str(out), "--dpi", "30")
    assert (code, stderr) == (0, "")
    assert stdout == f"wrote {out}\n"
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_kind_has_a_command():
    import idx.plot

    assert {argv[0] for argv in KINDS} == set(idx.plot.KINDS)


def test_svg_and_pdf_and_the_same_bytes_for_the_same_seed(cli, tmp_path):
    first, second, pdf = tmp_path / "a.svg", tmp_path / "b.svg", tmp_path / "c.pdf"
    argv = ["plot", "acceptability", "--n", "300", "--seed", "4"]
    assert cli(*argv, "--out", str(first))[0] == 0
    assert cli(*argv, "--out", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()
    assert ET.parse(first).getroot().tag.endswith("svg")
    assert cli("plot", "stability", "--out", str(pdf))[0] == 0
    assert pdf.read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["stability", "--out", "x.gif"], "--out must end in .png, .svg or .pdf (got 'x.gif')"),
        (
            ["sobol", "--n", "16", "--unit", "Hunnan", "--out", "x.png"],
            "unknown province 'Hunnan'; did you mean 'Hunan' or 'Yunnan' or 'Henan'?",
        ),
        (
            ["rank-path", "--pillar", "application", "--window", "0.3", "--out", "x.png"],
            "--window must be LOW,HIGH, e.g. 0.15,0.35 (got '0.3')",
        ),
        (
            ["shifts", "--weights", "equal", "--schemes", "entropy", "--out", "x.png"],
            "--weights and --schemes cannot be combined",
        ),
        (
            ["sobol", "--n", "16", "--mode", "simplex", "--out", "x.png"],
            "factors",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(argv, message, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, stdout, stderr = cli("plot", *argv)
    assert code == 2 and stdout == ""
    assert stderr.startswith("idx plot: error: ") and message in stderr
    assert stderr.count("\n") == 1
    assert not (tmp_path / "x.png").exists()


def test_missing_matplotlib(cli, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    code, _, stderr = cli("plot", "stability", "--out", str(tmp_path / "x.png"))
    assert code == 2
    assert "pip install 'idx[plot]'" in stderr


def test_report_writes_the_page_and_its_tables(cli, tmp_path):
    out = tmp_path / "report.html"
    code, stdout, stderr = cli(
        "report",
        "--out",
        str(out),
        "--unit",
        "Hunan",
        "--n",
        "300",
        "--sobol-n",
        "16",
        "--seed",
        "9",
        "--spread",
        "0.1",
        "--tables",
    )
    assert (code, stderr) == (0, "")
    assert stdout.startswith(f"wrote {out} (") and stdout.endswith("; seed 9\n")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and 'id="unit-hunan"' in text
    assert "within 10% of its published value" in text
    tables = sorted(p.name for p in tmp_path.glob("report_*.csv"))
    assert "report_rank_uncertainty.csv" in tables and "report_profile_hunan.csv" in tables
    assert f"and {len(tables)} tables" in stdout
    ranks = pd.read_csv(tmp_path / "report_rank_uncertainty.csv")
    # README: within +/-10% of every weight Hunan ranks between 12th and 15th (MILP)
    hunan = ranks[ranks["unit"] == "Hunan"].iloc[0]
    assert (hunan["best"], hunan["worst"]) == (12, 15)


def test_report_refuses_other_suffixes(cli, tmp_path):
    code, _, stderr = cli("report", "--out", str(tmp_path / "report.pdf"))
    assert code == 2 and "--out must end in .html" in stderr
