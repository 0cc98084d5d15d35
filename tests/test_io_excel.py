"""idx.read_excel: Table 2 from .xlsx workbooks written here with openpyxl."""

from __future__ import annotations

import io
import sys

import pytest

openpyxl = pytest.importorskip("openpyxl")

import idx  # noqa: E402
from idx import TableError  # noqa: E402
from report_2017 import PILLARS, TABLE_2, assert_matches_table_2  # noqa: E402
from spreadsheets import CHINESE_MAPPING, CHINESE_PILLARS, HEADER  # noqa: E402


def _book(path, sheets):
    """Write ``{sheet name: (top-left row, column, rows)}`` as a workbook."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (top, left, rows) in sheets.items():
        sheet = book.create_sheet(name)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if value is not None:
                    sheet.cell(row=top + i, column=left + j, value=value)
    book.save(path)
    return path


def _table(header=HEADER):
    return [list(header)] + [
        [region, *subscores, total, rank] for rank, region, subscores, total in TABLE_2
    ]


def test_a_plain_sheet(tmp_path):
    e = idx.read_excel(_book(tmp_path / "b.xlsx", {"Sheet1": (1, 1, _table())}))
    assert_matches_table_2(e)
    assert e.decimals == 2
    step = next(s for s in e.steps if s.action == "read_sheet")
    assert step.parameters["sheet"] == "Sheet1" and step.parameters["header_cell"] == "A1"


def test_sheet_by_name_position_and_margins(tmp_path):
    path = _book(
        tmp_path / "b.xlsx",
        {"Notes": (1, 1, [["made up"]]), "Scores 2017": (3, 2, _table())},
    )
    for sheet in ("Scores 2017", "scores  2017", 1):
        e = idx.read_excel(path, sheet=sheet)
        assert_matches_table_2(e)
    step = next(s for s in e.steps if s.action == "read_sheet")
    assert step.parameters["header_cell"] == "B3"
    assert step.parameters["sheets"] == ("Notes", "Scores 2017")
    with pytest.raises(
        TableError, match=r"b.xlsx: no sheet 'Score'; its sheets are 'Notes', 'Scores 2017'"
    ):
        idx.read_excel(path, sheet="Score")
    with pytest.raises(TableError, match=r"no sheet at position 2 \(0-based\)"):
        idx.read_excel(path, sheet=2)
    with pytest.raises(
        TableError, match=r"'sheet' must be a sheet name or a 0-based position \(got 1.5\)"
    ):
        idx.read_excel(path, sheet=1.5)  # type: ignore[arg-type]


def test_numbers_typed_as_text_and_messages_name_sheet_rows(tmp_path):
    rows = _table()
    rows[1][1] = "5.75"  # Guangdong's infrastructure typed as text
    rows.insert(3, [None] * len(HEADER))  # a blank row 4 between Beijing and Zhejiang
    rows[4][4] = "n/a"  # Zhejiang, application: now on sheet row 5
    path = _book(tmp_path / "b.xlsx", {"S": (1, 1, rows)})
    with pytest.raises(
        TableError,
        match=r"b.xlsx, sheet 'S': row 5, column 'application': sub-score of pillar 'application' must be a number \(got 'n/a'\)",
    ):
        idx.read_excel(path)
    rows[4][4] = 14.60
    assert_matches_table_2(idx.read_excel(_book(tmp_path / "c.xlsx", {"S": (1, 1, rows)})))


def test_empty_cells_are_missing(tmp_path):
    rows = _table()
    rows[2][2] = None
    with pytest.raises(
        TableError, match=r"row 3, column 'innovation': .* is missing \(got an empty cell\)"
    ):
        idx.read_excel(_book(tmp_path / "b.xlsx", {"S": (1, 1, rows)}))


def test_chinese_headers_mapped(tmp_path):
    header = ("省份", *CHINESE_PILLARS, "总分", "排名")
    rows = _table(header)
    for row, (_, region, _, _) in zip(rows[1:], TABLE_2, strict=True):
        row[0] = idx.lookup_province(region).chinese
    path = _book(tmp_path / "cn.xlsx", {"2017年": (1, 1, rows)})
    assert_matches_table_2(idx.read_excel(path, columns=CHINESE_MAPPING))


def test_repeated_headers_are_named_not_renamed(tmp_path):
    rows = [["region", *PILLARS, "application"], ["Beijing", 1, 1, 1, 1, 1, 1, 1]]
    with pytest.raises(TableError, match=r"column 'application' appears twice$"):
        idx.read_excel(_book(tmp_path / "d.xlsx", {"S": (1, 1, rows)}))


def test_buffers(tmp_path):
    path = _book(tmp_path / "b.xlsx", {"S": (1, 1, _table())})
    assert_matches_table_2(idx.read_excel(io.BytesIO(path.read_bytes())))
    with pytest.raises(TableError, match=r"an Excel workbook is binary; open it in binary mode"):
        idx.read_excel(io.StringIO("region,a\n"))


def test_without_openpyxl_the_error_names_the_install_command(tmp_path, monkeypatch):
    path = _book(tmp_path / "b.xlsx", {"S": (1, 1, _table())})
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl now fails
    with pytest.raises(
        TableError,
        match=r"b.xlsx: reading Excel workbooks needs openpyxl; install it: pip install openpyxl$",
    ):
        idx.read_excel(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"region,a\nBeijing,1\n",
            r"not an Excel .xlsx workbook \(a CSV or text file is read with idx.read_csv\)",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
            r"an old binary .xls workbook; save it as .xlsx",
        ),
        (b"PK\x03\x04" + bytes(100), r"not a readable Excel workbook \(BadZipFile: "),
        (b"", r"not an Excel .xlsx workbook"),
    ],
)
def test_what_is_not_a_workbook(tmp_path, content, message):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    with pytest.raises(TableError, match=message):
        idx.read_excel(path)


def test_empty_sheet_directory_and_missing_file(tmp_path):
    path = _book(tmp_path / "b.xlsx", {"Empty": (1, 1, [])})
    with pytest.raises(TableError, match=r"b.xlsx, sheet 'Empty': the sheet is empty"):
        idx.read_excel(path)
    with pytest.raises(TableError, match=r": is a directory, not a file$"):
        idx.read_excel(tmp_path)
    with pytest.raises(TableError, match=r"none.xlsx: no such file$"):
        idx.read_excel(tmp_path / "none.xlsx")
