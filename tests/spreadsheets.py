"""Table 2 written the ways people export it, for the reader tests.

Every fixture is written here from the hand transcription in ``report_2017.py``, so a
test that reads one back compares the reader with the report, not with itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from report_2017 import PILLARS, TABLE_2, WEIGHTS_2017

#: Table 1's display names of the pillars, in order.
DISPLAY_NAMES = (
    "Infrastructure construction",
    "Innovation capacity",
    "Development of digital economy",
    "Internet application",
    "Cyber security",
    "Cyber regulation",
)
#: Chinese headers a Chinese export would carry (pillars, then total and rank).
CHINESE_PILLARS = ("基础设施建设", "创新能力", "数字经济发展", "互联网应用", "网络安全", "网络治理")
CHINESE_MAPPING = dict(zip(CHINESE_PILLARS, PILLARS, strict=True))

HEADER = ("region", *PILLARS, "total", "rank")


def table_rows(
    *, decimal: str = ".", labels: Sequence[str] | None = None, index: bool = False
) -> list[list[str]]:
    """TABLE_2 as text cells: region, six figures, total, rank.

    ``index=True`` writes the 0-100 pillar indices (sub-score / weight, 17 digits)
    instead of the sub-scores.
    """
    rows = []
    for k, (rank, region, subscores, total) in enumerate(TABLE_2):
        if index:
            figures = [repr(s / w) for s, w in zip(subscores, WEIGHTS_2017, strict=True)]
        else:
            figures = [f"{s:.2f}" for s in subscores]
        cells = [*figures, f"{total:.2f}"]
        if decimal != ".":
            cells = [c.replace(".", decimal) for c in cells]
        label = region if labels is None else labels[k]
        rows.append([label, *cells, str(rank)])
    return rows


def write_table(
    path: Path,
    header: Sequence[str] = HEADER,
    rows: list[list[str]] | None = None,
    *,
    sep: str = ",",
    encoding: str = "utf-8",
    bom: bool = False,
    line_end: str = "\n",
) -> Path:
    """Write ``header`` and ``rows`` (default: TABLE_2) as a delimited text file."""
    body = table_rows() if rows is None else rows
    text = line_end.join(sep.join(row) for row in [list(header), *body]) + line_end
    data = text.encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path
