"""``idx audit``: the statistical audit of an edition (effective importance and coherence)."""

from __future__ import annotations

import argparse

import pandas as pd

from idx.audit import Audit, audit
from idx.cli.data import load_edition
from idx.cli.output import Report, describe_data, emit
from idx.errors import OptionError
from idx.options import AuditSection, Format, choices

__all__ = ["run_audit"]

_TITLES = {
    "pillars": "Summary per pillar",
    "importance": "Effective importance: main effects against weights",
    "correlations": "Correlations (Pearson; --section correlations adds Spearman, Kendall, p-values)",
    "reliability": "Reliability: Cronbach's alpha if each pillar is dropped",
    "pca": "Principal components",
    "distribution": "Distributions (pillar indices 0-100, total in points)",
}


def _tables(result: Audit, name: str, full: bool) -> list[pd.DataFrame]:
    """The tables one section prints: its tidy frame, plus PCA loadings."""
    if name == "correlations" and not full:
        matrix = result.correlations.matrix("pearson")
        return [matrix.reset_index(names="variable")]
    if name == "pca":
        return [result.pca.to_frame(), result.pca.loadings_frame()]
    return [result.section(name).to_frame()]  # type: ignore[arg-type]


def run_audit(args: argparse.Namespace) -> int:
    """``idx audit``: every section, or one with ``--section``."""
    fmt: Format = args.format
    if args.section is None and fmt == "csv":
        shown = ", ".join(choices(AuditSection))
        msg = f"--format csv writes one table: choose it with --section ({shown})"
        raise OptionError(msg)
    edition = load_edition(args)
    result = audit(edition)
    data = describe_data(args, edition)
    if args.section is not None:
        name: AuditSection = args.section
        main, *more = _tables(result, name, full=True)
        section = result.section(name)
        notes = result.findings if name == "pillars" else getattr(section, "notes", ())
        extra = {"loadings": ("Loadings", more[0])} if more else {}
        emit(args, Report(main, {"section": name}, data, [f"note: {n}" for n in notes], extra))
        return 0
    first, *rest = choices(AuditSection)
    tables: dict[str, tuple[str, pd.DataFrame]] = {}
    for name in rest:
        frames = _tables(result, name, full=False)
        tables[name] = (_TITLES[name], frames[0])
        if len(frames) > 1:
            tables[f"{name}_loadings"] = (f"{_TITLES[name]}: loadings", frames[1])
    main = _tables(result, first, full=False)[0]
    emit(args, Report(main, {"section": "all"}, data, list(result.findings), tables))
    return 0
