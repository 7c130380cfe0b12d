# GovHall: `make demo` runs the product with demo data; `make test` runs the suite.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test bench lint format messages system-deps clean

$(STAMP): requirements/base.txt requirements/dev.txt pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements/base.txt -r requirements/dev.txt
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)
	HOST=$(HOST) PORT=$(PORT) BIN=$(BIN) bash scripts/demo.sh

test: $(STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Queue throughput and display fan-out on PostgreSQL, question-answering quality and
# the staffing plan; each writes its part of docs/benchmarks.md.
bench: $(STAMP)
	bash bench/run.sh
	$(BIN)/python bench/ask_quality.py
	$(BIN)/python bench/planning.py
	$(BIN)/python bench/reports.py

# Debian packages the browser tests need (chromium, CJK fonts, poppler for PDFs).
system-deps:
	bash scripts/system-deps.sh

lint:
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

# Re-extract and compile the English catalogue (needs gettext).
messages: $(STAMP)
	cd govhall && ../$(BIN)/django-admin makemessages -l en --no-obsolete --settings=govhall.settings --pythonpath=.. -i "static/*"
	cd govhall && ../$(BIN)/django-admin compilemessages --settings=govhall.settings --pythonpath=..

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
