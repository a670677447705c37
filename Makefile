# Everything creates the virtual environment it needs: on a fresh machine with python3
# and make, `make generate` and `make test` do all the set-up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: venv generate check test lint typecheck bench corpus clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

venv: $(STAMP)

## generate: spec/<service>.yaml for every service in pyproject.toml
generate: $(STAMP)
	$(BIN)/docs2openapi generate

## check: fail when spec/ is stale against docs_src/
check: $(STAMP)
	$(BIN)/docs2openapi generate --check

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

## test: lint, type-check, freshness, then the test suite
test: lint typecheck check
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

## bench: time the whole ModelArts reference against the docutils floor → BENCHMARKS.md
bench: $(STAMP)
	$(BIN)/python bench/build.py --write BENCHMARKS.md

## corpus: build every docs set of ../shared/corpus into build/corpus/
corpus: $(STAMP)
	$(BIN)/docs2openapi generate --config bench/corpus.toml --out build/corpus
