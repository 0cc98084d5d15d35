"""The ``idx`` command-line interface."""

from idx.cli.main import main

__all__ = ["main"]
