# peacekg: every target creates its own virtual environment and installs what it needs.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STORE  ?= out/demo-store
STAMP   = $(VENV)/.installed-stamp

.PHONY: demo test lint typecheck format bench bench-smoke train pk states clean

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## demo: build the sample corpus into out/demo-store, show who backs which A4P priority, write out/demo.html
demo: $(STAMP)
	$(BIN)/peacekg build examples/corpus --store $(STORE)
	$(BIN)/peacekg backers --store $(STORE)
	$(BIN)/peacekg viz --store $(STORE) --output out/demo.html
	@echo "open out/demo.html in a browser to explore the graph"

## test: lint, type-check, then the whole test suite (slow and browser tests included)
test: $(STAMP)
	@if [ "$$CI" = "true" ]; then bash .ci/install-browser; fi
	@if [ "$$CI" = "true" ]; then bash .ci/install-virtuoso; fi
	$(BIN)/ruff check .
	$(MAKE) typecheck
	$(BIN)/pytest -n 2 --dist loadfile

## typecheck: mypy over the package (the repository is the package peacekg: .mypy-src/peacekg -> ..)
typecheck: $(STAMP)
	@mkdir -p .mypy-src && ln -sfn .. .mypy-src/peacekg
	MYPYPATH=.mypy-src $(BIN)/mypy -p peacekg

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## bench: the full UN General Debate corpus benchmark (writes bench/RESULTS.md)
bench: $(STAMP)
	$(BIN)/python bench/run.py --write bench/RESULTS.md

bench-smoke: $(STAMP)
	$(BIN)/python bench/run.py --smoke

## train: fit the confidence model on the judged records (bench/audit, bench/judged) -> loaders/data/confidence-model.json
train: $(STAMP)
	$(BIN)/python -m peacekg.loaders.train --figure docs/confidence.png

## pk: regenerate ontology/pk.py (the closed PK namespace) from the ontology files
pk: $(STAMP)
	$(BIN)/python tools/make_pk.py

## states: regenerate ontology/data/states.csv (pycountry + the curation in tools/make_states.py)
states: $(STAMP)
	$(BIN)/python tools/make_states.py

clean:
	rm -rf out build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache .mypy-src
