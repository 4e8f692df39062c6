# Account-service handbook and archive. `make serve` sets everything up and serves the site;
# `make test` runs the tests. Both create .venv/ with the pinned dependencies when needed.
PY     := .venv/bin/python
STAMP  := .venv/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)
ADDR   ?= 127.0.0.1:8000
# The build log is for staff: libraries' English notices (Material's end-of-life box, jieba's
# dictionary loading) are left out; `make serve V=1` (or ARCHIVE_VERBOSE=1) shows them again.
V      ?= $(ARCHIVE_VERBOSE)
DOCS   := $(if $(filter-out 0,$(V)),ARCHIVE_VERBOSE=1,NO_MKDOCS_2_WARNING=1)

.PHONY: setup serve build public check test test-fast browser nginx hooks bench clean

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	python3 -m venv .venv
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	rm -f .venv/.installed-*
	touch $(STAMP)

serve: setup hooks  ## build and serve the site with live reload at http://127.0.0.1:8000/
	$(DOCS) $(PY) -m mkdocs serve --livereload -a $(ADDR)

build: setup  ## the INTERNAL site (every record) into site/, for staff behind a login (deploy/nginx-internal.conf); fails on any archive error
	$(DOCS) ARCHIVE_PUBLIC= $(PY) -m mkdocs build --strict

public: setup  ## the PUBLIC handbook (handbook, rules, templates, glossary; no client data) into site-public/, what CI publishes
	$(DOCS) ARCHIVE_PUBLIC=1 $(PY) -m mkdocs build --strict -d site-public

check: setup  ## check every record against the rules
	$(PY) -m generators check

test: setup browser nginx  ## all tests, the browser and nginx tests included
	$(PY) -m pytest -q

test-fast: setup  ## tests without building the site or starting a browser
	$(PY) -m pytest -q -m "not slow"

browser:  ## Debian's Chromium, CJK fonts and poppler (PDF pages) for the browser tests (installed when missing and we are root)
	@if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/opentype/noto ] || [ ! -x /usr/bin/pdftotext ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null) \
	      || echo "chromium 安装失败：浏览器测试将被跳过"; \
	  else echo "没有 /usr/bin/chromium：请先 sudo apt-get install chromium fonts-noto-cjk poppler-utils，否则浏览器测试将被跳过"; fi; \
	fi

nginx:  ## Debian's nginx for the login test of deploy/nginx-internal.conf (installed when missing and we are root)
	@if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null) \
	      || echo "nginx 安装失败：登录测试将被跳过（CI 中会失败）"; \
	  else echo "没有 nginx：请先 sudo apt-get install nginx，否则登录测试将被跳过"; fi; \
	fi

hooks:  ## make git run the archive check before every commit
	@git config core.hooksPath .githooks 2>/dev/null && echo "git 提交前检查已启用 (.githooks/pre-commit)" || true

bench: setup browser  ## issue 13's targets on a synthetic archive of N records (default 10000) as one table: check, cold build vs plain MkDocs, one-record change, search in Chromium; JSON=1 for JSON
	$(PY) -m generators.bench --records $(or $(N),10000) $(if $(filter-out 0,$(JSON)),--json)

clean:
	rm -rf site site-public build .bench
