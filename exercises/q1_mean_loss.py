"""Question 1: averaging the loss and the argument of ``trainer.step``.

[ko]
3.3절 문제 1에 답하는 모듈입니다. ``l = loss(output, y)`` 를 ``l = loss(output, y).mean()`` 으로
바꾸면 ``trainer.step(batch_size)`` 를 ``trainer.step(1)`` 로 바꿔야 합니다. 왜 그런지 코드로
확인합니다.

[en]
This module answers question 1 of section 3.3. If ``l = loss(output, y)`` becomes
``l = loss(output, y).mean()``, ``trainer.step(batch_size)`` has to become ``trainer.step(1)``.
Here you show why, in code.
"""
from mxnet import autograd  # noqa: F401  (you will need it in train_step)


def step_argument(batch_size, mean):
    """Return the argument to pass to ``trainer.step`` for one minibatch.

    [ko]
    미니 배치 하나에 대해 ``trainer.step`` 에 넘길 값을 반환합니다.

    ``batch_size`` 는 미니 배치의 예제 수입니다. ``mean`` 이 ``False`` 이면 예제별 손실을 더한 값에
    대해 ``backward()`` 를 호출한 경우이고, ``True`` 이면 ``.mean()`` 으로 평균을 낸 손실에 대해
    호출한 경우입니다. ``trainer.step(n)`` 은 그래디언트에 ``1/n`` 을 곱한다는 점을 생각해 보세요
    (:meth:`mxnet.gluon.Trainer.step`). 정수를 반환합니다(``1.0`` 처럼 정수와 같은 실수도 받아들입니다).

    [en]
    ``batch_size`` is the number of examples in the minibatch. ``mean`` is ``False`` when
    ``backward()`` was called on the sum of the per-example losses and ``True`` when it was called
    on their ``.mean()``. Remember that ``trainer.step(n)`` multiplies the gradients by ``1/n``
    (:meth:`mxnet.gluon.Trainer.step`). Return an integer (a float equal to one, such as ``1.0``,
    is accepted too).
    """
    raise NotImplementedError


def train_step(net, trainer, loss, X, y):
    """Do one update of ``net`` whose objective is the mean loss of the minibatch.

    [ko]
    미니 배치 ``X``, ``y`` 로 ``net`` 의 파라미터를 한 번 업데이트합니다.

    목적 함수는 ``loss(net(X), y).mean()`` 이어야 하고, 업데이트 결과는
    이 절의 학습 루프(예제별 손실의 합에 ``backward()`` 와 ``trainer.step(batch_size)``)와 같아야 합니다.
    ``net`` 은 :class:`mxnet.gluon.nn.Sequential`, ``trainer`` 는 :class:`mxnet.gluon.Trainer`,
    ``loss`` 는 ``gloss.L2Loss()`` 와 같은 손실 함수입니다. 반환값은 없습니다. 채점기는 같은
    ``net`` 과 ``trainer`` 로 이 함수를 두 번, 서로 다른 손실 함수(``L2Loss``, ``L1Loss``)로
    호출합니다. 넘겨받은 ``loss`` 를 쓰고, 트레이너의 학습 속도는 바꾸지 마세요.

    [en]
    The objective must be ``loss(net(X), y).mean()``, and the result must equal the update of the
    section's training loop (``backward()`` on the sum of per-example losses, then
    ``trainer.step(batch_size)``). ``net`` is a :class:`mxnet.gluon.nn.Sequential`, ``trainer``
    a :class:`mxnet.gluon.Trainer` and ``loss`` a loss such as ``gloss.L2Loss()``. Returns nothing.
    The grader calls it twice on the same ``net`` and ``trainer``, with two losses (``L2Loss``,
    then ``L1Loss``): use the ``loss`` given, and leave the trainer's learning rate as it is.
    """
    raise NotImplementedError
