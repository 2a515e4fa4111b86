"""Hostile fixture: sys.exit at import."""
import sys

sys.exit(0)


def step_argument(batch_size, mean):
    raise NotImplementedError


def train_step(net, trainer, loss, X, y):
    raise NotImplementedError
