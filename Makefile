# Two commands do everything on a fresh machine with Python 3.11+:
#   make run    set up .venv, create the database with demo data on first start, open the app
#   make test   set up .venv, then ruff, import contracts, mypy (strict packages) and pytest on both cores

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA_DIR ?=
DATA_DIR_ARG := $(if $(DATA_DIR),--data-dir $(DATA_DIR),)

.PHONY: run test lint bench dist dist-sizes deb clean

$(STAMP): pyproject.toml scripts/setup-environment.sh
	PYTHON=$(PYTHON) VENV=$(VENV) scripts/setup-environment.sh

run: $(STAMP)
	$(BIN)/posapp $(DATA_DIR_ARG) run --demo-products 2000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

# Both cores: one worker per core, each test file kept on one worker (its fixtures with it),
# files with slow tests handed out first (tests/conftest.py).
# A base directory of our own: pytest makes its default one private again as each worker starts,
# which locks the embedded PostgreSQL (running as its own user) out of its data directory.
test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n 2 --dist loadfile --no-loadscope-reorder --basetemp=/tmp/posapp-pytest

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -s -p no:randomly tests/bench -o addopts=""

dist: $(STAMP)
	$(BIN)/pyinstaller --noconfirm --log-level WARN build.spec
	@echo "bundle size: $$(du -sh dist/posapp | cut -f1) (dist/posapp)"

# The bundle with and without trimming, to see what trimming saves.
dist-sizes: $(STAMP)
	POSAPP_UNTRIMMED=1 $(BIN)/pyinstaller --noconfirm --log-level WARN --distpath build/untrimmed --workpath build/untrimmed-work build.spec
	$(BIN)/pyinstaller --noconfirm --log-level WARN build.spec
	@echo "untrimmed: $$(du -sh build/untrimmed/posapp | cut -f1)   trimmed: $$(du -sh dist/posapp | cut -f1)"

deb: dist
	installer/linux/build-deb.sh

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
