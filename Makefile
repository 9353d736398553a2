# The one entry point: set-up, build, test, lint. Each target installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Debian packages, one list per goal; each goal installs its whole list in one apt-get call (or
# names everything missing in one message). Site: WeasyPrint's Pango and HarfBuzz subsetting,
# CJK fonts, dpkg-deb for the Fandol fonts. Tests add Chromium, pdftotext/pdftoppm, Hugo (the
# site benchmark's reference), nginx (the deploy test) and libatomic1 (Playwright's node).
SITE_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fontconfig dpkg
TEST_PACKAGES := chromium poppler-utils hugo nginx libatomic1
VENV_PACKAGES := $(shell $(PYTHON) -c 'import ensurepip, venv' >/dev/null 2>&1 || echo python3-venv)
NPM_PACKAGES := $(shell command -v npm >/dev/null 2>&1 || echo nodejs npm)
AXE := .make/node/node_modules/axe-core/axe.min.js
UV := .make/uv/bin/uv
LOCK := lock/python.txt
COMPILE = $(UV) pip compile pyproject.toml lock/bootstrap.in --extra dev --universal --fork-strategy fewest \
	--python-version 3.11 --generate-hashes --custom-compile-command "make lock" --quiet

.PHONY: all site test lint bench format schemas serve doctor clean python-version site-deps test-deps fonts lock upgrade fresh-check screenshots pdf-pictures

all: site

# The build date is the last commit's (SOURCE_DATE_EPOCH), so a checkout always builds the same
# bytes; the release archive dist/site.tar.gz and dist/SHA256SUMS are made from site/.
site: python-version site-deps fonts $(STAMP)
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null)} $(BIN)/gongkai build
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null)} $(BIN)/gongkai pack

# pytest-xdist runs the tests on every core (a worker per core; the example is built once for all).
test: python-version test-deps fonts $(STAMP) $(AXE)
	$(BIN)/pytest -n auto

# Every page of the example at phone, narrow and desktop width, as pictures in .make/screenshots/.
screenshots: python-version test-deps fonts $(STAMP) $(AXE)
	GONGKAI_SCREENSHOTS=1 $(BIN)/pytest -n auto tests/test_browser.py -k "page_reads_well or chart_sits"

# Every page of the example's PDFs as pictures (.make/pdf-pictures/), after the overflow check: look at
# them whenever a change touches the PDFs' layout.
pdf-pictures: site test-deps
	$(BIN)/python tests/pdf_overflow.py site
	$(BIN)/python tests/pdf_pictures.py site .make/pdf-pictures

# ruff, mypy, and the import contract of pyproject.toml: the pipeline's stages import only from
# earlier stages, with no cycles inside a stage.
lint: $(STAMP)
	$(BIN)/ruff check generator benchmarks tests
	$(BIN)/ruff format --check generator benchmarks tests
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# Benchmarks report ratios against Typst measured in the same run; never timed in tests.
bench: python-version test-deps fonts $(STAMP)
	$(BIN)/python -m benchmarks

format: $(STAMP)
	$(BIN)/ruff format generator benchmarks tests
	$(BIN)/ruff check --fix generator benchmarks tests

# Regenerate the editors' JSON Schemas from the models (tests fail when they are stale).
schemas: $(STAMP)
	$(BIN)/python -m generator.content.schema schemas

serve: python-version site-deps fonts $(STAMP)
	$(BIN)/gongkai serve

doctor: $(STAMP)
	$(BIN)/gongkai doctor

python-version:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
	  { echo "需要 Python 3.11 或更新版本 / Python 3.11+ is required (found: $$($(PYTHON) --version 2>&1))" >&2; exit 2; }

site-deps:
	@sh scripts/system-deps.sh $(SITE_PACKAGES) $(VENV_PACKAGES)

test-deps:
	@sh scripts/system-deps.sh $(SITE_PACKAGES) $(VENV_PACKAGES) $(TEST_PACKAGES) $(NPM_PACKAGES)

# The free 仿宋/楷 faces (FandolFang, FandolKai) from Debian's texlive-lang-chinese, without TeX.
fonts: site-deps
	@sh scripts/install-fonts.sh

# The virtualenv holds exactly the locked packages (hashes checked), pip and setuptools included;
# the project itself is installed editable with the locked setuptools, nothing else fetched.
$(STAMP): $(LOCK) pyproject.toml | python-version
	@sh scripts/system-deps.sh $(VENV_PACKAGES)
	@echo "venv: installing the locked Python packages ($(LOCK)) into $(VENV); the first time this downloads about 300 MB and takes a few minutes"
	@rm -rf $(VENV) gongkai.egg-info  # an egg-info left by an older install would shadow the entry points
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes --no-deps -r $(LOCK)
	@PYTHONWARNINGS=ignore $(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	@$(BIN)/python -m pip check >/dev/null || { $(BIN)/python -m pip check >&2; \
	  echo "$(LOCK) 与 pyproject.toml 不一致，请运行 make lock / the lock does not satisfy pyproject.toml: run make lock" >&2; rm -rf $(VENV); exit 2; }
	@touch $(STAMP)
	@echo "venv: ready ($$($(BIN)/python -m pip list --format=freeze 2>/dev/null | wc -l) packages)"

# axe-core (accessibility rules), injected into pages by the browser tests, at the version in
# lock/package-lock.json (npm ci checks its integrity hash).
$(AXE): lock/package.json lock/package-lock.json
	@command -v npm >/dev/null || { echo "需要 npm 来安装 axe-core / npm is needed to install axe-core (apt-get install npm)" >&2; exit 2; }
	@echo "npm: installing axe-core from lock/package-lock.json into .make/node"
	@mkdir -p .make/node && cp lock/package.json lock/package-lock.json .make/node/
	@npm ci --prefix .make/node --no-audit --no-fund --silent
	@touch $(AXE)

# Regenerate the locks after changing dependencies in pyproject.toml (versions already locked
# stay where they are); `make upgrade` moves every package, and axe-core, to its newest release.
# Both need the package registries; commit lock/ afterwards and run make test.
$(UV): lock/uv.txt
	@echo "lock: installing uv (lock/uv.txt) into .make/uv"
	@rm -rf .make/uv && $(PYTHON) -m venv .make/uv
	@.make/uv/bin/python -m pip install -q --disable-pip-version-check --require-hashes -r lock/uv.txt

lock: $(UV)
	$(COMPILE) -o $(LOCK)
	cd lock && npm install --package-lock-only --no-audit --no-fund --silent

upgrade: $(UV)
	$(COMPILE) --upgrade -o $(LOCK)
	$(UV) pip compile lock/uv.in --universal --python-version 3.11 --generate-hashes --custom-compile-command "make lock" --quiet --upgrade -o lock/uv.txt
	cd lock && npm install --package-lock-only --save-exact --no-audit --no-fund --silent axe-core@4

# The two commands on a clean Debian bookworm root made with debootstrap (needs root and about
# 30 minutes): exit status and time of each, skipped tests, and the archive sum of two roots.
fresh-check:
	@sh scripts/fresh-check.sh

clean:
	rm -rf site .site-* dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
