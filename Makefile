# forum-tracker: `make run` serves on the embedded SQLite store, `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

# The suite needs PostgreSQL: set FORUM_REQUIRE_POSTGRES=0 to skip its tests instead of failing.
FORUM_REQUIRE_POSTGRES ?= 1
FORUM_TEST_DATABASE_URL ?= postgresql://root@127.0.0.1:5432/test
export FORUM_REQUIRE_POSTGRES FORUM_TEST_DATABASE_URL

.PHONY: install run test lint format bench fuzz faults clean chromium wrk

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/forum fora import contracts/fora && $(BIN)/forum proposals import contracts/proposals
	$(BIN)/forum serve --import

# Two worker processes (pytest-xdist), a test file each at a time: module-scoped apps and browsers stay in
# one process. Every test has its own SQLite file or PostgreSQL schema, so files may run side by side.
TEST_WORKERS ?= 2
test: install chromium
	@if [ "$(FORUM_REQUIRE_POSTGRES)" = "1" ]; then bash .ci/postgres-up; fi
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

# Benchmarks are measured, never asserted: figures beside a baseline from the same run.
BENCH_SIZE ?= city
bench: install wrk
	bash .ci/postgres-up
	$(BIN)/python -m tests.benchmarks.run --size $(BENCH_SIZE)

# A larger schemathesis campaign than the bounded one in `make test`.
FUZZ_EXAMPLES ?= 500
fuzz: install
	bash .ci/postgres-up
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q tests/e2e/test_openapi_fuzz.py

# The fault suite at full size (bounded, minutes): kills, database outages on a throw-away cluster,
# hostile input. `make test` runs a small version of the same tests.
faults: install
	FORUM_FAULTS=full $(BIN)/pytest -q -rxXs tests/faults/

# The browser tests drive Debian's Chromium (Playwright's own browser download does not work here).
# As root (CI) it is installed when missing; elsewhere: sudo apt-get install -y chromium.
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "Chromium mangler: browsertestene springes over. Slå dem til med: sudo apt-get install -y chromium"; fi

# The mixed HTTP load's generator (tests/benchmarks/bench_mixed.py): wrk 4.1 from Debian, installed when missing
# as root (CI); elsewhere: sudo apt-get install -y wrk (without it the mixed load is skipped).
wrk:
	@if command -v wrk >/dev/null; then :; \
	elif [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; \
	else echo "wrk mangler: den blandede HTTP-belastning springes over. Installér med: sudo apt-get install -y wrk"; fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy domain projections api persistence

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) data test-artifacts .pytest_cache .mypy_cache .ruff_cache
