"""Entry point of the ``idx`` command: parse the arguments, run one command's handler.

Every error a user can cause ends the same way: one line on standard error,
``idx <command>: error: <message>``, and exit status 2. Messages speak of options
as they are typed (``--n``, ``--spread``), not of the Python parameters behind them.
An interrupt (Ctrl-C) ends with one line and status 130, the shell's convention.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Callable, Sequence

from idx.cli.parsers import build_parser
from idx.errors import IdxError

__all__ = ["build_parser", "cli_words", "main"]

# library parameter -> the option that sets it, where a command has that option
_OPTIONS = {
    "n": "--n",
    "seed": "--seed",
    "spread": "--spread",
    "fixed": "--fixed",
    "bounds": "--bounds",
    "mode": "--mode",
    "weights": "--weights",
    "sampler": "--sampler",
    "aggregation": "--aggregation",
    "power": "--power",
    "top_k": "--top",
    "rank_method": "--method",
    "order": "--order",
    "matrix": "--matrix",
    "pillar": "--pillar",
    "unit": "--unit",
    "schemes": "--schemes",
}
# a quoted parameter name where messages put one: first, after "in " or "partial "
_QUOTED = re.compile(r"(^|\bin |\bpartial )'(\w+)'")


def cli_words(message: str, args: argparse.Namespace | None) -> str:
    """``message`` with quoted parameter names the command exposes as options replaced.

    ``'n' must be a positive integer (got 0)`` becomes ``--n must be a positive
    integer (got 0)``; ``unknown pillar 'x' in 'fixed'`` becomes ``... in --fixed``.
    """
    if args is None:
        return message

    def replace(match: re.Match[str]) -> str:
        option = _OPTIONS.get(match.group(2))
        if option is None or not hasattr(args, option[2:].replace("-", "_")):
            return match.group(0)
        return f"{match.group(1)}{option}"

    return _QUOTED.sub(replace, message)


def _handler(args: argparse.Namespace) -> Callable[[argparse.Namespace], int]:
    # The one place the CLI loads a module by name: a command's computation (and
    # scipy with it) is imported only when that command runs.
    module, _, name = str(args.handler).partition(":")
    handler: Callable[[argparse.Namespace], int] = getattr(importlib.import_module(module), name)
    return handler


def one_line(message: str) -> str:
    """``message`` on one line: line breaks become spaces, nothing else changes."""
    return " ".join(message.splitlines())


def _fail(prog: str, message: str) -> int:
    text = one_line(message)
    sys.stderr.write(f"{prog}: error: {text}\n")
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``idx`` with ``argv`` (default: ``sys.argv[1:]``) and return the exit code.

    Errors print as one line on standard error with exit code 2; ``--help`` and
    ``--version`` return 0; an interrupt returns 130.
    """
    arguments = [str(a) for a in (sys.argv[1:] if argv is None else argv)]
    prog = "idx"
    args: argparse.Namespace | None = None
    try:
        try:
            args, extra = build_parser().parse_known_args(arguments)
        except SystemExit as exc:  # --help, --version, or an error argparse printed
            return exc.code if isinstance(exc.code, int) else 2
        prog = str(getattr(args, "command_prog", prog))
        if extra:
            return _fail(prog, f"unrecognized arguments: {' '.join(extra)}")
        args.argv = arguments
        code: int = _handler(args)(args)
    except IdxError as exc:
        return _fail(prog, cli_words(str(exc), args))
    except KeyboardInterrupt:
        sys.stderr.write(
            f"\n{prog}: interrupted\n" if sys.stderr.isatty() else f"{prog}: interrupted\n"
        )
        return 130
    except BrokenPipeError:  # pragma: no cover - e.g. `idx rank | head`
        return 0
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
