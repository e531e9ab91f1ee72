# Two commands on a fresh machine: `make run` (site with demo content) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
DEV_ENV := DJANGO_DEBUG=1

.PHONY: run install test lint format bench bench-desk bench-scale bench-photos serve worker demo reset-password clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Newsroom needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEV_ENV) $(BIN)/python manage.py seed_demo
	$(DEV_ENV) $(BIN)/python manage.py ensure_demo_editor

# The site and a background worker, on SQLite with folders for the cache and the broker.
run: demo
	$(DEV_ENV) HOST=$(HOST) PORT=$(PORT) deploy/run.sh

# A background worker for every queue, with the scheduler (CELERY_BROKER_URL names the broker).
worker: $(STAMP)
	deploy/worker.sh

reset-password: $(STAMP)
	$(DEV_ENV) $(BIN)/python manage.py ensure_demo_editor --reset

test: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=tests.settings
	$(BIN)/python manage.py check --settings=tests.settings
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python -m bench
	$(BIN)/python -m bench.pages $(BENCH_ARGS)
	$(BIN)/python -m bench.desk

# Readers' throughput while the desk saves a draft every 0.5 s (a ratio in one run).
bench-desk: $(STAMP)
	$(BIN)/python -m bench.desk $(BENCH_ARGS)

# The production profile on this machine: PostgreSQL, Redis (cache and job broker),
# gunicorn and a worker beside it, whitenoise, DEBUG off.
serve: $(STAMP)
	HOST=$(HOST) PORT=$(PORT) deploy/serve.sh

# Pages at scale, against the database DATABASE_URL names (fill it with
# `manage.py generate_stories 100000` first; never the test database).
bench-scale: $(STAMP)
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python -m bench.scale $(BENCH_ARGS)

# Rendition time per image; image bytes of a phone's story and home page, before and after.
bench-photos: $(STAMP)
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python -m bench.photos $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
