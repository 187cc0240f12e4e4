# The README's two commands: `make demo` and `make test`. Both create .venv when missing and install
# what they need; a second run only re-installs when pyproject.toml changed.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PY ?= python3
# this machine's pip config names local indexes that may be absent: drop those warnings, keep real errors
QUIET_PIP := 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; }
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export HF_HUB_DISABLE_PROGRESS_BARS := 1
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test install dev lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

# torch first and pinned: unpinned, pip resolves a multi-GB CUDA build instead of the CPU wheel on disk.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q torch==2.13.0 $(QUIET_PIP)
	$(BIN)/pip install -q -e . $(QUIET_PIP)
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install -q -e '.[dev]' $(QUIET_PIP)
	touch $@

install: $(VENV)/.installed
dev: $(VENV)/.installed-dev

/usr/bin/chromium:
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi

demo: install
	$(BIN)/antipersona demo

test: dev /usr/bin/chromium
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

lint: dev
	$(BIN)/ruff check .

# every figure in docs/benchmarks.md (needs ../shared/data; takes a while)
bench: dev
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/themes.py
	$(BIN)/python bench/refresh.py
	$(BIN)/python bench/verdict_auroc.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/load.py --endpoints check,chat --duration 60

clean:
	rm -rf antipersona-data
