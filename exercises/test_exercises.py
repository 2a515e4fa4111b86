"""``python -m pytest exercises`` (or plain ``pytest`` in the project's folder) grades your
answers with the project's grader, the same sandboxed grading as ``make grade``: one test per
question, whose failure shows the grader's report. The project's own tests are ``make test``.

[ko]
``python -m pytest exercises``(또는 프로젝트 폴더에서 그냥 ``pytest``)로 ``make grade``와 같은
채점기가 답을 채점합니다. 문제마다 테스트가 하나이고, 실패하면 채점 결과가 나옵니다.
[en]
Each question is one test; a failing one shows the grader's report.
"""
import sys
from pathlib import Path

import pytest

_ROOT = Path(__file__).resolve().parent.parent
_HOW = "run `make grade` in the project's folder (it sets up .venv first)"
_PROBLEM = None
if not (_ROOT / ".venv" / "bin" / "python").exists():
    _PROBLEM = f"no .venv yet: {_HOW}"
else:
    sys.path.insert(0, str(_ROOT))
    try:
        from grader import check
    except ImportError as error:
        _PROBLEM = f"the grader does not import here ({error}): {_HOW}"


@pytest.mark.parametrize("question", ["q1_mean_loss", "q2_huber", "q3_weight_grad"])
def test_question(question):
    """Grade one question in the sandbox.

    [ko]
    문제 하나를 샌드박스에서 채점합니다.
    [en]
    Grades one question in the sandbox, as ``make grade Q=...`` does.
    """
    if _PROBLEM:
        pytest.fail(_PROBLEM, pytrace=False)
    report = check(question)
    if not report.all_passed:
        pytest.fail(report.text(), pytrace=False)
