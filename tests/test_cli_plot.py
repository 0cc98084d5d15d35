"""``idx plot KIND`` and ``idx report`` from the command line."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

import idx

pytest.importorskip("matplotlib")

KINDS = [
    ["rank-uncertainty", "--n", "500", "--seed", "1", "--mode", "factors"],
    ["rank-uncertainty", "--n", "500", "--seed", "1", "--no-exact", "--sampler", "dirichlet"],
    ["acceptability", "--n", "500", "--seed", "1"],
    ["acceptability", "--n", "500", "--seed", "1", "--smaa"],
    ["sobol", "--n", "32", "--seed", "1", "--unit", "hunan", "--output", "total"],
    ["sobol", "--n", "32", "--seed", "1", "--rounding", "--group-weights"],
    ["rank-uncertainty", "--n", "500", "--seed", "1", "--fixed-weights", "--rounding"],
    ["acceptability", "--n", "500", "--seed", "1", "--noise", "1", "--spread", "0.1"],
    ["rank-path", "--pillar", "application", "--unit", "Hunan", "--window", "0.2,0.3"],
    ["rank-path", "--pillar", "security", "--unit", "all"],
    ["stability", "--title", ""],
    ["shifts", "--weights", "equal", "--highlight", "3"],
    ["shifts", "--schemes", "published,entropy"],
    ["contributions", "--weights", "application=0.35"],
    ["importance"],
    ["correlations", "--method", "spearman"],
    ["profile", "Hebei", "--n", "300", "--seed", "1"],
    ["targets", "Hebei", "--rank", "15"],
]


# the kinds that sample weights, and so run with a seed
RANDOM = {"rank-uncertainty", "acceptability", "sobol", "profile"}


@pytest.mark.parametrize("argv", KINDS, ids=lambda a: "-".join(a[:2]))
def test_every_kind_writes_its_file(argv, cli, tmp_path):
    out = tmp_path / "figure.png"
    code, stdout, stderr = cli("plot", *argv, "--out", str(out), "--dpi", "30")
    assert (code, stderr) == (0, "")
    # a random figure names its seed; a seed that was given needs no reminder
    assert stdout == f"wrote {out}" + ("; seed 1" if argv[0] in RANDOM else "") + "\n"
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


def test_a_drawn_seed_is_printed_and_repeats_the_figure(cli, tmp_path):
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    code, stdout, stderr = cli("plot", "acceptability", "--n", "200", "--out", str(first))
    assert (code, stderr) == (0, "")
    match = re.fullmatch(
        rf"wrote {re.escape(str(first))}; seed (\d+) \(drawn: --seed (\d+) repeats it\)\n", stdout
    )
    assert match is not None and match.group(1) == match.group(2)
    seed = match.group(1)
    argv = ("plot", "acceptability", "--n", "200", "--seed", seed, "--out", str(second))
    assert cli(*argv) == (0, f"wrote {second}; seed {seed}\n", "")
    assert first.read_bytes() == second.read_bytes()


def test_the_space_options_as_the_sensitivity_commands_read_them(cli, tmp_path, monkeypatch):
    import idx.plot
    import idx.sensitivity

    seen: dict[str, object] = {}
    monte_carlo, rank_uncertainty = idx.sensitivity.monte_carlo, idx.plot.rank_uncertainty

    def spy_mc(edition, space, n, **kwargs):
        seen.update(space=space, n=n, seed=kwargs["seed"], sampler=kwargs["sampler"])
        return monte_carlo(edition, space, n, **kwargs)

    def spy_plot(mc, exact=None, **kwargs):
        seen.update(exact=exact, note=kwargs["note"])
        return rank_uncertainty(mc, exact, **kwargs)

    monkeypatch.setattr(idx.sensitivity, "monte_carlo", spy_mc)
    monkeypatch.setattr(idx.plot, "rank_uncertainty", spy_plot)
    out = tmp_path / "f.png"
    argv = ["--spread", "10%", "--fixed", "Cyber Security", "--bounds", "application=20%:30%"]
    argv += ["--n", "2e2", "--seed", "3", "--no-exact", "--sampler", "dirichlet"]
    code, _, stderr = cli("plot", "rank-uncertainty", *argv, "--out", str(out), "--dpi", "30")
    assert (code, stderr) == (0, "")
    assert (seen["n"], seen["seed"], seen["sampler"], seen["exact"]) == (200, 3, "dirichlet", None)
    space = seen["space"]
    # published 18, 16, 16, 25, 13, 12%: +/-10% of each, security held, application 20-30%
    np.testing.assert_allclose(space.lower, [0.162, 0.144, 0.144, 0.20, 0.13, 0.108])
    np.testing.assert_allclose(space.upper, [0.198, 0.176, 0.176, 0.30, 0.13, 0.132])
    assert space.mode == "simplex"
    assert seen["note"] == (
        "Weights within ±10% of the published ones (the weights summing to 1; "
        "security fixed; application weight in [0.2, 0.3])"
    )


def test_shifts_takes_the_schemes_compare_takes(cli, tmp_path, monkeypatch):
    import idx.plot

    seen = {}
    shifts = idx.plot.shifts

    def spy(result, **kwargs):
        seen["result"] = result
        return shifts(result, **kwargs)

    monkeypatch.setattr(idx.plot, "shifts", spy)
    order = "application/innovation/digital_economy/infrastructure/security/regulation"
    argv = ["--schemes", f"published,roc:{order},bod:25%", "--highlight", "1"]
    code, _, stderr = cli("plot", "shifts", *argv, "--out", str(tmp_path / "s.png"), "--dpi", "30")
    assert (code, stderr) == (0, "")
    result = seen["result"]
    assert result.schemes == ("published", "roc", "bod")
    # rank-order centroid: the k-th most important of 6 pillars weighs (1/6) sum_{i>=k} 1/i
    roc = [sum(1 / i for i in range(k, 7)) / 6 for k in range(1, 7)]
    weights = dict(zip(order.split("/"), roc, strict=True))
    expected = idx.score(idx.load_2017(), weights).ranks
    np.testing.assert_array_equal(result.ranks[:, 1], expected)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["stability", "--out", "x.gif"],
            "idx plot stability: error: --out must end in .png, .svg or .pdf (got 'x.gif')",
        ),
        (
            ["stability", "--dpi", "0", "--out", "x.png"],
            "idx plot stability: error: --dpi must be a positive whole number such as 100000 "
            "or 1e6 (got '0')",
        ),
        (
            ["sobol", "--n", "16", "--unit", "Hunnan", "--out", "x.png"],
            "idx plot sobol: error: unknown province 'Hunnan'; did you mean 'Hunan' or "
            "'Yunnan' or 'Henan'?",
        ),
        (
            ["sobol", "--n", "16", "--mode", "simplex", "--out", "x.png"],
            "idx plot sobol: error: sobol needs independent inputs",
        ),
        (
            ["acceptability", "--n", "1.5", "--out", "x.png"],
            "idx plot acceptability: error: --n must be a positive whole number",
        ),
        (
            ["acceptability", "--seed", "-1", "--out", "x.png"],
            "idx plot acceptability: error: --seed must be a whole number >= 0 (got '-1')",
        ),
        (
            ["acceptability", "--spread=-10%", "--out", "x.png"],
            "idx plot acceptability: error: --spread must be finite and >= 0 (got -0.1)",
        ),
        (
            ["rank-uncertainty", "--fixed", "apps", "--out", "x.png"],
            "idx plot rank-uncertainty: error: unknown pillar 'apps' in --fixed",
        ),
        (
            ["rank-path", "--pillar", "application", "--window", "0.3", "--out", "x.png"],
            "idx plot rank-path: error: --window must be LOW,HIGH, e.g. 0.15,0.35 or 15%,35% "
            "(got '0.3')",
        ),
        (
            ["rank-path", "--pillar", "application", "--window", "0.3,0.2", "--out", "x.png"],
            "idx plot rank-path: error: the high end of --window must be in (0.3, 1] (got 0.2)",
        ),
        (
            ["rank-path", "--pillar", "application", "--window", "a,0.2", "--out", "x.png"],
            "idx plot rank-path: error: --window must be a number such as 0.25 or a "
            "percentage such as 25% (got 'a')",
        ),
        (
            ["rank-path", "--pillar", "apps", "--out", "x.png"],
            "idx plot rank-path: error: unknown pillar 'apps'",
        ),
        (
            ["shifts", "--weights", "equal", "--schemes", "entropy", "--out", "x.png"],
            "idx plot shifts: error: --weights applies only without --schemes",
        ),
        (
            ["shifts", "--weights", "even", "--out", "x.png"],
            "idx plot shifts: error: --weights must be a name (published, equal, entropy, "
            "critic, std, pca), pillar=value pairs or one value per pillar (got 'even')",
        ),
        (
            ["shifts", "--schemes", "published,nonsense", "--out", "x.png"],
            "idx plot shifts: error: --schemes: unknown scheme 'nonsense'",
        ),
        (
            ["shifts", "--schemes", "equal,equal", "--out", "x.png"],
            "idx plot shifts: error: --schemes names 'equal' twice",
        ),
        (
            ["shifts", "--highlight", "9", "--out", "x.png"],
            "idx plot shifts: error: --highlight must be at most 8, one colour each (got 9)",
        ),
        (
            ["contributions", "--weights", "application=0.35,apps=0.1", "--out", "x.png"],
            "idx plot contributions: error: unknown pillar 'apps' in --weights",
        ),
    ],
)
def test_bad_input_is_one_line_in_cli_words_and_exit_2(argv, message, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, stdout, stderr = cli("plot", *argv)
    assert code == 2 and stdout == ""
    assert stderr.startswith(message)
    assert stderr.count("\n") == 1
    assert not (tmp_path / "x.png").exists()


def test_missing_matplotlib(cli, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    code, _, stderr = cli("plot", "stability", "--out", str(tmp_path / "x.png"))
    assert code == 2
    assert "pip install 'idx[plot]'" in stderr


def test_report_writes_the_page_and_its_tables_and_a_drawn_seed_repeats_it(cli, tmp_path):
    out, again = tmp_path / "report.html", tmp_path / "again.html"
    argv = ["--unit", "Hunan", "--n", "300", "--sobol-n", "16", "--spread", "0.1"]
    code, stdout, stderr = cli("report", *argv, "--out", str(out), "--tables")
    assert (code, stderr) == (0, "")
    match = re.fullmatch(
        rf"wrote {re.escape(str(out))} \(.*\) and (\d+) tables; "
        r"seed (\d+) \(drawn: --seed (\d+) repeats it\)\n",
        stdout,
    )
    assert match is not None and match.group(2) == match.group(3)
    seed = match.group(2)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and 'id="unit-hunan"' in text
    assert "within 10% of its published value" in text and f"seed {seed}" in text
    tables = sorted(p.name for p in tmp_path.glob("report_*.csv"))
    assert "report_rank_uncertainty.csv" in tables and "report_profile_hunan.csv" in tables
    assert match.group(1) == str(len(tables))
    ranks = pd.read_csv(tmp_path / "report_rank_uncertainty.csv")
    # README: within +/-10% of every weight Hunan ranks between 12th and 15th (MILP)
    hunan = ranks[ranks["unit"] == "Hunan"].iloc[0]
    assert (hunan["best"], hunan["worst"]) == (12, 15)
    # the seed printed is the one used: given back, it gives the same page, byte for byte
    code, stdout, stderr = cli("report", *argv, "--seed", seed, "--out", str(again))
    assert (code, stderr) == (0, "") and stdout.endswith(f" figures); seed {seed}\n")
    assert again.read_bytes() == out.read_bytes()


def test_report_options_as_the_other_commands_read_them(cli, tmp_path, monkeypatch):
    import idx.cli.plot_commands as commands
    from idx.schemes import BenefitOfTheDoubt, SchemeWeights

    seen = {}

    def spy(edition, **kwargs):
        seen.update(kwargs)
        raise idx.IdxError("stop here")

    monkeypatch.setattr(commands, "report", spy)
    order = "application/innovation/digital_economy/infrastructure/security/regulation"
    argv = ["--n", "1e3", "--sobol-n", "2e2", "--mode", "simplex", "--fixed", "Cyber Security"]
    argv += ["--bounds", "application=20%:30%", "--schemes", f"published,roc:{order},bod:25%"]
    argv += ["--seed", "5", "--unit", "hunan", "--unit", "Shaanxi", "--sampler", "dirichlet"]
    code, _, stderr = cli("report", *argv, "--out", str(tmp_path / "r.html"))
    assert (code, stderr) == (2, "idx report: error: stop here\n")
    schemes = seen.pop("schemes")
    assert seen == {
        "units": ["Hunan", "Shaanxi"],
        "spread": 0.25,
        "mode": "simplex",
        "fixed": ["security"],
        "bounds": {"application": ("20%", "30%")},
        "sampler": "dirichlet",
        "n": 1000,
        "sobol_n": 200,
        "seed": 5,
    }
    assert list(schemes) == ["published", "roc", "bod"]
    assert isinstance(schemes["roc"], SchemeWeights)
    assert isinstance(schemes["bod"], BenefitOfTheDoubt)
    # without --schemes, the report's own default
    cli("report", "--out", str(tmp_path / "r.html"))
    assert seen["schemes"] == ("published", "equal", "entropy", "critic")
    assert seen["seed"] >= 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--out", "report.pdf"], "idx report: error: --out must end in .html (got 'report.pdf')"),
        (
            ["--out", "r.html", "--unit", "Hunan", "--unit", "hunan"],
            "idx report: error: --unit names 'Hunan' twice",
        ),
        (
            ["--out", "r.html", "--unit", "Atlantis"],
            "idx report: error: unknown province 'Atlantis'",
        ),
        (
            ["--out", "r.html", "--sobol-n", "0"],
            "idx report: error: --sobol-n must be a positive whole number",
        ),
        (
            ["--out", "r.html", "--schemes", "published,nonsense"],
            "idx report: error: --schemes: unknown scheme 'nonsense'",
        ),
        (
            ["--out", "r.html", "--bounds", "apps=0.1:0.2"],
            "idx report: error: unknown pillar 'apps' in --bounds",
        ),
        (
            ["--out", "r.html", "--spread=-1"],
            "idx report: error: --spread must be finite and >= 0 (got -1.0)",
        ),
    ],
)
def test_report_bad_input(argv, message, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, stdout, stderr = cli("report", *argv)
    assert code == 2 and stdout == "" and stderr.count("\n") == 1
    assert stderr.startswith(message)
    assert not list(tmp_path.iterdir())


def test_smaa_figure_takes_the_weights_alone(cli, tmp_path):
    out = tmp_path / "a.png"
    code, stdout, err = cli(
        "plot", "acceptability", "--smaa", "--rounding", "--n", "10", "--out", str(out)
    )
    assert code == 2 and stdout == "" and "--smaa varies the weights alone" in err
    assert not out.exists()
