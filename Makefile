# The two commands of the README: `make run` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -qq --upgrade pip
	$(BIN)/python -m pip install -qq -e '.[test]'
	touch $(STAMP)

EXAMPLE_PROFILES := fks eks-fargate aks-virtual-nodes gke-autopilot

# Lint the bundled examples, each folder with its provider's profile. The bad examples are meant to
# fail (exit code 1), so only an input or usage error (exit code 2) fails `make run`.
run: $(STAMP)
	@for p in $(EXAMPLE_PROFILES); do \
	  echo "== nodeless lint manifests/examples/$$p --profile $$p"; \
	  $(BIN)/nodeless lint manifests/examples/$$p --profile $$p; \
	  test $$? -le 1 || exit 2; echo; \
	done

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build *.egg-info
