# Two targets a newcomer needs: `make demo` (build the example articles and serve them) and
# `make test`. Each creates its own virtual environment on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STORE ?= .demo-store
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo build serve test install bench score clean

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(BIN)/kg

build: install
	$(BIN)/kg build examples/articles --store $(STORE)

demo: build
	@echo "Serving the example graph on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/kg serve --store $(STORE) --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/run_all.py

score: install
	rm -rf $(STORE)-score && $(BIN)/kg build examples/articles --store $(STORE)-score
	$(BIN)/kg export --store $(STORE)-score --format nquads -o $(STORE)-score.nq
	$(BIN)/python ../shared/eval/score.py --gold ../shared/gold --data $(STORE)-score.nq

clean:
	rm -rf $(STORE) $(STORE)-score $(STORE)-score.nq .pytest_cache build dist *.egg-info
