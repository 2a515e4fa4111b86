"""Shared fixture of the grader's tests: one batch over every fixture submission (solution,
stub, wrong answers, hostile code), reused by many tests."""
import shutil

import pytest

from grader_testlib import (FIXTURES, HOSTILE_CASES, REPO, WRONG_CASES, BatchRun, run_grader,
                            shared_tmpdir, world_writable_dir, write_hostile_paths)


# The fixture submissions are data, and one holds a hostile conftest.py that would otherwise
# sabotage this very test run: never collect them.
collect_ignore = ["submissions"]


def pytest_configure(config):
    # The check modules (imported here to list the checks) mark their points.
    config.addinivalue_line("markers", "points(n): points of a grading check")


@pytest.fixture(scope="session")
def batch_run():
    """``python -m grader batch`` over a folder mixing every kind of submission."""
    # The sandbox's uid must reach the world-writable folders below.
    with shared_tmpdir("grader-tests-") as base:
        submissions, out = base / "submissions", world_writable_dir(base, "out")
        heartbeat = world_writable_dir(base, "shared") / "heartbeat"
        shutil.copytree(REPO / "solutions", submissions / "solution",
                        ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(REPO / "exercises", submissions / "stub",
                        ignore=shutil.ignore_patterns("__pycache__"))
        for kind, cases in (("wrong", WRONG_CASES), ("hostile", HOSTILE_CASES)):
            for case in cases:
                target = submissions / f"{kind}-{case}"
                shutil.copytree(FIXTURES / kind / case, target)
                if kind == "hostile":
                    write_hostile_paths(target, out, heartbeat)
                    # The worst case for a leftover process: it could replace files in this folder.
                    world_writable_dir(out, target.name)
        process = run_grader("batch", submissions, "--out", out, "--lang", "en", timeout=1200)
        yield BatchRun(base, out, process, heartbeat)
