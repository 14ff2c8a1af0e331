# Two commands a user needs: `make report` and `make test`. Both set up .venv first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup build report test lint bench action-model clean-venv

setup: $(STAMP)

# Reinstall only when the declared dependencies change.
$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "make: $(PYTHON) not found; run 'make PYTHON=python3 ...'" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

build: setup
	$(BIN)/compare build --raw data/raw --clean data/clean

report: build
	$(BIN)/compare report --notebooks notebooks --out reports --clean data/clean

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check src tests benchmarks scripts

bench: setup
	$(BIN)/python benchmarks/build_speed.py
	$(BIN)/python benchmarks/scale.py

# Fit the packaged action classifier again on the development clauses (docs/instruments.md);
# rebuild data/clean afterwards.
action-model: setup
	$(BIN)/python scripts/fit_action_model.py

clean-venv:
	rm -rf $(VENV)
