# The two commands of the README: `make run` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Lint the bundled examples under every shipped profile; bad examples are meant to fail, so the
# exit code of the demo itself is not an error for make.
run: $(STAMP)
	$(BIN)/nodeless lint manifests/examples/ --profile fks || true
	$(BIN)/nodeless lint manifests/examples/eks-fargate --profile eks-fargate || true

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build *.egg-info
