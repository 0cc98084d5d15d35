"""``idx plot KIND`` and ``idx report``: figures and the HTML report, written to files.

Options are read as the commands that compute each result read them (the weight
space by :func:`idx.cli.shared.space`, ``--weights`` by
:func:`idx.cli.core_commands.weights_option`, ``--schemes`` by
:func:`idx.cli.scheme_commands.scheme_from_spec`). A random figure or report always
runs with a known seed: ``--seed``, or a fresh one drawn here, which the ``wrote``
line prints with the option that repeats the run (the report also shows it on the
page). The same seed gives the same file, byte for byte.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from idx import plot, sensitivity
from idx.audit import audit
from idx.cli.core_commands import weights_option
from idx.cli.data import load_edition
from idx.cli.scheme_commands import scheme_from_spec
from idx.cli.shared import (
    factor_groups,
    fresh_seed,
    independent,
    inputs,
    inputs_note,
    not_applicable,
    space,
    space_parameters,
)
from idx.cli.values import SchemeSpec, scheme_list
from idx.comparison import compare, compare_schemes
from idx.edition import Edition
from idx.errors import IdxError, OptionError, SpaceError
from idx.plot._base import PALETTE, require_matplotlib, style
from idx.report import DEFAULT_SCHEMES, report
from idx.scoring import score
from idx.space import WeightSpace
from idx.targets import improvement
from idx.uncertainty import Uncertainty
from idx.unit_profile import profile
from idx.validation import finite_number
from idx.weight_spec import resolve_pillar, resolve_pillars

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
        raise OptionError(msg)
    require_matplotlib()
    return path, kind


def _title(args: argparse.Namespace) -> dict[str, Any]:
    return {} if args.title is None else {"title": args.title}


def _bounded(args: argparse.Namespace, edition: Edition) -> tuple[str, ...]:
    """The pillars ``--bounds`` names, as ids (the space built from them already)."""
    return resolve_pillars(edition.system, list(args.bounds or {}), what="bounds", error=SpaceError)


def _space_note(args: argparse.Namespace, chosen: WeightSpace, edition: Edition) -> str:
    """The weight space in words, for the figure's source line."""
    given = space_parameters(args, chosen, edition)
    convention = (
        "factors drawn independently and renormalised"
        if chosen.mode == "factors"
        else "the weights summing to 1"
    )
    fixed = f"; {', '.join(given['fixed'])} fixed" if given["fixed"] else ""
    what = "factor" if chosen.mode == "factors" else "weight"
    bounds = "".join(
        f"; {pillar} {what} in [{chosen.lower[j]:.4g}, {chosen.upper[j]:.4g}]"
        for pillar in _bounded(args, edition)
        for j in [chosen.pillars.index(pillar)]
    )
    return (
        f"Weights within ±{given['spread'] * 100:g}% of the published ones "
        f"({convention}{fixed}{bounds})"
    )


def _seeded(seed: int, rerun: list[str]) -> str:
    """The end of the ``wrote`` line of a random run: the seed, and how to repeat a drawn one."""
    return f"; seed {seed}" + (f" (drawn: {' '.join(rerun)} repeats it)" if rerun else "")


def _save(fig: Figure, args: argparse.Namespace, where: tuple[Path, str], seeded: str = "") -> int:
    path, kind = where
    try:
        with style():
            fig.savefig(path, format=kind, dpi=args.dpi, metadata=_METADATA[kind])
    except OSError as exc:
        msg = f"{path}: cannot write file ({exc.strerror})"
        raise IdxError(msg) from None
    sys.stdout.write(f"wrote {path}{seeded}\n")
    return 0


def run_rank_uncertainty(args: argparse.Namespace) -> int:
    """``idx plot rank-uncertainty``."""
    where = _out(args)
    edition = load_edition(args)
    chosen, _ = inputs(args, edition)
    seed, rerun = fresh_seed(args)
    mc = sensitivity.monte_carlo(edition, chosen, args.n, sampler=args.sampler, seed=seed)
    # the exact range is over the weights alone; with the weights fixed there is none
    weights = chosen if isinstance(chosen, WeightSpace) else chosen.weights
    exact = None if args.no_exact or weights is None else sensitivity.rank_range(edition, weights)
    note = _inputs_note(args, chosen, edition)
    fig = plot.rank_uncertainty(mc, exact, source=edition, note=note, **_title(args))
    return _save(fig, args, where, _seeded(seed, rerun))


def run_acceptability(args: argparse.Namespace) -> int:
    """``idx plot acceptability``."""
    where = _out(args)
    edition = load_edition(args)
    chosen, _ = inputs(args, edition)
    seed, rerun = fresh_seed(args)
    if args.smaa:
        if not isinstance(chosen, WeightSpace):
            msg = "--smaa varies the weights alone: leave out --rounding, --noise, --aggregations, ..."
            raise OptionError(msg)
        result: Any = sensitivity.smaa(edition, chosen, args.n, sampler=args.sampler, seed=seed)
    else:
        result = sensitivity.monte_carlo(edition, chosen, args.n, sampler=args.sampler, seed=seed)
    note = _inputs_note(args, chosen, edition)
    fig = plot.acceptability(result, source=edition, note=note, **_title(args))
    return _save(fig, args, where, _seeded(seed, rerun))


def _inputs_note(
    args: argparse.Namespace, chosen: WeightSpace | Uncertainty, edition: Edition
) -> str:
    """The weight space and whatever else varied, in words, for the source line."""
    if isinstance(chosen, WeightSpace):
        return _space_note(args, chosen, edition)
    if chosen.weights is None:
        return f"Weights fixed at the published ones; {inputs_note(chosen)}"
    return f"{_space_note(args, chosen.weights, edition)}; {inputs_note(chosen)}"


def run_sobol(args: argparse.Namespace) -> int:
    """``idx plot sobol``."""
    where = _out(args)
    edition = load_edition(args)
    unit = None if args.unit is None else _unit(edition, args.unit)
    independent(args)
    chosen, _ = inputs(args, edition)
    seed, rerun = fresh_seed(args)
    indices = sensitivity.sobol(
        edition,
        chosen,
        args.n,
        seed=seed,
        group_weights=args.group_weights,
        groups=factor_groups(args, edition),
    )
    note = _inputs_note(args, chosen, edition)
    fig = plot.sobol(indices, unit, output=args.output, source=edition, note=note, **_title(args))
    return _save(fig, args, where, _seeded(seed, rerun))


def _window(args: argparse.Namespace) -> tuple[float, float] | None:
    """``--window`` (read as two shares by the parser) within [0, 1], low below high."""
    if args.window is None:
        return None
    low, high = args.window
    low = finite_number(
        "window", low, low=0.0, high=1.0, error=OptionError, subject="the low end of --window"
    )
    high = finite_number(
        "window",
        high,
        low=low,
        high=1.0,
        low_open=True,
        error=OptionError,
        subject="the high end of --window",
    )
    return low, high


def _unit(edition: Edition, label: str) -> str:
    return edition.units[edition.unit_position(label)]


def run_rank_path(args: argparse.Namespace) -> int:
    """``idx plot rank-path``."""
    where = _out(args)
    window = _window(args)
    edition = load_edition(args)
    pillar = resolve_pillar(edition.system, args.pillar, what="pillar")
    units: list[str] | str | None = None
    if args.unit:
        units = "all" if args.unit == ["all"] else [_unit(edition, u) for u in args.unit]
    path = sensitivity.rank_path(edition, pillar)
    fig = plot.rank_path(path, units, window=window, source=edition, **_title(args))
    return _save(fig, args, where)


def run_stability(args: argparse.Namespace) -> int:
    """``idx plot stability``."""
    where = _out(args)
    edition = load_edition(args)
    fig = plot.stability(sensitivity.stability_intervals(edition), source=edition, **_title(args))
    return _save(fig, args, where)


def _schemes(specs: tuple[SchemeSpec, ...], edition: Edition) -> dict[str, Any]:
    """``--schemes`` as ``compare_schemes`` takes them: label -> weights.

    Labelled as ``idx compare --schemes`` labels them: by name, or by all that was
    given when a name appears twice (two AHP matrices).
    """
    names = [spec.name for spec in specs]
    labels = [spec.name if names.count(spec.name) == 1 else spec.text for spec in specs]
    repeated = [label for label in labels if labels.count(label) > 1]
    if repeated:
        msg = f"--schemes names {repeated[0]!r} twice"
        raise OptionError(msg)
    return {
        label: scheme_from_spec(edition, spec) for label, spec in zip(labels, specs, strict=True)
    }


def _default_schemes() -> tuple[SchemeSpec, ...]:
    return scheme_list(",".join(DEFAULT_SCHEMES))


def _notes(chosen: dict[str, Any]) -> str | None:
    notes = [f"{label}: {n}" for label, s in chosen.items() for n in getattr(s, "notes", ())]
    return "; ".join(notes) or None


def run_shifts(args: argparse.Namespace) -> int:
    """``idx plot shifts``: ``--weights`` against the published ranking, or ``--schemes``."""
    where = _out(args)
    if args.schemes is not None:
        not_applicable("--weights", args.weights, "without --schemes")
    if args.highlight > len(PALETTE):
        msg = f"--highlight must be at most {len(PALETTE)}, one colour each (got {args.highlight})"
        raise OptionError(msg)
    edition = load_edition(args)
    result: Any
    if args.weights is not None:
        other = score(edition, weights_option(args))
        result = compare(score(edition), other)
        note = "; ".join(other.notes) or None
    else:
        chosen = _schemes(args.schemes or _default_schemes(), edition)
        result = compare_schemes(edition, chosen)
        note = _notes(chosen)
    fig = plot.shifts(result, highlight=args.highlight, source=edition, note=note, **_title(args))
    return _save(fig, args, where)


def run_contributions(args: argparse.Namespace) -> int:
    """``idx plot contributions``."""
    where = _out(args)
    edition = load_edition(args)
    result = score(edition, weights_option(args))
    note = "; ".join(result.notes) or None
    fig = plot.contributions(result, source=edition, note=note, **_title(args))
    return _save(fig, args, where)


def run_importance(args: argparse.Namespace) -> int:
    """``idx plot importance``: from the statistical audit."""
    where = _out(args)
    edition = load_edition(args)
    fig = plot.importance(audit(edition), source=edition, **_title(args))
    return _save(fig, args, where)


def run_correlations(args: argparse.Namespace) -> int:
    """``idx plot correlations``: from the statistical audit."""
    where = _out(args)
    edition = load_edition(args)
    fig = plot.correlations(audit(edition), method=args.method, source=edition, **_title(args))
    return _save(fig, args, where)


def run_profile(args: argparse.Namespace) -> int:
    """``idx plot profile UNIT``."""
    where = _out(args)
    edition = load_edition(args)
    chosen = space(args, edition)
    seed, rerun = fresh_seed(args)
    result = profile(edition, args.unit, chosen, n=args.n, sampler=args.sampler, seed=seed)
    note = f"Weights: {_space_note(args, chosen, edition)}"
    fig = plot.profile(result, source=edition, note=note, **_title(args))
    return _save(fig, args, where, _seeded(seed, rerun))


def run_targets(args: argparse.Namespace) -> int:
    """``idx plot targets UNIT --rank K``: at the given weights."""
    where = _out(args)
    edition = load_edition(args)
    result = improvement(edition, args.unit, args.rank, weights=weights_option(args))
    fig = plot.targets(result, source=edition, **_title(args))
    return _save(fig, args, where)


def run_report(args: argparse.Namespace) -> int:
    """``idx report``: the HTML file, and with ``--tables`` one CSV per table beside it."""
    path = Path(args.out)
    if path.suffix.lower() not in (".html", ".htm"):
        msg = f"--out must end in .html (got {args.out!r})"
        raise OptionError(msg)
    edition = load_edition(args)
    names = [_unit(edition, u) for u in args.unit or ()]
    repeated = [name for name in names if names.count(name) > 1]
    if repeated:
        msg = f"--unit names {repeated[0]!r} twice"
        raise OptionError(msg)
    # the space as every sensitivity command reads it, checked before the long run
    given = space_parameters(args, space(args, edition), edition)
    seed, rerun = fresh_seed(args)
    schemes = DEFAULT_SCHEMES if args.schemes is None else _schemes(args.schemes, edition)
    result = report(
        edition,
        units=names,
        spread=given["spread"],
        mode=args.mode,
        fixed=given["fixed"],
        bounds=args.bounds,
        sampler=args.sampler,
        n=args.n,
        sobol_n=args.sobol_n,
        seed=seed,
        schemes=schemes,
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
        f"{len(result.sections)} sections, {len(result.figures)} figures){tables}"
        f"{_seeded(result.seed, rerun)}\n"
    )
    return 0
