"""Grading one submission: stage it, start its sandbox, run the checks in their own pytest
process (which takes the sandbox over, and starts a new one if the learner's code ends it),
and merge the outcomes with the list of checks (a check with no outcome has failed).
Afterwards nothing the submission started is left: see :func:`grader.sandbox.host.end_leftovers`."""
import dataclasses
import itertools
import json
import os
import secrets
import subprocess
import sys
import threading
import time

from grader import QUESTIONS, source_facts, staging, stopping
from grader.checks import list_checks
from grader.launch import python_module_command
from grader.sandbox import cgroup, kind as sandbox_kind
from grader.sandbox.host import Sandbox, SandboxSpec, end_leftovers
from grader.sandbox.limits import from_environment as limits_from_environment

# Backstops behind the sandbox's own limits (CPU time, idle time, and a wall-clock cap of ten
# times the CPU limit plus a minute), so that only a machine stalled for far longer decides.
CHECK_TIMEOUT = 1500     # pytest-timeout per check (the longest call's cap is 1260 s)
SESSION_TIMEOUT = 3600   # the whole pytest process
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
    sandbox: dict = dataclasses.field(default_factory=dict)  # kind, uid, cgroup limits...
    identity: dict = dataclasses.field(default_factory=dict)  # name, student_id, email
    notes: list = dataclasses.field(default_factory=list)     # how the files were found

    @property
    def score(self):
        return sum(check.score for check in self.checks)

    @property
    def max_score(self):
        return sum(check.points for check in self.checks)

    @property
    def all_passed(self):
        return all(check.passed for check in self.checks)

    @property
    def status(self):
        """For a class's table: graded, missing files, timed out, or error (the grader's)."""
        keys = {check.key for check in self.checks}
        if keys & {"common.grader_error", "common.lost"}:
            return "error"
        if "common.missing_module" in keys:
            return "missing files"
        if keys & {"common.timeout", "common.timeout_idle", "common.timeout_wall"}:
            return "timed out"
        return "graded"

    def by_question(self):
        """{question: (score, max score)} in the order of the questions graded."""
        totals = {question: [0, 0] for question in QUESTIONS
                  if any(check.question == question for check in self.checks)}
        for check in self.checks:
            totals[check.question][0] += check.score
            totals[check.question][1] += check.points
        return {question: tuple(pair) for question, pair in totals.items()}

    def to_json(self):
        return {"submission": self.submission, "seed": self.seed, "seconds": self.seconds,
                "sandbox": self.sandbox, "identity": self.identity, "notes": self.notes,
                "status": self.status, "score": self.score, "max_score": self.max_score,
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


def run_check_session(spec, seed, facts=None, question=None, sandbox=None):
    """Run the pytest process; returns ({check id: outcome}, sandbox description, log text).
    ``facts`` are the submission's source facts (:mod:`grader.source_facts`), as JSON;
    ``sandbox`` a started :class:`Sandbox` the checks adopt (else they start their own)."""
    with stopping.temporary_folder("grader-checks-") as workdir:
        read_fd, write_fd = os.pipe()
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "HOME": workdir,
               "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "GRADER_SANDBOX_SPEC": spec.to_json(),
               "GRADER_SEED": str(seed), "GRADER_OUTCOMES_FD": str(write_fd),
               "GRADER_SOURCE_FACTS": json.dumps(facts or {})}
        passed = [write_fd]
        if sandbox is not None:
            sandbox_fd, env["GRADER_SANDBOX_CGROUP"] = sandbox.handoff()
            env["GRADER_SANDBOX_FD"] = str(sandbox_fd)
            passed.append(sandbox_fd)
        log_path = os.path.join(workdir, "pytest.log")
        received = []
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                python_module_command("grader.check_session", CHECK_TIMEOUT, question or "all",
                                      python=spec.python),
                pass_fds=passed, cwd=workdir, env=env, stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT, preexec_fn=stopping.apart_from_stops)
        try:
            os.close(write_fd)
            if sandbox is not None:
                sandbox.let_go()  # the server now ends when the checks' end closes
            reader = threading.Thread(target=_read_all, args=(read_fd, received), daemon=True)
            reader.start()
            stopping.wait_for(process, SESSION_TIMEOUT)
        finally:
            with stopping.uninterrupted():  # timed out or stopped: the checks end with the grading
                if process.poll() is None:
                    process.kill()
                    process.wait()
        reader.join(timeout=10)
        with open(log_path, "rb") as f:
            log_text = f.read()[-8000:].decode("utf-8", "replace")
    outcomes, described = _parse_outcomes(received[0] if received else b"")
    return outcomes, described, log_text


def _parse_outcomes(data):
    try:
        report = json.loads(data) if data else {}
    except ValueError:
        return {}, {}
    report = report if isinstance(report, dict) else {}
    entries = report.get("outcomes") if isinstance(report.get("outcomes"), list) else []
    outcomes = {}
    for entry in entries:
        if (isinstance(entry, dict) and isinstance(entry.get("id"), str)
                and isinstance(entry.get("passed"), bool) and isinstance(entry.get("key"), str)
                and isinstance(entry.get("params"), dict)):
            outcomes[entry["id"]] = entry
    sandbox = report.get("sandbox") if isinstance(report.get("sandbox"), dict) else {}
    return outcomes, sandbox


def merge(outcomes, grader_note="", question=None):
    """One result per known check (of ``question``, if given); a missing outcome is a failure,
    never a pass."""
    results = []
    for spec in list_checks():
        if question and spec.question != question:
            continue
        outcome = outcomes.get(spec.id)
        if outcome is None:
            outcome = {"passed": False, "key": "common.grader_error",
                       "params": {"error": grader_note or "the check did not report"}}
        results.append(CheckResult(spec.id, spec.question, spec.name, spec.points,
                                   outcome["passed"], outcome["key"], outcome["params"]))
    return results


_UID_SPAN = 1_000_000
_uid_counter = itertools.count()
_uid_lock = threading.Lock()


def sandbox_uid():
    """A uid no one else uses, for one sandbox (root only): unique among this process's
    gradings and, through the pid, among graders running at once."""
    if os.geteuid() != 0:
        return None
    base = int(os.environ.get("GRADER_SANDBOX_UID_BASE", "2000000"))
    with _uid_lock:
        number = next(_uid_counter) % 1000
    return base + (os.getpid() % 1000) * 1000 + number


def grade(submission, seed=None, kind=None, question=None):
    """Grade ``submission`` (a :class:`grader.submissions.Submission`) in a sandbox of ``kind``
    (default: the best available), every question or only ``question``."""
    kind = kind or sandbox_kind.choose()
    seed = new_seed() if seed is None else seed
    started = time.monotonic()
    staged = spec = first = None
    try:
        # Made in one piece: a stop that arrives meanwhile is raised once `staged` is set.
        with stopping.uninterrupted():
            staged = staging.stage(submission.files, for_other_uid=kind.name == "uid")
        stopping.raise_if_stopped()  # a batch's grading begun as the batch was stopped
        uid = sandbox_uid() if kind.name != "none" else None
        spec = SandboxSpec(kind.name, staged.path, uid, tag=cgroup.new_tag(),
                           python=sys.executable, limits=limits_from_environment())
        if kind.name == "uid":
            staged.give_to(uid)
        facts = source_facts.collect(staged.path)  # before any learner code runs
        # Started here, MXNet imports while the checks' process starts up.
        first = Sandbox(spec)
        first.start()
        outcomes, sandbox, log_text = run_check_session(spec, seed, facts, question, first)
        if not outcomes:
            log_text += "\n--- sandbox log ---\n" + first.log_tail()
    finally:
        with stopping.uninterrupted():
            if first is not None:
                first.close()
            if spec is not None:
                end_leftovers(spec)
                cgroup.remove_stale(spec.tag)
            if staged is not None:
                staged.remove()
    note = "" if outcomes else "the grading process ended without results"
    sandbox = dict(sandbox, kind=kind.name, reason=kind.reason, uid=uid)
    return GradeResult(submission.name, merge(outcomes, note, question), seed,
                       round(time.monotonic() - started, 3), log_text, sandbox,
                       dict(submission.identity), list(submission.notes))
