from __future__ import annotations

import numpy as np
import pytest

import idx
from report_2017 import assert_matches_table_2


def test_raw_table_parses_to_table_2():
    e = idx.parse_report_table(idx.raw_table_2017(), year=2017)
    assert_matches_table_2(e)
    assert e.decimals == 2


def test_parsed_equals_bundled():
    parsed = idx.parse_report_table(idx.raw_table_2017())
    bundled = idx.load_2017()
    np.testing.assert_array_equal(parsed.subscores, bundled.subscores)
    assert parsed.units == bundled.units


def test_split_numbers_and_spaces_instead_of_tabs():
    e = idx.parse_report_table("29  Xizang (Tibet)  1. 97 0.77 1.69 7. 46  6. 99 3. 49  22. 37")
    assert e.units == ("Xizang",)
    assert e.subscores.tolist() == [[1.97, 0.77, 1.69, 7.46, 6.99, 3.49]]
    assert e.reported_totals.tolist() == [22.37]


def test_malformed_row_names_the_line():
    text = "Header line\n\n1\tGuangdong\t5. 75\t7. 69\t7. 65\t16. 27\t3.83\t45. 19\n"
    with pytest.raises(
        idx.ParseError, match=r"report text: line 3: expected a rank, a region and 7 numbers"
    ):
        idx.parse_report_table(text)


def test_unknown_region_names_the_line():
    with pytest.raises(
        idx.UnknownUnitError, match=r"line 1: unknown province 'Guangdon'; did you mean 'Guangdong'"
    ):
        idx.parse_report_table("1 Guangdon 5.75 7.69 7.65 16.27 3.83 3.99 45.19")


def test_duplicates_empty_and_over_maximum():
    row = "1 Beijing 6.66 5.68 5.51 18.93 3.57 4.35 44.70"
    with pytest.raises(idx.ParseError, match="line 2: region 'Beijing' appears twice"):
        idx.parse_report_table(row + "\n" + row.replace("1 ", "2 ", 1))
    with pytest.raises(idx.ParseError, match="no table rows found"):
        idx.parse_report_table("just prose\n")
    with pytest.raises(idx.TableError, match=r"for pillar 'application' must be in \[0, 25\]"):
        idx.parse_report_table("1 Beijing 6.66 5.68 5.51 28.93 3.57 4.35 54.70")
    with pytest.raises(idx.ParseError, match="must be a string"):
        idx.parse_report_table(b"1 Beijing")  # type: ignore[arg-type]


# --- no row is dropped silently ----------------------------------------------------------

BEIJING = "2 Beijing 6.66 5.68 5.51 18.93 3.57 4.35 44.70"
GUANGDONG = "1 Guangdong 5.75 7.69 7.65 16.27 3.83 3.99 45.19"


def test_a_byte_order_mark_before_the_first_row_keeps_guangdong():
    e = idx.parse_report_table("\ufeff" + idx.raw_table_2017().split("\n", 3)[3])
    assert_matches_table_2(e)
    e = idx.parse_report_table("\ufeff" + GUANGDONG + "\n" + BEIJING)
    assert e.units == ("Guangdong", "Beijing")


def test_the_raw_file_with_a_bom_through_the_file_reader(tmp_path):
    path = tmp_path / "table.txt"
    path.write_bytes(b"\xef\xbb\xbf" + idx.raw_table_2017().encode("utf-8"))
    e = idx.read_report_text(path)
    assert_matches_table_2(e)
    assert e.steps[0].parameters == {"encoding": "utf-8", "bom": True, "detected": True}


def test_a_row_without_its_rank_is_an_error_naming_its_line():
    text = "\n".join(
        [
            GUANGDONG,
            "",
            BEIJING.removeprefix("2 "),
            "3 Zhejiang 7.34 6.73 6.46 14.60 2.93 4.31 42.36",
        ]
    )
    with pytest.raises(
        idx.ParseError,
        match=r"^report text: line 3: the row has no rank, while line 1 has one; give every row its rank, or none$",
    ):
        idx.parse_report_table(text)


def test_rows_may_all_omit_the_rank():
    e = idx.parse_report_table(GUANGDONG.removeprefix("1 ") + "\n" + BEIJING.removeprefix("2 "))
    assert e.units == ("Guangdong", "Beijing") and e.reported_ranks is None
    assert e.reported_totals.tolist() == [45.19, 44.70]


@pytest.mark.parametrize(
    "line",
    [
        "Beijing 6.66 5.68 5.51",  # a region and figures, too few
        "Beijing 6.66 5.68 5.51 18.93 3.57 4.35",  # the total missing
        "Peking 6.66 x 5.51 18.93 3.57 4.35 44.70",  # several numbers
        "- 6.66 5.68 5.51 18.93 3.57 4.35 44.70",
        "2 Beijing 6.66 5.68 5.51 18.93 3.57 4.35 44.70 1.00",
    ],
)
def test_every_line_that_looks_like_data_parses_or_is_named(line):
    with pytest.raises(idx.IdxError, match=r"^report text: line 2: "):
        idx.parse_report_table(GUANGDONG + "\n" + line)


def test_titles_and_headers_are_not_data():
    text = "\n".join(
        [
            "Table 2 Ranking of the provinces, 2017",
            "Rank Region Infrastructure Innovation",
            "Source: CAC",
            GUANGDONG,
        ]
    )
    e = idx.parse_report_table(text)
    assert e.units == ("Guangdong",)
    step = next(s for s in e.steps if s.action == "parse_report_text")
    assert step.parameters["repaired_lines"] == 0


def test_national_row_in_report_text():
    e = idx.parse_report_table(
        GUANGDONG + "\n" + BEIJING + "\n全国 7.10 6.00 5.80 13.20 5.00 4.70 41.80"
    )
    assert e.units == ("Guangdong", "Beijing") and e.national_score == 41.8
    with pytest.raises(idx.ParseError, match=r"line 3: a second national row \('National'"):
        idx.parse_report_table(GUANGDONG + "\nChina 1 1 1 1 1 1 6\nNational 1 1 1 1 1 1 6")


def test_absurd_ranks_and_figures_name_the_line():
    huge = "9" * 5000
    with pytest.raises(
        idx.ParseError,
        match=r"^report text: line 2: rank must be a whole number from 1 to 1,000,000,000 \(got '999.*\.\.\.\)$",
    ):
        idx.parse_report_table(GUANGDONG + "\n" + huge + BEIJING.removeprefix("2"))
    with pytest.raises(
        idx.ParseError, match=r"line 2: rank must be a whole number from 1 .* \(got '0'\)"
    ):
        idx.parse_report_table(GUANGDONG + "\n0" + BEIJING.removeprefix("2"))
    with pytest.raises(
        idx.ParseError, match=r"^report text: line 2: '999.*\.\.\. is not a finite number$"
    ):
        idx.parse_report_table(GUANGDONG + "\n" + BEIJING.replace("44.70", huge))


def test_index_values_in_report_text():
    # indices 31.9444... x 0.18 = 5.75 and so on: Guangdong's sub-scores again
    weights = (0.18, 0.16, 0.16, 0.25, 0.13, 0.12)
    figures = (5.75, 7.69, 7.65, 16.27, 3.83, 3.99)
    line = (
        "1 Guangdong "
        + " ".join(repr(s / w) for s, w in zip(figures, weights, strict=True))
        + " 45.19"
    )
    e = idx.parse_report_table(line, values="index")
    np.testing.assert_allclose(e.subscores[0], figures, rtol=0, atol=1e-12)
    with pytest.raises(
        idx.TableError, match=r"line 1: .*must be in \[0, 18\].*read it with values='index'"
    ):
        idx.parse_report_table(line)


def test_the_file_reader_detects_encodings_and_refuses_what_it_cannot_read(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes((GUANGDONG + "\n2 北京 6.66 5.68 5.51 18.93 3.57 4.35 44.70\n").encode("gbk"))
    e = idx.read_report_text(path)
    assert e.units == ("Guangdong", "Beijing")
    assert e.steps[0].parameters["encoding"] == "gb18030"
    path.write_bytes(GUANGDONG.encode() + b"\n2 \x81\xff 6.66\n")
    with pytest.raises(idx.ParseError, match=r"t.txt: line 2: not UTF-8 text .* nor GB18030/GBK"):
        idx.read_report_text(path)
    with pytest.raises(idx.ParseError, match=r": is a directory, not a file$"):
        idx.read_report_text(tmp_path)
    with pytest.raises(
        idx.ParseError,
        match=r"'text' must be a string \(got bytes\); read a file with idx.read_report_text",
    ):
        idx.parse_report_table(GUANGDONG.encode())  # type: ignore[arg-type]
