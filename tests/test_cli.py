from __future__ import annotations

import json
import subprocess
import sys

import pytest

import idx
from idx.cli.main import main


def test_rank_default_is_the_published_ranking(cli):
    code, out, err = cli("rank", "--format", "csv")
    assert code == 0 and err == ""
    lines = [line for line in out.strip().splitlines() if not line.startswith("# ")]
    assert lines[0].startswith("unit,rank,total,infrastructure")
    # Table 2: Guangdong's sub-scores 5.75, 7.69, ... as printed, without float noise
    assert lines[1] == "Guangdong,1,45.18,5.75,7.69,7.65,16.27,3.83,3.99"
    assert len(lines) == 32


def test_rank_json_and_markdown(cli):
    code, out, _ = cli("rank", "--weights", "equal", "--format", "json")
    records = json.loads(out)["rows"]
    assert code == 0 and len(records) == 31
    expected = idx.score(idx.load_2017(), "equal")
    top = records[0]
    assert top["rank"] == 1 and top["total"] == pytest.approx(float(expected.totals.max()))
    code, out, _ = cli("rank", "--format", "markdown")
    assert out.splitlines()[1].startswith("| --- |")
    # Table 2 prints 2 decimals: Guangdong's infrastructure 5.75, not 5.7500
    assert (
        out.splitlines()[2]
        == "| Guangdong | 1 | 45.18 | 5.75 | 7.69 | 7.65 | 16.27 | 3.83 | 3.99 |"
    )


def test_partial_weights_print_a_note(cli):
    code, _out, err = cli("rank", "--weights", "application=0.4", "--format", "csv")
    assert code == 0
    assert err.startswith("note: pillars infrastructure")


def test_verify_reports_the_order_confirmed_by_the_printed_totals_only(cli):
    # Shaanxi printed 28.07 -> true total in [28.065, 28.075); Hunan printed 28.06 ->
    # [28.055, 28.065): the printed order holds, while both sets of sub-scores sum to 28.07.
    code, out, err = cli("verify")
    assert code == 0
    assert out.lstrip().startswith("unit")
    out = err  # the findings go to standard error, in every format
    assert out.startswith("consistent: 31 units")
    assert (
        "order confirmed by the printed totals only: Shaanxi (13th, printed 28.07) ahead of "
        "Hunan (14th, printed 28.06); their sub-scores both sum to 28.07, so analyses under "
        "other weights start from a tie\n"
    ) in out
    assert "recomputed rank differs from printed: Hunan (13 vs 14)" in out
    assert "undecided" not in out and "ambiguous order" not in out


def test_verify_csv_has_the_pair_columns(cli):
    code, out, err = cli("verify", "--format", "csv")
    assert code == 0 and err.startswith("consistent: 31 units")
    assert "# summary: consistent: 31 units" in out
    lines = [line for line in out.strip().splitlines() if not line.startswith("# ")]
    assert lines[0].endswith(",ambiguous_with,confirmed_by_totals_with")
    shaanxi = next(line for line in lines if line.startswith("Shaanxi,"))
    hunan = next(line for line in lines if line.startswith("Hunan,"))
    assert shaanxi.endswith(",,Hunan") and hunan.endswith(",,Shaanxi")


def test_verify_exit_1_when_inconsistent(tmp_path, cli):
    path = tmp_path / "bad.csv"
    path.write_text(
        "region,infrastructure,innovation,digital_economy,application,security,regulation,total,rank\n"
        "Beijing,6.66,5.68,5.51,18.93,3.57,4.35,49.70,1\n",
        encoding="utf-8",
    )
    code, _, err = cli("verify", "--data", str(path))
    assert code == 1 and err.startswith("INCONSISTENT")


def test_compare_and_pillars(cli):
    code, _, err = cli("compare", "--weights", "equal")
    assert code == 0 and "Spearman rho = 0.9786" in err
    code, out, _ = cli("pillars", "--format", "csv")
    assert "digital_economy,Development of digital economy,0.16,deduced" in out


def test_raw_text_data(tmp_path, cli):
    path = tmp_path / "table.txt"
    path.write_text(idx.raw_table_2017(), encoding="utf-8")
    code, out, _ = cli("rank", "--data", str(path), "--format", "csv")
    assert code == 0 and "Xizang,29" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["rank", "--weights", "application=abc"],
            "idx rank: error: --weights: weight of pillar 'application' must be a number or a "
            "percentage such as 35% (got 'abc')",
        ),
        (["rank", "--weights", "nope=0.1"], "idx rank: error: unknown pillar 'nope' in --weights"),
        (["rank", "--data", "/no/such.csv"], "idx rank: error: /no/such.csv: no such file"),
        (
            ["compare"],
            "idx compare: error: compare needs --weights, --aggregation, --schemes or --with FILE",
        ),
        (["rank", "--system", "x.csv"], "idx rank: error: --system needs --data"),
    ],
)
def test_bad_input_is_one_line_exit_2(cli, argv, message):
    code, out, err = cli(*argv)
    assert code == 2
    assert out == ""
    assert err.rstrip("\n").startswith(message)
    assert err.count("\n") == 1


def test_cli_error_from_a_real_process_has_no_traceback(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("region,x\nBeijing,1\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "idx", "rank", "--data", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "unexpected column 'x'" in proc.stderr


def test_help_everywhere(capsys):
    for argv in (
        ["--help"],
        ["rank", "--help"],
        ["verify", "--help"],
        ["compare", "--help"],
        ["pillars", "--help"],
        ["weights", "--help"],
        ["sensitivity", "mc", "--help"],
    ):
        assert main(argv) == 0
        assert "usage: idx" in capsys.readouterr().out
