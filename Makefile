# The front door: `make demo` serves the product, `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
VENDOR := src/ducha/web/static/vendor
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install demo serve test check lint eval bench system-deps clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[test]'
	@touch $(STAMP)

# htmx and ECharts from the npm registry into an ignored static folder (never committed).
$(VENDOR)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/echarts/dist/echarts.min.js $(VENDOR)/
	@touch $@

install: $(STAMP) $(VENDOR)/.installed

demo: install
	$(BIN)/ducha demo

serve: install
	$(BIN)/ducha serve

# Debian's chromium and CJK fonts for the browser tests (never a downloaded browser), and
# LibreOffice Writer (headless) for the bulletins' PDF output and its tests.
system-deps:
	@if command -v chromium >/dev/null 2>&1 && command -v soffice >/dev/null 2>&1 \
	    && fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then \
	  echo "chromium、LibreOffice 与中文字体已就绪"; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium fonts-noto-cjk >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install \
	    -y -qq --no-install-recommends libreoffice-writer-nogui >/dev/null; \
	else \
	  echo "缺少系统软件包:请以 root 运行 make test,或执行 sudo apt-get install chromium fonts-noto-cjk libreoffice-writer-nogui"; exit 1; \
	fi

test: install system-deps
	bash scripts/run-tests.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

# Contracts checked for drift: lint, types, migrations, deploy settings, dependency audit.
check: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	cd src && DUCHA_VAR_DIR=$$(mktemp -d) ../$(BIN)/mypy --config-file ../pyproject.toml -p ducha.docparse \
	  $$(ls ducha/*/services.py ducha/*/selectors.py | sed 's/\.py$$//; s/\//./g; s/^/-m /')
	DUCHA_VAR_DIR=$$(mktemp -d) $(BIN)/ducha manage makemigrations --check --dry-run
	DUCHA_VAR_DIR=$$(mktemp -d) DUCHA_SECURE_COOKIES=1 DUCHA_HSTS_SECONDS=31536000 \
	  DUCHA_ALLOWED_HOSTS=ducha.example.gov.cn \
	  DUCHA_SECRET_KEY=$$($(BIN)/python -c 'import secrets;print(secrets.token_urlsafe(50))') \
	  $(BIN)/ducha manage check --deploy --fail-level WARNING
	$(BIN)/pip install -q -e '.[check]'
	mkdir -p var && $(BIN)/pip freeze --exclude-editable > var/requirements.lock
	$(BIN)/pip-audit -r var/requirements.lock --no-deps --disable-pip --progress-spinner off

eval: $(STAMP)
	$(BIN)/python scripts/eval_parse.py
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/eval

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf var test-output .pytest_cache node_modules $(VENDOR)
