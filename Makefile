# zerozone: the two commands that set everything up on a fresh machine.
#   make run   creates .venv, installs the pinned runtime, shows the default zones and plans their
#              pathway (run directory in runs/default)
#   make test  creates .venv, installs the pinned runtime and test tools (and Chromium and Mosquitto
#              from Debian's packages when missing), runs the test suite (tests marked slow aside;
#              `make test-slow` runs those, and CI runs both)
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
RUN_STAMP := $(VENV)/.zerozone-run-installed
TEST_STAMP := $(VENV)/.zerozone-test-installed
OUT ?= runs/default

.PHONY: run test test-slow lint format clean

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "zerozone needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): requirements/run.lock pyproject.toml | $(PY)
	$(PIP) install -r requirements/run.lock
	$(PIP) install --no-deps -e .
	@touch $@

$(TEST_STAMP): requirements/test.lock pyproject.toml | $(PY)
	$(PIP) install -r requirements/test.lock
	$(PIP) install --no-deps -e .
	@touch $@ $(RUN_STAMP)

run: $(RUN_STAMP)
	$(VENV)/bin/zerozone data show default
	$(VENV)/bin/zerozone plan --scenario default --out $(OUT)

# one worker process per core (pytest-xdist), each test file whole in one worker (its module
# fixtures, e.g. a real service or broker, are started once)
PYTEST_PARALLEL ?= -n auto --dist loadfile

test: $(TEST_STAMP)
	tools/system_deps.sh
	$(PY) -m pytest $(PYTEST_PARALLEL) -m "not slow"

test-slow: $(TEST_STAMP)
	tools/system_deps.sh
	$(PY) -m pytest $(PYTEST_PARALLEL) -m slow

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests
	$(VENV)/bin/mypy

format: $(TEST_STAMP)
	$(VENV)/bin/ruff check --fix src tests
	$(VENV)/bin/ruff format src tests

clean:
	rm -rf $(VENV) runs .pytest_cache .mypy_cache .ruff_cache
