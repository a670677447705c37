# Everything creates the virtual environment it needs: on a fresh machine with python3
# and make, `make generate` and `make test` do all the set-up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: venv generate check test lint typecheck bench corpus browser docs clean

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

## browser: Debian's Chromium for the published-site test, installed where this user can
## (root or password-less sudo, apt); without it that test is skipped and says why
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO="sudo -n"; fi; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  echo "make browser: installing Debian's chromium (apt-get)"; \
	  $$SUDO apt-get install -y -qq chromium >/dev/null 2>&1 \
	  || { $$SUDO apt-get update -qq >/dev/null 2>&1 \
	       && $$SUDO apt-get install -y -qq chromium >/dev/null 2>&1; } \
	  || echo "make browser: could not install chromium: the browser test will be skipped"; }

## docs: the published API reference of every spec in spec/, into site/<name>/
docs: $(STAMP)
	@for spec in spec/*.yaml; do \
	  $(BIN)/docs2openapi publish "$$spec" -o "site/$$(basename "$$spec" .yaml)" || exit 1; \
	done

## test: lint, type-check, freshness, then the test suite (with the browser test)
test: lint typecheck check browser
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

## bench: time the whole ModelArts reference against the docutils floor, make corpus and
## Redocly's diff → BENCHMARKS.md (BEFORE=<git revision>: also the tool at that revision)
bench: $(STAMP)
	$(BIN)/python bench/build.py --write BENCHMARKS.md $(if $(BEFORE),--before $(BEFORE))

## corpus: build every docs set of ../shared/corpus into build/corpus/ (a summary table
## at the end; a set that fails stops no other)
corpus: $(STAMP)
	$(BIN)/docs2openapi generate --config bench/corpus.toml --out build/corpus
