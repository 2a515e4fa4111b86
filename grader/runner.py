"""Grading one submission: stage it, run the checks in their own pytest process against a fork
server, and merge the outcomes with the list of checks (a check with no outcome has failed)."""
import dataclasses
import json
import os
import secrets
import shutil
import subprocess
import tempfile
import threading
import time

from grader import QUESTIONS, source_facts, staging
from grader.checks import list_checks
from grader.launch import python_module_command
from grader.sandbox.spawn import ForkServer

CHECK_TIMEOUT = 300      # pytest-timeout per check: a backstop behind the sandbox's own limits
SESSION_TIMEOUT = 1500   # the whole pytest process
_MAX_OUTCOME_BYTES = 16 << 20


@dataclasses.dataclass
class CheckResult:
    id: str
    question: str
    name: str
    points: int
    passed: bool
    key: str
    params: dict

    @property
    def score(self):
        return self.points if self.passed else 0


@dataclasses.dataclass
class GradeResult:
    submission: str
    checks: list
    seed: int
    seconds: float
    log: str = ""

    @property
    def score(self):
        return sum(check.score for check in self.checks)

    @property
    def max_score(self):
        return sum(check.points for check in self.checks)

    @property
    def all_passed(self):
        return all(check.passed for check in self.checks)

    def by_question(self):
        """{question: (score, max score)} in the order of the questions."""
        totals = {question: [0, 0] for question in QUESTIONS}
        for check in self.checks:
            totals[check.question][0] += check.score
            totals[check.question][1] += check.points
        return {question: tuple(pair) for question, pair in totals.items()}

    def to_json(self):
        return {"submission": self.submission, "seed": self.seed, "seconds": self.seconds,
                "score": self.score, "max_score": self.max_score,
                "checks": [dataclasses.asdict(check) | {"score": check.score}
                           for check in self.checks]}


def new_seed():
    return secrets.randbits(31)


def _read_all(fd, sink):
    chunks, size = [], 0
    with os.fdopen(fd, "rb") as stream:
        while True:
            chunk = stream.read(65536)
            if not chunk:
                break
            size += len(chunk)
            if size <= _MAX_OUTCOME_BYTES:
                chunks.append(chunk)
    sink.append(b"".join(chunks))


def run_check_session(server_address, staged, seed, facts=None):
    """Run the pytest process; returns ({check id: outcome}, log text). ``facts`` are the
    submission's source facts (:mod:`grader.source_facts`), passed on as JSON."""
    workdir = tempfile.mkdtemp(prefix="grader-checks-")
    read_fd, write_fd = os.pipe()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "HOME": workdir,
           "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "GRADER_SOCKET": server_address,
           "GRADER_SUBMISSION": staged, "GRADER_SEED": str(seed),
           "GRADER_OUTCOMES_FD": str(write_fd), "GRADER_SOURCE_FACTS": json.dumps(facts or {})}
    log_path = os.path.join(workdir, "pytest.log")
    received = []
    try:
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                python_module_command("grader.check_session", CHECK_TIMEOUT),
                pass_fds=[write_fd], cwd=workdir, env=env, stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT)
        os.close(write_fd)
        reader = threading.Thread(target=_read_all, args=(read_fd, received), daemon=True)
        reader.start()
        try:
            process.wait(timeout=SESSION_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=10)
        with open(log_path, "rb") as f:
            log_text = f.read()[-8000:].decode("utf-8", "replace")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return _parse_outcomes(received[0] if received else b""), log_text


def _parse_outcomes(data):
    try:
        entries = json.loads(data) if data else []
    except ValueError:
        return {}
    outcomes = {}
    for entry in entries if isinstance(entries, list) else []:
        if (isinstance(entry, dict) and isinstance(entry.get("id"), str)
                and isinstance(entry.get("passed"), bool) and isinstance(entry.get("key"), str)
                and isinstance(entry.get("params"), dict)):
            outcomes[entry["id"]] = entry
    return outcomes


def merge(outcomes, grader_note=""):
    """One result per known check; a missing outcome is a failure, never a pass."""
    results = []
    for spec in list_checks():
        outcome = outcomes.get(spec.id)
        if outcome is None:
            outcome = {"passed": False, "key": "common.grader_error",
                       "params": {"error": grader_note or "the check did not report"}}
        results.append(CheckResult(spec.id, spec.question, spec.name, spec.points,
                                   outcome["passed"], outcome["key"], outcome["params"]))
    return results


def grade_with_server(submission, server_address, seed=None):
    """Grade ``submission`` (a folder) using an already running fork server."""
    seed = new_seed() if seed is None else seed
    started = time.monotonic()
    folder = staging.resolve(submission)
    staged = staging.stage(folder)
    try:
        facts = source_facts.collect(staged)  # before any learner code runs
        outcomes, log_text = run_check_session(server_address, staged, seed, facts)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    note = "" if outcomes else "the grading process ended without results"
    return GradeResult(str(submission), merge(outcomes, note), seed,
                       round(time.monotonic() - started, 3), log_text)


def grade(submission, seed=None):
    """Grade one submission with a fork server of its own."""
    with ForkServer() as server:
        result = grade_with_server(submission, server.address, seed)
        if not result.all_passed and any(c.key == "common.grader_error" for c in result.checks):
            result.log += "\n--- fork server log ---\n" + server.log_tail()
        return result
