"""Which sandbox this machine can give a submission, and why.

``bwrap``  bubblewrap (Debian's ``bubblewrap``, the sandbox Flatpak uses): own PID, mount, IPC,
           UTS and network namespaces, only the interpreter and the staged submission visible,
           read-only; private size-capped ``/tmp``, ``/var/tmp``, ``/dev/shm``. As root the
           sandbox also gets a uid of its own; as a normal user it needs user namespaces.
``uid``    root without namespaces (e.g. a container without ``CAP_SYS_ADMIN``): the code runs
           as a uid of its own, with resource limits, and sees every world-readable file.
``none``   a normal user without bubblewrap: the code runs with the user's own rights. Fit only
           for one's own code; ``batch`` refuses it.

``GRADER_SANDBOX`` = ``auto`` (default), ``bwrap``, ``uid`` or ``none`` chooses; a kind that
cannot work here is an error, never a silent downgrade.

Every kind, ``none`` too, is built on Linux (``/proc``, ``prctl``, process groups that die with
the grader), so on any other system grading stops with advice before it begins.
"""
import dataclasses
import functools
import os
import shutil
import subprocess
import sys

KINDS = ("bwrap", "uid", "none")


class SandboxUnavailable(Exception):
    """The requested sandbox cannot run on this machine (the message says what to do)."""


@dataclasses.dataclass(frozen=True)
class SandboxKind:
    name: str
    reason: str = ""  # why a weaker kind was chosen, for the report

    @property
    def isolated(self):
        return self.name != "none"


def bwrap_path():
    return shutil.which("bwrap")


def namespace_flags(as_root):
    flags = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
             "--unshare-cgroup-try"]
    # As root bubblewrap mounts with its own privileges; anyone else needs a user namespace.
    return flags if as_root else ["--unshare-user"] + flags


@functools.lru_cache(maxsize=None)
def bwrap_problem():
    """None if bubblewrap can make a sandbox here, else what went wrong."""
    path = bwrap_path()
    if path is None:
        return "bubblewrap (bwrap) is not installed"
    as_root = os.geteuid() == 0
    argv = [path, *namespace_flags(as_root), "--die-with-parent", "--ro-bind", "/", "/",
            "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "true"]
    try:
        process = subprocess.run(argv, capture_output=True, text=True, timeout=30,
                                 stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError) as error:
        return f"bwrap could not run: {error}"
    if process.returncode != 0:
        detail = process.stderr.strip().splitlines()[-1:] or [f"exit {process.returncode}"]
        return f"bwrap cannot create namespaces here ({detail[0]})"
    return None


_ADVICE = {
    "root": "install bubblewrap (apt-get install bubblewrap) and allow namespaces "
            "(in Docker: --security-opt seccomp=unconfined --security-opt apparmor=unconfined, "
            "or --cap-add SYS_ADMIN), or set GRADER_SANDBOX=uid to accept the weaker uid sandbox",
    "user": "install bubblewrap (apt-get install bubblewrap) and allow unprivileged user "
            "namespaces (sysctl kernel.unprivileged_userns_clone=1 on older Debian; on Ubuntu "
            "24.04 bubblewrap's AppArmor profile allows them), or grade as root",
}


def uid_problem(python=None):
    """None if a uid of the sandbox's own can run ``python`` and the sandbox runtime, else why."""
    import sys

    from grader.paths import GRADER_DIR
    from grader.sandbox import bwrap
    from grader.staging import open_to_others

    python = python or sys.executable
    for path in [*bwrap.interpreter_paths(python), str(GRADER_DIR / "sandbox_runtime")]:
        if not open_to_others(path):
            return (f"other users cannot reach {path}: the uid sandbox needs an interpreter and "
                    "a grader that every user can read (e.g. a venv made from /usr/bin/python3 "
                    "outside /root)")
    return None


def platform_problem():
    """None on Linux, else why no sandbox kind can run here and what to do instead."""
    if sys.platform.startswith("linux"):
        return None
    return (f"grading needs Linux, and this is {sys.platform}: every sandbox kind, even 'none', "
            "relies on Linux (/proc, prctl, and more), so the grader cannot run here. Grade "
            "in the dev container or in GitHub Codespaces (README, \"Platforms\"), where "
            "`make grade` works unchanged")


def choose(requested=None):
    """The sandbox kind to use; raises :class:`SandboxUnavailable` for an impossible request."""
    problem = platform_problem()
    if problem:
        raise SandboxUnavailable(problem)
    requested = (requested or os.environ.get("GRADER_SANDBOX") or "auto").strip().lower()
    as_root = os.geteuid() == 0
    if requested not in ("auto", *KINDS):
        raise SandboxUnavailable(f"GRADER_SANDBOX={requested!r}: use auto, bwrap, uid or none")
    if requested in ("auto", "bwrap"):
        problem = bwrap_problem()
        if problem is None:
            return SandboxKind("bwrap")
        if requested == "bwrap":
            raise SandboxUnavailable(f"{problem}: {_ADVICE['root' if as_root else 'user']}")
        if as_root:
            reachable = uid_problem()
            if reachable:
                raise SandboxUnavailable(f"{problem}, and {reachable}. To grade here, "
                                         f"{_ADVICE['root']}")
            return SandboxKind("uid", problem)
        return SandboxKind("none", problem)
    if requested == "uid":
        if not as_root:
            raise SandboxUnavailable("the uid sandbox needs root (it switches the code to another "
                                     "uid)")
        reachable = uid_problem()
        if reachable:
            raise SandboxUnavailable(reachable)
    return SandboxKind(requested, "requested with GRADER_SANDBOX")


def advice(as_root=None):
    as_root = os.geteuid() == 0 if as_root is None else as_root
    return _ADVICE["root" if as_root else "user"]
