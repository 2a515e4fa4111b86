"""What a forked child does before, while and after running the learner's code.

Order matters: limits and a clean interpreter state come before the first line of learner code
is imported, and the result leaves through one pipe as JSON. Its printed output goes to another
pipe, which the server reads with a cap (no file the learner could swap for a link or a FIFO).
"""
import json
import os
import resource
import signal
import sys

from sandbox_runtime import prctl, probes

RESULT_FD = 3  # the pipe to the server, moved here so every other descriptor can be closed
# Bound before any learner code runs, which might replace the module attributes.
_send, _write, _exit = json.dumps, os.write, os._exit


class CappedWriter:
    """A text stream keeping the first ``limit`` characters and dropping the rest silently
    (so a flood of ``print`` costs the learner's CPU time, not the pipe's)."""

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


def _isolate_descriptors(result_fd, output_fd):
    os.setsid()  # own session and process group: no terminal, not in the server's group
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(output_fd, 1)
    os.dup2(output_fd, 2)
    if result_fd != RESULT_FD:
        os.dup2(result_fd, RESULT_FD)
    # Close the server's socket, its ends of the pipes, anything else inherited.
    os.closerange(RESULT_FD + 1, 65536)


def _set_limits(limits, cpu_seconds, process_limit):
    cpu = max(1, int(cpu_seconds))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))  # CPU time: load cannot change it
    resource.setrlimit(resource.RLIMIT_AS, (limits["address_space"], limits["address_space"]))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits["file_size"], limits["file_size"]))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if process_limit:  # counted per uid (see the host's Sandbox.start)
        resource.setrlimit(resource.RLIMIT_NPROC, (process_limit, process_limit))
    # Writing past RLIMIT_FSIZE then fails with an error instead of killing the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    # MXNet catches SIGSEGV and exits with 255; the default action reports the signal itself.
    for number in (signal.SIGSEGV, signal.SIGBUS, signal.SIGFPE, signal.SIGILL, signal.SIGABRT):
        signal.signal(number, signal.SIG_DFL)
    try:  # under a memory cgroup, the out-of-memory killer picks the learner, not the server
        with open("/proc/self/oom_score_adj", "w") as handle:
            handle.write("1000")
    except OSError:
        pass


def _die_with_parent():
    prctl.set_option(prctl.PDEATHSIG, signal.SIGKILL)


def _clean_python_state(submission, call_dir):
    os.chdir(call_dir)
    os.environ.clear()
    os.environ.update({
        "HOME": call_dir, "TMPDIR": call_dir, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
        "OMP_NUM_THREADS": "1", "MXNET_ENGINE_TYPE": "NaiveEngine",
    })
    runtime_parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    kept = [p for p in sys.path if p and os.path.realpath(p) != os.path.realpath(runtime_parent)]
    # The submission goes last so that its files cannot shadow the standard library.
    sys.path[:] = kept + [submission]


def _import_learner_module(module):
    try:
        return __import__(module)
    except ModuleNotFoundError as error:
        if error.name == module:
            raise probes.LearnerFailure("missing_module", {"module": module}) from None
        raise probes.LearnerFailure("import_error",
                                    probes.describe_error(error, module)) from None
    except SystemExit as error:
        raise probes.LearnerFailure("exited", {"code": str(error.code)}) from None
    except MemoryError:
        raise probes.LearnerFailure("memory", {}) from None
    except BaseException as error:  # noqa: BLE001 - anything the learner's import raises
        raise probes.LearnerFailure("import_error",
                                    probes.describe_error(error, module)) from None


def run(request, result_fd, output_fd, call_dir, limits, process_limit):
    """Body of the forked child; never returns."""
    status = 70
    learner_ran = False
    try:
        _isolate_descriptors(result_fd, output_fd)
        _set_limits(limits, request["cpu_seconds"], process_limit)
        _die_with_parent()
        _clean_python_state(request["submission"], call_dir)
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
