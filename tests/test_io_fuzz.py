"""Random bytes and random text given to every reader raise IdxError and nothing else."""

from __future__ import annotations

import contextlib
import io

from hypothesis import given
from hypothesis import strategies as st

import idx
from idx.io import read_matrix
from report_2017 import PILLARS

HEADERS = [
    "",
    "region," + ",".join(PILLARS) + ",total,rank\n",
    "unit;pillar;value\n",
    "pillar_id,name,weight\n",
]
# Pieces of real tables, so the random text also reaches the cell and row parsers.
PIECES = st.sampled_from(
    [
        "Guangdong",
        "Beijing",
        "China",
        "全国",
        "Internet application",
        "application",
        "region",
        "Total",
        "rank",
        ",",
        ";",
        "\t",
        " ",
        "\n",
        "\r\n",
        '"',
        "\ufeff",
        "5.75",
        "5,75",
        "5. 75",
        "1/3",
        "1/0",
        "1e309",
        "1e20",
        "9" * 40,
        "nan",
        "-1",
        "",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=200),
    st.tuples(st.sampled_from(HEADERS), st.lists(PIECES, max_size=60)).map(
        lambda t: t[0] + "".join(t[1])
    ),
)
BYTES = st.one_of(
    st.binary(max_size=200),
    TEXTS.map(lambda t: t.encode("utf-8")),
    TEXTS.map(lambda t: t.encode("gb18030")),
    st.binary(max_size=200).map(lambda b: b"PK\x03\x04" + b),
)


def _only_idx_errors(read, *args, **kwargs):
    with contextlib.suppress(idx.IdxError):
        read(*args, **kwargs)


def _every_reader(source):
    """Call every reader on a fresh buffer (or the same path) made by ``source()``."""
    _only_idx_errors(idx.read_csv, source())
    _only_idx_errors(idx.read_csv, source(), values="index", layout="long")
    _only_idx_errors(idx.read_csv, source(), unit_kind="other")
    _only_idx_errors(idx.read_system_csv, source())
    _only_idx_errors(read_matrix, source())
    _only_idx_errors(idx.read_report_text, source())
    _only_idx_errors(idx.read_excel, source())


@given(BYTES)
def test_random_bytes_raise_only_idx_errors(data):
    _every_reader(lambda: io.BytesIO(data))


@given(TEXTS)
def test_random_text_raises_only_idx_errors(text):
    _every_reader(lambda: io.StringIO(text))
    _only_idx_errors(idx.parse_report_table, text)
    _only_idx_errors(idx.parse_report_table, text, unit_kind="other", values="index")


@given(st.one_of(BYTES, TEXTS.map(lambda t: t.encode("utf-16"))))
def test_random_files_raise_only_idx_errors(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "data.csv"
    path.write_bytes(data)
    _every_reader(lambda: path)
    _only_idx_errors(idx.read_csv, str(path), encoding="gbk")
