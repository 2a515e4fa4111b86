"""Stops from outside end a grading the way an error would, without cutting its cleanup short.

A grading is stopped by SIGTERM (``timeout`` in Gradescope's ``run_autograder``, a cancelled CI
job, a machine shutting down) or SIGINT (Ctrl-C). While :func:`stops_raise` is in force, either
raises :class:`Stopped` in the main thread, so every ``finally`` on the way out removes what the
grading made: its sandbox, its staged copy, its check folders.

A stop often comes twice: GNU ``timeout`` signals the grader and then its whole process group,
and a cancelled GitHub Actions job sends SIGINT and then SIGTERM. A second stop landing inside
that cleanup would cut it short and leave folders in /tmp. So inside :func:`uninterrupted`, a
stop is only noted, and raised once the outermost such block is done.
"""
import contextlib
import shutil
import signal
import tempfile
import threading

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)

_depth = 0         # uninterrupted() blocks being run (main thread only)
_pending = None    # the signal of a stop that arrived inside one
_stopping = False  # a stop has been raised: later ones have nothing left to do


class Stopped(SystemExit):
    """The grading was stopped from outside; exits with 128 + the signal's number, like a
    process killed by that signal."""

    def __init__(self, signum):
        super().__init__(128 + signum)
        self.signal_name = signal.Signals(signum).name


def _on_stop(signum, frame):
    global _pending, _stopping
    if _stopping:
        return
    if _depth:
        _pending = _pending or signum
        return
    _stopping = True
    raise Stopped(signum)


def stopped():
    """Whether a stop has been raised: the grading is on its way out, and waits can be cut short."""
    return _stopping


@contextlib.contextmanager
def stops_raise():
    """Within this block (entered in the main thread), SIGTERM and SIGINT raise Stopped."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set, and only run, in the main thread
        return
    global _pending, _stopping
    _pending, _stopping = None, False
    previous = {signum: signal.signal(signum, _on_stop) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            # Once stopped, later stops are ignored until the process has exited (Python resets
            # its own handlers while it shuts down, but leaves an ignored signal ignored).
            signal.signal(signum, signal.SIG_IGN if _stopping else handler)


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
        global _depth, _pending, _stopping
        if not self.counted:
            return False
        _depth -= 1
        if _depth or _pending is None:
            return False
        signum, _pending = _pending, None
        if _stopping:
            return False
        _stopping = True
        raise Stopped(signum)


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
