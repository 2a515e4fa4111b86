"""Hostile fixture: a segmentation fault inside the functions."""
import ctypes


def step_argument(batch_size, mean):
    return ctypes.string_at(0)


def train_step(net, trainer, loss, X, y):
    ctypes.string_at(0)
