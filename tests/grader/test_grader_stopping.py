"""grader.stopping in a process of its own (signal handlers belong to a main thread): a stop
raises at once outside a cleanup, waits for the end of one inside it, and is raised once."""
import subprocess
import sys

from grader_testlib import REPO

SCRIPT = r"""
import os, signal, sys
from grader import stopping

def stop(signum=signal.SIGTERM):
    os.kill(os.getpid(), signum)

seen = []
with stopping.stops_raise():
    try:
        with stopping.uninterrupted():
            with stopping.uninterrupted():
                stop()
                seen.append("inner cleanup went on")
            seen.append("outer cleanup went on")
            stop(signal.SIGINT)  # a second stop, still inside: the first one wins
        seen.append("not reached")
    except stopping.Stopped as error:
        seen.append(f"raised after the cleanup: {error.signal_name} {error.code}")
with stopping.stops_raise():
    try:
        try:
            stop(signal.SIGINT)
            seen.append("not reached")
        finally:
            with stopping.uninterrupted():
                stop()  # while the first stop is on its way out
                seen.append("cleanup of a stop went on")
    except stopping.Stopped as error:
        seen.append(f"raised once: {error.signal_name}")
    stop()
    seen.append("a stop after the first is ignored")
print(" | ".join(seen))
"""


def test_a_stop_waits_for_the_cleanup_and_is_raised_once():
    process = subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO, capture_output=True,
                             text=True, timeout=60)
    assert process.returncode == 0, process.stderr
    assert process.stdout.strip().split(" | ") == [
        "inner cleanup went on", "outer cleanup went on", "raised after the cleanup: SIGTERM 143",
        "cleanup of a stop went on", "raised once: SIGINT", "a stop after the first is ignored"]
