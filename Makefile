# Quick start: `make demo` and `make test` create .venv on their own.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-numpy lint typecheck check bench figures clean

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

# the tests of every sampled method again on the numpy kernel alone (the reference), as
# CI does; the kernels' exact agreement is itself tested in tests/test_pairs.py
KERNEL_TESTS := tests/test_pairs.py tests/test_montecarlo.py tests/test_smaa.py \
	tests/test_sobol.py tests/test_sampling.py tests/test_parallel.py \
	tests/test_rank_kernel.py tests/test_cli_sensitivity_stat.py tests/test_targets.py \
	tests/test_inputs.py
test-numpy: $(STAMP)
	IDX_KERNEL=numpy $(BIN)/python -m pytest -q $(KERNEL_TESTS)

lint: $(STAMP)
	$(BIN)/ruff check src tests examples benchmarks
	$(BIN)/ruff format --check src tests examples benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

check: lint typecheck test

# single-threaded BLAS, as the figures in the README were measured
bench: $(STAMP)
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(BIN)/python benchmarks/run.py

# The figures the README and docs/plots.md show, from real runs (seeds fixed, so a
# re-run gives the same files). PNG at 100 dpi keeps them sharp and small.
FIGURES := docs/figures
PLOT := $(BIN)/python -m idx plot
DPI := 100

figures: $(STAMP)
	mkdir -p $(FIGURES)
	$(PLOT) rank-uncertainty --mode factors --n 1000000 --seed 2017 --dpi $(DPI) --out $(FIGURES)/rank_uncertainty.png
	$(PLOT) acceptability --mode factors --n 1000000 --seed 2017 --dpi $(DPI) --out $(FIGURES)/acceptability.png
	$(PLOT) sobol --n 4096 --seed 2017 --dpi $(DPI) --out $(FIGURES)/sobol.png
	$(PLOT) sobol --n 4096 --seed 2017 --unit Hunan --dpi $(DPI) --out $(FIGURES)/sobol_hunan.png
	$(PLOT) sobol --n 4096 --seed 2017 --unit Hunan --rounding --group-weights --dpi $(DPI) --out $(FIGURES)/sobol_sources_hunan.png
	$(PLOT) rank-path --pillar application --window 0.15,0.35 --dpi $(DPI) --out $(FIGURES)/rank_path_application.png
	$(PLOT) stability --dpi $(DPI) --out $(FIGURES)/stability.png
	$(PLOT) shifts --schemes published,equal,entropy,critic --dpi $(DPI) --out $(FIGURES)/shifts.png
	$(PLOT) contributions --dpi $(DPI) --out $(FIGURES)/contributions.png
	$(BIN)/python docs/make_figures.py --dpi $(DPI) $(FIGURES)

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
