"""Question 3: accessing the gradient of ``dense.weight``.

[ko]
3.3절 문제 3에 답하는 모듈입니다. 완전 연결층의 가중치에 대한 그래디언트에 어떻게
접근하는지 확인합니다.

[en]
This module answers question 3 of section 3.3: how to access the gradient of the weight of the
fully connected layer.
"""


def weight_grad(net):
    """Return the gradient of the weight of ``net``'s Dense layer.

    [ko]
    ``net`` 의 ``Dense`` 층 가중치에 대한 그래디언트를 NDArray로 반환합니다(NumPy 배열은 받아들이지
    않습니다).

    ``net`` 은 이 절처럼 ``nn.Dense`` 하나를 담은 :class:`mxnet.gluon.nn.Sequential` 이고,
    역전파(``backward()``)가 이미 끝난 상태입니다. 파라미터 이름(``dense0_weight`` 등)은 전역 카운터로
    정해지므로 이름에 의존하지 마세요.

    [en]
    ``net`` is a :class:`mxnet.gluon.nn.Sequential` holding one ``nn.Dense``, as in the section,
    and the backward pass (``backward()``) has already run. Return the NDArray itself (a NumPy
    array is not accepted). Parameter names (``dense0_weight`` and
    so on) come from a global counter, so do not rely on them.
    """
    raise NotImplementedError
