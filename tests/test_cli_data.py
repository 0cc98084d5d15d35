"""The command line's data options: --data with --sheet, --columns, --unit-column,
--values, --encoding, --sep, --decimal, --system and --units; bad input as one line."""

from __future__ import annotations

import io

import pandas as pd
import pytest

import idx
from report_2017 import TABLE_2
from spreadsheets import CHINESE_PILLARS, DISPLAY_NAMES, table_rows, write_table


def _ranking(out):
    """unit -> rank of ``idx rank --format csv`` output."""
    frame = pd.read_csv(io.StringIO(out), comment="#")
    return dict(zip(frame["unit"], frame["rank"], strict=True))


# Recomputed from Table 2's sub-scores: Shaanxi and Hunan share 13th (their sums tie).
EXPECTED = {idx.canonical_province(region): rank for rank, region, _, _ in TABLE_2}
EXPECTED["Hunan"] = 13


def test_chinese_headers_in_gbk_with_columns(tmp_path, cli):
    chinese = [idx.lookup_province(r).chinese for _, r, _, _ in TABLE_2]
    path = write_table(
        tmp_path / "cn.csv",
        ("省份", *CHINESE_PILLARS, "总分", "排名"),
        table_rows(labels=chinese),
        encoding="gbk",
    )
    mapping = ",".join(
        f"{h}={p}"
        for h, p in zip(
            CHINESE_PILLARS,
            [
                "infrastructure",
                "innovation",
                "digital_economy",
                "application",
                "security",
                "regulation",
            ],
            strict=True,
        )
    )
    code, out, err = cli("rank", "--data", str(path), "--columns", mapping, "--format", "csv")
    assert code == 0, err
    assert _ranking(out) == EXPECTED
    code, _, err = cli("rank", "--data", str(path))
    assert (
        code == 2 and "unexpected column '基础设施建设'" in err and "--columns HEADER=PILLAR" in err
    )


def test_semicolons_decimal_commas_sniffed_or_given(tmp_path, cli):
    path = write_table(tmp_path / "eu.csv", rows=table_rows(decimal=","), sep=";")
    for extra in ([], ["--sep", ";", "--decimal", ","], ["--encoding", "utf-8"]):
        code, out, err = cli("rank", "--data", str(path), "--format", "csv", *extra)
        assert code == 0, err
        assert _ranking(out) == EXPECTED
    code, _, err = cli("rank", "--data", str(path), "--sep", ",")
    assert code == 2 and "idx rank: error:" in err


def test_tab_separator_spelled_tab(tmp_path, cli):
    path = write_table(tmp_path / "t.tsv", sep="\t")
    code, out, _ = cli("rank", "--data", str(path), "--sep", "tab", "--format", "csv")
    assert code == 0 and _ranking(out) == EXPECTED


def test_display_names_and_unit_column(tmp_path, cli):
    path = write_table(tmp_path / "n.csv", ("Where", *DISPLAY_NAMES, "Total", "Rank"))
    code, _, err = cli("verify", "--data", str(path), "--unit-column", "where")
    # the verdict is the summary, which goes to standard error
    assert code == 0 and err.startswith("consistent: 31 units")


def test_excel_with_sheet(tmp_path, cli):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    sheet = book.create_sheet("Table 2")
    sheet.append(["region", *DISPLAY_NAMES, "total", "rank"])
    for rank, region, subscores, total in TABLE_2:
        sheet.append([region, *subscores, total, rank])
    path = tmp_path / "book.xlsx"
    book.save(path)
    code, out, err = cli("rank", "--data", str(path), "--sheet", "Table 2", "--format", "csv")
    assert code == 0, err
    assert _ranking(out) == EXPECTED
    code, _, err = cli("rank", "--data", str(path), "--sheet", "Tabel 2")
    assert code == 2 and "no sheet 'Tabel 2'; its sheets are 'Notes', 'Table 2'" in err


def test_values_index(tmp_path, cli):
    path = write_table(tmp_path / "i.csv", rows=table_rows(index=True))
    code, out, err = cli("rank", "--data", str(path), "--values", "index", "--format", "csv")
    assert code == 0, err
    assert _ranking(out) == EXPECTED
    code, _, err = cli("rank", "--data", str(path))
    assert code == 2 and "read it with values='index' (--values index)" in err


def test_raw_text_with_bom_and_encoding(tmp_path, cli):
    path = tmp_path / "t.txt"
    path.write_bytes(b"\xef\xbb\xbf" + idx.raw_table_2017().encode("utf-8"))
    code, out, _ = cli("rank", "--data", str(path), "--format", "csv")
    assert code == 0 and _ranking(out) == EXPECTED
    path.write_bytes(idx.raw_table_2017().encode("utf-16"))
    code, out, _ = cli("rank", "--data", str(path), "--format", "csv")
    assert code == 0 and _ranking(out) == EXPECTED


def test_national_row_is_not_an_unknown_province(tmp_path, cli):
    rows = [*table_rows(), ["全国", "7.10", "6.00", "5.80", "13.20", "5.00", "4.70", "41.80", ""]]
    code, out, err = cli(
        "rank", "--data", str(write_table(tmp_path / "n.csv", rows=rows)), "--format", "csv"
    )
    assert code == 0, err
    assert _ranking(out) == EXPECTED


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--sep", ";"], "idx rank: error: --sep needs --data: it says how to read a data file"),
        (["--values", "index"], "idx rank: error: --values needs --data"),
        (
            ["--data", "{csv}", "--sheet", "S"],
            "idx rank: error: --sheet does not apply to a CSV file",
        ),
        (
            ["--data", "{txt}", "--sep", ";"],
            "idx rank: error: --sep does not apply to a .txt report table",
        ),
        (
            ["--data", "{xlsx}", "--encoding", "gbk"],
            "idx rank: error: --encoding does not apply to an Excel workbook",
        ),
        (
            ["--data", "{csv}", "--columns", "x"],
            "idx rank: error: --columns must be HEADER=PILLAR pairs",
        ),
        (
            ["--data", "{csv}", "--columns", "a=application,a=security"],
            "idx rank: error: --columns names 'a' twice",
        ),
        (
            ["--data", "{csv}", "--encoding", "nope"],
            "idx rank: error: 'encoding' must be the name of a text encoding",
        ),
        (["--data", "{csv}", "--sep", "ab"], "idx rank: error: 'sep' must be one character"),
        (["--data", "{dir}"], "idx rank: error: {dir}: is a directory, not a file"),
        (
            ["--data", "{csv}", "--system", "{dir}"],
            "idx rank: error: {dir}: is a directory, not a file",
        ),
        (["--data", "{bad_txt}"], "idx rank: error: {bad_txt}: line 2: not UTF-8 text"),
        (
            ["--data", "{rank_csv}"],
            "idx rank: error: {rank_csv}: row 3, column 'rank': rank must be a whole number from 1 to 1,000,000,000 (got '1e20')",
        ),
        (["--data", "{xlsx}"], "idx rank: error: {xlsx}: not an Excel .xlsx workbook"),
    ],
)
def test_bad_data_options_are_one_line_exit_2(tmp_path, cli, argv, message):
    paths = {
        "csv": write_table(tmp_path / "t.csv"),
        "txt": tmp_path / "t.txt",
        "xlsx": tmp_path / "t.xlsx",
        "dir": tmp_path,
        "bad_txt": tmp_path / "bad.txt",
        "rank_csv": tmp_path / "rank.csv",
    }
    paths["txt"].write_text(idx.raw_table_2017(), encoding="utf-8")
    paths["xlsx"].write_bytes(b"region,x\n")
    paths["bad_txt"].write_bytes(b"1 Guangdong 5.75 7.69 7.65 16.27 3.83 3.99 45.19\n\xff\n")
    rows = table_rows()[:2]
    rows[1][-1] = "1e20"
    write_table(paths["rank_csv"], rows=rows)
    names = {k: str(v) for k, v in paths.items()}
    code, out, err = cli("rank", *[a.format(**names) for a in argv])
    assert code == 2 and out == ""
    assert err.startswith(message.format(**names))
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("1,1/0\n0,1\n", "m.csv: line 1: '1/0' divides by zero"),
        ("1,2,3\n1,1\n", "m.csv: line 2 has 2 cells but line 1 has 3"),
        (None, "is a directory, not a file"),
    ],
)
def test_bad_matrices_are_one_line_exit_2(tmp_path, cli, content, message):
    path = tmp_path
    if content is not None:
        path = tmp_path / "m.csv"
        path.write_text(content, encoding="utf-8")
    code, _, err = cli("weights", "--scheme", "ahp", "--matrix", str(path))
    assert code == 2 and message in err and err.count("\n") == 1


def test_non_utf8_matrix(tmp_path, cli):
    path = tmp_path / "m.csv"
    path.write_bytes(b"1,\xff\n1,1\n")
    code, _, err = cli("weights", "--scheme", "ahp", "--matrix", str(path))
    assert code == 2 and err.count("\n") == 1
    assert "m.csv: line 1: not UTF-8 text (byte b'\\xff') nor GB18030/GBK" in err


def test_help_lists_the_data_options(cli):
    code, out, _ = cli("rank", "--help")
    assert code == 0
    for option in (
        "--sheet",
        "--columns",
        "--unit-column",
        "--values",
        "--encoding",
        "--sep",
        "--decimal",
    ):
        assert option in out


@pytest.mark.parametrize("option", ["--data", "--system", "--matrix"])
def test_unreadable_files_are_one_line_exit_2(tmp_path, cli, monkeypatch, option):
    path = tmp_path / "locked.csv"
    path.write_text("x\n", encoding="utf-8")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    argv = {
        "--data": ["rank", "--data", str(path)],
        "--system": ["rank", "--data", str(write_table(tmp_path / "t.csv")), "--system", str(path)],
        "--matrix": ["weights", "--scheme", "ahp", "--matrix", str(path)],
    }[option]
    monkeypatch.setattr("idx.io.text.open", refuse, raising=False)
    code, out, err = cli(*argv)
    assert code == 2 and out == ""
    assert err.endswith(f"error: {path}: cannot read file (permission denied)\n")
    assert err.count("\n") == 1
