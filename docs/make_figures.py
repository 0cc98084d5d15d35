"""The figures of docs/plots.md that no ``idx plot`` command draws yet, from real runs.

``make figures`` runs this after its ``idx plot`` lines. It draws the audit's
importance and correlations, Hebei's profile and what Hebei needs to reach 15th (the
README's worked example), with fixed seeds, so a re-run gives the same files. Once
``idx plot importance|correlations|profile|targets`` exist, each figure here becomes
one ``idx plot`` line in the Makefile.

Usage: python docs/make_figures.py [--dpi 100] [DIRECTORY]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import idx
import idx.plot
from idx.plot._base import style

SEED = 2017
SPREAD = 0.25
# as the command line's source line words it (``idx plot ... --spread 0.25``)
NOTE = "Weights within ±25% of the published ones (the weights summing to 1)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", default="docs/figures")
    parser.add_argument("--dpi", type=int, default=100)
    args = parser.parse_args()
    out = Path(args.directory)
    out.mkdir(parents=True, exist_ok=True)
    edition = idx.load_2017()
    space = idx.WeightSpace.around(edition.system, SPREAD)
    audit = idx.audit(edition)
    figures = {
        "importance": idx.plot.importance(audit, source=edition),
        "correlations": idx.plot.correlations(audit, source=edition),
        "profile_hebei": idx.plot.profile(
            idx.profile(edition, "Hebei", space, seed=SEED), source=edition, note=NOTE
        ),
        "targets_hebei": idx.plot.targets(
            idx.improvement(edition, "Hebei", 15, space=space, probability=0.9, seed=SEED),
            source=edition,
            note=NOTE,
        ),
    }
    for name, fig in figures.items():
        path = out / f"{name}.png"
        with style():
            fig.savefig(path, format="png", dpi=args.dpi, metadata={})
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
