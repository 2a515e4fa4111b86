"""Question 3: accessing the gradient of ``dense.weight`` (reference answer).

[ko]
3.3절 문제 3의 모범 답안입니다.

[en]
The reference answer to question 3 of section 3.3.
"""


def weight_grad(net):
    """Return the gradient of the weight of ``net``'s Dense layer.

    [ko]
    ``net[0]`` 은 ``Sequential`` 에 처음 추가한 ``Dense`` 층이고, 그 ``weight`` 는
    :class:`~mxnet.gluon.Parameter` 입니다. ``data()`` 는 값을, ``grad()`` 는 그래디언트를
    돌려줍니다. 층을 인덱스로 찾으므로 전역 카운터로 붙는 파라미터 이름과 상관없이 동작합니다.

    [en]
    ``net[0]`` is the ``Dense`` layer added first to the ``Sequential``, and its ``weight`` is a
    :class:`~mxnet.gluon.Parameter`: ``data()`` gives its value, ``grad()`` its gradient. Because it
    finds the layer by index, it works however the global counter named the parameters.
    """
    return net[0].weight.grad()
