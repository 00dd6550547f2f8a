# govfoi: `make help` lists the targets. Every target sets up what it needs (.venv, system packages).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
RAW := data/raw
PROCESSED := data/processed
SYNTHETIC := data/synthetic

.DEFAULT_GOAL := help
.PHONY: help venv fonts browser ocr parse briefs test test-fast lint lab bench bench-ocr corpus corpus-bench clean

# Debian packages: installed when missing and we are root (CI, fresh machines); otherwise a warning.
define ensure_deb
	@if ! sh -c '$(2)' >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian packages: $(1)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(1) >/dev/null; \
	  else echo "warning: please install the Debian packages: $(1)"; fi; \
	fi
endef

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[briefs,test]'
	@# The briefs' offline Vega bundle depends only on the installed vl-convert: built once here (~2.5 s), it
	@# is not built by the first `govfoi brief` (then ~4 s instead of ~1.7 s). Kept in ~/.cache/govfoi.
	$(BIN)/python -c "from govfoi.briefs.page import vega_bundle; vega_bundle()"
	@rm -f $(VENV)/.installed-* && touch $@

venv: $(STAMP) ## create or update .venv with govfoi and its dependencies

fonts: ## install Noto Sans CJK (embedded as a subset in briefs) if missing
	$(call ensure_deb,fontconfig fonts-noto-cjk,fc-list | grep -q "Noto Sans CJK")

browser: fonts ## install headless Chromium (browser tests) if missing
	$(call ensure_deb,chromium,command -v chromium)

ocr: ## install Tesseract with its Simplified Chinese and English models (scans) if missing
	$(call ensure_deb,tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng,tesseract --list-langs 2>&1 | grep -q chi_sim)

parse: $(STAMP) ## parse data/raw into data/processed, and the synthetic example set into data/processed/synthetic
	$(BIN)/govfoi parse $(RAW) --out $(PROCESSED) --no-progress
	$(BIN)/govfoi parse $(SYNTHETIC) --out $(PROCESSED)/synthetic --no-progress

briefs: parse fonts ## parse, then render the HTML briefs into briefs/ (open briefs/index.html)
	$(BIN)/govfoi briefs --data $(PROCESSED)/synthetic --out briefs/synthetic --only trends compare
	$(BIN)/govfoi briefs --data $(PROCESSED) --out briefs

test: $(STAMP) browser ocr ## run the whole test suite
	$(BIN)/python -m pytest

test-fast: $(STAMP) ## run the tests not marked slow (no notebooks, Chromium, OCR, fuzz): under a minute
	$(BIN)/python -m pytest -m "not slow"

lint: $(STAMP) ## ruff check, ruff format --check and mypy, with the rules in pyproject.toml (pre-commit runs ruff too: pre-commit install)
	@test -x $(BIN)/ruff -a -x $(BIN)/mypy || $(BIN)/python -m pip install --quiet -e '.[lint]'
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/python -m mypy

# jupyter/lab/settings/overrides.json makes the project's .py notebooks open as notebooks (jupytext's viewer);
# data paths in the notebooks are read from the project root, so the kernel's folder (notebooks/) does not matter.
lab: $(STAMP) ## open JupyterLab on notebooks/ (.py notebooks open as notebooks)
	$(BIN)/jupyter lab --LabApp.app_settings_dir=$(CURDIR)/jupyter/lab/settings $$([ "$$(id -u)" = 0 ] && echo --allow-root) notebooks/

bench: $(STAMP) ## benchmarks: parse throughput (10,000 reports), per input format, brief speed
	$(BIN)/python benchmarks/parse_throughput.py
	$(BIN)/python benchmarks/format_throughput.py

corpus: $(STAMP) fonts ## build data/corpus: the template filled, printed by LibreOffice, read back by real tools (~20 min)
	$(call ensure_deb,libreoffice-writer-nogui,command -v soffice)
	$(call ensure_deb,poppler-utils,command -v pdftotext)
	$(call ensure_deb,tesseract-ocr tesseract-ocr-chi-sim,tesseract --list-langs 2>&1 | grep -q chi_sim)
	$(BIN)/python -m pip install --quiet -e '.[briefs,test,corpus]'
	$(BIN)/python benchmarks/real_tools_corpus.py --first-batch 20

corpus-bench: $(STAMP) ## parse data/corpus: cells right per tool, and the most a reader can know where blanks are dropped (make corpus first)
	$(BIN)/python benchmarks/real_tools_accuracy.py data/corpus
	$(BIN)/python benchmarks/knowable_ceiling.py data/corpus

.PHONY: hostile
hostile: $(STAMP) ## hostile-input benchmarks (issue 15): each attack case, then 10,000 fuzz examples (~15 min)
	$(BIN)/python benchmarks/hostile_inputs.py
	$(BIN)/python benchmarks/fuzz_inputs.py --n 10000

bench-ocr: $(STAMP) ocr ## OCR accuracy and speed on scans of the official template (builds them first, ~15 min)
	$(BIN)/python benchmarks/ocr_corpus.py --reports 4
	$(BIN)/python benchmarks/ocr_accuracy.py

clean: ## remove generated files (data/processed, briefs), keep .venv
	rm -rf $(PROCESSED)/*.parquet $(PROCESSED)/*.csv $(PROCESSED)/synthetic briefs
