# Akun Resmi. `make serve` or `make build` sets itself up; `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
BASE_URL ?=
BUILD_ARGS := $(if $(BASE_URL),--base-url $(BASE_URL),)

.PHONY: install install-dev build serve check test test-fast system-deps audit screenshots bench eval clean

# The venv is (re)made when missing or older than the pinned requirements.
$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
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

bench: install
	$(PY) bench/run.py

clean:
	rm -rf output .output.* .cache .pytest_cache
