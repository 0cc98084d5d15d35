"""Entry point of the ``idx`` command: builds the parser from the command modules and runs one."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from idx.errors import IdxError

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The full ``idx`` parser with every command registered."""
    from idx.cli import core_commands, scheme_commands, sensitivity_commands

    parser = argparse.ArgumentParser(
        prog="idx",
        description="China's Provincial Internet Development Index: scores, ranks and "
        "how far each rank can be trusted.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    core_commands.register(subparsers)
    sensitivity_commands.register(subparsers)
    scheme_commands.register(subparsers)
    return parser


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
