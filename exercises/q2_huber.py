"""Question 2: the ``gluon.loss`` and ``init`` modules, and Huber's loss.

[ko]
3.3절 문제 2에 답하는 모듈입니다. ``gluon.loss`` 와 ``init`` 모듈에 어떤 손실 함수와 초기화
방법이 있는지 살펴보고, 손실 함수를 Huber 손실로 바꿔 봅니다.

[en]
This module answers question 2 of section 3.3: find out which loss functions and initialization
methods the ``gluon.loss`` and ``init`` modules hold, and switch the loss to Huber's loss.
"""
from mxnet import autograd, gluon, init, nd  # noqa: F401  (useful in your answers)
from mxnet.gluon import data as gdata  # noqa: F401
from mxnet.gluon import loss as gloss  # noqa: F401
from mxnet.gluon import nn  # noqa: F401


def huber(pred, label, rho=1.0):
    """Return the per-example Huber loss, written with ``nd`` operations.

    [ko]
    예제별 Huber 손실을 ``nd`` 연산으로 직접 계산해서 반환합니다.

    오차 ``e = pred - label`` 의 절댓값이 ``rho`` 보다 크면 ``|e| - rho/2``, 그렇지 않으면
    ``e**2 / (2*rho)`` 입니다. 결과는 ``gluon.loss.HuberLoss(rho)`` 와 같아야 합니다. 즉, ``label`` 를
    ``pred`` 의 모양으로 바꾸고, 배치 축이 아닌 축에 대해 평균을 내서 예제마다 값 하나가 있는
    NDArray를 반환합니다. :class:`~mxnet.gluon.loss.HuberLoss` 를 호출하지 말고 ``nd.abs``,
    ``nd.where`` 같은 연산으로 작성하세요. 채점기는 ``huber`` 가 쓰는 코드를 읽고, 역전파로 얻은
    그래디언트가 값의 기울기와 맞는지도 봅니다.

    [en]
    Where the error ``e = pred - label`` has an absolute value above ``rho`` the loss is
    ``|e| - rho/2``, elsewhere ``e**2 / (2*rho)``. The result must equal
    ``gluon.loss.HuberLoss(rho)``: reshape ``label`` like ``pred``, average over the non-batch axes
    and return an NDArray with one value per example. Do not call
    :class:`~mxnet.gluon.loss.HuberLoss`; use operations such as ``nd.abs`` and ``nd.where``. The
    grader reads the code ``huber`` reaches, and checks that the gradient of the backward pass
    matches the slope of the values.
    """
    raise NotImplementedError


def make_loss(rho=1.0):
    """Return Gluon's built-in Huber loss object for ``rho``.

    [ko]
    ``rho`` 를 쓰는 Gluon 내장 Huber 손실 객체를 반환합니다. 이 절의
    ``loss = gloss.L2Loss()`` 를 대신합니다.

    [en]
    It replaces the section's ``loss = gloss.L2Loss()``.
    """
    raise NotImplementedError


def train(features, labels, rho=1.0, num_epochs=3, batch_size=10, lr=0.03):
    """Train the section's linear regression with Huber's loss and return ``(w, b)``.

    [ko]
    이 절의 학습 코드를 Huber 손실로 실행하고 학습된 가중치와 편향을 반환합니다.

    모델은 ``nn.Sequential`` 에 ``nn.Dense(1)`` 하나, 초기화는 ``init.Normal(sigma=0.01)``,
    데이터는 ``shuffle=True`` 인 ``DataLoader``, 최적화 알고리즘은 학습 속도 ``lr`` 인 ``'sgd'``
    :class:`~mxnet.gluon.Trainer` 입니다. ``num_epochs`` 에포크 동안 학습한 뒤, 가중치를 모양
    ``(2,)`` 인 NumPy 배열로, 편향을 ``float`` 로 반환합니다(가중치는 NDArray나 수 두 개의
    리스트, 편향은 어떤 수여도 받아들입니다). ``num_epochs``, ``batch_size``, ``lr`` 인자를
    그대로 쓰세요. 채점기는 기본값이 아닌 값으로 호출하고 ``trainer.step`` 호출 횟수와 학습
    속도를 확인합니다. 레이블에 큰 이상값이 섞여 있어도
    편향이 크게 벗어나지 않아야 합니다.

    [en]
    The model is an ``nn.Sequential`` holding one ``nn.Dense(1)``, initialized with
    ``init.Normal(sigma=0.01)``; the data come from a ``DataLoader`` with ``shuffle=True``; the
    optimization algorithm is an ``'sgd'`` :class:`~mxnet.gluon.Trainer` with learning rate
    ``lr``. After ``num_epochs`` epochs return the weight as a NumPy array of shape ``(2,)`` and
    the bias as a ``float`` (an NDArray or a list of two numbers for the weight, and any number
    for the bias, are accepted too). Use the arguments ``num_epochs``, ``batch_size`` and ``lr``:
    the grader passes other values than the defaults, and counts the calls of ``trainer.step``
    and checks the learning rate. The bias must stay close to the true bias even when some labels are
    large outliers.
    """
    raise NotImplementedError


def loss_names():
    """Return the names of the loss classes in ``mxnet.gluon.loss``.

    [ko]
    ``mxnet.gluon.loss`` 모듈에 있는 손실 함수 클래스의 이름을 ``set`` 으로 반환합니다
    (예: ``'L2Loss'``; 리스트나 튜플도 받아들입니다). 기반 클래스 ``Loss`` 와 별칭(``SoftmaxCELoss`` 등)은 넣어도 되고 빼도
    됩니다.

    [en]
    The names come as a ``set`` (e.g. ``'L2Loss'``; a list or a tuple is accepted too). The base class ``Loss`` and the aliases
    (``SoftmaxCELoss`` and others) may be in or out.
    """
    raise NotImplementedError


def initializer_names():
    """Return the names of the initializer classes in ``mxnet.init``.

    [ko]
    ``mxnet.init`` 모듈에 있는 초기화 방법 클래스의 이름을 ``set`` 으로 반환합니다
    (예: ``'Normal'``; 리스트나 튜플도 받아들입니다). 기반 클래스 ``Initializer`` 와, ``Initializer`` 를 상속하지 않는 ``Load``,
    ``Mixed`` 는 넣어도 되고 빼도 됩니다.

    [en]
    The names come as a ``set`` (e.g. ``'Normal'``; a list or a tuple is accepted too). The base class ``Initializer`` and ``Load`` and
    ``Mixed``, which do not subclass ``Initializer``, may be in or out.
    """
    raise NotImplementedError
