"""The bubblewrap command line of one submission's sandbox.

Visible inside, all read-only: the system's ``/usr`` (and the ``/bin``, ``/lib``... links or
folders), a few files of ``/etc`` the dynamic loader needs, the interpreter and its
site-packages at their own paths, the sandbox's runtime package, and the staged submission at
``/submission``. Fresh and private: ``/proc`` (the sandbox's PID namespace only), a minimal
``/dev``, and size-capped ``/tmp``, ``/var/tmp`` and ``/dev/shm`` that vanish with the sandbox.
Nothing else of the host: not the grader's repository (``.git``, ``solutions/``, ``tests/``,
``grader/``), not other submissions, not the report paths.
"""
import functools
import json
import os
import subprocess
import sys

from grader.paths import GRADER_DIR, GRADER_PARENT
from grader.sandbox import kind

SUBMISSION = "/submission"
RUNTIME_PARENT = "/opt/grader-sandbox"
_SYSTEM_TOP = ("bin", "sbin", "lib", "lib32", "lib64", "libx32")
# What the dynamic loader (MXNet's libraries) and the interpreter read from /etc.
_ETC_FILES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "alternatives")


@functools.lru_cache(maxsize=None)
def interpreter_paths(python=None):
    """Folders a clean start of ``python`` (``-I``) reads: its prefixes and sys.path."""
    python = python or sys.executable
    code = ("import json, os, sys; paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, "
            "sys.base_exec_prefix, os.path.dirname(os.path.realpath(sys.executable))}; "
            "paths.update(p for p in sys.path if p); print(json.dumps(sorted(paths)))")
    output = subprocess.run([python, "-I", "-c", code], capture_output=True, text=True,
                            check=True, stdin=subprocess.DEVNULL).stdout
    # Both as the interpreter names them (a venv reached through a linked folder must appear at
    # that path, next to its pyvenv.cfg) and resolved (where the links lead).
    named = [os.path.abspath(p) for p in json.loads(output) if os.path.isabs(p)]
    paths = set(named) | {os.path.realpath(p) for p in named}
    return sorted(p for p in paths if os.path.exists(p))


def _outermost(paths):
    """The paths that are not inside another of them."""
    kept = []
    for path in sorted(paths, key=lambda p: (p.count(os.sep), p)):
        if not any(_inside(path, k) for k in kept):
            kept.append(path)
    return kept


def _inside(path, folder):
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _parents(paths):
    """Every proper ancestor of ``paths`` below /, outermost first, once."""
    found = []
    for path in paths:
        parts = path.strip(os.sep).split(os.sep)[:-1]
        for depth in range(1, len(parts) + 1):
            folder = os.sep + os.sep.join(parts[:depth])
            if folder not in found:
                found.append(folder)
    return sorted(found, key=lambda p: p.count(os.sep))


def _python_binds(python):
    """(path, is_dir) to bind for the interpreter, never a folder holding the grader's tree."""
    binds = []
    for path in _outermost(p for p in interpreter_paths(python) if not _inside(p, "/usr")):
        if _inside(str(GRADER_PARENT), path):
            raise kind.SandboxUnavailable(
                f"the interpreter's folder {path} holds the grader itself ({GRADER_PARENT}); "
                "use a virtual environment outside it or inside it (.venv), not around it")
        binds.append(path)
    return binds


def command(python, channel_fd, config, limits, as_root):
    """argv that runs the sandbox's server under bubblewrap."""
    argv = [kind.bwrap_path(), *kind.namespace_flags(as_root), "--die-with-parent",
            "--new-session", "--hostname", "sandbox", "--clearenv",
            "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "LANG", "C.UTF-8",
            "--setenv", "HOME", "/tmp", "--setenv", "MXNET_ENGINE_TYPE", "NaiveEngine",
            "--setenv", "OMP_NUM_THREADS", "1",
            "--ro-bind", "/usr", "/usr"]
    for name in _SYSTEM_TOP:
        path = f"/{name}"
        if os.path.islink(path):
            argv += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            argv += ["--ro-bind", path, path]
    for name in _ETC_FILES:
        if os.path.exists(f"/etc/{name}"):
            argv += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    # The private folders first: an interpreter kept under /tmp is then bound on top of them.
    argv += ["--proc", "/proc", "--dev", "/dev"]
    for folder in ("/tmp", "/var/tmp", "/dev/shm"):
        argv += ["--perms", "1777", "--size", str(limits.tmpfs_bytes), "--tmpfs", folder]
    python_binds = _python_binds(python)
    # bubblewrap makes missing parents of a mount point with mode 0700: the sandbox's uid could
    # not pass them, so they are made first, open to all (they are empty: only mounts inside).
    for folder in _parents([*python_binds, f"{RUNTIME_PARENT}/sandbox_runtime"]):
        if folder not in ("/tmp", "/var/tmp", "/dev", "/dev/shm"):
            argv += ["--perms", "0755", "--dir", folder]
    for path in python_binds:
        argv += ["--ro-bind", path, path]
    argv += ["--ro-bind", str(GRADER_DIR / "sandbox_runtime"),
             f"{RUNTIME_PARENT}/sandbox_runtime",
             "--ro-bind", config["submission_on_host"], SUBMISSION]
    if as_root:  # the server switches to the sandbox's uid itself, then these are gone
        argv += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    inside = {k: v for k, v in config.items() if k != "submission_on_host"}
    inside.update(submission=SUBMISSION, tmp="/tmp", wipe=["/tmp", "/var/tmp", "/dev/shm"],
                  scope="namespace", channel_fd=channel_fd)
    argv += ["--chdir", "/tmp", "--", os.path.abspath(python), "-I", "-c", BOOTSTRAP,
             RUNTIME_PARENT, "sandbox_runtime.server", json.dumps(inside)]
    return argv


# Puts exactly one folder on sys.path and runs a module as __main__ (the interpreter runs with
# -I: no PYTHON* variables, no user site, no script folder on the path).
BOOTSTRAP = ("import sys, runpy; sys.path.insert(0, sys.argv[1]); module = sys.argv[2]; "
             "sys.argv = [module] + sys.argv[3:]; runpy.run_module(module, run_name='__main__')")
