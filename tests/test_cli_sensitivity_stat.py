"""`idx sensitivity mc|smaa|sobol` through the real entry point."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from idx.cli.main import main


def test_mc_csv_has_one_row_per_province_and_no_progress_off_a_terminal(cli):
    code, out, err = cli("sensitivity", "mc", "--n", "1000", "--seed", "1", "--format", "csv")
    assert code == 0
    # stderr is captured, not a terminal: no progress line, only the summary
    assert err == "1,000 scenarios, 'uniform' sampler, seed 1 (--seed 1 repeats this run)\n"
    frame = pd.read_csv(io.StringIO(out), comment="#")
    assert len(frame) == 31
    assert list(frame.columns[:4]) == ["unit", "base_rank", "median", "mean"]
    # Hunan and Shaanxi tie at 13th at the published weights (competition ranks)
    assert frame.set_index("unit").loc[["Hunan", "Shaanxi"], "base_rank"].tolist() == [13, 13]


def test_mc_uniform_sampler_in_a_factors_space(cli):
    code, out, _ = cli(
        "sensitivity",
        "mc",
        "--n",
        "500",
        "--seed",
        "2",
        "--mode",
        "factors",
        "--sampler",
        "uniform",
    )
    assert code == 0 and "Hunan" in out


def test_smaa_and_sobol_same_seed_same_output(cli):
    for argv in (["smaa", "--n", "2000"], ["sobol", "--n", "64", "--unit", "Hunan"]):
        _, first, _ = cli("sensitivity", *argv, "--seed", "5", "--format", "csv")
        _, second, _ = cli("sensitivity", *argv, "--seed", "5", "--format", "csv")
        assert first == second and first


def test_bad_sampler_is_an_argparse_error_on_one_line(capsys):
    assert main(["sensitivity", "mc", "--sampler", "grid"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("idx sensitivity mc: error: --sampler: invalid choice: 'grid'")
    assert err.count("\n") == 1


def test_workers_do_not_change_the_output(cli):
    for argv in (
        ["mc", "--n", "3000"],
        ["smaa", "--n", "3000"],
        ["sobol", "--n", "64"],
        ["range", "--spread", "0.05"],
    ):
        seed = [] if argv[0] == "range" else ["--seed", "5"]
        _, one, _ = cli("sensitivity", *argv, *seed, "--format", "csv")
        code, two, _ = cli("sensitivity", *argv, *seed, "--workers", "2", "--format", "csv")
        # the recorded command line names --workers; the table and parameters do not move
        assert code == 0 and one
        assert one.replace(" --workers 2", "") == two.replace(" --workers 2", "")


def test_bad_workers_is_one_line_and_exit_2(cli):
    code, out, err = cli("sensitivity", "mc", "--n", "10", "--workers", "0")
    assert code == 2 and out == ""
    assert (
        "'workers' must be a positive integer, -1 (one per CPU) or a map-like callable (got 0)"
        in err
    )


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["mc", "--n", "9000"], "9,000 / 9,000 scenarios"),
        (["smaa", "--n", "9000"], "9,000 / 9,000 scenarios"),
        (["sobol", "--n", "64"], "64 / 64 base samples"),
    ],
)
def test_progress_on_a_terminal_for_every_sampled_command(monkeypatch, capsys, argv, line):
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert main(["sensitivity", *argv, "--seed", "1", "--format", "csv"]) == 0
    assert line in terminal.getvalue()
    assert line not in capsys.readouterr().out  # progress never reaches stdout
