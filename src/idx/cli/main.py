"""Entry point of the ``idx`` command: parse the arguments, run one command's handler."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from idx.cli.parsers import build_parser
from idx.errors import IdxError

__all__ = ["build_parser", "main"]


def _handler(args: argparse.Namespace) -> Callable[[argparse.Namespace], int]:
    # The one place the CLI loads a module by name: a command's computation (and
    # scipy with it) is imported only when that command runs.
    module, _, name = str(args.handler).partition(":")
    handler: Callable[[argparse.Namespace], int] = getattr(importlib.import_module(module), name)
    return handler


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``idx`` with ``argv`` (default: ``sys.argv[1:]``) and return the exit code.

    Errors of idx's own print as one line on standard error with exit code 2.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = _handler(args)(args)
    except IdxError as exc:
        message = " ".join(str(exc).split())
        sys.stderr.write(f"idx {args.command}: error: {message}\n")
        return 2
    except BrokenPipeError:  # pragma: no cover - e.g. `idx rank | head`
        return 0
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
