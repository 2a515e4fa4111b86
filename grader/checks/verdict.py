"""How a check says what went wrong: a message key from the catalogue and its parameters."""
import pytest


def points(value):
    """Mark a check function with the points it is worth."""
    return pytest.mark.points(value)


class CheckFailed(AssertionError):
    """A failed check with the catalogue key of its message (the plugin records both)."""

    def __init__(self, key, **params):
        super().__init__(key)
        self.key, self.params = key, params


# How the sandbox's status of a call maps to the messages shared by every check.
_STATUS_KEYS = {
    "not_attempted": "common.not_attempted",
    "missing_module": "common.missing_module",
    "missing_function": "common.missing_function",
    "import_error": "common.import_error",
    "exited": "common.exited",
    "crashed": "common.crashed",
    "killed": "common.killed",
    "timeout": "common.timeout",
    "memory": "common.memory",
    "bad_return": "common.bad_return",
    "bad_result": "common.bad_result",
    "lost": "common.lost",
}
_DETAIL_FIELDS = ("error", "where", "trace", "code", "signal", "seconds", "module",
                  "function", "idle_seconds", "cpu_used")
_TIMEOUT_KEYS = {"cpu": "common.timeout", "idle": "common.timeout_idle",
                 "wall": "common.timeout_wall"}


def located(where):
    """A place in the learner's files, ready to append to a sentence: " (q2_huber.py:12)"."""
    return f" ({where})" if where else ""


# What the learner's code printed in the calls the running check looked at (the plugin resets
# it before each check and adds it to a failure's message: a wrong answer's prints help too).
printed = []


def require_ok(result):
    """The value of a successful call, or the failure of the call as a :class:`CheckFailed`."""
    if result.get("output"):
        printed.append(str(result["output"]))
    if result.get("status") == "ok":
        return result["value"]
    detail = result.get("detail") if isinstance(result.get("detail"), dict) else {}
    params = {field: str(detail[field])[:400] for field in _DETAIL_FIELDS if field in detail}
    params["at"] = located(params.get("where"))
    params["phase"] = result.get("phase", "call")
    params["trace"] = f"\n{params['trace']}" if params.get("trace") else params["at"]
    key = _STATUS_KEYS.get(result.get("status"), "common.grader_error")
    if key == "common.timeout":
        key = _TIMEOUT_KEYS.get(detail.get("kind"), key)
    if key == "common.crashed" and "autograd.record()" in params.get("error", ""):
        key = "common.crashed_not_recording"  # the most common mistake, named
    raise CheckFailed(key, **params)


def require_facts(observe, name):
    facts = observe.facts()
    if not facts or name not in facts:
        raise CheckFailed("common.grader_error", error="the sandbox did not report its facts")
    return facts[name]
