"""The distribution's name and version: from the package metadata, or the source tree's."""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

import pytest

import idx
from idx.cli.main import main

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = pytest.importorskip("tomli")

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def _project() -> dict[str, object]:
    with PYPROJECT.open("rb") as handle:
        project: dict[str, object] = tomllib.load(handle)["project"]
    return project


def test_the_distribution_is_not_named_idx_but_the_import_is():
    # "idx" on the package index is an unrelated project
    assert _project()["name"] == idx.DISTRIBUTION == "china-idx"
    assert idx.__name__ == "idx"


def test_source_version_is_the_one_in_pyproject():
    assert _project()["version"] == idx._SOURCE_VERSION


def test_version_comes_from_the_metadata_when_installed(monkeypatch):
    asked = []

    def version(name: str) -> str:
        asked.append(name)
        return "9.8.7"

    monkeypatch.setattr(importlib.metadata, "version", version)
    assert idx._version() == "9.8.7"
    assert asked == ["china-idx"]  # never "idx", which may be the unrelated project


def test_version_falls_back_to_the_source_tree_without_metadata(monkeypatch):
    def missing(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", missing)
    assert idx._version() == idx._SOURCE_VERSION


def test_version_attribute_and_command(capsys):
    assert isinstance(idx.__version__, str) and idx.__version__
    assert "__version__" in dir(idx)
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"idx {idx.__version__} (distribution china-idx)\n"
