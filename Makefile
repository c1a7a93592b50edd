# Two commands set up a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Opens the wizard on a copy of a bundled example, so autosave never edits a tracked file.
run: $(STAMP)
	mkdir -p scratch
	[ -f scratch/mlops-answers.yaml ] || cp examples/fraud-detection.yaml scratch/mlops-answers.yaml
	cd scratch && ../$(BIN)/mlops-wizard --answers mlops-answers.yaml --repo ../examples/sample-repo

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python bench/headless_export.py
	$(BIN)/python bench/scan.py
	$(BIN)/python bench/tui.py

clean:
	rm -rf $(VENV) scratch build dist .pytest_cache .ruff_cache
