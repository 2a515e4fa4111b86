"""The grader's pytest plugin (plain hooks): fixtures that reach the sandbox, and a recorder
that turns each check's outcome into plain data written to a pipe the grader reads."""
import json
import os
import zlib

import numpy as np
import pytest

from grader.checks import check_id
from grader.checks import verdict
from grader.checks.verdict import CheckFailed
from grader.sandbox.client import SandboxClient
from grader.sandbox.host import SandboxSpec

_outcomes = {}
_client = None  # started as soon as pytest is configured, so MXNet imports during collection


class Observer:
    """The checks' window on the sandbox: calls, the trusted facts, and seeded inputs.

    Inputs are fresh for every grading run (seed chosen by the CLI) but each probe gets its
    own stream, so the checks do not depend on which ran first. When a module fails to import,
    its later calls reuse that failure instead of waiting again (an import is deterministic).
    """

    def __init__(self, client, seed, source_facts=None):
        self.client, self.seed = client, seed
        self._source_facts = source_facts if isinstance(source_facts, dict) else {}
        self._import_failures = {}

    def rng(self, name):
        return np.random.default_rng([self.seed, zlib.crc32(name.encode())])

    def facts(self):
        hello = self.client.hello()
        return hello["facts"] if hello else None

    def source_facts(self, question):
        """What the submission's source says about ``question`` (grader.source_facts)."""
        entry = self._source_facts.get(question)
        return entry if isinstance(entry, dict) else {}

    def call(self, module, probe, args, cpu_seconds):
        if module in self._import_failures:
            return self._import_failures[module]
        result = self.client.call(module, probe, args, cpu_seconds)
        if result.get("status") != "ok" and result.get("phase") == "import":
            self._import_failures[module] = result
        return result


@pytest.fixture(scope="session")
def observe():
    yield Observer(_client, int(os.environ["GRADER_SEED"]),
                   json.loads(os.environ.get("GRADER_SOURCE_FACTS") or "{}"))


def pytest_configure(config):
    global _client
    adopt = None
    if os.environ.get("GRADER_SANDBOX_FD"):
        adopt = (int(os.environ["GRADER_SANDBOX_FD"]), os.environ.get("GRADER_SANDBOX_CGROUP"))
    _client = SandboxClient(SandboxSpec.from_json(os.environ["GRADER_SANDBOX_SPEC"]), adopt)
    try:
        _client.start()
    except Exception:  # noqa: BLE001 - the first call reports it, with the sandbox's log
        _client.close()


def pytest_unconfigure(config):
    if _client is not None:
        _client.close()


def _record(item, call):
    question = item.module.QUESTION
    marks = item.get_closest_marker("points")
    entry = {"id": check_id(question, item.originalname), "question": question,
             "points": marks.args[0] if marks else 0}
    error = call.excinfo.value if call.excinfo is not None else None
    if error is None:
        entry.update(passed=True, key="common.passed", params={})
    elif isinstance(error, CheckFailed):
        params = _plain(error.params)
        if verdict.printed and "learner_output" not in params:
            params["learner_output"] = verdict.printed[-1]
        entry.update(passed=False, key=error.key, params=params)
    else:  # a bug in a check, or pytest-timeout: never a pass
        entry.update(passed=False, key="common.grader_error",
                     params={"error": f"{type(error).__name__}: {str(error)[:300]}"})
    _outcomes[entry["id"]] = entry


def _plain(params):
    return {str(k): v if isinstance(v, (int, float, str)) else str(v) for k, v in params.items()}


def pytest_runtest_setup(item):
    verdict.printed.clear()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    yield
    if call.when == "call" or (call.when == "setup" and call.excinfo is not None):
        _record(item, call)


def _sandbox_description():
    """What held for this submission's sandbox, for the reports."""
    hello = _client.last_hello if _client is not None else None
    if not hello:
        return {}
    return {"uid": hello.get("uid"), "cgroup": hello.get("cgroup", {}),
            "sandboxes_started": _client.started}


def pytest_sessionfinish(session, exitstatus):
    fd = os.environ.get("GRADER_OUTCOMES_FD")
    if fd is None:
        return
    report = {"outcomes": list(_outcomes.values()), "sandbox": _sandbox_description()}
    data = json.dumps(report).encode()
    view = memoryview(data)
    while view:
        view = view[os.write(int(fd), view):]
    os.close(int(fd))
