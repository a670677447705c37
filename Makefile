# Everything creates the virtual environment it needs: on a fresh machine with python3
# and make, `make generate` and `make test` do all the set-up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: venv generate check test lint typecheck bench corpus clients browser docs clean \
	interop interop-tools diff-score conformance

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

## browser: Debian's Chromium for the published-site test, and a small CJK font so the
## Chinese pages and language links render in its screenshots, installed where this user
## can (root or password-less sudo, apt); without Chromium that test is skipped and says why.
## Also axe-core (npm pack, into .cache/browser/, never into a site) for the test's
## accessibility check; without npm that check is skipped and says why.
BROWSER_PACKAGES := chromium fonts-wqy-microhei
AXE_VERSION := 4.11.1
AXE := .cache/browser/axe-core-$(AXE_VERSION).min.js
browser:
	@{ command -v chromium >/dev/null 2>&1 && [ -e /usr/share/fonts/truetype/wqy ]; } || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO="sudo -n"; fi; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  echo "make browser: installing $(BROWSER_PACKAGES) (apt-get)"; \
	  $$SUDO apt-get install -y -qq $(BROWSER_PACKAGES) >/dev/null 2>&1 \
	  || { $$SUDO apt-get update -qq >/dev/null 2>&1 \
	       && $$SUDO apt-get install -y -qq $(BROWSER_PACKAGES) >/dev/null 2>&1; } \
	  || echo "make browser: could not install $(BROWSER_PACKAGES): the browser test may be skipped"; }
	@test -s $(AXE) || { command -v npm >/dev/null 2>&1 \
	  && echo "make browser: fetching axe-core@$(AXE_VERSION) (npm pack) into .cache/browser" \
	  && rm -rf .cache/browser/pack && mkdir -p .cache/browser/pack \
	  && (cd .cache/browser/pack && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null) \
	  && tar -xzf .cache/browser/pack/axe-core-$(AXE_VERSION).tgz -C .cache/browser/pack \
	  && cp .cache/browser/pack/package/axe.min.js $(AXE) && rm -rf .cache/browser/pack; } \
	  || echo "make browser: could not fetch axe-core: the accessibility check will be skipped"

## docs: the published API reference of every spec in spec/ as one portal in site/: a
## services index, each spec's site in site/<name>/, one search across them; NAME and
## NAME-zh (the same API from the Chinese pages) link each page to its counterpart
docs: $(STAMP)
	$(BIN)/docs2openapi publish spec/*.yaml -o site

## interop-tools: the OpenAPI tools users feed our specs to, for the interop tests, under
## .cache/interop/ (not committed): openapi-python-client and openapi-generator (its PyPI
## wheel bundles the jar) in a venv, Redocly CLI, Prism and TypeScript (tsc, which compiles
## openapi-generator's typescript-fetch client) from npm, and Java (Debian's
## default-jre-headless) where it is missing and this user can install it. A tool that
## cannot be installed is said here, and its tests are skipped saying why.
TOOLS := .cache/interop
PY_TOOLS := openapi-python-client==0.29.1 openapi-generator-cli==7.26.0 \
	urllib3 python-dateutil
NODE_TOOLS := @redocly/cli@2.77.0 @stoplight/prism-cli@5.14.2 typescript@5.9.3
interop-tools:
	@command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO="sudo -n"; fi; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  echo "make interop-tools: installing Debian's default-jre-headless (apt-get)"; \
	  $$SUDO apt-get install -y -qq default-jre-headless >/dev/null 2>&1 \
	  || { $$SUDO apt-get update -qq >/dev/null 2>&1 \
	       && $$SUDO apt-get install -y -qq default-jre-headless >/dev/null 2>&1; } \
	  || echo "make interop-tools: no Java: the openapi-generator tests will be skipped"; }
	@test -x $(TOOLS)/venv/bin/openapi-generator-cli -a -x $(TOOLS)/venv/bin/openapi-python-client \
	  || { echo "make interop-tools: installing $(PY_TOOLS) into $(TOOLS)/venv"; \
	       $(PYTHON) -m venv $(TOOLS)/venv \
	       && $(TOOLS)/venv/bin/python -m pip install --quiet $(PY_TOOLS); } \
	  || echo "make interop-tools: could not install the Python tools: their tests will be skipped"
	@test -x $(TOOLS)/node/node_modules/.bin/redocly -a -x $(TOOLS)/node/node_modules/.bin/prism \
	  -a -x $(TOOLS)/node/node_modules/.bin/tsc \
	  || { command -v npm >/dev/null 2>&1 \
	       && echo "make interop-tools: installing $(NODE_TOOLS) into $(TOOLS)/node" \
	       && mkdir -p $(TOOLS)/node \
	       && npm install --prefix $(TOOLS)/node --no-audit --no-fund --loglevel=error \
	            $(NODE_TOOLS) >/dev/null; } \
	  || echo "make interop-tools: could not install Redocly, Prism and tsc (npm): their tests will be skipped"

## test: lint, type-check, freshness, then the test suite (with the browser test and the
## real OpenAPI consumers on the seed spec and the whole ModelArts reference)
test: lint typecheck check browser interop-tools
	$(BIN)/pytest

## interop: the real consumers on every docs set of ../shared/corpus (long)
interop: $(STAMP) interop-tools
	INTEROP_CORPUS=all $(BIN)/pytest tests/test_interop.py -ra

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

## bench: time the whole ModelArts reference against the docutils floor, make corpus,
## Redocly's diff, and publish against Redocly build-docs (Redocly installed with npm under
## .cache) → BENCHMARKS.md (BEFORE=<git revision>: also the tool at that revision)
bench: $(STAMP)
	$(BIN)/python bench/build.py --write BENCHMARKS.md $(if $(BEFORE),--before $(BEFORE))
	$(BIN)/python bench/publish.py --write BENCHMARKS.md $(if $(BEFORE),--before $(BEFORE))

## diff-score: found / missed / false breaking changes of `diff` on the corpus' revision
## pairs and the whole-tree ModelArts pair, against bench/diff_truth.toml (BEFORE=<git
## revision>: that revision's tool too, in the same run)
diff-score: $(STAMP)
	@if [ -n "$(BEFORE)" ]; then rm -rf build/diff-score-before && mkdir -p build/diff-score-before \
	  && git archive $(BEFORE) generator | tar -x -C build/diff-score-before \
	  && echo "== $(BEFORE)" && $(BIN)/python bench/diff_score.py --tool build/diff-score-before \
	  && echo "== this tree"; fi
	$(BIN)/python bench/diff_score.py

## corpus: build every docs set of ../shared/corpus into build/corpus/ (a summary table
## at the end; a set that fails stops no other)
corpus: $(STAMP)
	$(BIN)/docs2openapi generate --config bench/corpus.toml --out build/corpus

## conformance: every operation and variant of every docs set of ../shared/corpus called by
## its generated client, with the docs' own examples, against a server on 127.0.0.1 that
## checks the AK/SK signature with the vendor's signer → build/conformance/REPORT.md
## (BEFORE=<git revision>: the same run with that revision's generator first, and each
## figure as before → after)
CONFORMANCE_AT := build/conformance-at-revision
conformance: $(STAMP)
	@if [ -n "$(BEFORE)" ]; then \
	  rm -rf $(CONFORMANCE_AT) && mkdir -p $(CONFORMANCE_AT) && \
	  git archive $(BEFORE) generator | tar -x -C $(CONFORMANCE_AT) && \
	  PYTHONPATH=$(CURDIR)/$(CONFORMANCE_AT):$$($(BIN)/python -c \
	    'import sysconfig; print(sysconfig.get_paths()["purelib"])') \
	  $(BIN)/python -S bench/conformance.py --out build/conformance-before; \
	fi
	$(BIN)/python bench/conformance.py --out build/conformance \
	  $(if $(BEFORE),--before build/conformance-before/results.json)

## clients: a client for every docs set of ../shared/corpus (ModelArts sets, otc-services,
## huawei-zh-services) into build/clients/: imported, a method per operation and variant,
## ruff, mypy --strict; generation time and package size in build/clients/REPORT.md
clients: $(STAMP)
	$(BIN)/python bench/clients.py --out build/clients -j 2
