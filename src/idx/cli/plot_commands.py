"""``idx plot KIND`` and ``idx report``: figures and the HTML report, written to files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from idx import plot, sensitivity
from idx.cli.core_commands import parse_weights
from idx.cli.data import load_edition
from idx.comparison import compare, compare_schemes
from idx.edition import Edition
from idx.errors import IdxError
from idx.plot._base import require_matplotlib, style
from idx.report import report
from idx.scoring import score
from idx.space import WeightSpace
from idx.validation import finite_number

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = [
    "run_acceptability",
    "run_contributions",
    "run_rank_path",
    "run_rank_uncertainty",
    "run_report",
    "run_shifts",
    "run_sobol",
    "run_stability",
]

# No date or software stamp in the files, so the same figure gives the same bytes
# (PNG keeps matplotlib's "Software" key, which names no date).
_METADATA: dict[str, dict[str, Any]] = {
    "png": {},
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "ModDate": None},
}


def _out(args: argparse.Namespace) -> tuple[Path, str]:
    """The output path and format, checked before any work is done."""
    path = Path(args.out)
    kind = path.suffix.lower().lstrip(".")
    if kind not in _METADATA:
        msg = f"--out must end in .png, .svg or .pdf (got {args.out!r})"
        raise IdxError(msg)
    require_matplotlib()
    return path, kind


def _fixed(args: argparse.Namespace) -> list[str]:
    return [p.strip() for p in args.fixed.split(",") if p.strip()] if args.fixed else []


def _space(args: argparse.Namespace, edition: Edition) -> WeightSpace:
    return WeightSpace.around(edition.system, args.spread, mode=args.mode, fixed=_fixed(args))


def _title(args: argparse.Namespace) -> dict[str, Any]:
    return {} if args.title is None else {"title": args.title}


def _space_note(args: argparse.Namespace, mode: str | None = None) -> str:
    fixed = f"; {args.fixed} fixed" if args.fixed else ""
    convention = (
        "factors drawn independently and renormalised"
        if (mode or args.mode) == "factors"
        else "the weights summing to 1"
    )
    return f"Weights within ±{args.spread:.0%} of the published ones ({convention}{fixed})"


def _save(fig: Figure, args: argparse.Namespace, where: tuple[Path, str]) -> int:
    path, kind = where
    try:
        with style():
            fig.savefig(path, format=kind, dpi=args.dpi, metadata=_METADATA[kind])
    except OSError as exc:
        msg = f"{path}: cannot write file ({exc.strerror})"
        raise IdxError(msg) from None
    sys.stdout.write(f"wrote {path}\n")
    return 0


def run_rank_uncertainty(args: argparse.Namespace) -> int:
    """``idx plot rank-uncertainty``."""
    where = _out(args)
    edition = load_edition(args)
    space = _space(args, edition)
    mc = sensitivity.monte_carlo(edition, space, args.n, sampler=args.sampler, seed=args.seed)
    exact = None if args.no_exact else sensitivity.rank_range(edition, space)
    fig = plot.rank_uncertainty(mc, exact, source=edition, note=_space_note(args), **_title(args))
    return _save(fig, args, where)


def run_acceptability(args: argparse.Namespace) -> int:
    """``idx plot acceptability``."""
    where = _out(args)
    edition = load_edition(args)
    space = _space(args, edition)
    method = sensitivity.smaa if args.smaa else sensitivity.monte_carlo
    result = method(edition, space, args.n, sampler=args.sampler, seed=args.seed)
    fig = plot.acceptability(result, source=edition, note=_space_note(args), **_title(args))
    return _save(fig, args, where)


def run_sobol(args: argparse.Namespace) -> int:
    """``idx plot sobol``."""
    where = _out(args)
    edition = load_edition(args)
    unit = None if args.unit is None else edition.units[edition.unit_position(args.unit)]
    indices = sensitivity.sobol(edition, _space(args, edition), args.n, seed=args.seed)
    fig = plot.sobol(
        indices, unit, output=args.output, source=edition, note=_space_note(args), **_title(args)
    )
    return _save(fig, args, where)


def _window(text: str | None) -> tuple[float, float] | None:
    if text is None:
        return None
    parts = text.split(",")
    if len(parts) != 2:
        msg = f"--window must be LOW,HIGH, e.g. 0.15,0.35 (got {text!r})"
        raise IdxError(msg)
    try:
        low, high = (float(p) for p in parts)
    except ValueError:
        msg = f"--window must be two numbers, e.g. 0.15,0.35 (got {text!r})"
        raise IdxError(msg) from None
    return finite_number("window[0]", low), finite_number("window[1]", high)


def run_rank_path(args: argparse.Namespace) -> int:
    """``idx plot rank-path``."""
    where = _out(args)
    edition = load_edition(args)
    units: Any = None
    if args.unit:
        units = "all" if args.unit == ["all"] else [_unit(edition, u) for u in args.unit]
    path = sensitivity.rank_path(edition, args.pillar)
    fig = plot.rank_path(path, units, window=_window(args.window), source=edition, **_title(args))
    return _save(fig, args, where)


def _unit(edition: Edition, label: str) -> str:
    return edition.units[edition.unit_position(label)]


def run_stability(args: argparse.Namespace) -> int:
    """``idx plot stability``."""
    where = _out(args)
    edition = load_edition(args)
    fig = plot.stability(sensitivity.stability_intervals(edition), source=edition, **_title(args))
    return _save(fig, args, where)


def run_shifts(args: argparse.Namespace) -> int:
    """``idx plot shifts``: ``--weights`` against the published ranking, or ``--schemes``."""
    where = _out(args)
    edition = load_edition(args)
    if args.weights is not None and args.schemes is not None:
        msg = "--weights and --schemes cannot be combined"
        raise IdxError(msg)
    result: Any
    if args.weights is not None:
        other = score(edition, parse_weights(args.weights))
        result = compare(score(edition), other)
        note = "; ".join(other.notes) or None
    else:
        names = (args.schemes or "published,equal,entropy,critic").split(",")
        result = compare_schemes(edition, [n.strip() for n in names if n.strip()])
        note = None
    fig = plot.shifts(result, highlight=args.highlight, source=edition, note=note, **_title(args))
    return _save(fig, args, where)


def run_contributions(args: argparse.Namespace) -> int:
    """``idx plot contributions``."""
    where = _out(args)
    edition = load_edition(args)
    result = score(edition, parse_weights(args.weights))
    note = "; ".join(result.notes) or None
    fig = plot.contributions(result, source=edition, note=note, **_title(args))
    return _save(fig, args, where)


def run_report(args: argparse.Namespace) -> int:
    """``idx report``: the HTML file, and with ``--tables`` one CSV per table beside it."""
    path = Path(args.out)
    if path.suffix.lower() not in (".html", ".htm"):
        msg = f"--out must end in .html (got {args.out!r})"
        raise IdxError(msg)
    edition = load_edition(args)
    result = report(
        edition,
        units=args.unit,
        spread=args.spread,
        mode=args.mode,
        fixed=_fixed(args),
        sampler=args.sampler,
        n=args.n,
        sobol_n=args.sobol_n,
        seed=args.seed,
        schemes=[s.strip() for s in args.schemes.split(",") if s.strip()],
    )
    written = [path]
    try:
        path.write_text(result.html, encoding="utf-8")
        if args.tables:
            for name, frame in result.tables.items():
                csv = path.with_name(f"{path.stem}_{name}.csv")
                frame.to_csv(csv, index=False, lineterminator="\n")
                written.append(csv)
    except OSError as exc:
        msg = f"{exc.filename}: cannot write file ({exc.strerror})"
        raise IdxError(msg) from None
    tables = f" and {len(written) - 1} tables" if args.tables else ""
    sys.stdout.write(
        f"wrote {path} ({len(result.html.encode('utf-8')) / 1024:,.0f} KiB, "
        f"{len(result.sections)} sections, {len(result.figures)} figures){tables}; seed {result.seed}\n"
    )
    return 0
