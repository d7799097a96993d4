# Two commands on a fresh machine (Python 3.11 and make): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9
SYNCED := $(VENV)/.synced
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
# Byte-compile what is installed: the environment never writes .pyc files (PYTHONDONTWRITEBYTECODE
# here and in the Dockerfile), and without them every process compiles its imports afresh.
export UV_COMPILE_BYTECODE := 1

.PHONY: run test check lint format bench clean

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Install exactly what uv.lock pins (dev tools included); --inexact keeps uv itself.
$(SYNCED): $(UV) pyproject.toml uv.lock Makefile
	$(UV) sync --frozen --inexact --python $(VENV)/bin/python
	touch $(SYNCED)

run: $(SYNCED)
	$(VENV)/bin/newsetl run --inbox samples/inbox

lint: $(SYNCED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/hadolint Dockerfile

test: lint
	$(VENV)/bin/pytest

format: $(SYNCED)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache .mypy_cache
