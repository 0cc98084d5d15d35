"""Entry point of the ``idx`` command: builds the parser from the command modules and runs one."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from idx.errors import IdxError

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The full ``idx`` parser with every command registered."""
    from idx.cli import core_commands

    parser = argparse.ArgumentParser(
        prog="idx",
        description="China's Provincial Internet Development Index: scores, ranks and "
        "how far each rank can be trusted.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    core_commands.register(subparsers)
    for register in _optional_registrars():
        register(subparsers)
    return parser


def _optional_registrars() -> list[Callable[[Any], None]]:
    # Command groups that live in their own modules; each exposes register(subparsers).
    # TEMPORARY guard while the modules are being written; integration makes these plain imports.
    import importlib
    import importlib.util

    registrars = []
    for name in ("idx.cli.sensitivity_commands", "idx.cli.scheme_commands"):
        if importlib.util.find_spec(name) is not None:
            registrars.append(importlib.import_module(name).register)
    return registrars


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``idx`` with ``argv`` (default: ``sys.argv[1:]``) and return the exit code.

    Errors of idx's own print as one line on standard error with exit code 2.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except IdxError as exc:
        message = " ".join(str(exc).split())
        sys.stderr.write(f"idx {args.command}: error: {message}\n")
        return 2
    except BrokenPipeError:  # pragma: no cover - e.g. `idx rank | head`
        return 0
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
