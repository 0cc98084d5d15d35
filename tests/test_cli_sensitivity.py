from __future__ import annotations

import json

import pytest

from idx.cli.main import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


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
def test_every_analysis_runs(capsys, argv, first_column):
    code, out, _ = run(capsys, "sensitivity", *argv, "--format", "json")
    assert code == 0
    records = json.loads(out)
    assert records and next(iter(records[0])) == first_column


def test_mc_same_seed_same_output(capsys):
    _, first, _ = run(capsys, "sensitivity", "mc", "--n", "3000", "--seed", "7", "--format", "csv")
    _, second, _ = run(capsys, "sensitivity", "mc", "--n", "3000", "--seed", "7", "--format", "csv")
    assert first == second


def test_hunan_range_by_cli(capsys):
    _, out, _ = run(capsys, "sensitivity", "range", "--format", "csv")
    line = next(row for row in out.splitlines() if row.startswith("Hunan,"))
    assert line == "Hunan,13,11,18,7"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["mc", "--n", "0"], "idx sensitivity: error: 'n' must be a positive integer (got 0)"),
        (
            ["range", "--spread", "-1"],
            "idx sensitivity: error: 'spread' must be finite and >= 0 (got -1.0)",
        ),
        (["reversal", "Henan", "Atlantis"], "idx sensitivity: error: unknown province 'Atlantis'"),
        (["mc", "--fixed", "apps"], "idx sensitivity: error: unknown pillar 'apps' in 'fixed'"),
        (
            ["mc", "--sampler", "jrc"],
            "idx sensitivity: error: sampler 'jrc' draws independent factors",
        ),
        (
            ["sobol", "--mode", "simplex"],
            "idx sensitivity: error: sobol needs independent inputs",
        ),
    ],
)
def test_bad_input_is_one_line_exit_2(capsys, argv, message):
    code, out, err = run(capsys, "sensitivity", *argv)
    assert code == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1
