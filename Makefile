# Quick start: `make demo` and `make test` create .venv on their own.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-numpy lint typecheck check bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,plot,fast,excel]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/idx rank
	$(BIN)/idx verify

test: $(STAMP)
	$(BIN)/python -m pytest -q

# the whole suite again on the numpy kernel alone (the reference), as CI does
test-numpy: $(STAMP)
	IDX_KERNEL=numpy $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests examples benchmarks
	$(BIN)/ruff format --check src tests examples benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

check: lint typecheck test

# single-threaded BLAS, as the figures in the README were measured
bench: $(STAMP)
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
