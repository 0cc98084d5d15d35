from __future__ import annotations

import io
import json
import subprocess
import sys

import pandas as pd
import pytest

import idx


@pytest.mark.parametrize(
    ("argv", "first_column"),
    [
        (["stability"], "pillar"),
        (["path", "--pillar", "application", "--unit", "Hunan"], "unit"),
        (["reversal", "Henan", "Hunan", "--spread", "0.25"], "pillar"),
        (["range", "--spread", "0.1"], "unit"),
        (["loo"], "unit"),
        (["mc", "--n", "2000", "--seed", "1"], "unit"),
        (
            ["mc", "--n", "2000", "--seed", "1", "--mode", "factors", "--sampler", "dirichlet"],
            "unit",
        ),
        (["smaa", "--n", "2000", "--seed", "1"], "unit"),
        (["sobol", "--n", "128", "--seed", "1", "--unit", "Hunan"], "output"),
    ],
)
def test_every_analysis_runs(argv, first_column, cli):
    code, out, _ = cli("sensitivity", *argv, "--format", "json")
    assert code == 0
    records = json.loads(out)["rows"]
    assert records and next(iter(records[0])) == first_column


def test_mc_same_seed_same_output(cli):
    _, first, _ = cli("sensitivity", "mc", "--n", "3000", "--seed", "7", "--format", "csv")
    _, second, _ = cli("sensitivity", "mc", "--n", "3000", "--seed", "7", "--format", "csv")
    assert first == second


def test_hunan_range_by_cli(cli):
    _, out, _ = cli("sensitivity", "range", "--format", "csv")
    line = next(row for row in out.splitlines() if row.startswith("Hunan,"))
    # README: within +/-25% Hunan ranks between 11th and 18th
    assert line == "Hunan,13,11,18,7"


def _idx(*argv):
    # a separate process, so that whatever reaches file descriptor 1 (where HiGHS prints,
    # bypassing sys.stdout) is captured, as a shell pipe would see it
    return subprocess.run(
        [sys.executable, "-m", "idx", *argv], capture_output=True, text=True, check=True
    ).stdout


def test_range_json_is_valid_with_factors():
    records = json.loads(_idx("sensitivity", "range", "--mode", "factors", "--format", "json"))[
        "rows"
    ]
    assert len(records) == 31
    assert list(records[0]) == ["unit", "base_rank", "best", "worst", "spread"]


def test_range_csv_is_valid_at_half_spread():
    table = pd.read_csv(
        io.StringIO(_idx("sensitivity", "range", "--spread", "0.5", "--format", "csv")),
        comment="#",
    )
    assert list(table.columns) == ["unit", "base_rank", "best", "worst", "spread"]
    assert len(table) == 31
    assert set(table["unit"]) == set(idx.load_2017().units)


def test_reversal_when_already_ahead(cli):
    code, out, err = cli("sensitivity", "reversal", "Hebei", "Liaoning")
    assert code == 0 and out.lstrip().startswith("pillar")
    assert err.startswith("Liaoning is already ahead of Hebei at the reference weights (totals ")
    assert "overtakes" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["mc", "--n", "0"],
            "idx sensitivity mc: error: --n must be a positive whole number such as 100000 or 1e6 "
            "(got '0')",
        ),
        (
            ["range", "--spread", "-1"],
            "idx sensitivity range: error: --spread must be finite and >= 0 (got -1.0)",
        ),
        (
            ["reversal", "Henan", "Atlantis"],
            "idx sensitivity reversal: error: unknown province 'Atlantis'",
        ),
        (
            ["mc", "--fixed", "apps"],
            "idx sensitivity mc: error: unknown pillar 'apps' in --fixed",
        ),
        (
            ["mc", "--sampler", "jrc"],
            "idx sensitivity mc: error: sampler 'jrc' draws independent factors",
        ),
        (
            ["sobol", "--mode", "simplex"],
            "idx sensitivity sobol: error: sobol needs independent inputs",
        ),
    ],
)
def test_bad_input_is_one_line_exit_2(argv, message, cli):
    code, out, err = cli("sensitivity", *argv)
    assert code == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1


def test_mc_with_rounding_alone_leaves_shaanxi_and_hunan_open(cli):
    code, out, err = cli(
        "sensitivity",
        "mc",
        "--fixed-weights",
        "--rounding",
        "--n",
        "4000",
        "--seed",
        "3",
        "--format",
        "json",
    )
    assert code == 0
    report = json.loads(out)
    assert report["parameters"]["space"] is None
    assert report["parameters"]["inputs"] == {"inputs": ["rounding"], "rounding": True}
    rows = {row["unit"]: row for row in report["rows"]}
    assert (rows["Shaanxi"]["p5"], rows["Shaanxi"]["p95"]) == (13, 14)
    assert (rows["Henan"]["p5"], rows["Henan"]["p95"]) == (12, 12)
    assert "weights fixed; printed sub-scores drawn within their rounding" in err


def test_sobol_by_factor_group_names_its_factors(cli):
    code, out, _ = cli(
        "sensitivity",
        "sobol",
        "--rounding",
        "--noise",
        "application=1",
        "--noise-distribution",
        "normal",
        "--aggregations",
        "arithmetic=75%,geometric=25%",
        "--group-weights",
        "--n",
        "64",
        "--seed",
        "2",
        "--unit",
        "Hunan",
        "--format",
        "json",
    )
    assert code == 0
    report = json.loads(out)
    assert report["parameters"]["factors"] == ["weights", "rounding", "noise", "aggregation"]
    assert report["parameters"]["inputs"]["noise"] == {
        "size": {"application": 1.0},
        "kind": "absolute",
        "distribution": "normal",
    }
    assert {row["factor"] for row in report["rows"]} == {
        "weights",
        "rounding",
        "noise",
        "aggregation",
    }


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["mc", "--fixed-weights"], "--fixed-weights leaves nothing to vary"),
        (
            ["mc", "--fixed-weights", "--rounding", "--spread", "0.1"],
            "--spread applies only when the weights vary",
        ),
        (["mc", "--noise-kind", "relative"], "--noise-kind applies only with --noise"),
        (["mc", "--noise", "-1"], "--noise must be a size >= 0"),
        (["mc", "--noise", "apps=1"], "apps"),
        (
            ["mc", "--aggregations", "arithmetic=0.5,geometric=0.4"],
            "'aggregation' probabilities must sum to 1 (got 0.9)",
        ),
        (
            ["mc", "--aggregations", "arithmetic=0.5,geometric"],
            "--aggregations must give every choice a probability",
        ),
        (
            ["mc", "--normalisations", "minmax,zscore"],
            "normalisation choices need an edition built from raw indicators",
        ),
        (["sobol", "--rounding", "--mode", "simplex"], "sobol needs independent inputs"),
    ],
)
def test_bad_uncertainty_options_are_one_line(argv, message, cli):
    code, out, err = cli("sensitivity", *argv, "--n", "10", "--seed", "1")
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_noise_in_percent_is_relative_noise(cli):
    code, out, _ = cli(
        "sensitivity",
        "mc",
        "--fixed-weights",
        "--noise",
        "5%",
        "--n",
        "100",
        "--seed",
        "1",
        "--format",
        "json",
    )
    assert code == 0
    noise = json.loads(out)["parameters"]["inputs"]["noise"]
    assert noise == {"size": 0.05, "kind": "relative", "distribution": "uniform"}
    code, _, err = cli(
        "sensitivity", "mc", "--noise", "5%", "--noise-kind", "absolute", "--n", "10", "--seed", "1"
    )
    assert code == 2 and "--noise in percent is a share of the index" in err
    code, _, err = cli("sensitivity", "mc", "--noise", "application=5%,security=1", "--n", "10")
    assert code == 2 and "--noise must not mix percentages and index points" in err


def test_a_run_beyond_the_weights_repeats_byte_for_byte_from_its_rerun_line(cli):
    argv = [
        "sensitivity",
        "mc",
        "--rounding",
        "--noise",
        "1",
        "--aggregations",
        "arithmetic,geometric",
        "--n",
        "3000",
        "--format",
        "csv",
    ]
    code, first, _ = cli(*argv)
    assert code == 0
    rerun = next(line for line in first.splitlines() if line.startswith("# rerun: "))
    repeated = rerun.removeprefix("# rerun: idx ").split()
    assert "--seed" in repeated and "--rounding" in repeated
    code, second, _ = cli(*repeated)
    assert code == 0 and second == first


def test_sobol_groups_from_the_command_line(cli):
    code, out, _ = cli(
        "sensitivity",
        "sobol",
        "--rounding",
        "--noise",
        "1",
        "--group",
        "data=rounding+noise",
        "--group",
        "digital=Innovation Capacity+digital_economy",
        "--n",
        "32",
        "--seed",
        "1",
        "--format",
        "json",
    )
    assert code == 0
    factors = json.loads(out)["parameters"]["factors"]
    assert factors == ["infrastructure", "digital", "application", "security", "regulation", "data"]
    code, _, err = cli(
        "sensitivity", "sobol", "--rounding", "--group", "data=rounding+nosie", "--n", "8"
    )
    assert code == 2 and "group 'data' names unknown factors ['nosie']" in err
    code, _, err = cli(
        "sensitivity", "sobol", "--group", "a=security", "--group", "a=regulation", "--n", "8"
    )
    assert code == 2 and "--group names group 'a' twice" in err
