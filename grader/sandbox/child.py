"""What a forked child does before, while and after running the learner's code.

Order matters: everything that needs root (mount namespace, limits, uid change) happens before
the first line of learner code is imported, and the result leaves through one pipe as JSON.
"""
import ctypes
import importlib.abc
import json
import os
import resource
import signal
import sys

from grader import probes
from grader.sandbox import procs

RESULT_FD = 3  # the pipe to the handler, moved here so every other descriptor can be closed
_CLONE_NEWNS = 0x00020000
_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_BIND, _MS_MOVE, _MS_REC, _MS_PRIVATE = (
    1, 2, 4, 4096, 8192, 16384, 1 << 18)
# Bound before any learner code runs, which might replace the module attributes.
_send, _write, _exit = json.dumps, os.write, os._exit


class BlockReferenceAnswers(importlib.abc.MetaPathFinder):
    """Refuse ``import solutions`` (and its modules) in the learner's process."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname == "solutions" or fullname.startswith("solutions."):
            raise ImportError("the reference answers cannot be imported while grading")
        return None


class CappedWriter:
    """A text stream keeping the first ``limit`` characters and dropping the rest silently."""

    encoding = "utf-8"
    errors = "replace"

    def __init__(self, fd, limit):
        self._fd, self._left = fd, limit

    def write(self, text):
        text = str(text)
        if self._left > 0:
            kept = text[: self._left]
            self._left -= len(kept)
            try:
                os.write(self._fd, kept.encode("utf-8", "replace"))
            except OSError:
                self._left = 0
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def isatty(self):
        return False

    def fileno(self):
        return self._fd


def send(message):
    data = (_send(message) + "\n").encode()
    view = memoryview(data)
    while view:
        written = _write(RESULT_FD, view)
        view = view[written:]


def _isolate_descriptors(result_fd, output_path):
    os.setsid()  # own session: no terminal, not in the handler's process group
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    out = os.open(output_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(out, 1)
    os.dup2(out, 2)
    if result_fd != RESULT_FD:
        os.dup2(result_fd, RESULT_FD)
    # Close the connection to the pytest process, the listening socket, stray pipes...
    os.closerange(RESULT_FD + 1, 65536)


def _blocking_ancestor(path):
    """The deepest ancestor of ``path`` that others cannot enter (e.g. /root, mode 0700), and
    its child on the way to ``path``; or None when ``path`` is reachable."""
    parts = os.path.abspath(path).split(os.sep)[1:]
    found = None
    for depth in range(1, len(parts)):
        ancestor = os.sep + os.path.join(*parts[:depth])
        try:
            if not os.stat(ancestor).st_mode & 0o001:
                found = (ancestor, os.path.join(ancestor, parts[depth]))
        except OSError:
            return None
    return found


def _private_mounts(hide, expose, workdir):
    """In a private mount namespace (needs root with CAP_SYS_ADMIN; otherwise nothing
    happens and the import blocker still stands):

    - mount an empty read-only tmpfs over each folder of ``hide`` (the reference answers);
    - make the interpreter's folders in ``expose`` reachable by the unprivileged uid when an
      ancestor is closed to others (pyenv under /root, mode 0700): the closed folder is covered
      by an empty tmpfs into which only the needed subfolder is bound back, so nothing else of
      it is visible.
    """
    if os.geteuid() != 0:
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(_CLONE_NEWNS) != 0:
        return False
    if libc.mount(b"none", b"/", None, _MS_REC | _MS_PRIVATE, None) != 0:
        return False
    done = True
    closed = {}
    for path in expose:
        found = _blocking_ancestor(path)
        if found:
            closed.setdefault(found[0], set()).add(found[1])
    for number, (ancestor, needed) in enumerate(sorted(closed.items())):
        keep = []
        for index, folder in enumerate(sorted(needed)):
            holder = os.path.join(workdir, f".mount-{number}-{index}")
            os.mkdir(holder, 0o700)
            if libc.mount(os.fsencode(folder), os.fsencode(holder), None, _MS_BIND | _MS_REC,
                          None) == 0:
                keep.append((folder, holder))
        if libc.mount(b"tmpfs", os.fsencode(ancestor), b"tmpfs", _MS_NOSUID | _MS_NODEV,
                      b"size=64k,mode=0755") != 0:
            done = False
            continue
        for folder, holder in keep:
            os.makedirs(folder, 0o755, exist_ok=True)
            if libc.mount(os.fsencode(holder), os.fsencode(folder), None, _MS_MOVE, None) != 0:
                done = False
    for path in (p for p in hide if os.path.isdir(p)):
        flags = _MS_RDONLY | _MS_NOSUID | _MS_NODEV
        if libc.mount(b"tmpfs", os.fsencode(path), b"tmpfs", flags, b"size=4k,mode=0555") != 0:
            done = False
    return done


def _interpreter_paths():
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    paths.update(p for p in sys.path if p and os.path.isabs(p))
    return sorted(p for p in paths if os.path.isdir(p))


def _set_limits(limits, timeout, uid):
    cpu = int(timeout) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))
    resource.setrlimit(resource.RLIMIT_AS, (limits["address_space"], limits["address_space"]))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits["file_size"], limits["file_size"]))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if uid is not None:  # counted per uid: only meaningful for a uid of our own
        resource.setrlimit(resource.RLIMIT_NPROC, (limits["processes"], limits["processes"]))
    # Writing past RLIMIT_FSIZE then fails with an error instead of killing the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    # MXNet catches SIGSEGV and exits with 255; the default action reports the signal itself.
    for number in (signal.SIGSEGV, signal.SIGBUS, signal.SIGFPE, signal.SIGILL, signal.SIGABRT):
        signal.signal(number, signal.SIG_DFL)


def _drop_privileges(uid):
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    if os.getuid() != uid or os.geteuid() != uid:
        raise RuntimeError("could not drop privileges")


def _clean_python_state(staging_dir, tmpdir, trusted_roots):
    os.chdir(tmpdir)
    os.environ.clear()
    os.environ.update({
        "HOME": tmpdir, "TMPDIR": tmpdir, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
        "OMP_NUM_THREADS": "1", "MXNET_ENGINE_TYPE": "NaiveEngine",
    })
    blocked = {os.path.realpath(p) for p in trusted_roots}
    kept = [p for p in sys.path if p and os.path.realpath(p) not in blocked
            and os.path.realpath(p) != os.path.realpath(tmpdir)]
    # The submission goes last so that its files cannot shadow the standard library.
    sys.path[:] = kept + [staging_dir]
    sys.meta_path.insert(0, BlockReferenceAnswers())
    for name in [n for n in sys.modules if n == "solutions" or n.startswith("solutions.")]:
        del sys.modules[name]


def _import_learner_module(module):
    try:
        return __import__(module)
    except ModuleNotFoundError as error:
        if error.name == module:
            raise probes.LearnerFailure("missing_module", {"module": module}) from None
        raise probes.LearnerFailure("import_error", probes.describe_error(error, module)) from None
    except SystemExit as error:
        raise probes.LearnerFailure("exited", {"code": str(error.code)}) from None
    except MemoryError:
        raise probes.LearnerFailure("memory", {}) from None
    except BaseException as error:  # noqa: BLE001 - anything the learner's import raises
        raise probes.LearnerFailure("import_error", probes.describe_error(error, module)) from None


def run(request, result_fd, tmpdir, uid, limits, trusted_roots, hide):
    """Body of the forked child; never returns."""
    status = 70
    learner_ran = False
    try:
        _isolate_descriptors(result_fd, os.path.join(tmpdir, "output.txt"))
        _private_mounts(hide, _interpreter_paths(), tmpdir)
        _set_limits(limits, request["timeout"], uid)
        if uid is not None:
            _drop_privileges(uid)
        procs.die_with_parent()  # after the uid change, which clears it
        _clean_python_state(request["submission"], tmpdir, trusted_roots)
        sys.stdout = CappedWriter(1, limits["printed_chars"])
        sys.stderr = sys.stdout
        probes.LEARNER_DIR = os.path.realpath(request["submission"])
        probes.install_instruments()
        module = request["module"]
        learner_ran = True  # from here on, a failure may come from what the learner's code did
        try:
            learner_module = _import_learner_module(module)
            send({"phase": "imported"})
            value = probes.run_probe(module, request["probe"], learner_module, request["args"])
            final = {"status": "ok", "value": value}
        except probes.LearnerFailure as failure:
            final = {"status": failure.status, "detail": failure.detail}
        send({"final": final})
        status = 0
    except BaseException as error:  # noqa: BLE001 - report the failure, then leave
        try:
            # Once learner code has run (even just its import) it may have broken the probe's
            # tools (e.g. by patching builtins): that is its crash, not the grader's.
            send({"final": {"status": "crashed" if learner_ran else "grader_error",
                            "detail": probes.describe_error(error)}})
        except BaseException:  # noqa: BLE001
            pass
    finally:
        _exit(status)
