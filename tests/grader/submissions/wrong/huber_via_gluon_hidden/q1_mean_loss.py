"""Fixture: wrong: huber just calls Gluon's HuberLoss."""
from mxnet import autograd


def step_argument(batch_size, mean):
    return 1 if mean else batch_size


def train_step(net, trainer, loss, X, y):
    with autograd.record():
        objective = loss(net(X), y).mean()
    objective.backward()
    trainer.step(1)
