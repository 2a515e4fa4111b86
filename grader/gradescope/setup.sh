#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (the zip is unpacked
# in /autograder/source). It installs Python and the grader's pinned requirements in a venv.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
# MXNet 1.9.1 runs on Python 3.11 with numpy 1.23.5, or on 3.12 with numpy 1.26 and setuptools
# (requirements.txt picks by version). Prefer 3.11 where the image offers it.
apt-get install -y --no-install-recommends python3 python3-venv python3-pip
# The sandbox (bubblewrap; without namespaces in the container the grader falls back to a uid of
# its own, and says so in every result).
apt-get install -y --no-install-recommends bubblewrap
apt-get install -y --no-install-recommends python3.11 python3.11-venv || true
PYTHON=python3
if command -v python3.11 >/dev/null 2>&1; then PYTHON=python3.11; fi
"$PYTHON" -m venv /autograder/venv
/autograder/venv/bin/pip install --no-cache-dir --upgrade pip
/autograder/venv/bin/pip install --no-cache-dir -r /autograder/source/requirements.txt
# On Python 3.12 only: give MXNet back the numpy.bool it reads (a no-op on 3.11).
/autograder/venv/bin/python /autograder/source/mxnet_py312_compat.py --install
# Warm-up: fail the image build now, not at the first submission, if MXNet cannot import.
cd /autograder/source && /autograder/venv/bin/python -c "import grader.trusted as t; t.collect()"
