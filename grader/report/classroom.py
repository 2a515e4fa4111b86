"""GitHub Classroom's points, from the grader's results.json.

``python -m grader.report.classroom RESULTS [--status N]`` prints ``result=<base64 JSON>``, the
step output that Classroom's reporting action (``classroom-resources/autograding-grading-
reporter``) reads from the environment variable ``<STEP ID>_RESULTS``: one runner holding
``version``, ``status`` (pass, fail or error), ``max_score`` and a ``tests`` list whose
``score`` values it adds up into the "Points N/M" that the Classroom dashboard shows.

``--status`` is the grader's exit status: 2 and above (the grading could not run) make the
runner an error with zero points, whatever the file holds.
"""
import argparse
import base64
import json
import sys

from grader.checks import list_checks


def max_score():
    return sum(spec.points for spec in list_checks())


def _error(message):
    return {"version": 1, "status": "error", "max_score": max_score(),
            "tests": [{"name": "grading", "status": "error", "score": 0, "message": message,
                       "line_no": 0, "execution_time": "0s"}]}


def build(results_path, status=0):
    if status >= 2:
        return _error(f"the grader could not run (exit status {status}); see the job's log")
    try:
        with open(results_path, encoding="utf-8") as f:
            data = json.load(f)
        tests = data["tests"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        return _error(f"no readable results.json ({type(error).__name__}): see the job's log")
    if not tests:
        return _error(str(data.get("output", "the grading did not finish")))
    runner_tests = [{
        "name": test["name"],
        "status": "pass" if test["status"] == "passed" else "fail",
        "score": test["score"],
        "message": test.get("output", ""),
        "line_no": 0,
        "execution_time": "0s",
    } for test in tests]
    passed = all(test["status"] == "pass" for test in runner_tests)
    return {"version": 1, "status": "pass" if passed else "fail",
            "max_score": sum(test["max_score"] for test in tests), "tests": runner_tests}


def encode(runner):
    return base64.b64encode(json.dumps(runner, ensure_ascii=False).encode("utf-8")).decode()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m grader.report.classroom",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("results", help="the grader's results.json")
    parser.add_argument("--status", type=int, default=0, help="the grader's exit status")
    args = parser.parse_args(argv)
    print(f"result={encode(build(args.results, args.status))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
