"""Question 1: averaging the loss and the argument of ``trainer.step`` (reference answer).

[ko]
3.3절 문제 1의 모범 답안입니다.

``l.backward()`` 는 예제별 손실을 모두 더한 값의 그래디언트를 구하고,
``trainer.step(batch_size)`` 는 그 그래디언트에 ``1/batch_size`` 를 곱해서 미니 배치 평균의
그래디언트로 파라미터를 업데이트합니다. 손실에 ``.mean()`` 을 붙이면 그래디언트가 이미
``1/batch_size`` 배가 되므로, 같은 업데이트를 얻으려면 ``trainer.step(1)`` 로 더 나누지 않아야
합니다. 그대로 ``step(batch_size)`` 를 쓰면 업데이트가 ``batch_size`` 배 작아집니다.

[en]
The reference answer to question 1 of section 3.3.

``l.backward()`` yields the gradient of the sum of the per-example losses, and
``trainer.step(batch_size)`` multiplies it by ``1/batch_size``, so the parameters move along the
minibatch's mean gradient. With ``.mean()`` the gradient is already divided by ``batch_size``, so
the same update needs ``trainer.step(1)``; keeping ``step(batch_size)`` makes the update
``batch_size`` times too small.
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
    with autograd.record():
        objective = loss(net(X), y).mean()
    objective.backward()
    trainer.step(1)
