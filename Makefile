# Every target installs what it needs, so each works on a fresh clone.
PYTHON_VERSION := $(shell cat .python-version)
PYTHON ?= $(shell command -v python$(PYTHON_VERSION) || ls -d $$HOME/.pyenv/versions/$(PYTHON_VERSION)*/bin/python 2>/dev/null | tail -n 1)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Links in the demo's emails point at the port the demo serves on.
SITE_URL ?= http://127.0.0.1:$(PORT)
export UV_PYTHON_DOWNLOADS := never

.PHONY: install demo test smoke bench mutate lint format messages clean

$(BIN)/uv:
	@test -n "$(PYTHON)" || { echo "Python $(PYTHON_VERSION) is required (see .python-version)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet uv==0.13.8

$(VENV)/.installed: $(BIN)/uv pyproject.toml uv.lock
	$(BIN)/uv sync --frozen --quiet
	@touch $@

install: $(VENV)/.installed

demo: install
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv -v0
	DEBUG=true SITE_URL=$(SITE_URL) $(BIN)/python manage.py seed_demo --with-accounts
	DEBUG=true SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The gates' third-party tools (axe-core, vnu-jar, MDN HTTP Observatory).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

test: install node_modules/.package-lock.json
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0 --settings=tests.settings
	$(BIN)/pytest -n 2 --dist loadfile -m "not e2e and not integration"
	$(BIN)/pytest -m "integration" || test $$? -eq 5
	$(BIN)/pytest -m "e2e" || test $$? -eq 5

bench: install
	$(BIN)/python bench/run.py

# Mutation testing of the rule modules (slow; not part of `make test` nor CI).
# MODULES="partners/permissions.py foundation/uploads.py" narrows it; see docs/testing.md.
mutate: install
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=.mutation -v0 --settings=tests.settings
	$(BIN)/python bench/mutate.py $(MODULES)

lint: install
	$(BIN)/lint-imports --no-cache
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install
	DEBUG=true $(BIN)/python manage.py makemessages -l fr -l en -l es --ignore=.venv --ignore=node_modules --no-obsolete
	DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv -v0

clean:
	rm -rf $(VENV) staticfiles

# The embedded default that `make demo` uses: SQLite, local-memory cache,
# eager Celery, console email. Migrates a throw-away database, loads the demo
# data twice (it must be idempotent), serves it and fetches the key pages.
smoke: install
	$(BIN)/python bench/smoke.py
