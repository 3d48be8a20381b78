# Luton Health Equity Town. `make` on its own lists the targets.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The settings build the admin's email links from it (WAGTAILADMIN_BASE_URL in base.py).
export PORT
PYTEST_ARGS ?= -n 2
MANAGE := $(BIN)/python manage.py

.DEFAULT_GOAL := help
.PHONY: help run test test-postgres lint format migrations-check bench node_modules clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-18s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found); set PYTHON=/path/to/python3.11"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json ## Install the test-only HTML checker (vnu-jar) when npm is there
	@if command -v npm >/dev/null 2>&1; then npm install --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: HTML validity tests will be skipped"; fi

node_modules: node_modules/.installed

run: $(VENV)/.installed ## Set up, load the demo site and serve it on http://127.0.0.1:$(PORT)
	$(MANAGE) compile_translations
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo_content --site-port $(PORT)
	@echo ""
	@echo "Serving on http://127.0.0.1:$(PORT)/  (editors: http://127.0.0.1:$(PORT)/admin/ , partners: http://127.0.0.1:$(PORT)/partners/portal/)"
	@echo "Demo logins sign in at once: two-factor sign-in is only required for administrators under the production settings (HETSITE_REQUIRE_2FA_FOR_ADMINS)."
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed ## Run the whole test suite on 2 workers (SQLite; set DATABASE_URL for PostgreSQL)
	-@$(MAKE) --no-print-directory node_modules
	$(MANAGE) compile_translations
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed ## Run the suite on PostgreSQL at 127.0.0.1:5432
	$(MANAGE) compile_translations
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hetsite} $(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed ## ruff check, ruff format --check and makemigrations --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

format: $(VENV)/.installed ## Format and auto-fix the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(VENV)/.installed ## Time every page type at 10 and N case studies (N=10000; BENCH_ARGS=--database-url ...)
	$(BIN)/python benchmarks/pages.py --sizes 10,$${N:-10000} $(BENCH_ARGS)

clean: ## Remove the virtualenv, node_modules, the dev database and media
	rm -rf $(VENV) node_modules db.sqlite3 media staticfiles .test-media

.PHONY: messages
messages: $(VENV)/.installed ## Update the interface translations' .po files from the code (needs gettext)
	$(MANAGE) makemessages --no-obsolete --ignore=.venv --ignore=node_modules --ignore=staticfiles $(foreach code,ur pl ro bn,-l $(code))
	$(MANAGE) compile_translations

.PHONY: loadtest
loadtest: $(VENV)/.installed ## 50 users for 60 s against gunicorn + PostgreSQL + Redis (DURATION=, LOAD_USERS=)
	$(BIN)/python benchmarks/loadtest.py --duration $${DURATION:-60} --users $${LOAD_USERS:-50}

.PHONY: bench-http
bench-http: $(VENV)/.installed ## Through Varnish vs a static copy, uncached req/s, purge delay (BENCH_SECONDS=)
	$(BIN)/python benchmarks/bench_http.py --seconds $${BENCH_SECONDS:-10}
