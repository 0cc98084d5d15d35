"""``idx target``, ``idx gaps``, ``idx profile`` and ``idx sensitivity importance``."""

from __future__ import annotations

import io
import json
import shlex
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import idx
from idx.space import WeightSpace
from idx.targets import ordinal

FORMATS = ["table", "csv", "json", "markdown"]
# argv, first column, first line of the summary on stderr ("" for none)
COMMANDS = {
    "target": (["target", "Hebei", "--rank", "15"], "pillar", "Hebei ranks 19th"),
    "gaps": (["gaps"], "unit", ""),
    "profile": (
        ["profile", "Hebei", "--n", "500", "--seed", "1"],
        "pillar",
        "Hebei: 19th, total 26.31",
    ),
    "importance": (
        ["sensitivity", "importance", "--n", "64", "--seed", "1"],
        "pillar",
        "most important: application when dropped",
    ),
}


def _csv(out: str) -> tuple[dict[str, object], pd.DataFrame]:
    """The ``# key: value`` lines (values other than text are JSON) and the table."""
    meta: dict[str, object] = {}
    for line in out.splitlines():
        if not line.startswith("# "):
            break
        key, _, value = line[2:].partition(": ")
        if key == "summary":
            meta.setdefault("summary", []).append(value)  # type: ignore[union-attr]
        else:
            meta[key] = value if key in ("idx", "command", "rerun") else json.loads(value)
    return meta, pd.read_csv(io.StringIO(out), comment="#")


def _rerun(cli, command: str) -> tuple[int, str, str]:
    argv = shlex.split(command)
    assert argv[0] == "idx"
    return cli(*argv[1:])


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_in_every_format(name, fmt, cli):
    argv, first, summary = COMMANDS[name]
    code, out, err = cli(*argv, "--format", fmt)
    assert code == 0, err
    if fmt == "json":
        document = json.loads(out)
        assert document["command"] == " ".join(argv[: 2 if name == "importance" else 1])
        assert document["rerun"] == shlex.join(["idx", *argv, "--format", fmt])
        rows = document["rows"]
        assert rows and next(iter(rows[0])) == first
        assert document["summary"] == err.splitlines()
    elif fmt == "csv":
        meta, table = _csv(out)
        assert table.columns[0] == first and len(table) > 0
        assert meta.get("summary", []) == err.splitlines()
    elif fmt == "markdown":
        assert out.startswith(f"| {first} |")
    else:
        assert out.split()[0] == first
    # the summary goes to stderr in every format (csv and json also record it)
    if summary:
        assert err.startswith(summary)
        assert fmt in ("csv", "json") or summary not in out
    else:
        assert err == ""


def test_target_answers_by_command_line(cli, edition):
    code, out, err = cli("target", "Hebei", "--rank", "15", "--format", "json")
    assert code == 0
    assert err.startswith("Hebei ranks 19th; target 15th or better")
    records = {r["pillar"]: r for r in json.loads(out)["rows"]}
    expected = idx.improvement(edition, "Hebei", 15)
    assert records["application"]["index_gain"] == pytest.approx(expected.index_gain[3])
    # 1.51 points less the tie band around Liaoning's 27.82 (1e-8 + 1e-12 x 27.82)
    # json keeps 12 significant digits: within half a unit of the 12th, 5e-12
    band = 1e-8 + 1e-12 * 27.82
    assert records["application"]["subscore_gain"] == pytest.approx(1.51 - band, abs=5e-12)
    code, out, err = cli("target", "Hebei", "--rank", "15", "--pillar", "Application,security")
    assert code == 0 and err.startswith("Hebei ranks 19th")
    assert "cheapest combination: application +6.04" in err
    # one row per chosen pillar (named in any case), in the system's order
    assert [line.split()[0] for line in out.splitlines()] == ["pillar", "application", "security"]


def test_target_with_costs_and_weights(cli, edition):
    code, out, _ = cli(
        "target", "Hebei", "--rank", "15", "--cost", "application=2", "--format", "csv"
    )
    assert code == 0
    meta, table = _csv(out)
    rows = table.set_index("pillar")
    # an application point now costs 2 / 0.25 = 8 per sub-score point, an
    # infrastructure point 1 / 0.18 = 5.6: infrastructure alone closes the 1.51 points
    assert rows.loc["infrastructure", "combined_gain"] == pytest.approx(1.51 / 0.18, abs=1e-6)
    assert rows.loc["application", "combined_gain"] == 0
    assert meta["parameters"]["cost"]["application"] == 2.0  # type: ignore[index]
    assert meta["parameters"]["cost"]["security"] == 1.0  # type: ignore[index]
    # the same costs as one number per pillar, in the system's order
    _, again, _ = cli("target", "Hebei", "--rank", "15", "--cost", "1,1,1,2,1,1", "--format", "csv")
    pd.testing.assert_frame_equal(_csv(again)[1], table)
    code, out, _ = cli("target", "Hebei", "--rank", "15", "--weights", "equal", "--format", "csv")
    meta, table = _csv(out)
    assert code == 0 and table["weight"].tolist() == pytest.approx([1 / 6] * 6)
    assert meta["parameters"]["weights_label"] == "equal"  # type: ignore[index]


def test_target_and_gaps_take_scheme_weights_like_rank(cli, edition):
    # a data-driven scheme needs the data: the commands resolve it as `idx rank` does
    _, ranked, _ = cli("rank", "--weights", "entropy", "--format", "json")
    entropy = json.loads(ranked)["parameters"]["weights"]
    code, out, err = cli(
        "target", "Hebei", "--rank", "15", "--weights", "entropy", "--format", "json"
    )
    document = json.loads(out)
    assert code == 0, err
    assert document["parameters"]["weights"] == entropy
    assert [r["weight"] for r in document["rows"]] == [entropy[p] for p in edition.pillars]
    hebei = next(r for r in json.loads(ranked)["rows"] if r["unit"] == "Hebei")
    assert err.startswith(f"Hebei ranks {ordinal(hebei['rank'])};")
    code, out, _ = cli("gaps", "--weights", "entropy", "--unit", "Hebei", "--format", "json")
    (row,) = json.loads(out)["rows"]
    assert code == 0 and row["rank"] == hebei["rank"]
    assert row["total"] == pytest.approx(hebei["total"], abs=1e-9)


def test_target_robust_and_probable_json_is_clean():
    # a separate process: whatever HiGHS prints to file descriptor 1 would end up here
    out = subprocess.run(
        [sys.executable, "-m", "idx", "target", "Hebei", "--rank", "15", "--pillar",
         "application", "--spread", "0.25", "--probability", "0.9", "--n", "2000",
         "--seed", "3", "--format", "json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    document = json.loads(out.stdout)
    (record,) = document["rows"]
    assert record["robust_gain"] == pytest.approx(9.00194, abs=1e-4)
    assert record["robust_worst_rank"] == 15
    assert 6.04 < record["probable_gain"] < record["robust_gain"]
    assert "with probability 0.9" in out.stderr
    parameters = document["parameters"]
    assert parameters["seed"] == 3 and parameters["n"] == 2000
    assert parameters["sampler"] == "uniform" and parameters["probability"] == 0.9


def test_sampled_target_rebuilds_from_its_record_and_reruns(cli, edition):
    code, out, err = cli(
        "target", "Hebei", "--rank", "15", "--pillar", "application,security",
        "--probability", "0.8", "--n", "500", "--format", "csv",
    )  # fmt: skip
    meta, table = _csv(out)
    parameters = meta["parameters"]
    assert code == 0 and isinstance(parameters, dict)
    # no --spread: the default +/-25% is said and recorded; no --seed: one was drawn
    assert "note: --probability sampled weights within +/-25% (--spread 0.25)" in err
    seed = parameters["seed"]
    assert isinstance(seed, int)
    assert err.endswith(
        f"500 scenarios, 'uniform' sampler, seed {seed} (--seed {seed} repeats this run)\n"
    )
    assert str(meta["rerun"]).endswith(f"--format csv --seed {seed}")
    space = parameters["space"]
    rebuilt = WeightSpace(
        tuple(space["pillars"]), space["reference"], space["lower"], space["upper"], space["mode"]
    )
    again = idx.improvement(
        edition,
        parameters["unit"],
        parameters["rank"],
        weights=parameters["weights"],
        space=rebuilt,
        pillars=parameters["pillars"],
        cost=parameters["cost"],
        probability=parameters["probability"],
        n=parameters["n"],
        sampler=parameters["sampler"],
        seed=seed,
    ).to_frame()
    pd.testing.assert_frame_equal(table, again, check_dtype=False, atol=1e-9, rtol=0)
    code, repeated, _ = _rerun(cli, str(meta["rerun"]))
    assert code == 0 and repeated == out


def test_gaps_one_unit(cli):
    code, out, _ = cli("gaps", "--unit", "hebei", "--format", "json")
    document = json.loads(out)
    (record,) = document["rows"]
    assert code == 0 and record["unit"] == "Hebei" and record["above"] == "Shanxi"
    # Table 2: Shanxi 26.84 - Hebei 26.31
    assert record["gap_above"] == pytest.approx(0.53, abs=1e-9)
    assert document["parameters"]["unit"] == "Hebei"
    assert document["parameters"]["weights"]["application"] == 0.25


def test_profile_summary_on_stderr(cli):
    code, out, err = cli("profile", "Hebei", "--n", "500", "--seed", "1")
    assert code == 0
    lines = err.splitlines()
    assert lines[0] == "Hebei: 19th, total 26.31"
    assert "strengths: infrastructure, regulation; weaknesses: digital_economy, application" in err
    assert "exact rank range over the space: 16th to 23rd" in err
    assert "0.53 points behind Shanxi" in err and "0.31 points ahead of Guizhou" in err
    assert lines[-1] == "500 scenarios, 'uniform' sampler, seed 1 (--seed 1 repeats this run)"
    # stdout holds the table alone
    assert out.split()[0] == "pillar" and "Hebei" not in out


def test_importance_same_seed_same_output(cli):
    argv = ("sensitivity", "importance", "--n", "64", "--seed", "9", "--format", "csv")
    first = cli(*argv)[1]
    assert first == cli(*argv)[1]
    meta, table = _csv(first)
    assert meta["parameters"]["seed"] == 9 and meta["parameters"]["n"] == 64  # type: ignore[index]
    other = _csv(cli(*argv[:-3], "10", "--format", "csv")[1])[1]
    # the exact columns (leave one out, +/-shift) do not depend on the seed; Sobol's do
    exact = [c for c in table.columns if not c.startswith("sobol")]
    pd.testing.assert_frame_equal(table[exact], other[exact])
    assert not np.allclose(table["sobol_total_mean"], other["sobol_total_mean"])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["target", "Hebei", "--rank", "0"],
            "--rank must be a positive whole number such as 100000 or 1e6 (got '0')",
        ),
        (["target", "Hebei", "--rank", "32"], "--rank must be in 1..31 (got 32)"),
        (["target", "Atlantis", "--rank", "3"], "unknown province 'Atlantis'"),
        (
            ["target", "Hebei", "--rank", "3", "--pillar", "culture"],
            "unknown pillar 'culture' in --pillar; expected one of infrastructure,",
        ),
        (
            ["target", "Hebei", "--rank", "3", "--pillar", "application,Application"],
            "--pillar names pillar 'application' twice",
        ),
        (
            ["target", "Hebei", "--rank", "3", "--cost", "application=-1"],
            "--cost of pillar 'application' must be finite and >= 0 (got -1.0)",
        ),
        (
            ["target", "Hebei", "--rank", "3", "--cost", "application=20%"],
            "--cost: the cost of pillar 'application' must be a number, the cost of one "
            "index point, not a percentage (got '20%')",
        ),
        (
            ["target", "Hebei", "--rank", "3", "--cost", "culture=2"],
            "unknown pillar 'culture' in --cost",
        ),
        (
            ["target", "Hebei", "--rank", "3", "--cost", "2"],
            "--cost must hold one number per chosen pillar (6) (got 1)",
        ),
        (
            ["target", "Hebei", "--rank", "3", "--cost", "cheap"],
            "--cost must be pillar=value pairs such as application=2, or one number per "
            "chosen pillar in order (got 'cheap')",
        ),
        (
            ["target", "Hebei", "--rank", "3", "--probability", "0"],
            "--probability must be in (0, 1) (got 0.0)",
        ),
        (
            ["target", "Hebei", "--rank", "3", "--seed", "1"],
            "--seed applies only with --probability",
        ),
        (["target", "Hebei", "--rank", "3", "--n", "10"], "--n applies only with --probability"),
        (
            ["target", "Hebei", "--rank", "3", "--mode", "factors"],
            "--mode applies only with --spread or --probability",
        ),
        (
            ["target", "Hebei", "--rank", "3", "--fixed", "security"],
            "--fixed applies only with --spread or --probability",
        ),
        (["profile", "Hebie"], "unknown province 'Hebie'; did you mean 'Hebei' or 'Hubei'?"),
        (["gaps", "--unit", "Atlantis"], "unknown province 'Atlantis'"),
        (
            ["sensitivity", "importance", "--mode", "simplex"],
            "--mode must be factors for sensitivity importance: its Sobol indices need "
            "independent weight factors (got --mode simplex)",
        ),
        (["sensitivity", "importance", "--shift", "2"], "--shift must be in (0, 1] (got 2.0)"),
        (
            ["sensitivity", "importance", "--shift", "x"],
            "--shift must be a number such as 0.25 or a percentage such as 25% (got 'x')",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line(argv, message, cli):
    code, out, err = cli(*argv)
    prog = "idx sensitivity importance" if argv[0] == "sensitivity" else f"idx {argv[0]}"
    assert code == 2 and out == ""
    assert err.startswith(f"{prog}: error: ") and message in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["sensitivity", "importance", "--n", "64"],
        ["profile", "Hebei", "--n", "300"],
        shlex.split("target Hebei --rank 15 --pillar application --probability 0.5 --n 300"),
    ],
)
def test_a_drawn_seed_is_named_and_repeats_the_run(argv, cli):
    code, first, err = cli(*argv, "--format", "csv")
    meta, _ = _csv(first)
    seed = meta["parameters"]["seed"]  # type: ignore[index]
    assert code == 0 and isinstance(seed, int)
    assert err.rstrip("\n").endswith(f"seed {seed} (--seed {seed} repeats this run)")
    assert meta["rerun"] == shlex.join(["idx", *argv, "--format", "csv", "--seed", str(seed)])
    code, again, _ = _rerun(cli, str(meta["rerun"]))
    # the same command line: the same output, to the byte (its own rerun line included)
    assert code == 0 and again == first
