# Two commands matter: `make run` (the site with demo content) and `make test`.
# uv is bootstrapped into .tools/ when it is not on the PATH (or, under pyenv, when
# the `uv` shim belongs to another Python version).
UV := $(shell uv --version >/dev/null 2>&1 && echo uv || echo .tools/bin/uv)
export UV_PYTHON_DOWNLOADS ?= never
PORT ?= 8000
ARGS ?=

.PHONY: run test install lint format bench demo clean css audit prod prod-smoke messages

run: install
	$(UV) run --no-sync python manage.py migrate --no-input
	$(UV) run --no-sync python manage.py load_demo
	$(UV) run --no-sync python manage.py rundemo --port $(PORT)

test: install
	$(UV) run --no-sync pytest -n auto $(ARGS)

install: $(if $(filter .tools/bin/uv,$(UV)),.tools/bin/uv) node_modules/.package-lock.json
	$(UV) sync --locked --quiet

# Dart Sass and Bootstrap's sources (package.json, pinned in package-lock.json), for
# `make css` and the test that the committed stylesheet matches its sources.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error

# static/css/newsroom.css from scss/: the Bootstrap parts we use plus our styles.
css: node_modules/.package-lock.json
	npm run --silent build:css

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv

lint: install
	$(UV) run --no-sync ruff check .
	$(UV) run --no-sync ruff format --check .

format: install
	$(UV) run --no-sync ruff check --fix .
	$(UV) run --no-sync ruff format .

# Lighthouse scores of the reader pages on a production-like site (CI runs it).
audit: install scripts/audit/node_modules/.package-lock.json
	$(UV) run --no-sync python scripts/audit/audit.py

scripts/audit/node_modules/.package-lock.json: scripts/audit/package.json scripts/audit/package-lock.json
	cd scripts/audit && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error

# The production topology on this machine (PostgreSQL, Redis, nginx, gunicorn, two
# task workers, the periodic process) through honcho; Ctrl-C stops it. See README.
prod: install
	$(UV) run --no-sync python scripts/prod.py

# Starts that topology with two web processes and proves it under concurrency.
prod-smoke: install
	$(UV) run --no-sync python scripts/prod_smoke.py $(ARGS)

bench: install
	$(UV) run --no-sync pytest benchmarks -p no:xdist $(ARGS)
	$(UV) run --no-sync python -m benchmarks.traffic_spike

clean:
	rm -rf .tools .venv staticfiles node_modules scripts/audit/node_modules

# Translations: collect the strings into locale/*/LC_MESSAGES/django.po (needs GNU
# gettext: apt-get install gettext), translate them there, then compile the .mo files,
# which are committed so that running and testing the site never needs gettext.
MESSAGES_IGNORE := --ignore=.venv --ignore=.tools --ignore=tests --ignore=staticfiles --ignore=media --ignore=deploy --ignore=benchmarks
messages: install
	$(UV) run --no-sync python manage.py makemessages --all --no-obsolete $(MESSAGES_IGNORE)
	$(UV) run --no-sync python manage.py compilemessages $(MESSAGES_IGNORE)
