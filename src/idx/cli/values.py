"""Reading option values as people type them: ``--n 1e6``, ``--weights 18%,16%,...``,
``--bounds application=20%:30%``, ``--schemes published,ahp:judgements.csv``.

Each reader is an ``argparse`` ``type=``: it checks the syntax only and raises
:class:`argparse.ArgumentTypeError` with a message that names the option
(``--n must be a whole number ...``); what needs the data (which pillars exist,
which units) is checked when the command runs. Like :mod:`idx.cli.parsers`, this
module imports nothing numerical, so argument errors answer at once.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable
from typing import NamedTuple

__all__ = [
    "SCHEME_ARGUMENTS",
    "SchemeSpec",
    "bounds",
    "count",
    "counts",
    "name_list",
    "nonempty",
    "number",
    "scheme_list",
    "seed",
    "share",
    "weights",
]

_SHOWN = 60
_NUMBER = re.compile(r"^[+-]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_PERCENT = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*%$")

#: What each scheme takes after its colon in ``--schemes`` (None: nothing).
SCHEME_ARGUMENTS: dict[str, str | None] = {
    "published": None,
    "equal": None,
    "entropy": None,
    "critic": None,
    "std": None,
    "pca": None,
    "ahp": "FILE, a CSV of pairwise comparisons in pillar order",
    "roc": "the importance order, pillars separated by '/', most important first",
    "rank_sum": "the importance order, pillars separated by '/', most important first",
    "bod": "a spread such as 0.25 or 25% (optional; default: unrestricted weights)",
}
# schemes whose argument is required
_REQUIRED = ("ahp", "roc", "rank_sum")


def _shown(text: str) -> str:
    shown = repr(text)
    return shown if len(shown) <= _SHOWN else f"{shown[: _SHOWN - 3]}..."


def _fail(message: str) -> argparse.ArgumentTypeError:
    return argparse.ArgumentTypeError(message)


def count(option: str) -> Callable[[str], int]:
    """A positive whole number, written ``100000``, ``100_000`` or ``1e6`` (not ``1.5``)."""

    def read(text: str) -> int:
        stripped = text.strip()
        rule = (
            f"{option} must be a positive whole number such as 100000 or 1e6 (got {_shown(text)})"
        )
        if not _NUMBER.match(stripped):
            raise _fail(rule)
        try:
            value = int(stripped)
        except ValueError:
            real = float(stripped.replace("_", ""))
            # 1e6 is a whole number; 1.5 and 1e400 (inf) are not
            if not math.isfinite(real) or not real.is_integer():
                raise _fail(rule) from None
            value = int(real)
        if value < 1:
            raise _fail(rule)
        return value

    return read


def counts(option: str) -> Callable[[str], tuple[int, ...]]:
    """Comma-separated positive whole numbers, e.g. ``--top 1,3,10``."""
    one = count(option)

    def read(text: str) -> tuple[int, ...]:
        parts = [p.strip() for p in text.split(",")]
        if not all(parts):
            msg = f"{option} must list positive whole numbers separated by commas (got {_shown(text)})"
            raise _fail(msg)
        return tuple(one(p) for p in parts)

    return read


def seed(text: str) -> int:
    """``--seed``: a whole number >= 0."""
    stripped = text.strip()
    if not re.fullmatch(r"\+?\d[\d_]*", stripped):
        msg = f"--seed must be a whole number >= 0 (got {_shown(text)})"
        raise _fail(msg)
    return int(stripped)


def _real(text: str) -> float | None:
    stripped = text.strip()
    if not _NUMBER.match(stripped):
        return None
    value = float(stripped.replace("_", ""))
    return value if math.isfinite(value) else None


def number(option: str) -> Callable[[str], float]:
    """A finite real number, e.g. ``--power -1``."""

    def read(text: str) -> float:
        value = _real(text)
        if value is None:
            msg = f"{option} must be a finite number (got {_shown(text)})"
            raise _fail(msg)
        return value

    return read


def _share(text: str) -> float | None:
    stripped = text.strip()
    match = _PERCENT.match(stripped)
    if match is not None:
        value = float(match.group(1))
        return value / 100.0 if math.isfinite(value) else None
    return _real(stripped)


def share(option: str) -> Callable[[str], float]:
    """A share written ``0.25`` or ``25%``; the range is checked by the library."""

    def read(text: str) -> float:
        value = _share(text)
        if value is None:
            msg = f"{option} must be a number such as 0.25 or a percentage such as 25% (got {_shown(text)})"
            raise _fail(msg)
        return value

    return read


def nonempty(option: str) -> Callable[[str], str]:
    """Text that names something: not empty, not only spaces."""

    def read(text: str) -> str:
        if not text.strip():
            msg = f"{option} must name something (got {_shown(text)})"
            raise _fail(msg)
        return text.strip()

    return read


def name_list(option: str, sep: str = ",") -> Callable[[str], tuple[str, ...]]:
    """Names separated by ``sep``, none of them empty: ``--fixed security,regulation``."""

    def read(text: str) -> tuple[str, ...]:
        parts = tuple(p.strip() for p in text.split(sep))
        if not all(parts):
            msg = f"{option} must list names separated by {sep!r}, none empty (got {_shown(text)})"
            raise _fail(msg)
        return parts

    return read


def bounds(text: str) -> dict[str, tuple[float | str, float | str]]:
    """``--bounds application=0.2:0.3,security=10%:15%``: pillar -> (low, high).

    Numbers become floats; percentages stay text (``"10%"``), which the library reads.
    """
    out: dict[str, tuple[float | str, float | str]] = {}
    for part in text.split(","):
        pillar, eq, rest = part.partition("=")
        low, colon, high = rest.partition(":")
        if not (eq and colon and pillar.strip()) or _share(low) is None or _share(high) is None:
            msg = (
                "--bounds must be pillar=low:high pairs separated by commas, such as "
                f"application=0.2:0.3 or application=20%:30% (got {_shown(part.strip())})"
            )
            raise _fail(msg)
        key = pillar.strip()
        if key in out:
            msg = f"--bounds names pillar {key!r} twice"
            raise _fail(msg)
        out[key] = (_bound(low), _bound(high))
    return out


def choice_list(option: str) -> Callable[[str], dict[str, float] | list[str]]:
    """Discrete choices with probabilities, ``arithmetic=0.5,power:2=50%``, or equally
    likely ones, ``minmax,zscore``. Names and sums are checked by the library."""

    def read(text: str) -> dict[str, float] | list[str]:
        parts = [p.strip() for p in text.split(",")]
        if not all(parts):
            msg = f"{option} must list choices separated by commas, none empty (got {_shown(text)})"
            raise _fail(msg)
        if not any("=" in p for p in parts):
            return parts
        out: dict[str, float] = {}
        for part in parts:
            name, eq, value = part.partition("=")
            probability = _share(value) if eq else None
            if not name.strip() or probability is None:
                msg = (
                    f"{option} must give every choice a probability, such as "
                    f"arithmetic=0.5,geometric=50% (got {_shown(part)})"
                )
                raise _fail(msg)
            if name.strip() in out:
                msg = f"{option} names {name.strip()!r} twice"
                raise _fail(msg)
            out[name.strip()] = probability
        return out

    return read


def group(text: str) -> tuple[str, tuple[str, ...]]:
    """``--group data=rounding+noise``: a named Sobol factor group and its members."""
    name, eq, members = text.partition("=")
    parts = tuple(p.strip() for p in members.split("+"))
    if not (eq and name.strip() and all(parts)):
        msg = f"--group must be NAME=FACTOR+FACTOR..., such as data=rounding+noise (got {_shown(text)})"
        raise _fail(msg)
    return name.strip(), parts


class NoiseSize(NamedTuple):
    """``--noise`` as read: the size(s), and whether they were written as percentages
    (a share of the index: relative noise)."""

    size: float | dict[str, float]
    percent: bool


def noise(text: str) -> NoiseSize:
    """``--noise``: one size for every pillar (``2`` index points, or ``5%``, a share of
    the index), or sizes per pillar (``application=2,security=1``); percentages and
    plain numbers are not mixed."""
    parts = [p.strip() for p in text.split(",")]
    percent = [bool(_PERCENT.match(p.partition("=")[2] if "=" in p else p)) for p in parts]
    if any(percent) and not all(percent):
        msg = f"--noise must not mix percentages and index points (got {_shown(text)})"
        raise _fail(msg)
    if len(parts) == 1 and "=" not in parts[0]:
        value = _share(parts[0])
        if value is None or value < 0:
            msg = f"--noise must be a size >= 0 such as 2 or 5%, or pillar=size pairs (got {_shown(text)})"
            raise _fail(msg)
        return NoiseSize(value, percent[0])
    out: dict[str, float] = {}
    for part in parts:
        pillar, eq, size = part.partition("=")
        value = _share(size) if eq else None
        if not pillar.strip() or value is None or value < 0:
            msg = f"--noise must be pillar=size pairs separated by commas, such as application=2 (got {_shown(part)})"
            raise _fail(msg)
        out[pillar.strip()] = value
    return NoiseSize(out, percent[0])


def _bound(text: str) -> float | str:
    # the library takes a number, or a percentage as text; it never reads "0.2" as text
    stripped = text.strip()
    if _PERCENT.match(stripped):
        return stripped
    value = _real(stripped)
    assert value is not None  # checked by the caller
    return value


def weights(text: str) -> str | dict[str, float | str] | list[float | str]:
    """``--weights``: a name, ``pillar=value`` pairs, or one value per pillar.

    Returns the name (``"published"``, ``"equal"``, ``"entropy"``, ...) as text, a
    mapping for pairs, or a list for a bare vector; each value a float, or text such
    as ``"35%"`` that the library reads as a percentage.
    """
    stripped = text.strip()
    if not stripped:
        msg = "--weights must not be empty"
        raise _fail(msg)
    parts = [p.strip() for p in stripped.split(",")]
    if "=" in stripped:
        pairs: dict[str, float | str] = {}
        for part in parts:
            key, eq, value = part.partition("=")
            key = key.strip()
            if not eq or not key:
                msg = (
                    "--weights: pairs must be written pillar=value and separated by commas "
                    f"(got {_shown(part)})"
                )
                raise _fail(msg)
            if key in pairs:
                msg = f"--weights: pillar {key!r} is given twice"
                raise _fail(msg)
            pairs[key] = _weight(value, f"weight of pillar {key!r}")
        return pairs
    if len(parts) > 1 or _share(stripped) is not None:
        return [_weight(p, f"weight {k + 1}") for k, p in enumerate(parts)]
    return stripped


def _weight(text: str, subject: str) -> float | str:
    stripped = text.strip()
    if _PERCENT.match(stripped):
        return stripped
    value = _real(stripped)
    if value is None:
        msg = f"--weights: {subject} must be a number or a percentage such as 35% (got {_shown(stripped)})"
        raise _fail(msg)
    return value


class SchemeSpec(NamedTuple):
    """One scheme of ``--schemes``: its name, its argument (or None) and its label."""

    name: str
    argument: str | None
    text: str


def scheme_list(text: str) -> tuple[SchemeSpec, ...]:
    """``--schemes``: ``NAME[:ARGUMENT]`` items separated by commas.

    ``ahp:FILE`` (pairwise comparisons), ``roc:P1/P2/...`` and ``rank_sum:P1/P2/...``
    (importance order, most important first, pillars separated by ``/``) and
    ``bod[:SPREAD]`` take an argument; the other schemes take none.
    """
    specs: list[SchemeSpec] = []
    for raw in text.split(","):
        item = raw.strip()
        name, colon, argument = item.partition(":")
        name = name.strip().lower()
        if not item:
            msg = (
                f"--schemes must list schemes separated by commas, none empty (got {_shown(text)})"
            )
            raise _fail(msg)
        if name not in SCHEME_ARGUMENTS:
            msg = (
                f"--schemes: unknown scheme {name!r}; expected one of {', '.join(SCHEME_ARGUMENTS)}"
            )
            raise _fail(msg)
        takes = SCHEME_ARGUMENTS[name]
        if colon and takes is None:
            msg = f"--schemes: {name} takes no argument (got {_shown(item)})"
            raise _fail(msg)
        if takes is not None and name in _REQUIRED and not argument.strip():
            msg = f"--schemes: {name} needs {name}:ARGUMENT, where ARGUMENT is {takes} (got {_shown(item)})"
            raise _fail(msg)
        if name == "bod" and colon and _share(argument) is None:
            msg = f"--schemes: the spread in bod:SPREAD must be a number such as 0.25 or 25% (got {_shown(item)})"
            raise _fail(msg)
        specs.append(SchemeSpec(name, argument.strip() if colon else None, item))
    return tuple(specs)
