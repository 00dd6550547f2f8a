# govfoi: `make help` lists the targets. Every target sets up what it needs (.venv, system packages).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
RAW := data/raw
PROCESSED := data/processed

.DEFAULT_GOAL := help
.PHONY: help venv parse briefs test lab bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-* && touch $@

venv: $(STAMP) ## create or update .venv with govfoi and its dependencies

parse: $(STAMP) ## parse data/raw into data/processed (Parquet) and print the summary
	$(BIN)/govfoi parse $(RAW) --out $(PROCESSED) --no-progress

briefs: parse ## parse data/raw, then render the HTML briefs
	@echo "briefs: rendering is not built yet; the parsed frames are in $(PROCESSED)"

test: $(STAMP) ## run the whole test suite
	$(BIN)/python -m pytest

lab: $(STAMP) ## open JupyterLab on notebooks/
	$(BIN)/jupyter lab notebooks/

bench: $(STAMP) ## parse throughput benchmark (10,000 synthetic reports)
	$(BIN)/python benchmarks/parse_throughput.py

clean: ## remove generated files (data/processed, briefs), keep .venv
	rm -rf $(PROCESSED)/*.parquet $(PROCESSED)/*.csv briefs
