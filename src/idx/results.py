"""The one base every result shares: frozen, arrays read-only, a short repr, HTML, tidy frames.

Rules every result follows
--------------------------
- It is a frozen dataclass (``@dataclass(frozen=True, eq=False, repr=False)`` on a
  subclass of :class:`Result`); equality is identity, since results hold arrays.
- Every array it holds is read-only and every mapping is a read-only view, frozen
  once by :meth:`Result.__post_init__`. Freezing takes a read-only *view*, so an array
  the caller still holds is never changed.
- ``repr`` is one short line naming what the result holds; ``_repr_html_`` shows the
  same line and the head of ``to_frame()`` in a notebook.
- ``to_frame()`` returns tidy rows (one observation per row, one variable per column),
  ordered by the base rank of the unit when the rows are about units, then by the
  units' input order (:func:`rank_order`); rows about pillars keep the pillars' order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

__all__ = ["ConfidenceInterval", "Result", "freeze", "rank_order"]

# Rows shown by _repr_html_: enough for the 31 provinces of an edition.
_HTML_ROWS = 40


def freeze(value: Any) -> Any:
    """A read-only version of ``value``: arrays as read-only views, mappings as proxies."""
    if isinstance(value, np.ndarray):
        if not value.flags.writeable:
            return value
        view = value.view()
        view.flags.writeable = False
        return view
    if isinstance(value, MappingProxyType):
        return value
    if isinstance(value, Mapping):
        return MappingProxyType({key: freeze(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(freeze(item) for item in value)
    return value


def rank_order(ranks: ArrayLike) -> NDArray[np.intp]:
    """Row order by rank, then input order: the order of every result's unit rows."""
    r = np.asarray(ranks)
    order: NDArray[np.intp] = np.lexsort((np.arange(len(r)), r))
    return order


class Result:
    """Base of every result idx returns (see the module documentation for the rules)."""

    def __post_init__(self) -> None:
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            frozen = freeze(value)
            if frozen is not value:
                object.__setattr__(self, f.name, frozen)

    def _describe(self) -> str:
        """What the result holds, in a few words (subclasses say more)."""
        return ""

    def __repr__(self) -> str:
        what = self._describe()
        return f"<{type(self).__name__}{': ' + what if what else ''}>"

    def to_frame(self) -> pd.DataFrame:
        """The result as a tidy table."""
        raise NotImplementedError

    def _repr_html_(self) -> str:
        head = f"<p><strong>{type(self).__name__}</strong> {_escape(self._describe())}</p>"
        try:
            frame = self.to_frame()
        except NotImplementedError:
            return head
        more = len(frame) - _HTML_ROWS
        table = str(frame.head(_HTML_ROWS).to_html(index=False, float_format=lambda x: f"{x:.4g}"))
        tail = f"<p>... {more} more rows (to_frame() has them all)</p>" if more > 0 else ""
        return head + table + tail


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True, eq=False, repr=False)
class ConfidenceInterval(Result):
    """Lower and upper ends of intervals at a confidence ``level``, elementwise.

    Attributes
    ----------
    low, high : ndarray
        Same shape; ``low <= high``.
    level : float
        E.g. 0.95.
    """

    low: NDArray[np.float64]
    high: NDArray[np.float64]
    level: float

    def _describe(self) -> str:
        return f"{self.level:.0%} intervals, shape {np.shape(self.low)}"

    def to_frame(self) -> pd.DataFrame:
        """One row per interval (flattened): low, high, level."""
        frame: pd.DataFrame = pd.DataFrame(
            {
                "low": np.ravel(self.low),
                "high": np.ravel(self.high),
                "level": self.level,
            }
        )
        return frame
