# Account-service handbook and archive. `make serve` sets everything up and serves the site;
# `make test` runs the tests. Both create .venv/ with the pinned dependencies when needed.
PY     := .venv/bin/python
STAMP  := .venv/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)
ADDR   ?= 127.0.0.1:8000

.PHONY: setup serve build check test test-fast browser hooks bench clean

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	python3 -m venv .venv
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	rm -f .venv/.installed-*
	touch $(STAMP)

serve: setup hooks  ## build and serve the site with live reload at http://127.0.0.1:8000/
	$(PY) -m mkdocs serve --livereload -a $(ADDR)

build: setup  ## build the site into site/ (fails on any broken link or archive error)
	$(PY) -m mkdocs build --strict

check: setup  ## check every record against the rules
	$(PY) -m generators check

test: setup browser  ## all tests, the browser test included
	$(PY) -m pytest -q

test-fast: setup  ## tests without building the site or starting a browser
	$(PY) -m pytest -q -m "not slow"

browser:  ## Debian's Chromium and CJK fonts for the browser test (installed when missing and we are root)
	@if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/opentype/noto ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) \
	      || echo "chromium 安装失败：浏览器测试将被跳过"; \
	  else echo "没有 /usr/bin/chromium：请先 sudo apt-get install chromium fonts-noto-cjk，否则浏览器测试将被跳过"; fi; \
	fi

hooks:  ## make git run the archive check before every commit
	@git config core.hooksPath .githooks 2>/dev/null && echo "git 提交前检查已启用 (.githooks/pre-commit)" || true

bench: setup  ## time check, page generation and the MkDocs build on a synthetic archive (N=10000)
	$(PY) -m generators.bench --records $(or $(N),10000)

clean:
	rm -rf site build .bench
