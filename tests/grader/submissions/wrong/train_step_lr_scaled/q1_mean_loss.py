"""Fixture: wrong: train_step keeps ``trainer.step(batch_size)`` with ``.mean()`` and makes up for
it by multiplying the trainer's learning rate by the batch size, for good.
"""
from mxnet import autograd


def step_argument(batch_size, mean):
    """Return the argument to pass to ``trainer.step`` for one minibatch.

    [ko]
    합한 손실이면 ``batch_size`` 로 나눠야 평균 그래디언트가 되고, 평균 손실이면 이미 나눴으므로
    1을 반환합니다.

    [en]
    A summed loss needs the division by ``batch_size`` to give the mean gradient; an averaged
    loss is already divided, so the answer is 1.
    """
    return 1 if mean else batch_size


def train_step(net, trainer, loss, X, y):
    with autograd.record():
        objective = loss(net(X), y).mean()
    objective.backward()
    batch_size = X.shape[0]
    trainer.set_learning_rate(trainer.learning_rate * batch_size)
    trainer.step(batch_size)