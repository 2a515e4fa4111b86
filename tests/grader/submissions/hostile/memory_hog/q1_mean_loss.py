"""Hostile fixture: asks for 100 GB at once inside the functions."""


def step_argument(batch_size, mean):
    return len(bytearray(100 * 1024**3))


def train_step(net, trainer, loss, X, y):
    import numpy
    numpy.ones((100_000, 100_000, 10))
