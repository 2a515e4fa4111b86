"""Hostile submissions: none may pass, hang or crash the grader, or change a written result;
a broken module must not cost the other modules their points."""
import os
import time

import pytest

from grader_testlib import HOSTILE_CASES, HOSTILE_MARK, file_digest, tasks_named
from grader.catalogue import Catalogue

pytestmark = pytest.mark.timeout(1500)
BROKEN_Q1_ONLY = {"syntax_error", "import_error"}


def _checks(batch_run, case):
    return batch_run.outcomes(f"hostile-{case}")["checks"]


def _keys(checks, question):
    return {c["key"] for c in checks if c["question"] == question}


@pytest.mark.parametrize("case", sorted(set(HOSTILE_CASES) - BROKEN_Q1_ONLY))
def test_hostile_submission_never_passes(batch_run, case):
    checks = _checks(batch_run, case)
    assert [c["id"] for c in checks if c["passed"]] == []
    results = batch_run.results(f"hostile-{case}")
    assert results["score"] == 0 and all(t["status"] == "failed" for t in results["tests"])


@pytest.mark.parametrize("case", sorted(BROKEN_Q1_ONLY))
def test_one_broken_module_keeps_the_others_points(batch_run, case):
    outcomes = batch_run.outcomes(f"hostile-{case}")
    by_question = {}
    for check in outcomes["checks"]:
        by_question.setdefault(check["question"], []).append(check)
    assert all(not c["passed"] for c in by_question["q1_mean_loss"])
    assert _keys(outcomes["checks"], "q1_mean_loss") == {"common.import_error"}
    assert all(c["passed"] for c in by_question["q2_huber"] + by_question["q3_weight_grad"])
    assert outcomes["score"] == 14


def test_syntax_error_names_the_line(batch_run):
    check = _checks(batch_run, "syntax_error")[0]
    assert check["params"]["where"] == "q1_mean_loss.py:4"
    assert "SyntaxError" in check["params"]["error"]


def test_conftest_and_pytest_configs_of_the_submission_are_ignored(batch_run):
    checks = _checks(batch_run, "conftest_pass")
    assert len(checks) == 12  # not deselected, not collect-only: every check ran
    assert {c["key"] for c in checks} == {"common.not_attempted"}


def test_exit_at_import_and_in_call_is_exited(batch_run):
    checks = _checks(batch_run, "exit_calls")
    assert {c["key"] for c in checks} == {"common.exited"}
    phases = {c["question"]: c["params"]["phase"] for c in checks}
    assert phases == {"q1_mean_loss": "import", "q2_huber": "import", "q3_weight_grad": "call"}


def test_endless_loops_time_out(batch_run):
    """A busy loop runs out of CPU time; a sleeping one runs out of idle time."""
    checks = _checks(batch_run, "infinite_loop")
    assert _keys(checks, "q1_mean_loss") == {"common.timeout"}
    assert _keys(checks, "q3_weight_grad") == {"common.timeout_idle"}
    assert _keys(checks, "q2_huber") == {"common.not_attempted"}


def test_segfaults_are_reported_as_signals(batch_run):
    checks = _checks(batch_run, "segfault")
    for question in ("q1_mean_loss", "q2_huber"):
        hits = [c for c in checks if c["question"] == question]
        assert {c["key"] for c in hits} == {"common.killed"}
        assert {c["params"]["signal"] for c in hits} == {"SIGSEGV"}


def test_memory_hogs_hit_the_limit(batch_run):
    checks = _checks(batch_run, "memory_hog")
    assert _keys(checks, "q1_mean_loss") == {"common.memory"}
    assert _keys(checks, "q2_huber") == {"common.memory"}


def test_huge_output_is_capped(batch_run):
    """100 MB written straight to descriptors 1 and 2: read through a pipe, kept to an excerpt."""
    checks = _checks(batch_run, "huge_output")
    assert (batch_run.out / "hostile-huge_output" / "results.json").stat().st_size < 100_000
    q2 = [c for c in checks if c["question"] == "q2_huber"]
    assert all(0 < len(c["params"].get("learner_output", "")) <= 2000 for c in q2)
    assert all(len(c["params"].get("learner_output", "")) <= 2000 for c in checks)


def test_monkeypatching_only_spoils_its_own_answers(batch_run):
    checks = _checks(batch_run, "monkeypatch")
    assert not any(c["passed"] for c in checks)
    assert "common.grader_error" not in {c["key"] for c in checks}


def test_reference_answers_are_out_of_reach(batch_run):
    """Neither importable (not on the path) nor readable (not in the sandbox) by the code."""
    checks = _checks(batch_run, "import_solutions")
    for question in ("q1_mean_loss", "q2_huber", "q3_weight_grad"):
        assert _keys(checks, question) == {"common.import_error"}, question
    errors = {c["question"]: c["params"]["error"] for c in checks}
    assert "No module named 'solutions'" in errors["q1_mean_loss"]
    assert "No such file or directory" in errors["q3_weight_grad"]


def test_learner_code_runs_unprivileged_when_grader_is_root(batch_run):
    if os.geteuid() != 0:
        pytest.skip("the uid switch only happens when the grader runs as root")
    check = [c for c in _checks(batch_run, "kill_grader") if c["question"] == "q3_weight_grad"][0]
    error = check["params"]["error"]
    assert "uid=0 " not in error and "euid=0 " not in error
    assert "uid=" in error


def test_leftover_processes_are_killed_and_results_stay(batch_run):
    """The leftover daemon (named HOSTILE_MARK) tries to write a heartbeat and to replace
    results.json and grades.csv in world-writable folders; after the batch it no longer runs
    anywhere on the host, and nothing it could write changed."""
    assert tasks_named(HOSTILE_MARK) == []
    watched = [batch_run.out / "hostile-leftover_process" / "results.json",
               batch_run.out / "hostile-kill_grader" / "results.json",
               batch_run.out / "grades.csv"]
    before = [file_digest(path) for path in watched]
    time.sleep(1.0)  # the daemon beats every 0.2 s and would rewrite within that time
    assert [file_digest(path) for path in watched] == before
    assert not batch_run.heartbeat.exists()  # out of its sight, under bubblewrap
    assert b"forged" not in watched[0].read_bytes()
    assert batch_run.results("hostile-leftover_process")["score"] == 0


def test_killing_attempts_leave_the_grader_standing(batch_run):
    assert batch_run.process.returncode == 0
    results = batch_run.results("hostile-kill_grader")
    assert results["score"] == 0 and len(results["tests"]) == 12
    assert "forged" not in results["output"]


def test_hostile_messages_come_from_the_catalogue(batch_run):
    catalogue = Catalogue()
    for case in HOSTILE_CASES:
        for check in _checks(batch_run, case):
            assert check["key"] in catalogue.messages
