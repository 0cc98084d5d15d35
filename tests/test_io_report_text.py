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
