# The one entry point: set-up, build, test, lint. Each target installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# What WeasyPrint and the site need (Pango, HarfBuzz subsetting, CJK fonts), and what tests add.
SITE_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fontconfig dpkg
TEST_PACKAGES := chromium poppler-utils hugo
AXE := .make/node/node_modules/axe-core/axe.min.js

.PHONY: all site test lint bench format schemas serve doctor clean system-deps test-system-deps fonts

all: site

# The build date is the last commit's (SOURCE_DATE_EPOCH), so a checkout always builds the same
# bytes; the release archive dist/site.tar.gz and dist/SHA256SUMS are made from site/.
site: system-deps fonts $(STAMP)
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null)} $(BIN)/gongkai build
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null)} $(BIN)/gongkai pack

test: system-deps fonts test-system-deps $(STAMP) $(AXE)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests
	$(BIN)/mypy

# Benchmarks report ratios against Typst measured in the same run; never timed in tests.
bench: system-deps fonts $(STAMP)
	@sh scripts/system-deps.sh hugo
	$(BIN)/gongkai bench

format: $(STAMP)
	$(BIN)/ruff format generator tests
	$(BIN)/ruff check --fix generator tests

# Regenerate the editors' JSON Schemas from the models (tests fail when they are stale).
schemas: $(STAMP)
	$(BIN)/python -m generator.schema schemas

serve: system-deps $(STAMP)
	$(BIN)/gongkai serve

doctor: $(STAMP)
	$(BIN)/gongkai doctor

system-deps:
	@sh scripts/system-deps.sh $(SITE_PACKAGES)

# The free 仿宋/楷 faces (FandolFang, FandolKai) from Debian's texlive-lang-chinese, without TeX.
fonts: system-deps
	@sh scripts/install-fonts.sh

# nginx serves the deploy test where apt can install it (its package may fail to start a
# service on machines without one); without it that test is skipped, saying why.
test-system-deps:
	@sh scripts/system-deps.sh $(TEST_PACKAGES)
	@sh scripts/system-deps.sh nginx || echo "system-deps: nginx unavailable; the deploy test will be skipped" >&2

# axe-core (accessibility rules) from npm, injected into pages by the browser tests.
$(AXE):
	@command -v npm >/dev/null || sh scripts/system-deps.sh nodejs npm  # only when absent: NodeSource's nodejs carries its own npm
	@command -v npm >/dev/null || { echo "需要 npm 来安装 axe-core / npm is needed to install axe-core (apt install npm)" >&2; exit 2; }
	npm install --prefix .make/node --no-audit --no-fund --silent axe-core@4

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "需要 Python 3.11 或更新版本 / Python 3.11+ is required (found: $$($(PYTHON) --version 2>&1))" >&2; exit 2; }
	@$(PYTHON) -m venv --help >/dev/null 2>&1 && $(PYTHON) -c 'import ensurepip' 2>/dev/null || sh scripts/system-deps.sh python3-venv
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf site .site-* dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
