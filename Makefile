# rongmei 融媒运营平台
# make run  —— 建虚拟环境、装依赖（Python + 前端）、迁移、载入演示数据，启动 Web 与 worker
# make test —— 装开发依赖并运行全部测试

PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
PIP     = $(VENV)/bin/pip
PORT   ?= 8000
export PORT

.PHONY: run test test-pg lint fmt deps dev-deps vendor setup demo browser-deps clean bench

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.deps: $(VENV)/bin/activate requirements/base.txt pyproject.toml
	$(PIP) install -q -r requirements/base.txt
	$(PIP) install -q --no-deps -e .
	touch $@

$(VENV)/.dev-deps: $(VENV)/.deps requirements/dev.txt
	$(PIP) install -q -r requirements/dev.txt
	touch $@

deps: $(VENV)/.deps
dev-deps: $(VENV)/.dev-deps

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# 前端资源从 npm 安装后复制到应用自己的静态目录：运行时不访问任何 CDN
vendor: node_modules/.package-lock.json
	mkdir -p rongmei/static/vendor/tabler rongmei/static/vendor/htmx rongmei/static/vendor/echarts rongmei/static/vendor/wangeditor
	cp node_modules/@tabler/core/dist/css/tabler.min.css rongmei/static/vendor/tabler/
	cp node_modules/@tabler/core/dist/js/tabler.min.js rongmei/static/vendor/tabler/
	cp node_modules/htmx.org/dist/htmx.min.js rongmei/static/vendor/htmx/
	cp node_modules/echarts/dist/echarts.min.js rongmei/static/vendor/echarts/
	cp node_modules/@wangeditor-next/editor/dist/index.js rongmei/static/vendor/wangeditor/wangeditor.js
	cp node_modules/@wangeditor-next/editor/dist/css/style.css rongmei/static/vendor/wangeditor/wangeditor.css
	# 思源黑体（Noto Sans SC，OFL-1.1）按字符范围切成的 101 个 woff2：电脑上没有中文字体时浏览器只取页面用到的几块
	mkdir -p rongmei/static/vendor/noto-sans-sc
	cp -R node_modules/@fontsource-variable/noto-sans-sc/index.css node_modules/@fontsource-variable/noto-sans-sc/files \
	  node_modules/@fontsource-variable/noto-sans-sc/LICENSE rongmei/static/vendor/noto-sans-sc/

setup: deps vendor
	$(VENV)/bin/rongmei setup

demo: setup
	$(VENV)/bin/rongmei demo

run: demo
	$(VENV)/bin/rongmei serve --port $(PORT)

test: dev-deps vendor
	RONGMEI_TESTING=1 $(VENV)/bin/pytest -n 2 --dist loadfile -m "not browser" --no-migrations
	RONGMEI_TESTING=1 $(VENV)/bin/pytest -m browser -p no:xdist

# 同一套测试跑在 PostgreSQL + Redis 上（CI 使用）
test-pg: dev-deps vendor
	RONGMEI_TESTING=1 DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
	  REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/15} $(VENV)/bin/pytest -n 2 --dist loadfile -m "not browser"

lint: dev-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	RONGMEI_TESTING=1 RONGMEI_DATA_DIR=$$(mktemp -d) DJANGO_SETTINGS_MODULE=rongmei.settings \
	  $(VENV)/bin/python -m django makemigrations --check --dry-run

fmt: dev-deps
	$(VENV)/bin/ruff check --fix .

bench: dev-deps
	@echo "见 bench/README.md"

clean:
	rm -rf $(VENV) node_modules rongmei/static/vendor staticfiles
