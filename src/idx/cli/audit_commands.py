"""``idx audit``: the statistical audit of an edition (effective importance and coherence)."""

from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from idx.audit import Audit, audit
from idx.cli.data import load_edition
from idx.cli.output import render_frame, write_frame
from idx.errors import IdxError
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


def _heading(text: str, fmt: Format) -> str:
    return f"## {text}" if fmt == "markdown" else f"{text}\n{'-' * len(text)}"


def run_audit(args: argparse.Namespace) -> int:
    """``idx audit``."""
    fmt: Format = args.format
    if args.section is None and fmt == "csv":
        shown = ", ".join(choices(AuditSection))
        msg = f"--format csv writes one table: choose it with --section ({shown})"
        raise IdxError(msg)
    result = audit(load_edition(args))
    if args.section is not None:
        name: AuditSection = args.section
        tables = _tables(result, name, full=True)
        if fmt in ("csv", "json"):
            write_frame(tables[0], fmt)
        else:
            sys.stdout.write("\n\n".join(render_frame(t, fmt) for t in tables) + "\n")
        section = result.section(name)
        notes = result.findings if name == "pillars" else getattr(section, "notes", ())
        if notes:
            sys.stderr.write("".join(f"note: {n}\n" for n in notes))
        return 0
    if fmt == "json":
        report = {
            name: json.loads(render_frame(result.section(name).to_frame(), "json"))
            for name in choices(AuditSection)
        }
        report["pca_loadings"] = json.loads(render_frame(result.pca.loadings_frame(), "json"))
        report["findings"] = list(result.findings)
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        return 0
    blocks = []
    for name in choices(AuditSection):
        text = "\n\n".join(render_frame(t, fmt) for t in _tables(result, name, full=False))
        blocks.append(f"{_heading(_TITLES[name], fmt)}\n{text}")
    findings = "\n".join(f"- {line}" for line in result.findings)
    blocks.append(f"{_heading('Findings', fmt)}\n{findings}")
    sys.stdout.write("\n\n".join(blocks) + "\n")
    return 0
