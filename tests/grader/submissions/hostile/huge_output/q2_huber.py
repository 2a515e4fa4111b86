"""Hostile fixture: writes 100 MB straight to descriptors 1 and 2."""
import os


def _flood():
    for fd in (1, 2):
        for _ in range(10):
            os.write(fd, b"x" * 10_000_000)


def huber(pred, label, rho=1.0):
    _flood()
    return pred


def make_loss(rho=1.0):
    _flood()


def train(features, labels, rho=1.0, num_epochs=3, batch_size=10, lr=0.03):
    _flood()


def loss_names():
    _flood()


def initializer_names():
    _flood()
