# Two commands set up a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint lock bench clean pipeline-tools spark-tools

# The whole environment comes from requirements.lock (every package pinned, with hashes),
# so a fresh machine runs what was tested; then the project itself, editable, without deps.
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Re-resolve the lock after changing dependencies in pyproject.toml (uv is in the lock).
# pylock.toml (PEP 751, the standard lock format) holds the same resolution for tools that
# read it; requirements.lock stays the one make installs from, since the pip of a fresh
# python3 reads only that format. tests/test_lock.py keeps the two equal.
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra test --extra spark --generate-hashes --universal \
		--python-version 3.11 --upgrade -q -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra test --extra spark --universal \
		--python-version 3.11 --format pylock.toml -c requirements.lock -q -o pylock.toml

# Opens the wizard on a copy of a bundled example, so autosave never edits a tracked file.
run: $(STAMP)
	mkdir -p scratch
	[ -f scratch/mlops-answers.yaml ] || cp examples/fraud-detection.yaml scratch/mlops-answers.yaml
	cd scratch && ../$(BIN)/mlops-wizard --answers mlops-answers.yaml --repo ../examples/sample-repo

# The pipeline tests run the exported .gitlab-ci.yml with gitlab-ci-local (4.60.0 is the
# last release for Node 20), which needs rsync; installed here when missing.
GITLAB_CI_LOCAL_VERSION := 4.60.0
pipeline-tools:
	command -v rsync >/dev/null || (apt-get update -qq && apt-get install -y -qq rsync)
	command -v gitlab-ci-local >/dev/null || npm install -g gitlab-ci-local@$(GITLAB_CI_LOCAL_VERSION)

# The Spark tests run calibrate and drift --engine spark and the printed Spark SQL on a local
# session (pyspark comes from requirements.lock); Spark needs a Java runtime (17 for Spark 4),
# installed from Debian's packages when `java` is missing.
spark-tools:
	command -v java >/dev/null || (apt-get update -qq && \
		(apt-get install -y -qq openjdk-17-jre-headless || apt-get install -y -qq default-jre-headless))

# The suite runs on every core (pytest-xdist): most of a UI test's time is the app waiting for
# its next frame, so two workers overlap those waits. worksteal: a worker that runs out of tests
# takes queued ones from the other, so the long keyboard walks do not all end on one core.
test: $(STAMP) pipeline-tools spark-tools
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest -n auto --dist worksteal

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	@# Every benchmark runs; the target fails at the end if any missed its goal.
	@status=0; for script in headless_export scan tui calibrate; do \
	  echo "$(BIN)/python bench/$$script.py"; $(BIN)/python bench/$$script.py || status=1; \
	done; exit $$status

clean:
	rm -rf $(VENV) scratch build dist .pytest_cache .ruff_cache
