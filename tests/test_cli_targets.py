"""``idx target``, ``idx gaps``, ``idx profile`` and ``idx sensitivity importance``."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

import idx

FORMATS = ["table", "csv", "json", "markdown"]
COMMANDS = {
    "target": (["target", "Hebei", "--rank", "15"], "pillar"),
    "gaps": (["gaps"], "unit"),
    "profile": (["profile", "Hebei", "--n", "500", "--seed", "1"], "pillar"),
    "importance": (["sensitivity", "importance", "--n", "64", "--seed", "1"], "pillar"),
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_in_every_format(name, fmt, cli):
    argv, first = COMMANDS[name]
    code, out, err = cli(*argv, "--format", fmt)
    assert code == 0, err
    if fmt == "json":
        records = json.loads(out)
        assert records and next(iter(records[0])) == first
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0][0] == first and len(rows) > 1
    elif fmt == "markdown":
        assert f"| {first} |" in out
    else:
        assert first in out


def test_target_answers_by_command_line(cli, edition):
    code, out, err = cli("target", "Hebei", "--rank", "15", "--format", "json")
    assert code == 0
    # prose for people goes to stderr when the output is for machines
    assert err.startswith("Hebei ranks 19th; target 15th or better")
    records = {r["pillar"]: r for r in json.loads(out)}
    expected = idx.improvement(edition, "Hebei", 15)
    assert records["application"]["index_gain"] == pytest.approx(expected.index_gain[3])
    # 1.51 points less the tie band around Liaoning's 27.82 (1e-8 + 1e-12 x 27.82)
    band = 1e-8 + 1e-12 * 27.82
    assert records["application"]["subscore_gain"] == pytest.approx(1.51 - band, abs=1e-12)
    code, out, _ = cli("target", "Hebei", "--rank", "15", "--pillar", "application,security")
    assert code == 0 and out.startswith("Hebei ranks 19th")
    assert "cheapest combination: application +6.04" in out


def test_target_with_costs_and_weights(cli):
    code, out, _ = cli(
        "target", "Hebei", "--rank", "15", "--cost", "application=2", "--format", "csv"
    )
    assert code == 0
    rows = {r["pillar"]: r for r in csv.DictReader(io.StringIO(out))}
    assert float(rows["infrastructure"]["combined_gain"]) == pytest.approx(1.51 / 0.18, abs=1e-6)
    code, out, _ = cli("target", "Hebei", "--rank", "15", "--weights", "equal", "--format", "csv")
    rows = {r["pillar"]: r for r in csv.DictReader(io.StringIO(out))}
    assert float(rows["application"]["weight"]) == pytest.approx(1 / 6)


def test_target_robust_and_probable_json_is_clean():
    # a separate process: whatever HiGHS prints to file descriptor 1 would end up here
    out = subprocess.run(
        [sys.executable, "-m", "idx", "target", "Hebei", "--rank", "15", "--pillar",
         "application", "--spread", "0.25", "--probability", "0.9", "--n", "2000",
         "--seed", "3", "--format", "json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    record = json.loads(out.stdout)[0]
    assert record["robust_gain"] == pytest.approx(9.00194, abs=1e-4)
    assert record["robust_worst_rank"] == 15
    assert 6.04 < record["probable_gain"] < record["robust_gain"]
    assert "with probability 0.9" in out.stderr


def test_gaps_one_unit(cli):
    code, out, _ = cli("gaps", "--unit", "hebei", "--format", "json")
    (record,) = json.loads(out)
    assert code == 0 and record["unit"] == "Hebei" and record["above"] == "Shanxi"
    assert record["gap_above"] == pytest.approx(0.53, abs=1e-9)


def test_profile_summary_on_stdout(cli):
    code, out, _ = cli("profile", "Hebei", "--n", "500", "--seed", "1")
    assert code == 0
    assert out.splitlines()[0] == "Hebei: 19th, total 26.31"
    assert "strengths: infrastructure, regulation; weaknesses: digital_economy, application" in out
    assert "exact rank range over the space: 16th to 23rd" in out


def test_importance_same_seed_same_output(cli):
    argv = ("sensitivity", "importance", "--n", "64", "--seed", "9", "--format", "csv")
    assert cli(*argv)[1] == cli(*argv)[1]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["target", "Hebei", "--rank", "0"], "'rank' must be a positive integer (got 0)"),
        (["target", "Hebei", "--rank", "32"], "'rank' must be in 1..31 (got 32)"),
        (["target", "Atlantis", "--rank", "3"], "unknown province 'Atlantis'"),
        (["target", "Hebei", "--rank", "3", "--pillar", "culture"], "'culture'"),
        (
            ["target", "Hebei", "--rank", "3", "--cost", "application=-1"],
            "'cost' of pillar 'application' must be finite and >= 0 (got -1.0)",
        ),
        (
            ["target", "Hebei", "--rank", "3", "--probability", "0"],
            "'probability' must be in (0, 1) (got 0.0)",
        ),
        (["target", "Hebei", "--rank", "3", "--cost", "cheap"], "--cost: expected pillar=value"),
        (["profile", "Hebie"], "unknown province 'Hebie'"),
        (["sensitivity", "importance", "--mode", "simplex"], "needs a 'factors' space"),
        (["sensitivity", "importance", "--shift", "2"], "'shift' must be in (0, 1] (got 2.0)"),
    ],
)
def test_bad_input_exits_2_with_one_line(argv, message, cli):
    code, out, err = cli(*argv)
    assert code == 2 and out == ""
    assert err.startswith(f"idx {argv[0]}: error: ") and message in err
    assert err.count("\n") == 1


def test_a_drawn_seed_is_named_and_repeats_the_run(cli):
    code, first, err = cli("sensitivity", "importance", "--n", "64", "--format", "csv")
    assert code == 0 and err.startswith("note: drew seed ")
    seed = err.split()[3]
    _, again, _ = cli("sensitivity", "importance", "--n", "64", "--seed", seed, "--format", "csv")
    assert again == first
