PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: run teacher test lint fmt eval bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test,bench]'
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	$(BIN)/python -m bot serve --host $(HOST) --port $(PORT)

# make teacher NAME=陈老师: creates a teacher account, asking for the password in the terminal.
teacher: $(VENV)/.installed
	@test -n '$(NAME)' || { echo '用法：make teacher NAME=用户名' >&2; exit 2; }
	$(BIN)/python -m bot teacher add '$(NAME)'

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m bot kb check
	$(BIN)/pytest -q
	@# Again on PostgreSQL wherever it is installed (in CI a missing one fails the run).
	@if [ -n "$$CI" ] || ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then \
		echo "The tests that use a database, on PostgreSQL:"; \
		BOT_TEST_DATABASE=postgres $(BIN)/pytest -q; \
	fi

fmt: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

eval: SET ?= ../shared/eval/dev.yaml
eval: $(VENV)/.installed
	$(BIN)/python ../shared/eval/run_eval.py --set $(SET) --serve "$(BIN)/python -m bot serve --host 127.0.0.1 --port {port} --db {db}"

bench: $(VENV)/.installed-test
	$(BIN)/python -m bot bench match
	$(BIN)/python -m bot bench http

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
