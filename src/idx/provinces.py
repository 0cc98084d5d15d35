"""Registry of China's 31 provincial-level divisions assessed by the report.

Each province has a canonical English name (as the report spells it, with
``Xizang`` for the report's ``Xizang (Tibet)``), its Chinese name, its ISO
3166-2:CN code and aliases. Lookups ignore case, surrounding and repeated
white space, so ``" inner  MONGOLIA "`` finds Inner Mongolia.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from idx.errors import UnknownUnitError
from idx.options import UnitKind
from idx.validation import got

__all__ = [
    "NATIONAL_LABELS",
    "PROVINCES",
    "Province",
    "canonical_province",
    "is_national",
    "lookup_province",
    "unit_name",
]


@dataclass(frozen=True)
class Province:
    """One provincial-level division.

    Attributes
    ----------
    name : str
        Canonical English name, e.g. ``"Xizang"``.
    chinese : str
        Short Chinese name, e.g. ``"西藏"``.
    iso : str
        ISO 3166-2:CN code, e.g. ``"CN-XZ"``.
    gb : str
        Former numeric ISO 3166-2:CN code (GB/T 2260 prefix), e.g. ``"CN-54"``.
    aliases : tuple of str
        Further accepted spellings.
    """

    name: str
    chinese: str
    iso: str
    gb: str
    aliases: tuple[str, ...] = ()

    def labels(self) -> tuple[str, ...]:
        """Every label that identifies this province."""
        return (self.name, self.chinese, self.iso, self.gb, self.iso[3:], *self.aliases)


# Full official Chinese names are aliases, so tables using 省/市/自治区 suffixes load.
PROVINCES: tuple[Province, ...] = (
    Province("Beijing", "北京", "CN-BJ", "CN-11", ("北京市", "Peking")),
    Province("Tianjin", "天津", "CN-TJ", "CN-12", ("天津市",)),
    Province("Hebei", "河北", "CN-HE", "CN-13", ("河北省",)),
    Province("Shanxi", "山西", "CN-SX", "CN-14", ("山西省",)),
    Province(
        "Inner Mongolia",
        "内蒙古",
        "CN-NM",
        "CN-15",
        ("Nei Mongol", "Neimenggu", "Inner Mongolia Autonomous Region", "内蒙古自治区"),
    ),
    Province("Liaoning", "辽宁", "CN-LN", "CN-21", ("辽宁省",)),
    Province("Jilin", "吉林", "CN-JL", "CN-22", ("吉林省",)),
    Province("Heilongjiang", "黑龙江", "CN-HL", "CN-23", ("黑龙江省",)),
    Province("Shanghai", "上海", "CN-SH", "CN-31", ("上海市",)),
    Province("Jiangsu", "江苏", "CN-JS", "CN-32", ("江苏省",)),
    Province("Zhejiang", "浙江", "CN-ZJ", "CN-33", ("浙江省",)),
    Province("Anhui", "安徽", "CN-AH", "CN-34", ("安徽省",)),
    Province("Fujian", "福建", "CN-FJ", "CN-35", ("福建省",)),
    Province("Jiangxi", "江西", "CN-JX", "CN-36", ("江西省",)),
    Province("Shandong", "山东", "CN-SD", "CN-37", ("山东省",)),
    Province("Henan", "河南", "CN-HA", "CN-41", ("河南省",)),
    Province("Hubei", "湖北", "CN-HB", "CN-42", ("湖北省",)),
    Province("Hunan", "湖南", "CN-HN", "CN-43", ("湖南省",)),
    Province("Guangdong", "广东", "CN-GD", "CN-44", ("广东省",)),
    Province(
        "Guangxi",
        "广西",
        "CN-GX",
        "CN-45",
        ("Guangxi Zhuang", "Guangxi Zhuang Autonomous Region", "广西壮族自治区"),
    ),
    Province("Hainan", "海南", "CN-HI", "CN-46", ("海南省",)),
    Province("Chongqing", "重庆", "CN-CQ", "CN-50", ("重庆市",)),
    Province("Sichuan", "四川", "CN-SC", "CN-51", ("四川省",)),
    Province("Guizhou", "贵州", "CN-GZ", "CN-52", ("贵州省",)),
    Province("Yunnan", "云南", "CN-YN", "CN-53", ("云南省",)),
    Province(
        "Xizang",
        "西藏",
        "CN-XZ",
        "CN-54",
        ("Xizang (Tibet)", "Tibet", "Xizang Autonomous Region", "西藏自治区"),
    ),
    Province("Shaanxi", "陕西", "CN-SN", "CN-61", ("陕西省",)),
    Province("Gansu", "甘肃", "CN-GS", "CN-62", ("甘肃省",)),
    Province("Qinghai", "青海", "CN-QH", "CN-63", ("青海省",)),
    Province(
        "Ningxia",
        "宁夏",
        "CN-NX",
        "CN-64",
        ("Ningxia Hui", "Ningxia Hui Autonomous Region", "宁夏回族自治区"),
    ),
    Province(
        "Xinjiang",
        "新疆",
        "CN-XJ",
        "CN-65",
        (
            "Xinjiang Uygur",
            "Xinjiang Uyghur",
            "Xinjiang Uygur Autonomous Region",
            "新疆维吾尔自治区",
        ),
    ),
)


#: Labels of a row for the whole country, the national reference the provinces are
#: calibrated to (China's 41.8 in 2017): a reader takes such a row as the edition's
#: ``national_score``, not as a province.
NATIONAL_LABELS: tuple[str, ...] = (
    "China",
    "National",
    "Nationwide",
    "National average",
    "Whole country",
    "All China",
    "PRC",
    "People's Republic of China",
    "CN",
    "全国",
    "中国",
    "全国平均",
    "全国平均水平",
)

# No province label is longer than this: a longer one is not worth comparing letter by
# letter (difflib is quadratic), and a 50 MB cell must not become a 50 MB message.
_LONGEST_COMPARED = 100


def _key(label: str) -> str:
    return " ".join(label.split()).casefold()


_NATIONAL_KEYS = frozenset(_key(label) for label in NATIONAL_LABELS)


def is_national(label: object) -> bool:
    """Whether ``label`` names the whole country (``"China"``, ``"全国"``, ``"National"``, ...).

    Case and white space are ignored, as in :func:`lookup_province`.
    """
    return isinstance(label, str) and _key(label) in _NATIONAL_KEYS


def _build_index() -> dict[str, Province]:
    index: dict[str, Province] = {}
    for province in PROVINCES:
        for label in province.labels():
            key = _key(label)
            other = index.get(key)
            if other is not None and other is not province:  # pragma: no cover - data bug
                msg = f"registry label {label!r} names both {other.name} and {province.name}"
                raise AssertionError(msg)
            index[key] = province
    return index


_INDEX = _build_index()


def lookup_province(label: str) -> Province:
    """Find a province by any of its names, codes or aliases.

    Parameters
    ----------
    label : str
        English or Chinese name, alias, or ISO 3166-2:CN code (``"CN-XZ"``,
        ``"XZ"`` or the former numeric ``"CN-54"``). Case and white space are ignored.

    Returns
    -------
    Province

    Raises
    ------
    UnknownUnitError
        If no province has that label; the message suggests the closest names.
    """
    if not isinstance(label, str):
        msg = f"province label must be a string (got {got(label)})"
        raise UnknownUnitError(msg)
    found = _INDEX.get(_key(label))
    if found is not None:
        return found
    if is_national(label):
        msg = (
            f"{label!r} names the whole country, not a province; give its score as "
            "national_score (a table's national row is read as that)"
        )
        raise UnknownUnitError(msg)
    close = []
    if len(label) <= _LONGEST_COMPARED:
        close = difflib.get_close_matches(_key(label), list(_INDEX), n=3, cutoff=0.6)
    names = list(dict.fromkeys(_INDEX[c].name for c in close))
    hint = f"; did you mean {' or '.join(repr(n) for n in names)}?" if names else ""
    msg = f"unknown province {got(label)}{hint}"
    raise UnknownUnitError(msg)


def unit_name(label: str, unit_kind: UnitKind, where: str) -> str:
    """The name a table's unit label stands for: a province's canonical name, or (for
    ``unit_kind="other"``) the label with its white space folded. ``where`` prefixes
    the message of an unknown province."""
    if unit_kind == "other":
        return " ".join(label.split())
    try:
        return lookup_province(label).name
    except UnknownUnitError as exc:
        raise UnknownUnitError(f"{where}: {exc}") from None


def canonical_province(label: str) -> str:
    """Return the canonical English name of the province labelled ``label``."""
    return lookup_province(label).name
