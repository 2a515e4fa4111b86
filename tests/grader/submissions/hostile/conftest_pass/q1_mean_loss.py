"""Hostile fixture: stubs, with pytest files that try to turn failures into passes."""


def step_argument(batch_size, mean):
    raise NotImplementedError


def train_step(net, trainer, loss, X, y):
    raise NotImplementedError
