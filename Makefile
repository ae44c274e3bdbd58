# Two set-up commands (SPEC section 1): `make demo` and `make test`. Both create .venv if missing.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= sqlite:///demo.db

.PHONY: demo test lint typecheck pytest install clean docs

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip>=24"
	# torch first and pinned: the CPU wheel on this machine; anything else pulls gigabytes
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/parallax analyze examples/demo --db $(DEMO_DB) --out report.html
	@echo "--- a sample of the quotations found (parallax quotes) ---"
	@$(BIN)/parallax quotes --db $(DEMO_DB) | head -n 24
	@echo "--- open report.html in a browser for the side-by-side comparison of every story ---"

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/pytest

test: lint typecheck pytest

docs: $(STAMP)
	$(BIN)/python scripts/gen_cli_docs.py > docs/cli.md

clean:
	rm -rf $(VENV) build *.egg-info demo.db demo.db-* report.html
