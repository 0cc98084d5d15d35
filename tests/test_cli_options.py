"""The command line's options as people type them, and its errors."""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import idx
from idx import schemes
from idx.cli.main import cli_words
from idx.space import WeightSpace

ORDER = "application/innovation/digital_economy/infrastructure/security/regulation"


def _rows(cli, *argv: str) -> pd.DataFrame:
    code, out, err = cli(*argv, "--format", "csv")
    assert code == 0, err
    return pd.read_csv(io.StringIO(out), comment="#")


def _json(cli, *argv: str) -> dict:
    code, out, err = cli(*argv, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def _error(cli, *argv: str) -> str:
    code, out, err = cli(*argv)
    assert code == 2 and out == "" and err.count("\n") == 1, (code, out, err)
    return err.rstrip("\n")


# --- weights -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec",
    [
        "0.18,0.16,0.16,0.25,0.13,0.12",  # a bare vector: the form the CLI used to reject
        "18%,16%,16%,25%,13%,12%",
        "published",
    ],
)
def test_weight_vectors_and_percentages_give_the_published_ranking(cli, spec):
    expected = idx.score(idx.load_2017()).to_frame()
    table = _rows(cli, "rank", "--weights", spec)
    assert table["unit"].tolist() == expected["unit"].tolist()
    assert table["rank"].tolist() == expected["rank"].tolist()


def test_pillars_by_display_name_and_percent(cli):
    by_id = _rows(cli, "rank", "--weights", "application=0.35,security=0.08")
    by_name = _rows(cli, "rank", "--weights", "Internet Application=35%,CYBER_SECURITY=8%")
    pd.testing.assert_frame_equal(by_id, by_name)


def test_a_scheme_name_as_weights(cli):
    e = idx.load_2017()
    expected = idx.score(e, schemes.entropy(e).weights).to_frame()
    document = _json(cli, "rank", "--weights", "entropy")
    assert [r["unit"] for r in document["rows"]] == expected["unit"].tolist()
    assert document["parameters"]["weights_label"] == "entropy"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            "18,16,16,25,13,12",
            "idx rank: error: --weights must sum to 1 (got 100); they sum to 100, so they look "
            "like percentages: write each with a % sign (18%, 16%, 16%, 25%, 13%, 12%) or "
            "divide by 100",
        ),
        (
            "0.2,0.2,0.2,0.2,0.2",
            "idx rank: error: --weights must hold one number per pillar (6) (got 5)",
        ),
        (
            "foo",
            "idx rank: error: --weights must be a name (published, equal, entropy, critic, std, "
            "pca), pillar=value pairs or one value per pillar (got 'foo')",
        ),
        (
            "application=2",
            "idx rank: error: partial --weights must sum to at most 1 (got 2); for percentages "
            "write each with a % sign ('35%')",
        ),
        ("application=", "idx rank: error: --weights: weight of pillar 'application' must be"),
        ("=0.3", "idx rank: error: --weights: pairs must be written pillar=value"),
        ("", "idx rank: error: --weights must not be empty"),
    ],
)
def test_weight_errors_speak_cli(cli, spec, message):
    assert _error(cli, "rank", "--weights", spec).startswith(message)


def test_a_rejected_vector_is_not_offered_back(cli):
    # the message for a vector of the wrong length states the rule for vectors only
    err = _error(cli, "rank", "--weights", "0.5,0.5")
    assert "mapping" not in err and "pillar=value" not in err


# --- aggregation ---------------------------------------------------------------------------


def test_aggregation_and_power(cli):
    e = idx.load_2017()
    geometric = _rows(cli, "rank", "--aggregation", "geometric")
    assert (
        geometric["rank"].tolist()
        == idx.score(e, aggregation="geometric").to_frame()["rank"].tolist()
    )
    harmonic = _json(cli, "rank", "--aggregation", "power", "--power", "-1")
    expected = idx.score(e, aggregation="power", power=-1.0).to_frame()
    assert [r["unit"] for r in harmonic["rows"]] == expected["unit"].tolist()
    assert harmonic["parameters"]["aggregation"] == "power"
    assert harmonic["parameters"]["power"] == -1.0
    compared = _json(cli, "compare", "--aggregation", "geometric")
    assert compared["parameters"]["aggregation"] == "geometric"


def test_power_without_power_aggregation(cli):
    assert _error(cli, "rank", "--power", "2") == (
        "idx rank: error: --power applies only with --aggregation power "
        "(got --aggregation arithmetic)"
    )
    assert _error(cli, "rank", "--aggregation", "power").startswith(
        "idx rank: error: --power must be a finite number for aggregation 'power' (got None)"
    )
    assert _error(cli, "rank", "--aggregation", "power", "--power", "x") == (
        "idx rank: error: --power must be a finite number (got 'x')"
    )


# --- one unit ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["rank"],
        ["verify"],
        ["compare", "--weights", "equal"],
        ["compare", "--schemes", "published,equal"],
        ["sensitivity", "path", "--pillar", "application"],
        ["sensitivity", "range", "--spread", "0.1"],
        ["sensitivity", "loo"],
        ["sensitivity", "mc", "--n", "500", "--seed", "1"],
        ["sensitivity", "smaa", "--n", "500", "--seed", "1"],
        ["sensitivity", "sobol", "--n", "64", "--seed", "1"],
    ],
)
def test_unit_everywhere_a_single_unit_makes_sense(cli, argv):
    table = _rows(cli, *argv, "--unit", "hunan")
    assert set(table["unit"]) == {"Hunan"}
    for blank in ("", "  "):
        assert _error(cli, *argv, "--unit", blank).endswith(
            f"error: --unit must name something (got {blank!r})"
        )
    assert "unknown province 'Atlantis'" in _error(cli, *argv, "--unit", "Atlantis")


# --- sampling: --n, --seed, --top ------------------------------------------------------------


def test_n_in_scientific_notation(cli):
    document = _json(cli, "sensitivity", "mc", "--n", "1e3", "--seed", "3")
    assert document["parameters"]["n"] == 1000
    same = _json(cli, "sensitivity", "mc", "--n", "1000", "--seed", "3")
    assert same["rows"] == document["rows"]


@pytest.mark.parametrize("n", ["1.5", "0", "-3", "1e400", "abc", "nan"])
def test_n_must_be_a_whole_number(cli, n):
    assert _error(cli, "sensitivity", "mc", "--n", n) == (
        "idx sensitivity mc: error: --n must be a positive whole number such as 100000 or 1e6 "
        f"(got {n!r})"
    )


@pytest.mark.parametrize("seed", ["-1", "abc", "1.5"])
def test_seed_must_be_a_whole_number(cli, seed):
    assert _error(cli, "sensitivity", "smaa", "--seed", seed) == (
        f"idx sensitivity smaa: error: --seed must be a whole number >= 0 (got {seed!r})"
    )


def test_top(cli):
    table = _rows(cli, "sensitivity", "mc", "--n", "500", "--seed", "1", "--top", "1,5")
    assert [c for c in table.columns if c.startswith("p_top")] == ["p_top1", "p_top5"]
    assert _error(cli, "sensitivity", "mc", "--top", "40") == (
        "idx sensitivity mc: error: --top must lie in [1, 31] (got [40])"
    )
    assert _error(cli, "sensitivity", "mc", "--top", "1,,3").startswith(
        "idx sensitivity mc: error: --top must list positive whole numbers"
    )


# --- the weight space: --spread, --fixed, --bounds -------------------------------------------


def test_spread_as_a_percentage(cli):
    assert _rows(cli, "sensitivity", "range", "--spread", "10%").equals(
        _rows(cli, "sensitivity", "range", "--spread", "0.1")
    )


def test_bounds_per_pillar(cli):
    document = _json(
        cli, "sensitivity", "range", "--spread", "0.1", "--bounds", "Internet application=20%:30%"
    )
    space = document["parameters"]["space"]
    j = space["pillars"].index("application")
    assert (space["lower"][j], space["upper"][j]) == (0.2, 0.3)
    assert (space["lower"][0], space["upper"][0]) == (0.162, 0.198)  # 0.18 +/- 10%
    expected = idx.rank_range(
        idx.load_2017(),
        WeightSpace.around(idx.SYSTEM_2017, 0.1, bounds={"application": (0.2, 0.3)}),
    ).to_frame()
    assert [r["worst"] for r in document["rows"]] == expected["worst"].tolist()


@pytest.mark.parametrize(
    ("bounds", "message"),
    [
        (
            "application=0.3:0.4",
            "the bounds exclude the reference weights (application 0.25 outside [0.3, 0.4]); "
            "widen them",
        ),
        ("application=0.3", "--bounds must be pillar=low:high pairs separated by commas"),
        ("apps=0.2:0.3", "unknown pillar 'apps' in --bounds"),
        ("application=0.2:0.3,application=0.1:0.3", "--bounds names pillar 'application' twice"),
    ],
)
def test_bounds_errors(cli, bounds, message):
    err = _error(cli, "sensitivity", "mc", "--bounds", bounds)
    assert err.startswith(f"idx sensitivity mc: error: {message}")


def test_fixed_by_name_and_empty_fixed(cli):
    document = _json(cli, "sensitivity", "range", "--fixed", "Cyber security")
    space = document["parameters"]["space"]
    j = space["pillars"].index("security")
    assert space["lower"][j] == space["upper"][j] == 0.13
    assert space["fixed"] == ["security"]
    for empty in (",", "", "security,"):
        assert _error(cli, "sensitivity", "mc", "--fixed", empty).startswith(
            "idx sensitivity mc: error: --fixed must list names separated by ',', none empty"
        )


def test_path_pillar_by_name(cli):
    by_name = _rows(
        cli, "sensitivity", "path", "--pillar", "Internet application", "--unit", "Hunan"
    )
    by_id = _rows(cli, "sensitivity", "path", "--pillar", "application", "--unit", "Hunan")
    pd.testing.assert_frame_equal(by_name, by_id)
    assert _error(cli, "sensitivity", "path", "--pillar", "apps").startswith(
        "idx sensitivity path: error: unknown pillar 'apps' in --pillar"
    )


# --- compare --with and --schemes --------------------------------------------------------------


def test_compare_with_a_second_edition(cli, tmp_path):
    e = idx.load_2017()
    # the same sub-scores without printed totals and ranks: ranks are recomputed, and
    # recomputed, Hunan shares 13th with Shaanxi instead of its printed 14th (README)
    path = tmp_path / "recomputed.csv"
    e.to_frame().drop(columns=["total", "rank"]).to_csv(path, index=False)
    document = _json(cli, "compare", "--with", str(path))
    shifts = {r["unit"]: r["shift"] for r in document["rows"]}
    assert shifts.pop("Hunan") == 1 and set(shifts.values()) == {0}
    assert document["data"]["other"]["file"] == str(path)
    assert list(document["rows"][0]) == ["unit", "rank_reference", "rank_other", "shift"]
    # both under equal weights: the same sub-scores, the same ranks
    same = _json(cli, "compare", "--with", str(path), "--weights", "equal")
    assert {r["shift"] for r in same["rows"]} == {0} and same["spearman"] == 1.0


def test_compare_schemes_with_arguments(cli, tmp_path):
    e = idx.load_2017()
    v = [6, 4, 4, 3, 2, 1]
    matrix = tmp_path / "judgements.csv"
    matrix.write_text("\n".join(",".join(f"{a}/{b}" for b in v) for a in v) + "\n", "utf-8")
    table = _rows(
        cli, "compare", "--schemes", f"published,ahp:{matrix},roc:{ORDER},rank_sum:{ORDER},bod:25%"
    )
    assert list(table.columns) == [
        "unit",
        "published",
        "ahp",
        "roc",
        "rank_sum",
        "bod",
        "largest_shift",
    ]
    by_unit = table.set_index("unit")
    order = ORDER.split("/")
    expected = {
        # AHP of a consistent matrix returns its generating weights (6, 4, 4, 3, 2, 1) / 20
        "ahp": idx.score(e, np.array(v) / 20),
        "roc": idx.score(e, schemes.rank_order_centroid(e, order)),
        "rank_sum": idx.score(e, schemes.rank_sum(e, order)),
    }
    for name, result in expected.items():
        assert [by_unit.loc[u, name] for u in e.units] == result.ranks.tolist()
    bod = schemes.benefit_of_the_doubt(e, WeightSpace.around(e.system, 0.25))
    assert [by_unit.loc[u, "bod"] for u in e.units] == bod.ranks.tolist()


@pytest.mark.parametrize(
    ("schemes_arg", "message"),
    [
        ("published,magic", "--schemes: unknown scheme 'magic'; expected one of published,"),
        ("entropy:x", "--schemes: entropy takes no argument (got 'entropy:x')"),
        ("ahp", "--schemes: ahp needs ahp:ARGUMENT, where ARGUMENT is FILE"),
        ("bod:wide", "--schemes: the spread in bod:SPREAD must be a number"),
        ("published,,equal", "--schemes must list schemes separated by commas, none empty"),
        ("equal,equal", "--schemes names 'equal' twice"),
        ("roc:application/innovation", "'order' must list every pillar exactly once"),
    ],
)
def test_compare_schemes_errors(cli, schemes_arg, message):
    assert _error(cli, "compare", "--schemes", schemes_arg).startswith(
        f"idx compare: error: {message}"
    )


def test_compare_option_conflicts(cli):
    assert _error(cli, "compare", "--schemes", "equal", "--weights", "equal") == (
        "idx compare: error: --weights applies only without --schemes"
    )
    assert _error(cli, "compare", "--schemes", "equal", "--with", "x.csv") == (
        "idx compare: error: --with applies only without --schemes"
    )


# --- idx weights: options the scheme ignores ----------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--scheme", "entropy", "--matrix", "x.csv"],
            "--matrix applies only to --scheme ahp (got --scheme entropy)",
        ),
        (
            ["--scheme", "pca", "--order", "application"],
            "--order applies only to --scheme roc or rank_sum (got --scheme pca)",
        ),
        (["--scheme", "equal", "--spread", "0.2"], "--spread applies only to --scheme bod"),
        (["--scheme", "roc"], "--scheme roc needs --order pillar,pillar,..."),
    ],
)
def test_weights_options_the_scheme_ignores(cli, argv, message):
    assert _error(cli, "weights", *argv).startswith(f"idx weights: error: {message}")


def test_weights_bod_spread_as_percentage(cli):
    by_share = _rows(cli, "weights", "--scheme", "bod", "--spread", "0.25")
    by_percent = _rows(cli, "weights", "--scheme", "bod", "--spread", "25%")
    pd.testing.assert_frame_equal(by_share, by_percent)


# --- errors: one prefix, CLI words ---------------------------------------------------------


def test_argparse_errors_are_one_line_with_the_command_prefix(cli):
    assert _error(cli, "rank", "--method", "best") == (
        "idx rank: error: --method: invalid choice: 'best' (choose from 'min', 'dense', 'ordinal')"
    )
    assert _error(cli, "rank", "--n", "3") == "idx rank: error: unrecognized arguments: --n 3"
    assert _error(cli, "sensitivity", "path") == (
        "idx sensitivity path: error: the following arguments are required: --pillar"
    )
    # abbreviations are refused: a recorded command line must keep its meaning
    assert _error(cli, "rank", "--weig", "equal").startswith("idx rank: error: unrecognized")


def test_cli_words_replace_parameter_names_the_command_exposes():
    args = argparse.Namespace(n=5, fixed=None, top=None)
    assert cli_words("'n' must be a positive integer (got 0)", args) == (
        "--n must be a positive integer (got 0)"
    )
    assert cli_words("unknown pillar 'x' in 'fixed'; expected", args) == (
        "unknown pillar 'x' in --fixed; expected"
    )
    assert cli_words("'top_k' must lie in [1, 31]", args) == "--top must lie in [1, 31]"
    # not an option of this command: left as it is; values in quotes are never touched
    assert cli_words("'seed' must be", args) == "'seed' must be"
    assert cli_words("unknown province 'n'", args) == "unknown province 'n'"


# --- interrupts --------------------------------------------------------------------------


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_sigint_during_a_long_run_exits_130_with_one_line():
    src = str(Path(idx.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "idx", "sensitivity", "mc", "--n", "100000000", "--seed", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        # wait until it computes: imports take under a second of CPU, 10^8 scenarios ~a minute
        deadline = time.monotonic() + 60
        while _cpu_seconds(proc.pid) < 2.0 and time.monotonic() < deadline:
            assert proc.poll() is None
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:  # pragma: no cover - only if the interrupt was ignored
            proc.kill()
    assert proc.returncode == 130
    assert err == "idx sensitivity mc: interrupted\n"
    assert out == ""
