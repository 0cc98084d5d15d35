from __future__ import annotations

from hypothesis import HealthCheck, settings

# A fixed, modest budget keeps the suite fast and CI deterministic.
settings.register_profile(
    "idx",
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("idx")
