"""Bytes from a path or a buffer, and text from bytes: the encoding found, not assumed.

:func:`read_source` turns a path, a binary buffer or a text buffer into bytes or
text, with one :class:`~idx.errors.IdxError` for every way that can fail (no such
file, a directory, no permission, a buffer opened in the wrong mode).
:func:`decode` turns bytes into text: a byte-order mark says UTF-8 or UTF-16;
otherwise UTF-8 is tried, then GB18030 (the superset of GBK, the default of Chinese
Excel), and what was found is returned as a provenance :class:`~idx.provenance.Step`.
"""

from __future__ import annotations

import codecs
import os
from typing import IO, Any

from idx.errors import IdxError
from idx.provenance import Step
from idx.validation import got

__all__ = ["PathOrBuffer", "decode", "read_source", "read_text", "source_name"]

PathOrBuffer = str | os.PathLike[str] | IO[str] | IO[bytes]

# Tried in order when no encoding is given and no byte-order mark names one.
_FALLBACKS = ("utf-8", "gb18030")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: its mark starts the same way
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Longest path shown in a message: a path is a name, not a document.
_SHOWN_PATH = 200


def source_name(path_or_buffer: object, source: object = "") -> str:
    """How a path or buffer is named in messages: ``source`` if given, else the path,
    else the buffer's ``name``, else ``<buffer>``."""
    if source:
        if not isinstance(source, str):
            msg = f"'source' must be a string (got {type(source).__name__})"
            raise IdxError(msg)
        return source
    if isinstance(path_or_buffer, (str, os.PathLike)):
        name = os.fspath(path_or_buffer)
        name = name if isinstance(name, str) else repr(name)
    else:
        name = str(getattr(path_or_buffer, "name", "<buffer>"))
    return name if len(name) <= _SHOWN_PATH else f"{name[: _SHOWN_PATH - 3]}..."


def read_source(path_or_buffer: object, source: str, error: type[IdxError]) -> bytes | str:
    """The content of a path (as bytes) or of a buffer (bytes or text, as it reads).

    Raises ``error`` naming ``source`` for a missing file, a directory, an unreadable
    file, a buffer that cannot be read, or anything that is neither a path nor a buffer.
    """
    if isinstance(path_or_buffer, (str, os.PathLike)):
        return _read_path(path_or_buffer, source, error)
    read = getattr(path_or_buffer, "read", None)
    if not callable(read):
        hint = (
            "; wrap bytes in io.BytesIO" if isinstance(path_or_buffer, (bytes, bytearray)) else ""
        )
        msg = (
            f"the data must be a path or a file object opened for reading "
            f"(got {type(path_or_buffer).__name__}{hint})"
        )
        raise error(msg)
    try:
        content = read()
    except UnicodeDecodeError as exc:
        msg = (
            f"{source}: the buffer is not valid {exc.encoding} text; open the file in "
            "binary mode ('rb') and the encoding is detected"
        )
        raise error(msg) from None
    except (OSError, ValueError) as exc:  # closed, write-only, ...
        msg = f"{source}: cannot read the buffer ({_reason(exc)})"
        raise error(msg) from None
    if not isinstance(content, (str, bytes, bytearray)):
        msg = f"{source}: reading the buffer gave {type(content).__name__}, not text or bytes"
        raise error(msg)
    return bytes(content) if isinstance(content, bytearray) else content


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return str(reason).splitlines()[0][:100]


def _read_path(path: str | os.PathLike[Any], source: str, error: type[IdxError]) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        hint = ""
        if isinstance(path, str) and "\n" in path:
            hint = " (text rather than a path? wrap it in io.StringIO)"
        msg = f"{source}: no such file{hint}"
        raise error(msg) from None
    except IsADirectoryError:
        msg = f"{source}: is a directory, not a file"
        raise error(msg) from None
    except PermissionError:
        msg = f"{source}: cannot read file (permission denied)"
        raise error(msg) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL character in the path
        msg = f"{source}: cannot read file ({_reason(exc)})"
        raise error(msg) from None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(
    data: bytes | str, source: str, error: type[IdxError], encoding: str | None = None
) -> tuple[str, Step | None]:
    """Text from ``data``, and the step recording how it was decoded (``None`` for
    text that needed nothing).

    Parameters
    ----------
    data : bytes or str
        Text is taken as it is (a leading byte-order mark removed).
    source : str
        Named in messages.
    error : type of IdxError
    encoding : str, optional
        Decode with this (a leading byte-order mark is removed); otherwise a
        byte-order mark decides, else UTF-8, else GB18030.
    """
    if isinstance(data, str):
        text = data.removeprefix("\ufeff")
        if len(text) == len(data):
            return text, None  # nothing was decoded, nothing to record
        step = Step(
            "decode",
            f"removed a byte-order mark from the text of {source}",
            {"encoding": None, "bom": True, "detected": True},
        )
        return text, step
    if encoding is not None:
        return _decode_as(data, source, error, encoding)
    if b"\x00" in data[:4096] and not any(data.startswith(bom) for bom, _ in _BOMS):
        kind = "a zip archive (an .xlsx workbook?)" if data.startswith(b"PK\x03\x04") else "binary"
        msg = (
            f"{source}: not a text file ({kind}: it holds NUL bytes); an Excel workbook "
            "is read with idx.read_excel (--data book.xlsx)"
        )
        raise error(msg)
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = _strict(data, name, source, error)
            label = name.replace("-sig", "")
            step = Step(
                "decode",
                f"decoded {source} as {label.upper()} (found its byte-order mark)",
                {"encoding": label, "bom": True, "detected": True},
            )
            return text.removeprefix("\ufeff"), step
    for name in _FALLBACKS:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        why = "" if name == "utf-8" else " (not valid UTF-8)"
        step = Step(
            "decode",
            f"decoded {source} as {name.upper()}{why}",
            {"encoding": name, "bom": False, "detected": True},
        )
        return text, step
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _line_of(data, exc.start)
        msg = (
            f"{source}: line {line}: not UTF-8 text (byte {got(data[exc.start : exc.start + 1])}) "
            "nor GB18030/GBK; save it as UTF-8 or pass its encoding (encoding=, --encoding)"
        )
        raise error(msg) from None
    raise AssertionError  # pragma: no cover - UTF-8 succeeded above


def _strict(data: bytes, encoding: str, source: str, error: type[IdxError]) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = _line_of(data, exc.start)
        msg = f"{source}: line {line}: not valid {encoding.replace('-sig', '').upper()} text ({exc.reason})"
        raise error(msg) from None


def _decode_as(data: bytes, source: str, error: type[IdxError], encoding: str) -> tuple[str, Step]:
    if not isinstance(encoding, str):
        msg = f"'encoding' must be the name of a text encoding (got {got(encoding)})"
        raise error(msg)
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        msg = f"'encoding' must be the name of a text encoding, such as utf-8 or gbk (got {got(encoding)})"
        raise error(msg) from None
    if not getattr(info, "_is_text_encoding", True):
        msg = f"'encoding' must be a text encoding (got {got(encoding)}, a {info.name} codec)"
        raise error(msg)
    text = _strict(data, info.name, source, error).removeprefix("\ufeff")
    step = Step(
        "decode",
        f"decoded {source} as {info.name} (given)",
        {"encoding": info.name, "bom": data.startswith(codecs.BOM_UTF8), "detected": False},
    )
    return text, step


def read_text(
    path_or_buffer: object,
    source: str,
    error: type[IdxError],
    encoding: str | None = None,
) -> tuple[str, Step | None]:
    """:func:`read_source` then :func:`decode`: the text of a path or buffer."""
    return decode(read_source(path_or_buffer, source, error), source, error, encoding)
