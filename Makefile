# s3graph: the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test check lint typecheck fuzz bench bench-quick notebooks clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)  ## build the default store, ask the main questions, write a view
	$(BIN)/s3graph build
	$(BIN)/s3graph stats
	$(BIN)/s3graph partnerships --region ES24
	$(BIN)/s3graph regions --partnership im-h2valleys
	$(BIN)/s3graph view region-network -o s3graph-demo.html
	@echo "Open s3graph-demo.html in a browser, or explore the graph in one: $(BIN)/s3graph app"

# compileall: bytecode for the package, which an editable install does not compile and
# Python may be told not to write (PYTHONDONTWRITEBYTECODE); each s3graph process the tests
# start then spends about 0.1 s less compiling it.
test: $(STAMP)  ## run the test suite, one worker per core and one more
	$(BIN)/python -m compileall -q s3graph
	$(BIN)/python -m pytest -n auto

fuzz: $(STAMP)  ## long fuzzing campaign: CSV loader and bound values, 1,000 examples a property
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest --hypothesis-show-statistics \
		tests/test_fuzz_loader.py tests/test_injection.py::test_any_bound_text_comes_back_unchanged

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)  ## mypy, also as on Windows (what is POSIX-only must be guarded)
	$(BIN)/mypy
	$(BIN)/mypy --platform win32

check: lint typecheck test  ## ruff + mypy + tests

$(VENV)/.notebooks-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,notebooks]'
	touch $@

notebooks: $(VENV)/.notebooks-installed  ## open the guided tour in JupyterLab (installs it on first use)
	$(BIN)/jupyter lab notebooks/

bench: $(STAMP)  ## benchmarks at 10k, 100k and 1M triples; writes bench/RESULTS.md
	$(BIN)/python bench/run.py --scales 10k,100k,1m --results-md bench/RESULTS.md

bench-quick: $(STAMP)  ## benchmarks at 100k triples only: one run each, the peer stopped at 2 s a query
	$(BIN)/python bench/run.py --scales 100k --runs 1 --cap 2 --skip-views-scale

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
