"""grader.stopping in a process of its own (signal handlers belong to a main thread): a stop
raises at once outside a cleanup, waits for the end of one inside it, and is raised once; the
gradings of other threads (a batch's) see it, and the processes they started never take it."""
import subprocess
import sys

from grader_testlib import REPO, sigint_as_default

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


THREADS_SCRIPT = r"""
import os, signal, subprocess, sys, threading, time
from grader import stopping

sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]
seen = []

def grading():  # as a batch's worker runs one: no signal handler runs in this thread
    child = subprocess.Popen(sleeper, preexec_fn=stopping.apart_from_stops)
    seen.append("own group" if os.getpgid(child.pid) == child.pid else "grader's group")
    try:
        stopping.wait_for(child, 60)
        seen.append("not reached")
    except stopping.Stopped as error:
        seen.append(f"the worker's wait raised {error.signal_name}")
    finally:
        child.kill()
        child.wait()

with stopping.stops_raise():
    worker = threading.Thread(target=grading)
    worker.start()
    time.sleep(0.5)
    try:
        os.killpg(0, signal.SIGINT)  # Ctrl-C: the whole group, the sleeper is not in it
        time.sleep(5)
    except stopping.Stopped as error:
        worker.join()
        seen.append(f"then the main thread's: {error.signal_name}")

# A child whose starting thread ends is killed with it, although in a group of its own.
orphans = []
def start_and_leave():
    orphans.append(subprocess.Popen(sleeper, preexec_fn=stopping.apart_from_stops))
starter = threading.Thread(target=start_and_leave)
starter.start()
starter.join()
orphans[0].wait(timeout=10)
seen.append(f"left behind: {-orphans[0].returncode == signal.SIGKILL and 'killed'}")
print(" | ".join(seen))
"""


def test_a_stop_reaches_the_gradings_of_other_threads_and_only_the_grader():
    process = subprocess.run([sys.executable, "-c", THREADS_SCRIPT], cwd=REPO, capture_output=True,
                             text=True, timeout=60, start_new_session=True,
                             preexec_fn=sigint_as_default)
    assert process.returncode == 0, process.stderr
    assert process.stdout.strip().split(" | ") == [
        "own group", "the worker's wait raised SIGINT", "then the main thread's: SIGINT",
        "left behind: killed"]
