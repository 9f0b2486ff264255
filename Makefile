# Campaign Ledger: `make run` serves the app with demo data; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# One test process per core (pytest-xdist); PYTEST_ARGS="-n 0" runs them in this process, e.g. for pdb.
PYTEST_ARGS ?= -n auto

.PHONY: run test lint format bench faults messages clean screenshots

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(BIN)/.installed-dev: requirements-dev.txt requirements.txt $(BIN)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# `make run` serves the app as its users see it: DEBUG off, so a missing page or an error shows the app's own
# Chinese pages (never Django's debug pages); static files through WhiteNoise; plain HTTP on this machine only;
# a secret key generated once into .secret_key (git-ignored). `DEBUG=1 make run` is for development.
DEBUG ?= 0
run: export DEBUG := $(DEBUG)
run: export ALLOWED_HOSTS ?= 127.0.0.1,localhost
run: export SECURE_SSL_REDIRECT := 0
run: export SECURE_COOKIES := 0
run: export SECURE_HSTS_SECONDS := 0
run: $(BIN)/.installed
	@test -s .secret_key || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > .secret_key
	@export SECRET_KEY="$${SECRET_KEY:-$$(cat .secret_key)}"; set -e; \
	$(BIN)/python manage.py migrate --noinput; \
	$(BIN)/python manage.py load_demo --force; \
	$(BIN)/python manage.py collectstatic --noinput -v 0; \
	exec $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(BIN)/.installed-dev
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	# Connections are not kept between requests in tests: a kept one would block dropping the test database.
	CONN_MAX_AGE=0 $(BIN)/pytest $(PYTEST_ARGS)

lint: $(BIN)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Redraws docs/screenshots/*.png from the demo data (throw-away database; needs /usr/bin/chromium).
screenshots: $(BIN)/.installed-dev
	$(BIN)/python scripts/screenshots.py

# Times the reports and list pages on a generated ledger of ~100,000 records (throw-away database; quick run:
# make bench BENCH_ARGS="--scale 10000"; on PostgreSQL: DATABASE_URL=postgres://…/ledger_bench make bench).
bench: $(BIN)/.installed-dev
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

# Fault drills on PostgreSQL: restart mid-request, a killed import, backup and restore (CI runs them).
faults: $(BIN)/.installed-dev
	$(BIN)/python scripts/faults.py

messages: $(BIN)/.installed
	$(BIN)/python manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=staticfiles
	$(BIN)/python manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
