from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, settings

import idx
from idx.cli.main import main

# A fixed, modest budget keeps the suite fast and CI deterministic.
settings.register_profile(
    "idx",
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("idx")


@pytest.fixture(scope="session")
def edition() -> idx.Edition:
    """The bundled 2017 edition (frozen, so one copy serves every test)."""
    return idx.load_2017()


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run ``idx ARGV...`` in-process: returns (exit code, stdout, stderr)."""

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run
