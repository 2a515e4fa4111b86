"""Exercises of section 3.3, "Concise Implementation of Linear Regression".

[ko]
3.3절 "선형 회귀의 간결한 구현"의 연습 문제입니다. 각 모듈이 절 끝의 문제 하나에 답합니다.

- :mod:`exercises.q1_mean_loss`: 문제 1, ``.mean()`` 으로 바꾼 손실과 ``trainer.step`` 의 인자
- :mod:`exercises.q2_huber`: 문제 2, ``gluon.loss`` 와 ``init`` 모듈, 그리고 Huber 손실
- :mod:`exercises.q3_weight_grad`: 문제 3, ``dense.weight`` 의 그래디언트에 접근하기

함수의 ``raise NotImplementedError`` 줄을 지우고 답을 작성한 뒤 ``make grade`` 로 채점합니다.

[en]
The exercises of section 3.3, "Concise Implementation of Linear Regression". Each module answers
one of the section's questions.

- :mod:`exercises.q1_mean_loss`: question 1, the loss with ``.mean()`` and the argument of ``trainer.step``
- :mod:`exercises.q2_huber`: question 2, the ``gluon.loss`` and ``init`` modules, and Huber's loss
- :mod:`exercises.q3_weight_grad`: question 3, accessing the gradient of ``dense.weight``

Delete a function's ``raise NotImplementedError`` line, write your answer, then run ``make grade``.
"""
