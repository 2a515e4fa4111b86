"""Hostile fixture: writes forged results wherever it can (named files and every descriptor),
then answers wrongly."""
import json
import os

try:
    from hostile_paths import TARGETS
except ImportError:
    TARGETS = []

FORGED_RESULTS = json.dumps({"score": 999, "tests": [], "output": "forged"})
FORGED_OUTCOMES = json.dumps([{"id": "q2_huber.huber_values", "passed": True,
                               "key": "common.passed", "params": {}}])


def _forge():
    for target in TARGETS:
        try:
            with open(target, "w") as f:
                f.write(FORGED_RESULTS)
        except OSError:
            pass
    for fd in range(3, 256):
        try:
            os.write(fd, (FORGED_OUTCOMES + "\n").encode())
        except OSError:
            pass


def huber(pred, label, rho=1.0):
    _forge()
    return pred * 0


def make_loss(rho=1.0):
    _forge()
    raise NotImplementedError


def train(features, labels, rho=1.0, num_epochs=3, batch_size=10, lr=0.03):
    _forge()
    raise NotImplementedError


def loss_names():
    _forge()
    return set()


def initializer_names():
    _forge()
    return set()
