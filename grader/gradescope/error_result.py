"""Write the zero result Gradescope shows when a grading could not finish, saying why.

``python -I error_result.py RESULTS REASON LOG LANG``, called by run_autograder. Standard
library only, so that it runs even where the grader's own environment is broken.
"""
import json
import os
import re
import sys

_MESSAGES = {
    "ko": {
        "intro": "채점기가 이 제출물을 끝까지 채점하지 못했습니다. 점수는 0점으로 기록되었습니다.",
        "mxnet_import": "채점 환경에서 MXNet을 불러올 수 없습니다. 제출물의 문제가 아니니 강사에게 "
                        "알려 주세요.",
        "time_limit": "채점이 제한 시간({}초) 안에 끝나지 않아 중단되었습니다. 끝나지 않는 반복문이나 "
                      "지나치게 긴 계산이 없는지 확인한 뒤 다시 제출하세요.",
        "signal": "채점기가 신호 {}를 받고 중단되었습니다(메모리 부족일 수 있습니다).",
        "status": "채점을 시작할 수 없었습니다(종료 상태 {}). 아래 기록을 확인하세요. 필요한 파일"
                  "(q1_mean_loss.py, q2_huber.py, q3_weight_grad.py)을 올렸는지도 확인하세요.",
        "no_result": "채점기가 결과를 남기지 않았습니다.",
        "other": "채점기가 실패했습니다({}).",
        "log": "채점기 기록의 끝부분",
        "ask": "문제가 계속되면 강사에게 알려 주세요.",
    },
    "en": {
        "intro": "The autograder could not finish grading this submission. It is recorded as 0.",
        "mxnet_import": "MXNet cannot be imported in the grading environment. This is not a "
                        "problem with your submission: please tell your instructor.",
        "time_limit": "The grading did not finish within its time limit ({} s) and was stopped. "
                      "Check for loops that never end or very long computations, then resubmit.",
        "signal": "The grader was stopped by signal {} (possibly out of memory).",
        "status": "The grading could not start (exit status {}); see the log below. Check that "
                  "you uploaded q1_mean_loss.py, q2_huber.py and q3_weight_grad.py.",
        "no_result": "The grader left no result.",
        "other": "The grader failed ({}).",
        "log": "The end of the grader's log",
        "ask": "If this keeps happening, please tell your instructor.",
    },
}


def _explain(reason, words):
    code, _, detail = reason.partition(":")
    template = words.get(code) if code in ("mxnet_import", "time_limit", "signal", "status",
                                           "no_result") else None
    return template.format(detail) if template else words["other"].format(reason)


def _log_tail(path, limit=3000):
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - limit))
            return f.read().decode("utf-8", "replace").strip()
    except OSError:
        return ""


def build(reason, log_text, lang):
    words = _MESSAGES.get(lang, _MESSAGES["en"])
    parts = [words["intro"], _explain(reason, words), words["ask"]]
    if log_text:
        # A fence longer than any run of backticks in the log, which could otherwise close it.
        longest = max((len(run) for run in re.findall(r"`+", log_text)), default=0)
        fence = "`" * max(3, longest + 1)
        parts.append(f"**{words['log']}:**\n\n{fence}text\n{log_text}\n{fence}")
    return {"score": 0, "execution_time": 0, "output": "\n\n".join(parts),
            "output_format": "md", "visibility": "visible", "stdout_visibility": "visible",
            "tests": []}


def main(argv):
    results, reason, log, lang = argv[1:5]
    data = build(reason, _log_tail(log), lang)
    tmp = results + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.write("\n")
    os.replace(tmp, results)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
