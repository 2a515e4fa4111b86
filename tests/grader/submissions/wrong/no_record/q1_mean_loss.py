"""Fixture: wrong: train_step computes the loss outside autograd.record(), the most common
Gluon mistake.
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
    """Do one update of ``net`` whose objective is the mean loss of the minibatch.

    [ko]
    평균 손실의 그래디언트는 합한 손실의 그래디언트를 ``batch_size`` 로 나눈 것과 같으므로,
    ``trainer.step(1)`` 의 업데이트는 이 절의 ``trainer.step(batch_size)`` 업데이트와 같습니다.

    [en]
    The gradient of the mean loss equals the gradient of the summed loss divided by
    ``batch_size``, so ``trainer.step(1)`` gives the section's ``trainer.step(batch_size)`` update.
    """
    objective = loss(net(X), y).mean()
    objective.backward()
    trainer.step(1)
