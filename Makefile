# The two set-up commands of the README:
#   make serve   install, build the index from archive/, serve on http://127.0.0.1:$(PORT)/
#   make test    install, lint, run the whole test suite (CI runs exactly this)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
WORKERS ?= 2
INDEX_DIR ?= var/index

.PHONY: serve test index lint typecheck bench-extraction bench-search bench-load

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,bench]'
	$(PY) -m indexer.posting_kernels  # compiles the build's kernels once (numba's cache)
	touch $@

index: $(VENV)/.installed
	$(PY) -m indexer build --archive archive --index $(INDEX_DIR)

serve: index
	SEARCHSVC_INDEX_DIR=$(INDEX_DIR) $(VENV)/bin/gunicorn --workers $(WORKERS) \
		--bind 127.0.0.1:$(PORT) 'searchsvc:create_app()'

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# mypy's files and per-module strictness (strict on searchsvc/engine) are in pyproject.toml.
typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy

test: $(VENV)/.installed
	bash tests/ensure_chromium.sh
	bash tests/ensure_axe.sh
	$(MAKE) lint
	$(MAKE) typecheck
	$(PY) -m pytest -W error

bench-extraction: $(VENV)/.installed
	$(PY) bench/extraction.py

bench-search: $(VENV)/.installed
	$(PY) bench/search.py --articles 20000

bench-load: $(VENV)/.installed
	$(PY) bench/load.py
