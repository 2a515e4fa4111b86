"""Reference answers to the exercises of section 3.3.

[ko]
3.3절 연습 문제의 모범 답안입니다. 채점기는 이 패키지를 쓰지 않습니다. 학습자에게 배포하는
채점기(GitHub 워크플로, Gradescope 번들)에는 들어 있지 않습니다.

[en]
The reference answers to the exercises of section 3.3. The grader does not use this package, and
the copies of the grader given to learners (GitHub workflow, Gradescope bundle) leave it out.
"""
