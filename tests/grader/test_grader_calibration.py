"""Calibration of ``q2_huber.train_robust``: its tolerances must sit far from both the right
answers (Huber's loss, and the also robust L1 loss and Huber with rho ignored) and the wrong one
(the squared loss), on the grader's own outlier data, over several seeds. Rerun this file after
changing the data or the tolerances; it prints the measured errors."""
import importlib.util
import os
import random
import sys

# As in the grader's sandbox (unless MXNet was already imported by another test): the
# synchronous engine on one thread is several times faster for these tiny operations.
os.environ.setdefault("MXNET_ENGINE_TYPE", "NaiveEngine")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
import pytest

from grader_testlib import FIXTURES, REPO
from grader.checks.check_q2_huber import (TRAIN_ARGUMENTS, TRAIN_BIAS_TOLERANCE,
                                          TRAIN_WEIGHT_TOLERANCE,
                                          make_outlier_data, train_errors)

pytestmark = pytest.mark.timeout(600)
SEEDS = range(6)
MARGIN = 3.0  # right answers stay 3x below the tolerance, the wrong one 3x above


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # keep fixtures clean
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = saved
    return module


def _variants():
    from mxnet.gluon import loss as gloss

    reference = _load(REPO / "solutions" / "q2_huber.py", "calibration_reference")
    squared = _load(FIXTURES / "wrong" / "train_l2" / "q2_huber.py", "calibration_l2")

    def with_loss(make):
        def train(features, labels, rho=1.0):
            original = reference.make_loss
            reference.make_loss = lambda rho=1.0: make(rho)
            try:
                return reference.train(features, labels, rho=rho, **TRAIN_ARGUMENTS)
            finally:
                reference.make_loss = original
        return train

    return {
        "huber": lambda features, labels, rho: reference.train(features, labels, rho=rho,
                                                               **TRAIN_ARGUMENTS),
        "l1": with_loss(lambda rho: gloss.L1Loss()),
        "huber_rho_ignored": with_loss(lambda rho: gloss.HuberLoss()),
        "l2": lambda features, labels, rho: squared.train(features, labels, rho=rho,
                                                          **TRAIN_ARGUMENTS),
    }


def _run(train, data):
    import mxnet as mx
    from mxnet import nd

    random.seed(data["seed"])
    np.random.seed(data["seed"])
    mx.random.seed(data["seed"])
    w, b = train(nd.array(data["features"]), nd.array(data["labels"]), rho=data["rho"])
    return train_errors(data, w, b)


@pytest.fixture(scope="module")
def measured():
    variants = _variants()
    errors = {name: [] for name in variants}
    for seed in SEEDS:
        data = make_outlier_data(np.random.default_rng([seed, 33]))
        for name, train in variants.items():
            errors[name].append(_run(train, data))
    for name, values in errors.items():
        bias, weight = np.array(values).T
        print(f"{name:18s} bias error {bias.min():.3f}..{bias.max():.3f}  "
              f"weight error {weight.min():.3f}..{weight.max():.3f}")
    return errors


@pytest.mark.parametrize("name", ["huber", "l1", "huber_rho_ignored"])
def test_robust_answers_pass_with_margin(measured, name):
    bias, weight = np.array(measured[name]).T
    assert bias.max() * MARGIN < TRAIN_BIAS_TOLERANCE
    assert weight.max() * MARGIN < TRAIN_WEIGHT_TOLERANCE


def test_squared_loss_fails_with_margin(measured):
    bias, _ = np.array(measured["l2"]).T
    assert bias.min() > TRAIN_BIAS_TOLERANCE * MARGIN
