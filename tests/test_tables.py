"""Column matching and row reading of idx.tables, on DataFrames (no files)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import idx
from idx import TableError
from idx.tables import column_key, parse_table
from report_2017 import PILLARS, TABLE_2
from spreadsheets import CHINESE_MAPPING, CHINESE_PILLARS, DISPLAY_NAMES

SYSTEM = idx.IndexSystem.from_weights({"a": 0.5, "b": 0.5})


def _frame(columns, *rows):
    return pd.DataFrame(list(rows), columns=columns)


def _wide(header=("region", *PILLARS, "total", "rank"), n=3):
    return _frame(
        list(header),
        *[[region, *subscores, total, rank] for rank, region, subscores, total in TABLE_2[:n]],
    )


def _parse(frame, **options):
    options.setdefault("system", idx.SYSTEM_2017)
    return parse_table(frame, "<t>", text=False, row_of=list(frame.index), **options)


def test_column_key_ignores_case_spacing_underscores_hyphens_and_bom():
    assert (
        column_key("\ufeffDigital_Economy") == column_key(" digital - economy ") == "digitaleconomy"
    )


def test_pillars_by_id_display_name_or_mapping():
    by_name = _parse(_wide(("Region", *DISPLAY_NAMES, "Total", "RANK")))
    mapped = _parse(_wide(("省份", *CHINESE_PILLARS, "总分", "排名")), columns=CHINESE_MAPPING)
    for table in (by_name, mapped):
        assert [tuple(r) for r in table.subscores] == [s for _, _, s, _ in TABLE_2[:3]]
        assert table.reported_totals.tolist() == [45.19, 44.70, 42.36]
        assert table.reported_ranks.tolist() == [1, 2, 3]


def test_a_mapping_may_name_unit_total_and_rank_and_use_display_names():
    frame = _wide(("Ort", *PILLARS, "Summe", "Platz"))
    frame = frame.rename(columns={"application": "Anwendung"})
    table = _parse(
        frame,
        columns={
            "Ort": "unit",
            "Summe": "Total",
            "Platz": "rank",
            "Anwendung": "Internet application",
        },
    )
    assert table.units == ("Guangdong", "Beijing", "Zhejiang")
    assert table.reported_ranks.tolist() == [1, 2, 3]


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        (
            {"x": "nope"},
            r"'columns' maps 'x' to 'nope', which is neither a pillar \(infrastructure, .*\) nor unit, total or rank",
        ),
        (
            {"x": "application"},
            r"<t>: 'columns' names 'x', which is not a column \(columns are region, ",
        ),
        (["application"], r"'columns' must be a mapping of header to pillar"),
        ({"application": 3}, r"'columns' must map header names to pillar ids"),
    ],
)
def test_bad_mappings(columns, message):
    with pytest.raises(TableError, match=message):
        _parse(_wide(), columns=columns)


def test_missing_pillar_names_it_and_its_display_name():
    with pytest.raises(
        TableError,
        match=r"missing pillar column 'security' \(Cyber security\); expected infrastructure, .*; columns are region, ",
    ):
        _parse(_wide().drop(columns=["security"]))


def test_long_layout_reads_pillar_cells_by_name_and_mapping():
    rows = [
        [region, label, s]
        for _, region, subscores, _ in TABLE_2[:2]
        for label, s in zip(CHINESE_PILLARS, subscores, strict=True)
    ]
    table = _parse(_frame(["地区", "Pillar", "VALUE"], *rows), columns=CHINESE_MAPPING)
    assert table.layout == "long"
    assert [tuple(r) for r in table.subscores] == [s for _, _, s, _ in TABLE_2[:2]]
    with pytest.raises(TableError, match=r"row 0, column 'Pillar': unknown pillar '基础设施建设'"):
        _parse(_frame(["地区", "Pillar", "VALUE"], *rows))


def test_long_layout_national_rows():
    rows = [["Beijing", p, 1.0] for p in PILLARS] + [["China", p, 2.0] for p in PILLARS]
    table = _parse(_frame(["unit", "pillar", "value"], *rows))
    assert table.units == ("Beijing",)
    assert table.national_score == 12.0  # six pillars of 2 points
    with pytest.raises(
        TableError, match=r"the national row 'China' has no value for pillar 'regulation'"
    ):
        _parse(_frame(["unit", "pillar", "value"], *rows[:-1]))
    with pytest.raises(TableError, match=r"row 12, column 'unit': a second national row \('全国'"):
        _parse(_frame(["unit", "pillar", "value"], *rows, ["全国", "application", 1.0]))


def test_a_table_of_only_a_national_row_has_no_units():
    with pytest.raises(TableError, match=r"the table has no unit rows \(only a national row\)"):
        _parse(_frame(["unit", *PILLARS], ["China", 1, 1, 1, 1, 1, 1]))


def test_national_row_without_total_and_its_rank_cell():
    frame = _wide()
    frame.loc[3] = ["全国", 7.0, 6.0, 5.0, 13.0, 5.0, 4.0, np.nan, np.nan]
    table = _parse(frame)
    assert table.national_score == 40.0  # 7 + 6 + 5 + 13 + 5 + 4
    step = next(s for s in table.steps if s.action == "national_row")
    assert step.parameters["from"] == "the sum of its sub-scores" and step.parameters["row"] == 3


def test_values_index_converts_by_the_weights():
    # indices 40 and 80 under weights 0.5 are sub-scores 20 and 40
    table = _parse(
        _frame(["unit", "a", "b"], ["x", 40.0, 80.0]),
        system=SYSTEM,
        unit_kind="other",
        values="index",
    )
    assert table.subscores.tolist() == [[20.0, 40.0]]
    with pytest.raises(
        TableError, match=r"'values' must be one of subscores, index \(got 'indices'\)"
    ):
        _parse(_frame(["unit", "a", "b"], ["x", 1, 1]), system=SYSTEM, values="indices")


def test_ambiguous_display_names_must_be_mapped():
    system = idx.IndexSystem(
        pillars=(
            idx.Pillar(id="a", name="Cyber security", weight=0.5),
            idx.Pillar(id="b", name="cyber-security", weight=0.5),
        )
    )
    with pytest.raises(TableError, match=r"'CYBER SECURITY' matches several pillars \(a, b\)"):
        _parse(
            _frame(["unit", "CYBER SECURITY", "b"], ["x", 1, 1]), system=system, unit_kind="other"
        )


def test_mixed_cells_infer_precision_from_text_and_numbers():
    frame = _frame(["unit", "a", "b"], ["x", "1.250", 2.5], ["y", 3, "4"])
    table = parse_table(
        frame, "<t>", text=False, mixed=True, row_of=[2, 3], system=SYSTEM, unit_kind="other"
    )
    assert table.subscores.tolist() == [[1.25, 2.5], [3.0, 4.0]]
    assert table.decimals == 3  # "1.250" is written with three decimals


def test_the_callers_frame_is_not_modified():
    frame = _wide(("Region", *DISPLAY_NAMES, "Total", "Rank"))
    frame[""] = np.nan
    before = frame.copy(deep=True)
    _parse(frame)
    pd.testing.assert_frame_equal(frame, before)


def test_non_string_headers():
    frame = pd.DataFrame([["x", 1.0, 2.0]], columns=["unit", 0, 1])
    table = _parse(frame, system=SYSTEM, unit_kind="other", columns={"0": "a", "1": "b"})
    assert table.subscores.tolist() == [[1.0, 2.0]]
