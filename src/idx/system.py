"""The index system: ordered pillars with ids, names and weights (the report's Table 1)."""

from __future__ import annotations

import math
import re
from collections.abc import Hashable, Iterator, Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from idx.cells import Cells
from idx.errors import IdxError, IndexSystemError
from idx.tolerances import WEIGHT_SUM_TOLERANCE
from idx.validation import finite_number, real_number

__all__ = ["WEIGHT_SUM_TOLERANCE", "IndexSystem", "Indicator", "Pillar", "parse_system_table"]

_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _reraise(exc: ValidationError, what: str) -> IndexSystemError:
    """Turn pydantic's report into one idx message, keeping our own wording where we wrote it."""
    parts = []
    for err in exc.errors(include_url=False):
        original = (err.get("ctx") or {}).get("error")
        if isinstance(original, Exception):
            parts.append(str(original))
            continue
        loc = ".".join(str(p) for p in err["loc"])
        parts.append(f"{what} field {loc!r}: {err['msg']} (got {err.get('input')!r})")
    return IndexSystemError("; ".join(parts))


def _share(value: float, subject: str) -> float:
    """A weight in (0, 1]: a pillar's share of the total, or an indicator's of its pillar."""
    return finite_number(
        "weight", value, low=0.0, high=1.0, low_open=True, error=IndexSystemError, subject=subject
    )


class Indicator(BaseModel):
    """A raw indicator measured under a pillar, for :func:`idx.build`.

    Parameters
    ----------
    id : str
        Column name in the raw table (letters, digits, underscores).
    name : str
    unit : str
        Unit of measure, e.g. ``"ports per 100 people"``.
    direction : {"higher", "lower"}
        Whether a higher raw value is better.
    weight : float, optional
        Weight within the pillar; give it for all of a pillar's indicators (summing
        to 1) or for none (equal weights).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    unit: str = ""
    direction: Literal["higher", "lower"] = "higher"
    weight: float | None = None

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise _reraise(exc, "indicator") from None

    @model_validator(mode="after")
    def _check(self) -> Indicator:
        if not _ID.match(self.id):
            msg = f"indicator 'id' must be letters, digits and underscores (got {self.id!r})"
            raise IndexSystemError(msg)
        if self.weight is not None:
            _share(self.weight, f"'weight' of indicator {self.id!r}")
        return self


class Pillar(BaseModel):
    """One pillar of an index system.

    Parameters
    ----------
    id : str
        Identifier used as a column name (letters, digits, underscores).
    name : str
        Human-readable name.
    weight : float
        Share of the total, in (0, 1].
    weight_status : {"given", "published", "deduced"}
        Where the weight comes from; the 2017 digital-economy weight is ``"deduced"``.
    key_factors, specification : str
        Free text from the report's Table 1.
    indicators : tuple of Indicator
        Raw indicators measured under the pillar (optional; used by :func:`idx.build`).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    id: str
    name: str
    weight: float
    weight_status: Literal["given", "published", "deduced"] = "given"
    key_factors: str = ""
    specification: str = ""
    indicators: tuple[Indicator, ...] = ()

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise _reraise(exc, "pillar") from None

    @field_validator("weight", mode="before")
    @classmethod
    def _weight_is_number(cls, value: Any) -> float:
        # a number here; whether it is a valid share is checked with the pillar's id
        return real_number("weight", value, error=IndexSystemError)

    @model_validator(mode="after")
    def _check(self) -> Pillar:
        if not _ID.match(self.id):
            msg = f"pillar 'id' must be letters, digits and underscores (got {self.id!r})"
            raise IndexSystemError(msg)
        _share(self.weight, f"'weight' of pillar {self.id!r}")
        given = [i.weight for i in self.indicators if i.weight is not None]
        if given and len(given) != len(self.indicators):
            msg = f"indicator weights of pillar {self.id!r} must be given for all its indicators or none"
            raise IndexSystemError(msg)
        if given and abs(math.fsum(given) - 1.0) > WEIGHT_SUM_TOLERANCE:
            msg = f"indicator weights of pillar {self.id!r} must sum to 1 (got {math.fsum(given):.12g})"
            raise IndexSystemError(msg)
        return self

    def indicator_weights(self) -> tuple[float, ...]:
        """Within-pillar weights of the indicators (equal when none are given)."""
        if not self.indicators:
            return ()
        if self.indicators[0].weight is None:
            return tuple(1.0 / len(self.indicators) for _ in self.indicators)
        return tuple(float(i.weight) for i in self.indicators)  # type: ignore[arg-type]


class IndexSystem(BaseModel):
    """An ordered set of weighted pillars whose weights sum to 1.

    Parameters
    ----------
    pillars : tuple of Pillar
        At least one pillar; ids unique; weights > 0 and summing to 1 within
        ``WEIGHT_SUM_TOLERANCE``.
    name : str
        Optional label, e.g. ``"China Internet Development Index 2017"``.

    Examples
    --------
    >>> from idx import IndexSystem, Pillar
    >>> s = IndexSystem(pillars=(Pillar(id="a", name="A", weight=0.4),
    ...                          Pillar(id="b", name="B", weight=0.6)))
    >>> s.ids
    ('a', 'b')
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    pillars: tuple[Pillar, ...]
    name: str = ""

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise _reraise(exc, "index system") from None

    @model_validator(mode="after")
    def _check(self) -> IndexSystem:
        if not self.pillars:
            msg = "'pillars' must hold at least one pillar (got none)"
            raise IndexSystemError(msg)
        seen: set[str] = set()
        for pillar in self.pillars:
            if pillar.id in seen:
                msg = f"pillar ids must be unique ({pillar.id!r} appears twice)"
                raise IndexSystemError(msg)
            seen.add(pillar.id)
        indicator_ids = [i.id for p in self.pillars for i in p.indicators]
        for indicator_id in indicator_ids:
            if indicator_ids.count(indicator_id) > 1:
                msg = (
                    f"indicator ids must be unique across pillars ({indicator_id!r} appears twice)"
                )
                raise IndexSystemError(msg)
        total = math.fsum(p.weight for p in self.pillars)
        if abs(total - 1.0) > WEIGHT_SUM_TOLERANCE:
            msg = f"'weights' must sum to 1 (got {total:.12g})"
            raise IndexSystemError(msg)
        return self

    @classmethod
    def from_weights(cls, weights: Mapping[str, float], name: str = "") -> IndexSystem:
        """Build a system whose pillar names are their ids, from ``{id: weight}``."""
        return cls(
            pillars=tuple(Pillar(id=k, name=k, weight=v) for k, v in weights.items()),
            name=name,
        )

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, name: str = "") -> IndexSystem:
        """Build a system from a table like ``seeds/table1_index_system_2017.csv``.

        Columns ``pillar_id, name, weight`` and optionally ``weight_status,
        key_factors, specification``; cells must already be numbers where numeric.
        To read a CSV file, use :func:`idx.read_system_csv`.
        """
        if not isinstance(frame, pd.DataFrame):
            msg = f"'frame' must be a pandas DataFrame (got {type(frame).__name__})"
            raise IndexSystemError(msg)
        return parse_system_table(frame, "<DataFrame>", name, text=False)

    @property
    def ids(self) -> tuple[str, ...]:
        """Pillar ids in order."""
        return tuple(p.id for p in self.pillars)

    @property
    def names(self) -> tuple[str, ...]:
        """Pillar names in order."""
        return tuple(p.name for p in self.pillars)

    @property
    def weights(self) -> NDArray[np.float64]:
        """Pillar weights in order, as a read-only array."""
        w = np.array([p.weight for p in self.pillars], dtype=np.float64)
        w.flags.writeable = False
        return w

    def __len__(self) -> int:
        return len(self.pillars)

    def __iter__(self) -> Iterator[Pillar]:  # type: ignore[override]
        return iter(self.pillars)

    @property
    def indicators(self) -> tuple[tuple[str, Indicator], ...]:
        """Every indicator with the id of its pillar, in order."""
        return tuple((p.id, i) for p in self.pillars for i in p.indicators)

    def position(self, pillar_id: str) -> int:
        """Index of pillar ``pillar_id``; an unknown id is an :class:`IndexSystemError`."""
        try:
            return self.ids.index(pillar_id)
        except ValueError:
            msg = f"unknown pillar {pillar_id!r}; expected one of {', '.join(self.ids)}"
            raise IndexSystemError(msg) from None

    def to_frame(self) -> pd.DataFrame:
        """One row per pillar: id, name, weight, weight_status, key factors, specification."""
        table: pd.DataFrame = pd.DataFrame(
            [p.model_dump(exclude={"indicators"}) for p in self.pillars],
            columns=["id", "name", "weight", "weight_status", "key_factors", "specification"],
        )
        renamed: pd.DataFrame = table.rename(columns={"id": "pillar_id"})
        return renamed


_SYSTEM_REQUIRED = ("pillar_id", "name", "weight")
_SYSTEM_OPTIONAL = ("weight_status", "key_factors", "specification")


def parse_system_table(frame: pd.DataFrame, source: str, name: str, *, text: bool) -> IndexSystem:
    """An index system from a table of pillars (cells as text, or already numbers)."""
    columns = [str(c) for c in frame.columns]
    missing = [c for c in _SYSTEM_REQUIRED if c not in columns]
    if missing:
        msg = f"{source}: missing column {missing[0]!r}; an index system has {', '.join(_SYSTEM_REQUIRED)}"
        raise IndexSystemError(msg)
    extra = [c for c in columns if c not in _SYSTEM_REQUIRED + _SYSTEM_OPTIONAL]
    if extra:
        msg = (
            f"{source}: unexpected column {extra[0]!r}; allowed are "
            f"{', '.join(_SYSTEM_REQUIRED + _SYSTEM_OPTIONAL)}"
        )
        raise IndexSystemError(msg)
    row_of: list[Hashable] = [i + 2 for i in range(len(frame))] if text else list(frame.index)
    cells = Cells(frame, source, text=text, row_of=row_of, error=IndexSystemError)
    pillars = []
    for i in range(len(frame)):
        fields: dict[str, Any] = {
            "id": str(frame["pillar_id"].iloc[i]).strip(),
            "name": str(frame["name"].iloc[i]).strip(),
            "weight": cells.number(i, "weight", "weight"),
        }
        for optional in _SYSTEM_OPTIONAL:
            if optional in columns:
                fields[optional] = str(frame[optional].iloc[i])
        try:
            pillars.append(Pillar(**fields))
        except IdxError as exc:
            raise IndexSystemError(f"{cells.where(i)}: {exc}") from None
    try:
        return IndexSystem(pillars=tuple(pillars), name=name)
    except IdxError as exc:
        raise IndexSystemError(f"{source}: {exc}") from None
