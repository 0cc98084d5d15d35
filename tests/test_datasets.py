from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import idx
from report_2017 import PILLARS, TABLE_2, WEIGHTS_2017, assert_matches_table_2

ROOT = Path(__file__).resolve().parents[1]


def test_system_2017_is_table_1():
    assert idx.SYSTEM_2017.ids == PILLARS
    assert tuple(float(w) for w in idx.SYSTEM_2017.weights) == WEIGHTS_2017
    statuses = {p.id: p.weight_status for p in idx.SYSTEM_2017}
    # The digital-economy weight is lost in the source and deduced as 100% - 84%.
    assert statuses.pop("digital_economy") == "deduced"
    assert set(statuses.values()) == {"published"}
    assert 1.0 - sum(
        w for p, w in zip(PILLARS, WEIGHTS_2017, strict=True) if p != "digital_economy"
    ) == (pytest.approx(0.16, abs=1e-12))


def test_all_31_x_7_values_match_table_2():
    edition = idx.load_2017()
    assert_matches_table_2(edition)


def test_metadata():
    edition = idx.load_2017()
    assert edition.year == 2017
    assert edition.national_score == 41.8
    assert edition.decimals == 2
    assert edition.unit_kind == "province"
    assert "Xizang" in edition.units and "Xizang (Tibet)" not in edition.units
    assert "deduced" in edition.source


def test_load_2017_is_immutable():
    edition = idx.load_2017()
    with pytest.raises(ValueError, match="read-only"):
        edition.subscores[0, 0] = 0.0
    with pytest.raises(AttributeError):
        edition.year = 2018  # type: ignore[misc]


@pytest.mark.parametrize(
    "name", ["table1_index_system_2017.csv", "table2_scores_2017.csv", "table2_raw_2017.txt"]
)
def test_package_data_is_the_seeds(name):
    shipped = ROOT / "src" / "idx" / "data" / name
    assert shipped.read_bytes() == (ROOT / "seeds" / name).read_bytes()


def test_raw_table_is_verbatim_from_the_source_document():
    source = ROOT.parent / "shared" / "seeds" / "004_a81e6d52aa2df9a3.txt"
    if not source.exists():
        pytest.skip("shared/seeds is not beside this checkout")
    raw = idx.raw_table_2017()
    assert raw in source.read_text(encoding="utf-8")
    assert "5. 75" in raw and "Xizang (Tibet)" in raw


def test_indices_are_subscores_over_weights():
    edition = idx.load_2017()
    weights = np.array(WEIGHTS_2017)
    expected = np.array([s for _, _, s, _ in TABLE_2]) / weights
    np.testing.assert_allclose(edition.index_array, expected, rtol=0, atol=1e-12)
    # Beijing's Internet application: 18.93 points of a possible 25 -> index 75.72.
    assert edition.indices.loc["Beijing", "application"] == pytest.approx(75.72, abs=1e-12)


def test_the_readers_default_to_the_2017_system(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["region", *PILLARS, "total", "rank"])
    for rank, region, subscores, total in TABLE_2:
        sheet.append([region, *subscores, total, rank])
    book.save(tmp_path / "t2.xlsx")
    assert_matches_table_2(idx.read_excel(tmp_path / "t2.xlsx"))
    (tmp_path / "t2.txt").write_text(idx.raw_table_2017(), encoding="utf-8")
    assert_matches_table_2(idx.read_report_text(tmp_path / "t2.txt"))
    assert idx.read_excel.__doc__ == idx.io.read_excel.__doc__
