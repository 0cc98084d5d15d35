from __future__ import annotations

import pytest

import idx
from idx.provinces import NATIONAL_LABELS, PROVINCES, is_national, lookup_province


def test_registry_has_31_unique_provinces_and_codes():
    assert len(PROVINCES) == 31
    assert len({p.name for p in PROVINCES}) == 31
    assert len({p.iso for p in PROVINCES}) == 31
    assert len({p.chinese for p in PROVINCES}) == 31
    assert all(p.iso.startswith("CN-") and len(p.iso) == 5 for p in PROVINCES)


def test_the_2017_units_are_exactly_the_registry():
    assert set(idx.load_2017().units) == {p.name for p in PROVINCES}


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("Xizang (Tibet)", "Xizang"),
        ("Tibet", "Xizang"),
        ("  xizang   (TIBET) ", "Xizang"),
        ("Nei Mongol", "Inner Mongolia"),
        ("inner  mongolia", "Inner Mongolia"),
        ("内蒙古", "Inner Mongolia"),
        ("广东省", "Guangdong"),
        ("CN-SN", "Shaanxi"),
        ("cn-sx", "Shanxi"),
        ("CN-54", "Xizang"),
        ("HI", "Hainan"),
        ("新疆维吾尔自治区", "Xinjiang"),
    ],
)
def test_lookup(label, name):
    assert lookup_province(label).name == name


def test_unknown_name_suggests_close_matches():
    with pytest.raises(
        idx.UnknownUnitError, match=r"unknown province 'Shanxii'; did you mean 'Shanxi'"
    ):
        lookup_province("Shanxii")
    with pytest.raises(idx.UnknownUnitError, match=r"unknown province 'Atlantis'$"):
        lookup_province("Atlantis")
    with pytest.raises(idx.UnknownUnitError, match="must be a string"):
        lookup_province(None)  # type: ignore[arg-type]


def test_errors_are_value_errors():
    assert issubclass(idx.UnknownUnitError, idx.IdxError)
    assert issubclass(idx.IdxError, ValueError)


@pytest.mark.parametrize(
    "label", ["China", "全国", "National", " NATIONAL  average ", "中国", "PRC"]
)
def test_national_labels(label):
    assert is_national(label)
    with pytest.raises(
        idx.UnknownUnitError,
        match=r"names the whole country, not a province; give its score as national_score",
    ):
        lookup_province(label)


def test_no_national_label_names_a_province():
    for label in NATIONAL_LABELS:
        assert not any(label.casefold() in map(str.casefold, p.labels()) for p in PROVINCES)
    assert not is_national("Beijing") and not is_national(None)


def test_messages_about_huge_labels_stay_short():
    with pytest.raises(idx.UnknownUnitError) as info:
        lookup_province("x" * 50_000_000)
    assert len(str(info.value)) < 100 and str(info.value).endswith("...")
