from __future__ import annotations

import contextlib
import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import idx
from idx import TableError
from idx.testing import editions
from report_2017 import PILLARS, TABLE_2, assert_matches_table_2
from spreadsheets import CHINESE_MAPPING, CHINESE_PILLARS, DISPLAY_NAMES, table_rows, write_table
from spreadsheets import HEADER as TABLE_HEADER

HEADER = (
    "region,infrastructure,innovation,digital_economy,application,security,regulation,total,rank"
)
GOOD = [
    "Guangdong,5.75,7.69,7.65,16.27,3.83,3.99,45.19,1",
    "Beijing,6.66,5.68,5.51,18.93,3.57,4.35,44.70,2",
]


def _csv(*lines: str) -> io.StringIO:
    buffer = io.StringIO("\n".join(lines) + "\n")
    buffer.name = "t.csv"
    return buffer


def test_wide_csv():
    e = idx.read_csv(_csv(HEADER, *GOOD))
    assert e.units == ("Guangdong", "Beijing")
    assert e.reported_totals.tolist() == [45.19, 44.70]
    assert e.decimals == 2


def test_wide_csv_from_path(tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text("\n".join([HEADER, *GOOD]) + "\n", encoding="utf-8")
    e = idx.read_csv(path)
    assert e.n_units == 2 and str(path) in e.source


def test_long_csv_matches_wide():
    wide = idx.load_2017()
    long_rows = ["province,pillar,value"] + [
        f"{u},{p},{wide.subscores[i, j]:.2f}"
        for i, u in enumerate(wide.units)
        for j, p in enumerate(wide.pillars)
    ]
    e = idx.read_csv(_csv(*long_rows))
    np.testing.assert_array_equal(e.subscores, wide.subscores)
    assert e.units == wide.units and e.reported_totals is None


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            (HEADER, "Guangdong,abc,7.69,7.65,16.27,3.83,3.99,45.19,1"),
            r"t.csv: row 2, column 'infrastructure': sub-score of pillar 'infrastructure' must be a number \(got 'abc'\)",
        ),
        (
            (HEADER, "Guangdong,,7.69,7.65,16.27,3.83,3.99,45.19,1"),
            r"row 2, column 'infrastructure': .* is missing",
        ),
        (
            (HEADER, "Guangdong,nan,7.69,7.65,16.27,3.83,3.99,45.19,1"),
            r"must be a number \(got 'nan'\)",
        ),
        (
            (HEADER, *GOOD[:1], "Beijing,6.66,5.68,5.51,25.5,3.57,4.35,44.70,2"),
            r"t.csv: row 3, column 'application': sub-score must be in \[0, 25\] \(100 x weight 0.25\) \(got 25.5\)",
        ),
        ((HEADER, "Guangdong,-5.75,7.69,7.65,16.27,3.83,3.99,45.19,1"), r"must be in \[0, 18\]"),
        (
            (HEADER, *GOOD, "guangdong,5.75,7.69,7.65,16.27,3.83,3.99,45.19,3"),
            r"row 4, column 'region': unit 'Guangdong' appears twice \(first at row 2\)",
        ),
        (
            (HEADER, "Guangdongg,5.75,7.69,7.65,16.27,3.83,3.99,45.19,1"),
            r"row 2, column 'region': unknown province 'Guangdongg'; did you mean 'Guangdong'",
        ),
        ((HEADER + ",colour", GOOD[0] + ",red"), r"unexpected column 'colour'"),
        (
            (HEADER.replace(",security", ""), "Guangdong,5.75,7.69,7.65,16.27,3.99,45.19,1"),
            r"missing pillar column 'security'",
        ),
        (
            (
                "infrastructure,innovation,digital_economy,application,security,regulation",
                "1,1,1,1,1,1",
            ),
            r"no unit column found",
        ),
        (
            (HEADER, "Guangdong,5.75,7.69,7.65,16.27,3.83,3.99,45.19,1.5"),
            r"row 2, column 'rank': rank must be a whole number from 1 to 1,000,000,000 \(got '1.5'\)",
        ),
        ((HEADER,), r"t.csv: the table has no rows"),
        (
            ("region,pillar,value", "Beijing,application,18.93"),
            r"unit 'Beijing' has no value for pillar 'infrastructure'",
        ),
        (
            ("region,pillar,value", "Beijing,apps,18.93"),
            r"row 2, column 'pillar': unknown pillar 'apps'",
        ),
    ],
)
def test_csv_rejections_name_file_row_column_value_and_rule(lines, message):
    with pytest.raises(idx.IdxError, match=message):
        idx.read_csv(_csv(*lines))


def test_unknown_province_is_unknown_unit_error():
    with pytest.raises(idx.UnknownUnitError):
        idx.read_csv(_csv(HEADER, "Atlantis,5.75,7.69,7.65,16.27,3.83,3.99,45.19,1"))


def test_missing_file_and_unreadable_csv(tmp_path):
    with pytest.raises(TableError, match="no such file"):
        idx.read_csv(tmp_path / "none.csv")
    with pytest.raises(TableError, match=r"t.csv: no table found \(the text is empty\)"):
        idx.read_csv(_csv(""))


def test_other_units_skip_the_registry():
    e = idx.read_csv(
        _csv(
            "unit,infrastructure,innovation,digital_economy,application,security,regulation",
            "Shenzhen,1,1,1,1,1,1",
            "Hangzhou,2,2,2,2,2,2",
        ),
        unit_kind="other",
    )
    assert e.units == ("Shenzhen", "Hangzhou") and e.unit_kind == "other"


def test_from_frame_does_not_mutate_and_rejects_strings():
    frame = idx.load_2017().to_frame()
    before = frame.copy(deep=True)
    e = idx.from_frame(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert e.decimals == 2
    bad = frame.astype({"security": object})
    bad.loc[3, "security"] = "3.57"
    with pytest.raises(
        TableError,
        match=r"<DataFrame>: row 3, column 'security': .* must be a number \(got '3.57'\)",
    ):
        idx.from_frame(bad)


def test_from_frame_rejects_nan_and_non_frames():
    frame = idx.load_2017().to_frame()
    frame.loc[5, "innovation"] = np.nan
    with pytest.raises(TableError, match=r"row 5, column 'innovation': .* must be a finite number"):
        idx.from_frame(frame)
    with pytest.raises(TableError, match="must be a pandas DataFrame"):
        idx.from_frame({"a": [1]})  # type: ignore[arg-type]


def test_custom_system_and_wrong_number_of_pillars():
    system = idx.IndexSystem.from_weights({"a": 0.5, "b": 0.5})
    e = idx.read_csv(_csv("unit,a,b", "X,10,20"), system=system, unit_kind="other")
    assert e.index_array.tolist() == [[20.0, 40.0]]
    with pytest.raises(TableError, match="unexpected column 'c'"):
        idx.read_csv(_csv("unit,a,b,c", "X,1,1,1"), system=system, unit_kind="other")


def test_system_csv(tmp_path):
    path = tmp_path / "system.csv"
    path.write_text("pillar_id,name,weight\na,A,0.5\nb,B,0.45\n", encoding="utf-8")
    with pytest.raises(
        idx.IndexSystemError, match=r"system.csv: 'weights' must sum to 1 \(got 0.95\)"
    ):
        idx.read_system_csv(path)
    path.write_text("pillar_id,name,weight\na,A,0.5\nb,B,x\n", encoding="utf-8")
    with pytest.raises(
        idx.IdxError, match=r"row 3, column 'weight': weight must be a number \(got 'x'\)"
    ):
        idx.read_system_csv(path)


@given(editions(with_reported=True))
def test_csv_round_trip_is_lossless(edition):
    buffer = io.StringIO()
    edition.to_frame().to_csv(buffer, index=False, float_format="%.17g")
    buffer.seek(0)
    again = idx.read_csv(buffer, system=edition.system, unit_column="unit", decimals=None)
    assert again.units == edition.units
    np.testing.assert_array_equal(again.subscores, edition.subscores)
    np.testing.assert_array_equal(again.reported_totals, edition.reported_totals)
    np.testing.assert_array_equal(again.reported_ranks, edition.reported_ranks)


_CELLS = st.one_of(
    st.text(max_size=6),
    st.sampled_from(["", "nan", "inf", "-1", "1e400", "5. 75", "1,5", "100", "0x10"]),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


@given(st.lists(st.lists(_CELLS, min_size=1, max_size=9), min_size=0, max_size=4), st.booleans())
def test_malformed_input_raises_idx_error_never_another_exception(rows, with_header):
    lines = [HEADER] if with_header else []
    lines += [",".join(c.replace("\n", " ").replace("\r", " ") for c in row) for row in rows]
    with contextlib.suppress(idx.IdxError):
        idx.read_csv(_csv(*lines))


# --- the spreadsheets people export -----------------------------------------------------


def _actions(edition):
    return {step.action: step for step in edition.steps}


def test_utf8_with_a_byte_order_mark(tmp_path):
    e = idx.read_csv(write_table(tmp_path / "bom.csv", bom=True))
    assert_matches_table_2(e)
    decode = _actions(e)["decode"]
    assert decode.parameters["encoding"] == "utf-8" and decode.parameters["bom"] is True


def test_gbk_with_chinese_headers_and_a_mapping(tmp_path):
    chinese = [idx.lookup_province(region).chinese for _, region, _, _ in TABLE_2]
    path = write_table(
        tmp_path / "gbk.csv",
        ("省份", *CHINESE_PILLARS, "总分", "排名"),
        table_rows(labels=chinese),
        encoding="gbk",
    )
    with pytest.raises(TableError, match=r"unexpected column '基础设施建设'.*--columns"):
        idx.read_csv(path)
    e = idx.read_csv(path, columns=CHINESE_MAPPING)
    assert_matches_table_2(e)
    steps = _actions(e)
    assert steps["decode"].parameters["encoding"] == "gb18030"
    assert "'互联网应用' as application (columns=)" in steps["match_columns"].description


def test_given_encoding_overrides_detection(tmp_path):
    path = write_table(tmp_path / "gbk.csv", encoding="gbk")
    e = idx.read_csv(path, encoding="gbk")
    assert _actions(e)["decode"].parameters == {"encoding": "gbk", "bom": False, "detected": False}
    with pytest.raises(TableError, match=r"'encoding' must be the name of a text encoding"):
        idx.read_csv(path, encoding="klingon")


def test_semicolons_with_decimal_commas(tmp_path):
    path = write_table(tmp_path / "eu.csv", rows=table_rows(decimal=","), sep=";")
    e = idx.read_csv(path)
    assert_matches_table_2(e)
    assert e.decimals == 2
    steps = _actions(e)
    assert steps["separator"].parameters == {"sep": ";", "detected": True}
    # 31 rows x (6 sub-scores + total)
    assert steps["decimal_comma"].parameters["cells"] == 31 * 7


def test_tabs_and_crlf_line_ends(tmp_path):
    e = idx.read_csv(write_table(tmp_path / "t.tsv", sep="\t", line_end="\r\n"))
    assert_matches_table_2(e)
    assert _actions(e)["separator"].parameters["sep"] == "\t"


def test_given_separator_and_decimal_override_sniffing(tmp_path):
    path = write_table(tmp_path / "eu.csv", rows=table_rows(decimal=","), sep=";")
    e = idx.read_csv(path, sep=";", decimal=",")
    assert_matches_table_2(e)
    assert _actions(e)["separator"].parameters == {"sep": ";", "detected": False}
    # a point where the caller said the mark is a comma is not a number
    plain = write_table(tmp_path / "pt.csv", sep=";")
    with pytest.raises(
        TableError,
        match=r"row 2, column 'infrastructure': .* must be a number with a decimal comma \(got '5.75'\)",
    ):
        idx.read_csv(plain, decimal=",")
    with pytest.raises(TableError, match=r"'sep' must be one character .* \(got 'ab'\)"):
        idx.read_csv(plain, sep="ab")
    with pytest.raises(TableError, match=r"'decimal' must be '.' or ',' \(got ':'\)"):
        idx.read_csv(plain, decimal=":")
    with pytest.raises(TableError, match=r"'decimal' and 'sep' must differ"):
        idx.read_csv(plain, sep=",", decimal=",")


def test_a_comma_file_does_not_take_decimal_commas(tmp_path):
    rows = table_rows()
    rows[0][1] = '"5,75"'
    with pytest.raises(TableError, match=r"row 2, column 'infrastructure': .* \(got '5,75'\)"):
        idx.read_csv(write_table(tmp_path / "q.csv", rows=rows))


def test_display_names_and_case_of_total_and_rank(tmp_path):
    header = ("Region", *DISPLAY_NAMES, "TOTAL", "Rank")
    e = idx.read_csv(write_table(tmp_path / "names.csv", header))
    assert_matches_table_2(e)
    described = _actions(e)["match_columns"].description
    assert "'Internet application' as application (display name)" in described


@pytest.mark.parametrize(
    "header",
    [
        "Digital Economy",
        "digital-economy",
        "DIGITAL_ECONOMY",
        " digital  economy ",
        "Digital_Economy",
    ],
)
def test_headers_ignore_case_spacing_underscores_and_hyphens(tmp_path, header):
    columns = list(TABLE_HEADER)
    columns[PILLARS.index("digital_economy") + 1] = header
    assert_matches_table_2(idx.read_csv(write_table(tmp_path / "h.csv", columns)))


def test_long_layout_with_capitalised_headers():
    lines = ["Province,Pillar,Value"] + [
        f"{region},{name},{s:.2f}"
        for _, region, subscores, _ in TABLE_2
        for name, s in zip(DISPLAY_NAMES, subscores, strict=True)
    ]
    e = idx.read_csv(_csv(*lines))
    assert e.units == tuple(idx.canonical_province(r) for _, r, _, _ in TABLE_2)
    assert [tuple(row) for row in e.subscores] == [s for _, _, s, _ in TABLE_2]


def test_unit_column_by_chinese_name_or_as_the_only_text_column():
    header = ",".join(PILLARS)
    row = ",".join(f"{s:.2f}" for s in TABLE_2[0][2])
    assert idx.read_csv(_csv(f"地区,{header}", f"Guangdong,{row}")).units == ("Guangdong",)
    e = idx.read_csv(_csv(f"{header},where", f"{row},Guangdong"))
    assert e.units == ("Guangdong",)
    assert "'where' as unit (the only text column)" in _actions(e)["match_columns"].description
    with pytest.raises(TableError, match=r"no unit column found \(text columns: 'a', 'b'\)"):
        idx.read_csv(_csv(f"a,b,{header}", f"x,Guangdong,{row}"))
    e = idx.read_csv(_csv(f"{header},Where", f"{row},Guangdong"), unit_column="where")
    assert e.units == ("Guangdong",)
    with pytest.raises(TableError, match=r"more than one unit column \('region' and '省份'\)"):
        idx.read_csv(_csv(f"region,{header},省份", f"Guangdong,{row},广东"))
    with pytest.raises(
        TableError, match=r"unit column 'place' is missing; columns are Where, infra"
    ):
        idx.read_csv(_csv(f"Where,{header}", f"Guangdong,{row}"), unit_column="place")


def test_a_repeated_header_is_named():
    row = "Guangdong," + ",".join(f"{s:.2f}" for s in TABLE_2[0][2])
    with pytest.raises(TableError, match=r"^t.csv: column 'application' appears twice$"):
        idx.read_csv(_csv("region," + ",".join(PILLARS) + ",application", row + ",1"))
    with pytest.raises(
        TableError,
        match=r"'application' appears twice \(columns 'application' and 'Internet application'\)",
    ):
        idx.read_csv(_csv("region," + ",".join(PILLARS) + ",Internet application", row + ",1"))


def test_pandas_renamed_repeat_is_reported_as_the_repeat():
    text = "region," + ",".join(PILLARS) + ",application\nGuangdong,1,1,1,1,1,1,1\n"
    frame = pd.read_csv(io.StringIO(text))
    assert "application.1" in frame.columns  # what pandas did to the file's header
    with pytest.raises(
        TableError,
        match=r"column 'application' appears twice \(pandas renamed the repeat 'application.1'\)",
    ):
        idx.from_frame(frame)


def test_empty_trailing_columns_are_ignored_and_recorded(tmp_path):
    path = tmp_path / "trailing.csv"
    write_table(path)
    path.write_text(
        "\n".join(line + ",," for line in path.read_text(encoding="utf-8").splitlines()) + "\n",
        encoding="utf-8",
    )
    e = idx.read_csv(path)
    assert_matches_table_2(e)
    assert _actions(e)["drop_columns"].parameters["columns"] == [10, 11]


def test_data_rows_with_trailing_separators_only():
    header = ",".join(TABLE_HEADER)
    row = ",".join(table_rows()[0])
    e = idx.read_csv(_csv(header, row + ",,"))
    assert _actions(e)["drop_cells"].parameters["lines"] == 1
    with pytest.raises(
        TableError,
        match=r"line 2 has 10 cells but the header \(line 1\) has 9; the extra cell holds 'x'",
    ):
        idx.read_csv(_csv(header, row + ",x"))


@pytest.mark.parametrize(
    ("header", "row", "message"),
    [
        (
            "region,,infrastructure",
            "Guangdong,7,5.75",
            r"column 2 has no header \(its first value, '7', is in row 2\); name it or remove it",
        ),
        ("region,,infrastructure", "Guangdong,,5.75", r"column 2 has no header and no values"),
        (",region,infrastructure", "1,Guangdong,5.75", r"column 1 has no header"),
    ],
)
def test_any_other_unnamed_column_is_an_error(header, row, message):
    with pytest.raises(TableError, match=message):
        idx.read_csv(_csv(header, row))


def test_unnamed_index_column_from_pandas_is_an_error():
    frame = pd.read_csv(io.StringIO(idx.load_2017().to_frame().to_csv()))
    assert frame.columns[0] == "Unnamed: 0"
    with pytest.raises(
        TableError, match=r"column 1 has no header \(its first value, 0, is in row 0\)"
    ):
        idx.from_frame(frame)


def test_errors_name_the_real_line_after_blank_lines():
    header = ",".join(TABLE_HEADER)
    rows = [",".join(r) for r in table_rows()[:3]]
    rows[2] = rows[2].replace("Zhejiang", "Zhejiangg")
    # line 1 header, 2 blank, 3 Guangdong, 4-5 blank, 6 Beijing, 7 blank, 8 Zhejiangg
    text = "\n".join([header, "", rows[0], "", "  ", rows[1], ",,,", rows[2]])
    with pytest.raises(
        idx.UnknownUnitError, match=r"t.csv: row 8, column 'region': unknown province 'Zhejiangg'"
    ):
        idx.read_csv(_csv(text))


def test_quoted_cells_spanning_lines_keep_the_line_count():
    text = 'region,a,b\n"Guang\ndong",1,1\nBeijing,x,1\n'
    system = idx.IndexSystem.from_weights({"a": 0.5, "b": 0.5})
    with pytest.raises(TableError, match=r"row 4, column 'a': .* must be a number \(got 'x'\)"):
        idx.read_csv(io.StringIO(text), system=system, unit_kind="other")


def test_bytes_buffers_are_decoded():
    text = "\n".join([",".join(TABLE_HEADER), *(",".join(r) for r in table_rows())]) + "\n"
    assert_matches_table_2(idx.read_csv(io.BytesIO(text.encode("utf-8"))))
    assert_matches_table_2(idx.read_csv(io.BytesIO(text.encode("gb18030"))))
    e = idx.read_csv(io.BytesIO(text.encode("utf-16")))
    assert_matches_table_2(e)
    assert _actions(e)["decode"].parameters["encoding"] == "utf-16"


def test_text_buffers_with_a_byte_order_mark():
    text = "\ufeff" + ",".join(TABLE_HEADER) + "\n" + ",".join(table_rows()[0]) + "\n"
    assert idx.read_csv(io.StringIO(text)).units == ("Guangdong",)


def test_pillar_indices_instead_of_subscores(tmp_path):
    path = write_table(tmp_path / "index.csv", rows=table_rows(index=True))
    with pytest.raises(
        TableError,
        match=r"row 2, column 'infrastructure': sub-score must be in \[0, 18\] .*"
        r"\(got 31.9444\); if the table holds 0-100 pillar indices rather than weighted "
        r"sub-scores, read it with values='index' \(--values index\)",
    ):
        idx.read_csv(path)
    e = idx.read_csv(path, values="index")
    for row, (_, _, subscores, total) in enumerate(TABLE_2):
        # index x weight = (s / w) x w: s again, up to rounding in the last bit
        np.testing.assert_allclose(e.subscores[row], subscores, rtol=0, atol=1e-12)
        assert e.reported_totals[row] == total
    assert "index_to_subscores" in _actions(e)
    with pytest.raises(
        TableError,
        match=r"row 2, column 'infrastructure': pillar index must be in \[0, 100\] \(got 131\)",
    ):
        idx.read_csv(_csv(",".join(TABLE_HEADER), "Guangdong,131,1,1,1,1,1,6,1"), values="index")


def test_national_row_becomes_the_national_score():
    header = ",".join(TABLE_HEADER)
    rows = [",".join(r) for r in table_rows()]
    e = idx.read_csv(_csv(header, *rows, "China,7.10,6.00,5.80,13.20,5.00,4.70,41.80,"))
    assert_matches_table_2(e)
    assert e.national_score == 41.8  # the row's total, as printed
    step = _actions(e)["national_row"]
    assert step.parameters["row"] == 33 and step.parameters["label"] == "China"
    # no total: the sum of its sub-scores, 1 + 2 + 3 + 4 + 5 + 6 = 21
    e = idx.read_csv(_csv(header, *rows[:2], "全国,1,2,3,4,5,6,,"))
    assert e.national_score == 21.0 and e.n_units == 2
    with pytest.raises(
        TableError, match=r"'national_score' is 40 but the table's national row says 41.8"
    ):
        idx.read_csv(_csv(header, rows[0], "National,1,1,1,1,1,1,41.8,"), national_score=40.0)
    with pytest.raises(TableError, match=r"row 4, column 'region': a second national row"):
        idx.read_csv(_csv(header, rows[0], "China,1,1,1,1,1,1,6,", "全国,1,1,1,1,1,1,6,"))
    # a table of countries keeps China as a unit
    system = idx.IndexSystem.from_weights({"a": 0.5, "b": 0.5})
    e = idx.read_csv(_csv("country,a,b", "China,10,20"), system=system, unit_kind="other")
    assert e.units == ("China",) and e.national_score is None


@pytest.mark.parametrize(
    ("rank", "message"),
    [
        ("1e20", r"rank must be a whole number from 1 to 1,000,000,000 \(got '1e20'\)"),
        ("1e309", r"rank must be a finite number \(got '1e309'\)"),
        ("9" * 5000, r"rank must be a finite number \(got '9999.*\.\.\.\)$"),
        ("0", r"rank must be a whole number from 1"),
    ],
)
def test_absurd_ranks_are_errors(rank, message):
    row = ",".join(table_rows()[0][:-1]) + "," + rank
    with pytest.raises(TableError, match=r"t.csv: row 2, column 'rank': " + message) as info:
        idx.read_csv(_csv(",".join(TABLE_HEADER), row))
    assert len(str(info.value)) < 200


def test_a_huge_cell_gives_a_short_message():
    header = ",".join(TABLE_HEADER)
    huge = "5" * (50 * 1024 * 1024)
    with pytest.raises(
        TableError, match=r"line 2: .*a cell longer than 131,072 characters"
    ) as info:
        idx.read_csv(_csv(header, f"Guangdong,{huge},1,1,1,1,1,6,1"))
    assert len(str(info.value)) < 200
    frame = idx.load_2017().to_frame().astype({"unit": object})
    frame.loc[0, "unit"] = huge
    with pytest.raises(TableError, match=r"unit name must be at most 200 characters") as info:
        idx.from_frame(frame)
    assert len(str(info.value)) < 200


def test_missing_unit_labels():
    header = ",".join(TABLE_HEADER)
    row = table_rows()[0][1:]
    with pytest.raises(
        TableError, match=r"row 2, column 'region': unit name 'nan' is a missing value"
    ):
        idx.read_csv(_csv(header, ",".join(["nan", *row])), unit_kind="other")
    frame = idx.load_2017().to_frame()
    frame.loc[2, "unit"] = np.nan
    with pytest.raises(
        TableError, match=r"row 2, column 'unit': unit name must be a non-empty string \(got nan\)"
    ):
        idx.from_frame(frame, unit_kind="other")


def test_directories_and_unreadable_files(tmp_path, monkeypatch):
    with pytest.raises(TableError, match=r": is a directory, not a file$"):
        idx.read_csv(tmp_path)
    with pytest.raises(idx.IndexSystemError, match=r": is a directory, not a file$"):
        idx.read_system_csv(tmp_path)
    path = write_table(tmp_path / "locked.csv")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("idx.io.text.open", refuse, raising=False)
    with pytest.raises(TableError, match=r"locked.csv: cannot read file \(permission denied\)"):
        idx.read_csv(path)


def test_what_is_not_a_path_or_a_buffer():
    with pytest.raises(
        TableError,
        match=r"must be a path or a file object .*\(got bytes; wrap bytes in io.BytesIO\)",
    ):
        idx.read_csv(b"region,a\n")  # type: ignore[arg-type]
    with pytest.raises(TableError, match=r"\(got int\)"):
        idx.read_csv(3)  # type: ignore[arg-type]
    with pytest.raises(
        TableError, match=r"no such file \(text rather than a path\? wrap it in io.StringIO\)"
    ):
        idx.read_csv("region,a\nBeijing,1\n")


def test_binary_files_are_named_as_such(tmp_path):
    path = tmp_path / "book.csv"
    path.write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(50))
    with pytest.raises(
        TableError, match=r"not a text file \(a zip archive \(an .xlsx workbook\?\).*idx.read_excel"
    ):
        idx.read_csv(path)


def test_system_csv_names_real_lines_and_detects_encoding(tmp_path):
    path = tmp_path / "system.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "pillar_id,name,weight\n\na,甲,0.5\n\nb,乙,x\n".encode())
    with pytest.raises(
        idx.IndexSystemError, match=r"row 5, column 'weight': weight must be a number \(got 'x'\)"
    ):
        idx.read_system_csv(path)
    path.write_bytes("pillar_id,name,weight\na,甲,0.5\nb,乙,0.5\n".encode("gbk"))
    system = idx.read_system_csv(path)
    assert system.names == ("甲", "乙")
    path.write_bytes(b"pillar_id,name,weight\na,A,0.5\n\n\nb,B,0.6\n")
    with pytest.raises(idx.IndexSystemError, match=r"'weights' must sum to 1"):
        idx.read_system_csv(path)
    path.write_bytes(b"pillar_id,name,weight\n\n\na,A,0.5\nb,B,0\n")
    with pytest.raises(idx.IndexSystemError, match=r"row 5: .*weight"):
        idx.read_system_csv(path)
