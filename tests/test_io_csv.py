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
