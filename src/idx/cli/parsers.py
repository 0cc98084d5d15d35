"""Every ``idx`` command's arguments, and which handler runs it.

This module imports nothing heavier than :mod:`idx.options`, so ``idx --help`` and
argument errors answer at once. Each command names its handler as
``"module:function"``; :func:`idx.cli.main.main` imports that module only when the
command runs. Option values are read by :mod:`idx.cli.values`.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import idx
import idx.cli.values as values
from idx.options import (
    Aggregation,
    AuditSection,
    Format,
    NoiseDistribution,
    NoiseKind,
    RankMethod,
    Sampler,
    SobolOutput,
    SpaceMode,
    TableValues,
    UnitKind,
    WeightingScheme,
    choices,
)

__all__ = ["ArgumentParser", "build_parser"]

_WEIGHTS_HELP = (
    "'published' (default), 'equal', a scheme (entropy, critic, std, pca), pillar=value "
    "pairs such as application=0.3,security=10%% (unnamed pillars share the rest in "
    "proportion), or one value per pillar in order, such as 18%%,16%%,16%%,25%%,13%%,12%%; "
    "pillars by id or name, any case"
)
_SCHEME_NAMES = choices(WeightingScheme)
_FORMAT_HELP = (
    "output format (default: %(default)s). csv and json also record what reproduces "
    "the output: idx version, data, parameters and seed (csv as '# key: value' lines "
    "before the header: read it with comment='#')"
)
_SCHEMES_HELP = (
    "comma-separated schemes, each NAME or NAME:ARGUMENT: published, equal, entropy, "
    "critic, std, pca, ahp:FILE (pairwise comparisons), roc:P1/P2/... and "
    "rank_sum:P1/P2/... (importance order, most important first), bod[:SPREAD] "
    "(benefit of the doubt, each unit with its own weights, optionally within "
    "+/- SPREAD of the published ones); e.g. published,equal,roc:application/"
    "innovation/digital_economy/infrastructure/security/regulation,bod:25%%"
)


class ArgumentParser(argparse.ArgumentParser):
    """argparse with errors on one line, worded like every other idx error.

    ``idx rank: error: --n must be ...`` and exit status 2; no usage block, which
    ``--help`` prints instead. Abbreviated options are refused: a command line that
    is recorded to be run again must mean the same thing when more options exist.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        # "argument --n: --n must be ..." -> "--n must be ..."; "argument --n: invalid
        # choice ..." -> "--n: invalid choice ..."
        match = re.match(r"argument ([^:]+): (.*)$", message, flags=re.DOTALL)
        if match is not None:
            option, rest = match.group(1).split("/")[-1], match.group(2)
            message = rest if rest.startswith(option) else f"{option}: {rest}"
        text = " ".join(message.splitlines())
        self.exit(2, f"{self.prog}: error: {text}\n")


class _Version(argparse.Action):
    """``--version``: the version is looked up only when asked (it costs an import)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        sys.stdout.write(f"idx {idx.__version__} (distribution {idx.DISTRIBUTION})\n")
        parser.exit(0)


def add_format_argument(parser: argparse.ArgumentParser, default: str = "table") -> None:
    """Add ``--format table|csv|json|markdown``."""
    parser.add_argument("--format", choices=choices(Format), default=default, help=_FORMAT_HELP)


def add_data_argument(parser: argparse.ArgumentParser) -> None:
    """Add the data options: ``--data FILE`` (CSV, Excel or the report's raw text) and how
    to read it (``--sheet``, ``--columns``, ``--unit-column``, ``--values``, ``--encoding``,
    ``--sep``, ``--decimal``), ``--system`` and ``--units``."""
    group = parser.add_argument_group("data")
    group.add_argument(
        "--data",
        metavar="FILE",
        help="a CSV table (wide or long), an Excel workbook (.xlsx) or a .txt file holding "
        "the report's raw table; default: the bundled 2017 edition",
    )
    group.add_argument(
        "--sheet", metavar="NAME", help="the workbook's sheet (default: the first sheet)"
    )
    group.add_argument(
        "--columns",
        metavar="MAP",
        help="headers that are neither a pillar id nor its name, mapped to pillars, e.g. "
        "'互联网应用=application,总分=total'",
    )
    group.add_argument(
        "--unit-column",
        metavar="NAME",
        help="the column naming the units (default: one named unit, region, province, "
        "省份, 地区, ..., or else the only text column)",
    )
    group.add_argument(
        "--values",
        choices=choices(TableValues),
        default="subscores",
        help="what the pillar columns hold: weighted sub-scores (default) or 0-100 pillar indices",
    )
    group.add_argument(
        "--encoding",
        metavar="NAME",
        help="the text file's encoding, e.g. gbk (default: detected; UTF-8, else GB18030)",
    )
    group.add_argument(
        "--sep",
        metavar="CHAR",
        help="the CSV separator: ',', ';' or 'tab' (default: sniffed)",
    )
    group.add_argument(
        "--decimal",
        choices=(".", ","),
        help="the decimal mark (default: '.', and ',' too in a semicolon or tab file)",
    )
    group.add_argument(
        "--system",
        metavar="FILE",
        help="a CSV of pillars (pillar_id,name,weight,...) like seeds/table1_index_system_2017.csv; "
        "default: the 2017 index system",
    )
    group.add_argument(
        "--units",
        choices=choices(UnitKind),
        default="province",
        help="'other' for units outside the province registry (cities, countries)",
    )


def _command(
    subparsers: Any, name: str, handler: str, help_text: str, description: str | None = None
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name, help=help_text, description=description or help_text
    )
    # the command's own name, for errors found after parsing ("idx sensitivity mc")
    parser.set_defaults(handler=handler, command_prog=parser.prog)
    return parser


def _add_unit(parser: argparse.ArgumentParser, what: str = "show one unit only") -> None:
    parser.add_argument("--unit", metavar="UNIT", type=values.nonempty("--unit"), help=what)


def _add_aggregation(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--aggregation",
        choices=choices(Aggregation),
        default=None,
        help="how pillar indices combine: arithmetic (the report's, default), geometric, "
        "or power (the generalised mean, with --power)",
    )
    parser.add_argument(
        "--power",
        metavar="P",
        type=values.number("--power"),
        default=None,
        help="exponent of --aggregation power (1 arithmetic, 0 geometric, -1 harmonic)",
    )


def _core(subparsers: Any) -> None:
    rank = _command(
        subparsers,
        "rank",
        "idx.cli.core_commands:run_rank",
        "totals and ranks under the published or other weights",
        "Recompute every unit's total and rank.",
    )
    rank.add_argument("--weights", metavar="SPEC", type=values.weights, help=_WEIGHTS_HELP)
    rank.add_argument(
        "--method",
        choices=choices(RankMethod),
        default="min",
        help="tie rule: min = competition ranking (default)",
    )
    _add_aggregation(rank)
    _add_unit(rank)
    add_data_argument(rank)
    add_format_argument(rank)

    verify = _command(
        subparsers,
        "verify",
        "idx.cli.core_commands:run_verify",
        "check printed totals and ranks against the sub-scores",
        "Recompute totals and ranks and compare them with the printed ones, "
        "within the printed rounding. The findings go to standard error (and into "
        "csv/json); exit status 1 when the figures are inconsistent.",
    )
    _add_unit(verify)
    add_data_argument(verify)
    add_format_argument(verify)

    compare = _command(
        subparsers,
        "compare",
        "idx.cli.core_commands:run_compare",
        "rank shifts against the published ranking, or another edition's",
        "Rank shifts of every unit under other weights, another aggregation, another "
        "edition (--with) or several schemes, against the printed ranking, with "
        "Spearman and Kendall correlations.",
    )
    compare.add_argument("--weights", metavar="SPEC", type=values.weights, help=_WEIGHTS_HELP)
    compare.add_argument("--schemes", metavar="LIST", type=values.scheme_list, help=_SCHEMES_HELP)
    compare.add_argument(
        "--with",
        dest="other_data",
        metavar="FILE",
        help="a second edition of the same units (read like --data): compare its ranking "
        "with the first's (both under --weights / --aggregation when given)",
    )
    _add_aggregation(compare)
    _add_unit(compare)
    add_data_argument(compare)
    add_format_argument(compare)

    pillars = _command(
        subparsers,
        "pillars",
        "idx.cli.system_commands:run_pillars",
        "the index system (Table 1): pillars and weights",
        "Print the pillars, their weights and where each weight comes from.",
    )
    pillars.add_argument("--system", metavar="FILE", help="a pillars CSV instead of Table 1")
    add_format_argument(pillars)


def _schemes(subparsers: Any) -> None:
    parser = _command(
        subparsers,
        "weights",
        "idx.cli.scheme_commands:run_weights",
        "weights of a weighting scheme",
        "Weights a scheme assigns to the pillars, computed on the 0-100 pillar "
        "indices. Schemes: " + ", ".join(_SCHEME_NAMES) + ".",
    )
    parser.add_argument("--scheme", choices=_SCHEME_NAMES, default="published")
    parser.add_argument("--matrix", metavar="FILE", help="ahp only: CSV of pairwise comparisons")
    parser.add_argument(
        "--order",
        metavar="PILLARS",
        type=values.name_list("--order"),
        help="roc / rank_sum only: every pillar, most important first, comma-separated",
    )
    parser.add_argument(
        "--spread",
        type=values.share("--spread"),
        default=None,
        help="bod only: restrict weights to +/- this share of the published ones (0.25 or 25%%)",
    )
    add_data_argument(parser)
    add_format_argument(parser)


def _add_space(parser: argparse.ArgumentParser, mode: SpaceMode = "simplex") -> None:
    parser.add_argument(
        "--spread",
        type=values.share("--spread"),
        default=None,
        help="each weight within +/- this share of its published value: 0.25 or 25%% "
        "(default 0.25)",
    )
    parser.add_argument(
        "--mode",
        choices=choices(SpaceMode),
        default=mode,
        help="simplex: bounds on the weights themselves; factors: independent factors "
        f"renormalised, the JRC convention (default {mode})",
    )
    parser.add_argument(
        "--fixed",
        metavar="PILLARS",
        type=values.name_list("--fixed"),
        help="comma-separated pillars held at their published weight",
    )
    parser.add_argument(
        "--bounds",
        metavar="P=LO:HI,...",
        type=values.bounds,
        help="absolute bounds for some pillars, replacing their --spread, e.g. "
        "application=0.2:0.3,security=10%%:15%% (factors mode: bounds on the factors)",
    )


def _add_sampling(parser: argparse.ArgumentParser, n: int, sampler: bool = True) -> None:
    if sampler:
        parser.add_argument(
            "--sampler",
            choices=choices(Sampler),
            default=None,
            help="default: uniform on a simplex space, jrc on a factors space",
        )
    parser.add_argument(
        "--n",
        type=values.count("--n"),
        default=n,
        help=f"scenarios, e.g. 100000 or 1e6 (default {n:,})",
    )
    parser.add_argument(
        "--seed",
        type=values.seed,
        default=None,
        help="random seed, a whole number >= 0 (default: a fresh one, reported so the run "
        "can be repeated)",
    )
    _add_workers(parser)


def _add_inputs(parser: argparse.ArgumentParser, sobol: bool = False) -> None:
    """Inputs beyond the weights (:class:`idx.Uncertainty`)."""
    group = parser.add_argument_group(
        "uncertainty beyond the weights",
        "Each option adds an uncertain input to the weights (see idx.Uncertainty).",
    )
    group.add_argument(
        "--fixed-weights",
        action="store_true",
        help="hold the weights at the published ones: vary only the inputs below",
    )
    group.add_argument(
        "--rounding",
        action="store_true",
        help="draw every printed sub-score within half a unit of its last digit "
        "(+/-0.005 for 2017)",
    )
    group.add_argument(
        "--noise",
        metavar="SIZE|P=SIZE,...",
        type=values.noise,
        help="measurement noise on the pillar indices: one size, or sizes per pillar, in "
        "index points (2), or as a share of the index (5%%, which means --noise-kind relative)",
    )
    group.add_argument(
        "--noise-kind",
        choices=choices(NoiseKind),
        default=None,
        help="absolute: index points (default for numbers); relative: a share of the index "
        "(default for percentages)",
    )
    group.add_argument(
        "--noise-distribution",
        choices=choices(NoiseDistribution),
        default=None,
        help="uniform on [-size, size] (default), or normal with sd size",
    )
    for option, example in (
        ("--aggregations", "arithmetic=0.5,geometric=0.25,power:2=0.25"),
        ("--normalisations", "minmax,zscore (built editions only)"),
        ("--imputations", "indicator_mean,indicator_median (built editions only)"),
    ):
        group.add_argument(
            option,
            metavar="CHOICE[=P],...",
            type=values.choice_list(option),
            help=f"choices drawn with their probabilities (equal if none), e.g. {example}",
        )
    if sobol:
        group.add_argument(
            "--group-weights",
            action="store_true",
            help="all weights as one factor group 'weights' (default: one factor per pillar)",
        )
        group.add_argument(
            "--group",
            metavar="NAME=F+F...",
            action="append",
            type=values.group,
            help="join factors into one named group, e.g. data=rounding+noise or "
            "digital=innovation+digital_economy (repeat for more groups)",
        )


def _add_workers(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="parallel workers, -1 for one per CPU (default 1); the result does not depend on it",
    )


def _sensitivity(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "sensitivity",
        help="how robust each rank is to the weights",
        description="Exact (stability, path, reversal, range, loo) and sampled (mc, smaa, "
        "sobol) analyses of the ranking's sensitivity to the pillar weights.",
    )
    commands = parser.add_subparsers(dest="analysis", metavar="ANALYSIS")
    commands.required = True

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = _command(commands, name, f"idx.cli.sensitivity_commands:run_{name}", help_text)
        add_data_argument(sub)
        add_format_argument(sub)
        return sub

    add("stability", "per pillar, the weight interval over which the whole ranking holds")
    path = add("path", "every unit's rank as one pillar's weight runs over [0, 1]")
    path.add_argument(
        "--pillar", required=True, type=values.nonempty("--pillar"), help="pillar id or name"
    )
    _add_unit(path)
    rev = add("reversal", "the smallest weight change that lets BEHIND overtake AHEAD")
    rev.add_argument("ahead")
    rev.add_argument("behind")
    _add_space(rev)
    rng = add("range", "best and worst attainable rank of every unit, exactly (MILP)")
    _add_space(rng)
    _add_unit(rng)
    _add_workers(rng)
    _add_unit(add("loo", "ranks with each pillar dropped and the rest renormalised"))
    mc = add("mc", "Monte Carlo rank distributions (median, percentiles, top-k)")
    _add_space(mc)
    _add_sampling(mc, 100_000)
    _add_inputs(mc)
    mc.add_argument(
        "--top",
        metavar="K[,K...]",
        type=values.counts("--top"),
        default=None,
        help="report P(rank <= K) for each K (default 1,3,10, those up to the number of units)",
    )
    _add_unit(mc)
    sm = add("smaa", "SMAA-2 rank acceptability, central weights, confidence")
    _add_space(sm)
    _add_sampling(sm, 100_000)
    _add_unit(sm)
    so = add("sobol", "first-order and total Sobol indices (factors mode)")
    _add_space(so, mode="factors")
    _add_sampling(so, 4096, sampler=False)
    _add_inputs(so, sobol=True)
    _add_unit(so)
    _targets(subparsers=None, analyses=commands)


def _audit(subparsers: Any) -> None:
    parser = _command(
        subparsers,
        "audit",
        "idx.cli.audit_commands:run_audit",
        "statistical audit: effective importance and coherence of the pillars",
        "The statistical audit of an edition: each pillar's main effect on the total "
        "against its weight (linear and smoothing-spline correlation ratios), "
        "correlations with p-values, Cronbach's alpha, principal components, and "
        "distributions with skewness, kurtosis and outliers. Without --section, every "
        "section is printed (csv needs --section: it holds one table).",
    )
    parser.add_argument(
        "--section",
        choices=choices(AuditSection),
        default=None,
        help="print one section only; 'pillars' is a one-row-per-pillar summary",
    )
    add_data_argument(parser)
    add_format_argument(parser)


def _targets(subparsers: Any, analyses: Any = None) -> None:
    """``idx target``, ``idx gaps``, ``idx profile`` (on ``subparsers``) or, given the
    ``sensitivity`` command's ``analyses``, ``idx sensitivity importance``."""
    module = "idx.cli.target_commands"
    if analyses is not None:
        imp = _command(
            analyses,
            "importance",
            f"{module}:run_importance",
            "which pillar matters most: rank shifts when dropped or moved +/-, mean Sobol index",
        )
        _add_space(imp, mode="factors")
        imp.add_argument(
            "--shift",
            type=values.share("--shift"),
            default=0.25,
            help="one-at-a-time move of each weight factor, +/- this share (default 0.25)",
        )
        _add_sampling(imp, 4096, sampler=False)
        add_data_argument(imp)
        add_format_argument(imp)
        return
    target = _command(
        subparsers,
        "target",
        f"{module}:run_target",
        "what would it take: index gains that lift a unit to a rank",
        "The gains in a unit's pillar indices that lift it to RANK or better: per pillar "
        "in closed form, the cheapest combination (LP), robustly over +/- SPREAD of every "
        "weight (exact, MILP) and with a probability over sampled weights.",
    )
    target.add_argument("unit", metavar="UNIT")
    target.add_argument(
        "--rank",
        type=values.count("--rank"),
        required=True,
        help="the target rank (a tie reaches it)",
    )
    target.add_argument(
        "--pillar",
        metavar="PILLARS",
        type=values.name_list("--pillar"),
        help="comma-separated pillars that may rise (default: all)",
    )
    target.add_argument("--weights", metavar="SPEC", type=values.weights, help=_WEIGHTS_HELP)
    target.add_argument(
        "--cost",
        metavar="SPEC",
        type=values.weights,
        help="cost of one index point: pillar=value pairs such as application=2 (other "
        "pillars cost 1) or one number per chosen pillar in order (default 1 each)",
    )
    target.add_argument(
        "--spread",
        type=values.share("--spread"),
        default=None,
        help="also answer robustly: every weight within +/- this share of its published "
        "value, 0.25 or 25%%",
    )
    target.add_argument(
        "--mode",
        choices=choices(SpaceMode),
        default="simplex",
        help="how --spread bounds the weights (default simplex)",
    )
    target.add_argument(
        "--fixed",
        metavar="PILLARS",
        type=values.name_list("--fixed"),
        help="comma-separated pillars held at their published weight",
    )
    target.add_argument(
        "--bounds", metavar="P=LO:HI,...", type=values.bounds, help=argparse.SUPPRESS
    )
    target.add_argument(
        "--probability",
        type=values.number("--probability"),
        default=None,
        help="also the smallest gains with P(rank <= RANK) >= this (sampled; --spread "
        "defaults to 0.25)",
    )
    _add_sampling(target, 20_000)
    # None: not given, so that --mode, --n and --seed without --spread or --probability
    # are refused rather than ignored (the handler applies the defaults shown in --help)
    target.set_defaults(mode=None, n=None)
    add_data_argument(target)
    add_format_argument(target)

    gaps = _command(
        subparsers,
        "gaps",
        f"{module}:run_gaps",
        "every unit's gap to the unit above and lead over the unit below",
        "Gaps between neighbours in the ranking, in total points and in index points of "
        "each pillar (gap / weight).",
    )
    gaps.add_argument("--weights", metavar="SPEC", type=values.weights, help=_WEIGHTS_HELP)
    _add_unit(gaps)
    add_data_argument(gaps)
    add_format_argument(gaps)

    profile = _command(
        subparsers,
        "profile",
        f"{module}:run_profile",
        "one unit: pillars, strengths and weaknesses, rank range, neighbours, next step",
    )
    profile.add_argument("unit", metavar="UNIT")
    _add_space(profile)
    _add_sampling(profile, 20_000)
    add_data_argument(profile)
    add_format_argument(profile)


_PLOT = "idx.cli.plot_commands"


def _plot(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "plot",
        help="draw a figure of a result (needs matplotlib: pip install 'idx[plot]')",
        description="Draw one figure of an analysis to a PNG, SVG or PDF file. Each KIND "
        "takes the options of the command that computes its result.",
    )
    kinds = parser.add_subparsers(dest="kind", metavar="KIND")
    kinds.required = True

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = _command(kinds, name, f"{_PLOT}:run_{name.replace('-', '_')}", help_text)
        sub.add_argument(
            "--out",
            required=True,
            metavar="FILE",
            type=values.nonempty("--out"),
            help="the figure: FILE.png, .svg or .pdf",
        )
        sub.add_argument(
            "--dpi", type=values.count("--dpi"), default=150, help="PNG resolution (default 150)"
        )
        sub.add_argument("--title", help="replace the figure's title ('' for none)")
        add_data_argument(sub)
        return sub

    def window(text: str) -> tuple[float, float]:
        # two shares; that they lie in [0, 1], low below high, is checked when it runs
        parts = text.split(",")
        if len(parts) != 2:
            msg = f"--window must be LOW,HIGH, e.g. 0.15,0.35 or 15%,35% (got {text!r})"
            raise argparse.ArgumentTypeError(msg)
        read = values.share("--window")
        return read(parts[0]), read(parts[1])

    ru = add(
        "rank-uncertainty",
        "median rank, 5-95%% interval (Monte Carlo) and exact best-worst range of every unit",
    )
    _add_space(ru)
    _add_sampling(ru, 100_000)
    ru.add_argument(
        "--no-exact", action="store_true", help="leave out the exact range (no MILP is solved)"
    )
    _add_inputs(ru)
    acc = add("acceptability", "heatmap of how often each unit takes each rank")
    _add_space(acc)
    _add_sampling(acc, 100_000)
    acc.add_argument("--smaa", action="store_true", help="from SMAA-2 instead of Monte Carlo")
    _add_inputs(acc)
    so = add("sobol", "first-order and total Sobol indices with intervals")
    _add_space(so, mode="factors")
    _add_unit(so, "one unit (default: the mean over the units whose rank varies)")
    so.add_argument(
        "--output", choices=choices(SobolOutput), default="rank", help="rank (default) or total"
    )
    _add_sampling(so, 4096, sampler=False)
    _add_inputs(so, sobol=True)
    path = add("rank-path", "ranks as step functions of one pillar's weight")
    path.add_argument(
        "--pillar", required=True, type=values.nonempty("--pillar"), help="pillar id or name"
    )
    path.add_argument(
        "--unit",
        action="append",
        type=values.nonempty("--unit"),
        help="a unit to draw (repeat for more, up to 8; 'all' for every unit); default: "
        "the units whose rank changes first on either side of the published weight",
    )
    path.add_argument(
        "--window",
        metavar="LOW,HIGH",
        type=window,
        help="range of the weight to show, e.g. 0.15,0.35 or 15%%,35%%",
    )
    add("stability", "per pillar, the weights that keep every rank")
    shifts = add("shifts", "slopegraph of ranks between weightings, largest movers in colour")
    shifts.add_argument("--weights", metavar="SPEC", type=values.weights, help=_WEIGHTS_HELP)
    shifts.add_argument(
        "--schemes",
        metavar="LIST",
        type=values.scheme_list,
        help=_SCHEMES_HELP + " (default: published,equal,entropy,critic)",
    )
    shifts.add_argument(
        "--highlight",
        type=values.count("--highlight"),
        default=5,
        help="how many of the largest movers to colour (default 5, at most 8)",
    )
    co = add("contributions", "stacked weighted pillar contributions to each total")
    co.add_argument("--weights", metavar="SPEC", type=values.weights, help=_WEIGHTS_HELP)
    add("importance", "each pillar's share of the main effects against its share of the weights")
    cor = add("correlations", "heatmap of the correlations among pillars and with the total")
    cor.add_argument(
        "--method",
        choices=("pearson", "spearman", "kendall"),
        default="pearson",
        help="correlation (default pearson)",
    )
    pro = add("profile", "one unit: pillar ranks against its rank, its range and neighbours")
    pro.add_argument("unit", metavar="UNIT", type=values.nonempty("UNIT"))
    _add_space(pro)
    _add_sampling(pro, 20_000)
    tar = add("targets", "the index gains that lift a unit to a rank, per pillar and combined")
    tar.add_argument("unit", metavar="UNIT", type=values.nonempty("UNIT"))
    tar.add_argument("--rank", type=values.count("--rank"), required=True, help="the target rank")
    tar.add_argument("--weights", metavar="SPEC", type=values.weights, help=_WEIGHTS_HELP)


def _report(subparsers: Any) -> None:
    parser = _command(
        subparsers,
        "report",
        f"{_PLOT}:run_report",
        "write one self-contained HTML report (needs matplotlib)",
        "Write one HTML file with the data and its verification, the ranking under the "
        "published and other weights, and how robust every rank is (stability, exact "
        "ranges, Monte Carlo, Sobol), with figures inline: no network needed to read or "
        "print it. The same --seed gives the same file; without one, a seed is drawn, "
        "printed and shown on the page.",
    )
    parser.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        type=values.nonempty("--out"),
        help="the report, FILE.html",
    )
    parser.add_argument(
        "--unit",
        metavar="UNIT",
        action="append",
        type=values.nonempty("--unit"),
        help="add a section on this unit (repeatable)",
    )
    _add_space(parser, mode="factors")
    _add_sampling(parser, 100_000)
    parser.add_argument(
        "--sobol-n",
        type=values.count("--sobol-n"),
        default=4096,
        help="Sobol base samples, e.g. 4096 or 1e4 (default 4,096)",
    )
    parser.add_argument(
        "--schemes",
        metavar="LIST",
        type=values.scheme_list,
        help=_SCHEMES_HELP + " (default: published,equal,entropy,critic)",
    )
    parser.add_argument(
        "--tables", action="store_true", help="also write every table as CSV beside the report"
    )
    add_data_argument(parser)


def build_parser() -> argparse.ArgumentParser:
    """The full ``idx`` parser with every command registered."""
    parser = ArgumentParser(
        prog="idx",
        description="China's Provincial Internet Development Index: scores, ranks and "
        "how far each rank can be trusted.",
    )
    parser.add_argument("--version", action=_Version)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    _core(subparsers)
    _sensitivity(subparsers)
    _schemes(subparsers)
    _audit(subparsers)
    _targets(subparsers)
    _plot(subparsers)
    _report(subparsers)
    return parser
