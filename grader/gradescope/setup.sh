#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (the zip is unpacked
# in /autograder/source). It installs a supported Python, MXNet's system libraries, the sandbox
# and the grader's pinned requirements, then grades a stub submission: any failure fails the
# image build here, with a message, instead of failing every learner's submission later.
#
# AUTOGRADER_ROOT overrides /autograder (tests run this script on a bare Debian).
set -euo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
SOURCE="$ROOT/source"
VENV="$ROOT/venv"
export DEBIAN_FRONTEND=noninteractive

fail() {
    echo "setup.sh: error: $*" >&2
    exit 1
}

apt-get update
# libgomp1 and libquadmath0: libmxnet.so links them and a bare image lacks them. bubblewrap:
# the sandbox (without namespaces in the container the grader falls back to a uid of its own
# and says so in every result). ca-certificates: pip's downloads.
apt-get install -y --no-install-recommends ca-certificates libgomp1 libquadmath0 bubblewrap

# MXNet 1.9.1 runs on Python 3.11 or 3.12 only (README, "Python versions"). Ubuntu 22.04's
# python3 is 3.10 and 24.04's is 3.12; 22.04 also packages python3.11.
supported() {
    "$1" -c 'import sys; sys.exit(sys.version_info[:2] not in ((3, 11), (3, 12)))' 2>/dev/null
}
PYTHON=""
if command -v python3 >/dev/null 2>&1 && supported python3; then
    PYTHON=python3
elif apt-get install -y --no-install-recommends python3 && supported python3; then
    PYTHON=python3
else
    for version in 3.11 3.12; do
        if apt-get install -y --no-install-recommends "python$version" "python$version-venv"; then
            PYTHON="python$version"
            break
        fi
    done
fi
[ -n "$PYTHON" ] && supported "$PYTHON" || fail "no Python 3.11 or 3.12 in this image's \
packages (python3 is $(python3 -V 2>&1 || echo missing)). MXNet 1.9.1 needs one of them. \
Choose the Ubuntu 24.04 base image in the autograder settings (or 22.04, whose universe \
component has python3.11)."
# The venv module of the chosen Python (Debian and Ubuntu package it separately).
apt-get install -y --no-install-recommends "$PYTHON-venv" 2>/dev/null \
    || apt-get install -y --no-install-recommends python3-venv \
    || fail "no venv package for $PYTHON"
echo "setup.sh: using $($PYTHON -V) ($(command -v "$PYTHON"))"

rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --no-cache-dir --disable-pip-version-check \
    -r "$SOURCE/requirements.txt"
# On Python 3.12 only: give MXNet back the numpy.bool it reads (a no-op on 3.11).
"$VENV/bin/python" "$SOURCE/mxnet_py312_compat.py" --install
# nd.dot runs MXNet's AVX code: a machine without AVX stops here, not in every grading.
"$VENV/bin/python" -B -c 'from mxnet import nd; nd.dot(nd.ones((4, 2)), nd.ones((2,))).asnumpy()' \
    || fail "MXNet does not run in $VENV (see the error above)"

# Warm-up: grade a submission whose functions are all unwritten. Every check must come back
# (as "not attempted"); a grading that cannot run at all fails the image build now.
stub=$(mktemp -d)
trap 'rm -rf "$stub" "$ROOT/warm-up.json" "$ROOT/warm-up-outcomes.json"' EXIT
"$VENV/bin/python" -B - "$stub" <<'EOF'
import sys
functions = {
    "q1_mean_loss": ["step_argument(batch_size, mean)", "train_step(net, trainer, loss, X, y)"],
    "q2_huber": ["huber(pred, label, rho=1.0)", "make_loss(rho=1.0)",
                 "train(features, labels, rho=1.0, num_epochs=3, batch_size=10, lr=0.03)",
                 "loss_names()", "initializer_names()"],
    "q3_weight_grad": ["weight_grad(net)"],
}
for module, signatures in functions.items():
    with open(f"{sys.argv[1]}/{module}.py", "w") as f:
        f.writelines(f"def {s}:\n    raise NotImplementedError\n\n\n" for s in signatures)
EOF
chmod -R a+rX "$stub"
status=0
(cd "$SOURCE" && "$VENV/bin/python" -B -m grader grade --submission "$stub" \
    --results "$ROOT/warm-up.json" --outcomes "$ROOT/warm-up-outcomes.json" --lang en) \
    || status=$?
[ "$status" -le 1 ] || fail "the warm-up grading could not run (status $status, see above)"
# Every check must have reached the stub: a sandbox that cannot start gives other outcomes.
"$VENV/bin/python" -B - "$ROOT/warm-up-outcomes.json" <<'EOF' \
    || fail "the warm-up grading did not reach the submission (see above)"
import json, sys
checks = json.load(open(sys.argv[1]))["checks"]
wrong = [(c["id"], c["key"]) for c in checks if c["key"] != "common.not_attempted"]
print("\n".join(f"setup.sh: {id_}: {key}" for id_, key in wrong), file=sys.stderr)
sys.exit(bool(wrong) or not checks)
EOF
echo "setup.sh: ready"
