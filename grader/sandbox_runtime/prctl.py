"""Linux's prctl(2), for the settings the grader and its sandbox's processes make on themselves.

Here, in the part of the grader the sandbox can see, so that both sides use one definition.
"""
import ctypes

PDEATHSIG = 1        # PR_SET_PDEATHSIG: this signal when the thread that started us ends
DUMPABLE = 4         # PR_SET_DUMPABLE: 0 keeps same-uid processes out (no ptrace, /proc/<pid>/mem)
CHILD_SUBREAPER = 36  # PR_SET_CHILD_SUBREAPER: orphaned descendants come back to us

_libc = ctypes.CDLL(None, use_errno=True)


def set_option(option, value):
    _libc.prctl(option, ctypes.c_ulong(value), 0, 0, 0)
