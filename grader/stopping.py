"""Stops from outside end a grading the way an error would, without cutting its cleanup short.

A grading is stopped by SIGTERM (``timeout`` in Gradescope's ``run_autograder``, a cancelled CI
job, a machine shutting down) or SIGINT (Ctrl-C). While :func:`stops_raise` is in force, either
raises :class:`Stopped` in the main thread, so every ``finally`` on the way out removes what the
grading made: its sandbox, its staged copy, its check folders.

A stop often comes twice: GNU ``timeout`` signals the grader and then its whole process group,
and a cancelled GitHub Actions job sends SIGINT and then SIGTERM. A second stop landing inside
that cleanup would cut it short and leave folders in /tmp. So inside :func:`uninterrupted`, a
stop is only noted, and raised once the outermost such block is done.

A class batch grades in worker threads, where no signal handler runs: once the main thread has
raised a stop, each of their gradings raises it too when it next waits (:func:`wait_for`) or
checks (:func:`raise_if_stopped`), and removes what it made on its way out.

Only the grader takes stops. Ctrl-C and ``timeout`` signal a whole process group, and a checks'
process that took a stop of its own would end at once with half its outcomes, which a batch's
worker could report before the main thread has raised the stop: the checks' process runs in a
process group of its own (:func:`apart_from_stops`) and is ended by the grader.
"""
import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time

from grader.sandbox_runtime import prctl

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)

_depth = 0                  # uninterrupted() blocks being run (main thread only)
_pending = None             # the signal of a stop that arrived inside one
_raised = threading.Event()  # a stop has been raised: later ones have nothing left to do
_raised_by = None           # and its signal, for the gradings of other threads


class Stopped(SystemExit):
    """The grading was stopped from outside; exits with 128 + the signal's number, like a
    process killed by that signal."""

    def __init__(self, signum):
        super().__init__(128 + signum)
        self.signum = signum
        self.signal_name = signal.Signals(signum).name


def _raise(signum):
    global _raised_by
    _raised_by = signum
    _raised.set()
    raise Stopped(signum)


def _on_stop(signum, frame):
    global _pending
    if _raised.is_set():
        return
    if _depth:
        _pending = _pending or signum
        return
    _raise(signum)


def stopped():
    """Whether a stop has been raised: the grading is on its way out, and waits can be cut short."""
    return _raised.is_set()


def raise_if_stopped():
    """Raise :class:`Stopped` if a stop has been raised (in a batch's worker: by the main thread)."""
    if _raised.is_set():
        raise Stopped(_raised_by)


def wait_for(process, timeout):
    """Wait until ``process`` (a Popen) ends: True, or False once ``timeout`` seconds have passed.
    Once a stop has been raised, in whatever thread, raise it here too."""
    deadline = time.monotonic() + timeout
    while True:
        raise_if_stopped()
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        try:
            process.wait(timeout=min(left, 0.1))  # how soon a batch's gradings see a stop
            return True
        except subprocess.TimeoutExpired:
            pass


@contextlib.contextmanager
def stops_raise():
    """Within this block (entered in the main thread), SIGTERM and SIGINT raise Stopped."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set, and only run, in the main thread
        return
    global _pending, _raised_by
    _pending, _raised_by = None, None
    _raised.clear()
    previous = {signum: signal.signal(signum, _on_stop) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            # Once stopped, later stops are ignored until the process has exited (Python resets
            # its own handlers while it shuts down, but leaves an ignored signal ignored).
            signal.signal(signum, signal.SIG_IGN if _raised.is_set() else handler)


class uninterrupted:
    """A block a stop does not interrupt (making or removing a grading's folders): a stop that
    arrives meanwhile is raised when the outermost such block ends, unless the grading is
    already stopping."""

    def __enter__(self):
        global _depth
        # Stops are only raised in the main thread; other threads (a batch's) count for nothing.
        self.counted = threading.current_thread() is threading.main_thread()
        _depth += self.counted
        return self

    def __exit__(self, kind, error, traceback):
        global _depth, _pending
        if not self.counted:
            return False
        _depth -= 1
        if _depth or _pending is None:
            return False
        signum, _pending = _pending, None
        if _raised.is_set():
            return False
        _raise(signum)


def apart_from_stops():
    """In a child of the grader, between fork and exec: a process group of its own, so that the
    stops sent to the grader's group reach the grader alone, and SIGKILL when the grader's thread
    that started it is gone (out of the grader's group, it would no longer go with it)."""
    os.setpgid(0, 0)
    prctl.set_option(prctl.PDEATHSIG, signal.SIGKILL)


@contextlib.contextmanager
def temporary_folder(prefix):
    """A new temporary folder (named ``prefix...``) for the block, removed afterwards however the
    block ends: made and removed uninterrupted, so a stop cannot leave it behind."""
    folder = None
    try:
        with uninterrupted():  # a stop that arrives meanwhile is raised once `folder` is set
            folder = tempfile.mkdtemp(prefix=prefix)
        yield folder
    finally:
        if folder is not None:
            with uninterrupted():
                shutil.rmtree(folder, ignore_errors=True)
