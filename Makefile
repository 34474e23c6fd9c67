# Akun Resmi. `make serve` or `make build` sets itself up; `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
# := not ?=: an exported shell variable of the same name is not taken without a word; `make build
# BASE_URL=…` on the command line still sets it.
BASE_URL :=
# The repository the agency pages' edit and issue links lead to, and its branch (pages.yml passes the CI
# run's, so a fork's pages lead to the fork); empty: the one site.yaml names.
REPOSITORY :=
BRANCH :=
BUILD_ARGS := $(if $(BASE_URL),--base-url $(BASE_URL),) $(if $(REPOSITORY),--repository $(REPOSITORY),) \
	$(if $(BRANCH),--branch $(BRANCH),)

.PHONY: install install-dev build serve check national test test-fast system-deps audit screenshots bench golden eval \
	search-words clean \
	distclean

# Python 3.11 or newer, with pip: exits 1 otherwise.
NEW_ENOUGH := import sys, importlib.util; sys.exit(sys.version_info < (3, 11) or not importlib.util.find_spec("pip"))
# The venv is fit to use (a few hundredths of a second, on every run): otherwise it is made again below.
VENV_OK := $(shell $(PY) -c '$(NEW_ENOUGH)' 2>/dev/null && echo yes)

# The venv is (re)made when missing or older than the pinned requirements. A venv whose Python is too
# old (made before 3.11 was installed) or that has no pip (made where Debian's python3-venv was missing)
# is made again with $(PYTHON), even when it was installed before.
.PHONY: venv-unfit
$(VENV)/.installed: requirements.txt $(if $(VENV_OK),,venv-unfit)
	@$(PY) -c '$(NEW_ENOUGH)' 2>/dev/null || { \
	  $(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	    echo "Akun Resmi needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>/dev/null || echo 'not found')." >&2; \
	    echo "Install it (Debian/Ubuntu: apt-get install python3.11 python3.11-venv), then name it: make $(or $(MAKECMDGOALS),build) PYTHON=python3.11" >&2; \
	    exit 1; }; \
	  if [ -e $(VENV) ]; then echo "$(VENV) has a Python older than 3.11 or no pip: making it again with $(PYTHON)"; fi; \
	  rm -rf $(VENV) && $(PYTHON) -m venv $(VENV) && $(PY) -c '$(NEW_ENOUGH)' 2>/dev/null || { rm -rf $(VENV); \
	    echo "'$(PYTHON) -m venv' made no venv with pip. On Debian/Ubuntu: apt-get install python3-venv (python3.11-venv for python3.11), then run make again." >&2; \
	    exit 1; }; }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev node_modules/.installed

build: install
	$(PY) build.py build --cache .cache/akunresmi $(BUILD_ARGS)

serve: install
	$(PY) build.py serve --port $(PORT)

check: install
	$(PY) build.py check

# The national directory (issue 13): every province and kabupaten/kota, national.yaml naming the
# folders of the regions that have data (Blora: content/). Output: output-national/.
NATIONAL_OUT ?= output-national
national: install
	$(PY) build.py build --national national.yaml --out $(NATIONAL_OUT) --cache .cache/akunresmi-national $(BUILD_ARGS)

# System packages the browser and HTML-validator tests need (Chromium, Java, Node).
system-deps:
	@bash scripts/system-deps

test: system-deps install-dev
	$(PY) -m pytest

test-fast: install-dev
	$(PY) -m pytest -m "not browser"

audit: system-deps install-dev build
	$(PY) scripts/audit.py

screenshots: system-deps install-dev build
	$(PY) scripts/screenshots.py

# The relevance set through the real search script in Chromium; the table goes into docs/search.md.
eval: system-deps install-dev
	$(PY) scripts/eval_search.py --write

# The agencies' search_words learned again from the relevance sets' tuning sets (review the diff, then
# `make golden` and `make eval`): docs/search.md, sixteenth round.
search-words: install
	$(PY) scripts/learn_search_words.py --write

# BENCH_ARGS="--ns 1000 --runs 3" for a shorter run; --national 20000 is the national tree (issue 13).
BENCH_ARGS ?=
bench: install
	$(PY) bench/run.py --national 20000 $(BENCH_ARGS)

# Rebuild tests/golden/site/ from the bundled content (review the diff before committing it).
golden: install
	$(PY) tests/test_golden.py

clean:
	rm -rf output .output.* $(NATIONAL_OUT) .$(NATIONAL_OUT).* .cache .pytest_cache

# Everything `clean` removes, and the venv: the next `make` makes it again (with PYTHON=… if given).
distclean: clean
	rm -rf $(VENV)

# Mutation score (issue 14): mutmut 3 over the modules that decide what citizens see and what editors
# are told; settings and the fast in-process test selection live in setup.cfg. A benchmark, not part
# of `make test`; docs/quality.md records the score and every surviving mutant.
.PHONY: mutation
mutation: install-dev
	rm -rf mutants
	$(VENV)/bin/mutmut run $(MUTANTS) >/dev/null || true
	$(VENV)/bin/mutmut results --all true | grep -v 'not checked' | awk -F': ' '{ split($$1, n, ".x"); m = n[1]; gsub(/ /, "", m); \
	  total[m]++; if ($$2 == "killed" || $$2 == "timeout") killed[m]++ } \
	  END { for (m in total) printf "%-28s %4d/%4d killed (%.1f%%)\n", m, killed[m], total[m], 100 * killed[m] / total[m] }' | sort
	$(VENV)/bin/mutmut results | grep -v "not checked" || true

# Mutation score of static/search.js (issue 14): StrykerJS (pinned in tests/js/package.json) over the
# Node tests of tests/js/ (jsdom, the real built home page and index; tests/js/fixture.py builds them
# into $(JS_FIXTURE)). A benchmark like `make mutation`, not part of `make test`; docs/quality.md
# records the score and every surviving mutant. The report: .cache/stryker/mutation.json.
JS_FIXTURE ?= .cache/search-js
.PHONY: mutation-js
tests/js/node_modules/.installed: tests/js/package.json tests/js/package-lock.json
	cd tests/js && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

mutation-js: install-dev tests/js/node_modules/.installed
	rm -rf $(JS_FIXTURE) .stryker-tmp
	$(PY) tests/js/fixture.py $(JS_FIXTURE)
	AKUNRESMI_JS_FIXTURE=$(abspath $(JS_FIXTURE)) nice -n 10 tests/js/node_modules/.bin/stryker run tests/js/stryker.config.mjs
