"""Provenance as data: the steps that made an edition what it is, in order.

``Edition.source`` says where the figures come from (a file, a citation). What was
done to them on the way (read with which options, indicators normalised, values
imputed, units dropped) is a tuple of :class:`Step` records, the way COINr logs
every build step with its parameters, so a program can read it and a person can
print it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

__all__ = ["Step"]


@dataclass(frozen=True)
class Step:
    """One thing done to the data.

    Attributes
    ----------
    action : str
        A short verb-like name: ``"read"``, ``"normalise"``, ``"impute"``, ``"drop_units"``.
    description : str
        One sentence a person can read.
    parameters : mapping
        The settings that reproduce the step (read-only).
    """

    action: str
    description: str
    parameters: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "parameters", MappingProxyType(dict(self.parameters)))

    def __str__(self) -> str:
        return f"{self.action}: {self.description}"
