"""idx.io.text: bytes from paths and buffers, text from bytes with the encoding found."""

from __future__ import annotations

import codecs
import io

import pytest

from idx.errors import TableError
from idx.io.text import decode, read_source, source_name

CHINESE = "省份,互联网应用\n广东,16.27\n"


def _decode(data, encoding=None):
    return decode(data, "t.csv", TableError, encoding)


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        (CHINESE.encode("utf-8"), "utf-8", False),
        (codecs.BOM_UTF8 + CHINESE.encode("utf-8"), "utf-8", True),
        (CHINESE.encode("gbk"), "gb18030", False),
        (CHINESE.encode("gb18030"), "gb18030", False),
        (CHINESE.encode("utf-16"), "utf-16", True),  # Excel's "Unicode text"
        (CHINESE.encode("utf-32"), "utf-32", True),
    ],
)
def test_detected_encodings(data, encoding, bom):
    text, step = _decode(data)
    assert text == CHINESE
    assert step.action == "decode"
    assert step.parameters == {"encoding": encoding, "bom": bom, "detected": True}


def test_text_is_taken_as_it_is_but_for_a_byte_order_mark():
    assert _decode(CHINESE) == (CHINESE, None)
    text, step = _decode("\ufeff" + CHINESE)
    assert text == CHINESE and step.parameters["bom"] is True


def test_given_encoding():
    traditional = "省份,網絡安全\n廣東,3.83\n"
    text, step = _decode(traditional.encode("big5"), "big5")
    assert text == traditional
    assert step.parameters == {"encoding": "big5", "bom": False, "detected": False}
    text, _ = _decode(codecs.BOM_UTF8 + b"a,b\n", "utf-8")
    assert text == "a,b\n"


@pytest.mark.parametrize(
    ("encoding", "message"),
    [
        (
            "klingon",
            r"'encoding' must be the name of a text encoding, such as utf-8 or gbk \(got 'klingon'\)",
        ),
        ("rot13", r"'encoding' must be a text encoding \(got 'rot13'"),
        (3, r"'encoding' must be the name of a text encoding \(got 3\)"),
    ],
)
def test_bad_encodings(encoding, message):
    with pytest.raises(TableError, match=message):
        _decode(b"a,b\n", encoding)


def test_undecodable_text_names_its_line():
    data = b"a,b\n1,2\n\x81\xff,3\n"  # neither UTF-8 nor GB18030 (0xFF never leads a character)
    with pytest.raises(
        TableError,
        match=r"^t.csv: line 3: not UTF-8 text \(byte b'\\x81'\) nor GB18030/GBK; save it as UTF-8 or pass its encoding",
    ):
        _decode(data)
    with pytest.raises(TableError, match=r"t.csv: line 1: not valid UTF-8 text"):
        _decode(b"\xff\xfe"[:1] + b"abc", "utf-8")


def test_binary_content_is_named():
    with pytest.raises(TableError, match=r"not a text file \(binary: it holds NUL bytes\)"):
        _decode(b"a\x00b")
    with pytest.raises(TableError, match=r"a zip archive \(an .xlsx workbook\?\)"):
        _decode(b"PK\x03\x04\x00\x00")


def test_read_source_paths_and_buffers(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"x\n")
    assert read_source(path, "a", TableError) == b"x\n"
    assert read_source(str(path), "a", TableError) == b"x\n"
    assert read_source(io.BytesIO(b"x\n"), "a", TableError) == b"x\n"
    assert read_source(io.StringIO("x\n"), "a", TableError) == "x\n"
    with path.open("rb") as handle:
        assert read_source(handle, "a", TableError) == b"x\n"


def test_read_source_failures(tmp_path, monkeypatch):
    with pytest.raises(TableError, match=r"^d: is a directory, not a file$"):
        read_source(tmp_path, "d", TableError)
    with pytest.raises(TableError, match=r"^m: no such file$"):
        read_source(tmp_path / "missing.csv", "m", TableError)
    with pytest.raises(TableError, match=r"^n: cannot read file \(embedded null byte\)$"):
        read_source("a\x00b", "n", TableError)
    path = tmp_path / "gbk.csv"
    path.write_bytes(CHINESE.encode("gbk"))
    with (
        path.open(encoding="utf-8") as handle,
        pytest.raises(
            TableError,
            match=r"^g: the buffer is not valid utf-8 text; open the file in binary mode",
        ),
    ):
        read_source(handle, "g", TableError)
    closed = io.BytesIO(b"x")
    closed.close()
    with pytest.raises(
        TableError, match=r"^c: cannot read the buffer \(I/O operation on closed file"
    ):
        read_source(closed, "c", TableError)

    class Odd:
        def read(self):
            return 42

    with pytest.raises(TableError, match=r"reading the buffer gave int, not text or bytes"):
        read_source(Odd(), "o", TableError)


def test_source_names_are_short():
    assert source_name("scores.csv") == "scores.csv"
    assert source_name(io.StringIO("x")) == "<buffer>"
    assert source_name(io.StringIO("x"), "mine") == "mine"
    long = source_name("x" * 10_000)
    assert len(long) == 200 and long.endswith("...")
