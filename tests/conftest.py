from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
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


@pytest.fixture(scope="session")
def built() -> idx.Edition:
    """An edition built from raw indicators: six provinces, three indicators in two
    pillars, Jiangsu's ports missing (imputed by the indicator mean)."""
    system = idx.IndexSystem(
        pillars=(
            idx.Pillar(
                id="access",
                name="Access",
                weight=0.6,
                indicators=(
                    idx.Indicator(id="ports", name="Ports", weight=0.5),
                    idx.Indicator(id="price", name="Price", direction="lower", weight=0.5),
                ),
            ),
            idx.Pillar(
                id="use",
                name="Use",
                weight=0.4,
                indicators=(idx.Indicator(id="users", name="Users"),),
            ),
        )
    )
    raw = pd.DataFrame(
        {
            "ports": [20.0, 40.0, 60.0, 35.0, np.nan, 80.0],
            "price": [80.0, 60.0, 40.0, 70.0, 55.0, 30.0],
            "users": [30.0, 50.0, 90.0, 45.0, 60.0, 70.0],
        },
        index=["Beijing", "Tianjin", "Hebei", "Shanxi", "Jiangsu", "Zhejiang"],
    )
    return idx.build(raw, system, imputation="indicator_mean")
