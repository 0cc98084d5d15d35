"""idx.io.delimited: the separator sniffed by csv.Sniffer, rows with their real lines."""

from __future__ import annotations

import pytest

from idx.errors import TableError
from idx.io.delimited import check_decimal, check_sep, split_rows, to_frame


def _split(text, **options):
    return split_rows(text, "t.csv", TableError, **options)


@pytest.mark.parametrize(
    ("text", "sep"),
    [
        ("region,a,b\nX,5.75,7.69\nY,1.5,2.25\n", ","),
        ("region;a;b\nX;5,75;7,69\nY;1,5;2,25\n", ";"),
        # one data row: commas in every figure, but only semicolons on every line
        ("region;a;b;total\nX;5,75;7,69;13,44\n", ";"),
        ("region\ta\tb\nX\t5,75\t7\n", "\t"),
        ('region,note\nX,"a; b; c"\nY,"d; e"\n', ","),
    ],
)
def test_sniffed_separators(text, sep):
    rows = _split(text)
    assert rows.sep == sep
    assert rows.steps[0].parameters == {"sep": sep, "detected": True}
    assert len({len(r) for r in rows.rows}) == 1


def test_unsniffable_text_falls_back_to_comma_and_says_so():
    rows = _split("region\nBeijing\n")
    assert rows.sep == "," and "could not be sniffed; assumed comma" in rows.steps[0].description


def test_given_separator_and_its_spellings():
    assert _split("a;b\n1;2\n", sep=",").rows == [["a;b"], ["1;2"]]
    assert check_sep("tab", TableError) == check_sep("\\t", TableError) == "\t"
    assert check_sep(None, TableError) is None
    for bad in ("", ";;", "a", '"', "\n", 5):
        with pytest.raises(TableError, match=r"'sep' must be one character"):
            check_sep(bad, TableError)
    assert check_decimal(",", ";", TableError) == ","
    with pytest.raises(TableError, match=r"'decimal' and 'sep' must differ \(both ','\)"):
        check_decimal(",", ",", TableError)


def test_rows_keep_the_line_they_start_on():
    text = '\nh1,h2\n\n"two\nlines",x\n  \n,\nlast,y\n'
    rows = _split(text)
    assert rows.rows == [["h1", "h2"], ["two\nlines", "x"], ["last", "y"]]
    assert rows.lines == [2, 4, 8]


def test_malformed_quoting_names_the_line():
    with pytest.raises(
        TableError, match=r"t.csv: line 2: not a readable comma-separated table \(.*\)"
    ):
        _split('a,b\n"x"y,1\n')


def test_to_frame_pads_short_rows_and_refuses_cells_past_the_header():
    frame, lines, _ = to_frame(_split("a,b,c\n1\n2,3,4\n"), "t.csv", TableError)
    assert frame.values.tolist() == [["1", "", ""], ["2", "3", "4"]]
    assert lines == [2, 3]
    with pytest.raises(TableError, match=r"no table found \(the text is empty\)"):
        to_frame(_split("\n\n"), "t.csv", TableError)
    frame, lines, _ = to_frame(_split("a,b\n"), "t.csv", TableError)
    assert frame.empty and list(frame.columns) == ["a", "b"] and lines == []
