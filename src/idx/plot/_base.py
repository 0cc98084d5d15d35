"""What every figure shares: matplotlib on demand, one plain style, a source line.

matplotlib is optional (``pip install 'idx[plot]'``): it is imported inside the
functions here, never at module level, so ``import idx.plot`` works without it and
the first figure asked for raises :class:`~idx.errors.IdxError` with the install
command. Figures are made with :class:`matplotlib.figure.Figure` on an Agg canvas,
never through ``pyplot``: no global figure registry, so nothing leaks between calls
and nobody needs to close anything.
"""

from __future__ import annotations

import difflib
import io
import re
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from idx import __version__
from idx.edition import Edition
from idx.errors import IdxError, UnknownUnitError
from idx.provinces import lookup_province

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "INSTALL",
    "PALETTE",
    "SourceLike",
    "expect",
    "finish",
    "new_axes",
    "pillar_label",
    "require_matplotlib",
    "resolve_unit",
    "style",
    "svg_text",
]

#: What to run when matplotlib is missing.
INSTALL = "pip install 'idx[plot]'"

#: Okabe and Ito's colour-blind-safe palette (black last), also distinct in grey print.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000")
#: Faint and strong greys, and the accent that marks the base (published) ranking.
FAINT = "#C8C8C8"
MID = "#6E6E6E"
ACCENT = "#D55E00"

#: The source of the data: an edition (its ``source`` is used), a text, or nothing.
SourceLike = Edition | str | None

# One plain, print-ready style. svg.fonttype "path" draws glyphs as paths, so an SVG
# needs no font; the hash salt makes SVG ids the same on every run.
_STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 8.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#333333",
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 7.5,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "svg.fonttype": "path",
    "svg.hashsalt": "idx",
    "pdf.fonttype": 42,
}
# Height of the source line under the axes, in inches, per line of text.
_SOURCE_LINE_INCHES = 0.15
_SOURCE_FONT = 6.5


def require_matplotlib() -> Any:
    """The ``matplotlib`` module, or an :class:`IdxError` naming the install command."""
    try:
        import matplotlib
        import matplotlib.figure
    except ImportError:
        msg = f"idx.plot needs matplotlib, which is not installed: {INSTALL} (or pip install matplotlib)"
        raise IdxError(msg) from None
    return matplotlib


@contextmanager
def style() -> Iterator[None]:
    """idx's figure style, for the duration of a ``with`` block (matplotlib's state restored after)."""
    mpl = require_matplotlib()
    with mpl.rc_context(_STYLE):
        yield


def new_axes(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes, bool]:
    """``(figure, axes, owned)``: a new figure of ``size`` inches on an Agg canvas, or ``ax``'s.

    ``owned`` says whether the figure is ours (and may get a source line).
    """
    require_matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure, SubFigure

    if ax is not None:
        parent = ax.figure
        while isinstance(parent, SubFigure):
            parent = parent.figure
        if not isinstance(parent, Figure):  # pragma: no cover - matplotlib guarantees it
            msg = f"'ax' must belong to a matplotlib Figure (got {type(parent).__name__})"
            raise IdxError(msg)
        return parent, ax, False
    fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot(), True


def finish(fig: Figure, owned: bool, source: SourceLike, method: str, note: str | None) -> None:
    """Write the source line under a figure the plot made itself.

    The line names the data (the edition's ``source``, or the text given), how the
    result was computed (``method``) and the caller's ``note``; the constrained
    layout keeps room for it so nothing overlaps.
    """
    if not owned:
        return
    parts = []
    data = source.source if isinstance(source, Edition) else source
    if data:
        parts.append(f"Data: {data.rstrip('.')}.")
    parts.append(method.rstrip(".") + ".")
    if note:
        parts.append(note.rstrip(".") + ".")
    parts.append(f"Drawn by idx {__version__}.")
    width_in = float(fig.get_figwidth())
    # DejaVu Sans averages about 0.6 em a character, 3.9 pt at 6.5 pt: wrap by hand,
    # since matplotlib's own wrapping does not tell the layout how tall the text is
    lines = textwrap.wrap(" ".join(parts), width=max(40, int(width_in * 72 / 3.9)))
    height = _SOURCE_LINE_INCHES * len(lines) + 0.06
    bottom = min(0.4, height / float(fig.get_figheight()))
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        engine.set(rect=(0.0, bottom, 1.0, 1.0 - bottom))
    fig.text(
        0.01,
        0.01,
        "\n".join(lines),
        ha="left",
        va="bottom",
        fontsize=_SOURCE_FONT,
        color=MID,
        linespacing=1.3,
    )


def expect(name: str, value: object, kinds: tuple[type, ...]) -> None:
    """Raise :class:`IdxError` unless ``value`` is one of the result classes ``kinds``."""
    if not isinstance(value, kinds):
        wanted = " or ".join(kind.__name__ for kind in kinds)
        msg = f"'{name}' must be a {wanted} result (got {type(value).__name__})"
        raise IdxError(msg)


def resolve_unit(label: str, units: Sequence[str]) -> int:
    """Position of ``label`` among a result's ``units``: exact, then through the province registry."""
    if not isinstance(label, str):
        msg = f"'unit' must be a unit name (got {label!r})"
        raise UnknownUnitError(msg)
    if label in units:
        return list(units).index(label)
    try:
        name = lookup_province(label).name
    except UnknownUnitError:
        name = None
    if name is not None and name in units:
        return list(units).index(name)
    close = difflib.get_close_matches(label, list(units), n=2, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    msg = f"unit {label!r} is not in this result{hint}"
    raise UnknownUnitError(msg)


def pillar_label(pillar: str) -> str:
    """A pillar id as axis text: ``digital_economy`` -> ``digital economy``."""
    return pillar.replace("_", " ")


_ID = re.compile(r'\bid="([^"]+)"')


def svg_text(fig: Figure, prefix: str) -> str:
    """``fig`` as an inline ``<svg>`` element for an HTML page, the same on every run.

    No XML prolog, DOCTYPE, metadata or namespace declarations (an HTML parser
    needs none, and none of them names a web address); every id is prefixed with
    ``prefix`` so that several figures can share one page.
    """
    buffer = io.StringIO()
    with style():
        fig.savefig(
            buffer,
            format="svg",
            metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
        )
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", text, count=3)
    for old in dict.fromkeys(_ID.findall(text)):
        new = f"{prefix}-{old}"
        text = text.replace(f'id="{old}"', f'id="{new}"')
        text = text.replace(f'"#{old}"', f'"#{new}"').replace(f"url(#{old})", f"url(#{new})")
    return text.strip() + "\n"
