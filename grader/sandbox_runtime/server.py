"""The server inside one submission's sandbox: imports MXNet once, then forks a child per call.

Run as ``python -I -c <bootstrap> <folder> sandbox_runtime.server <config JSON>`` with a
connected socket on descriptor 3 (JSON lines). It first gives up root if told to (a sandbox
started by root gets a uid of its own), gathers the facts about MXNet before any learner code
exists in it, says ``ready``, then answers each ``call`` request with one outcome.

Time: a call is limited by the CPU time its processes use (``RLIMIT_CPU``), and by how long it
sits *idle* (neither running nor waiting for a CPU: asleep, blocked). A loaded machine delays a
call without making it idle, so load cannot turn into a timeout; a hard wall-clock cap many
times the CPU limit is the last backstop.
"""
import json
import os
import resource
import selectors
import signal
import socket
import sys
import tempfile
import time

from sandbox_runtime import prctl

_SAMPLE_SECONDS = 0.1


def _drop_privileges(uid):
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    if os.getuid() != uid or os.geteuid() != uid or os.getegid() != uid:
        raise RuntimeError("could not drop privileges")


def _vm_bytes(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


class Channel:
    """JSON lines over the socket the host passed down (its descriptor is in the config)."""

    def __init__(self, fd):
        self.sock = socket.socket(fileno=fd)
        self.reader = self.sock.makefile("rb")

    def send(self, message):
        self.sock.sendall(json.dumps(message).encode() + b"\n")

    def receive(self):
        line = self.reader.readline()
        return json.loads(line) if line else None


# ------------------------------------------------------------------------------ watching a call

def _busy_nanoseconds(pids):
    """{(pid, tid): time on a CPU + time waiting for one} of every thread of ``pids``."""
    busy = {}
    for pid in pids:
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                    running, waiting = f.read().split()[:2]
                busy[(pid, tid)] = int(running) + int(waiting)
            except (OSError, ValueError):
                pass
    return busy


class CallWatch:
    """Reads a child's result and output pipes and decides when a call has run too long."""

    def __init__(self, pid, result_fd, output_fd, request, limits, scope):
        self.pid, self.result_fd, self.output_fd = pid, result_fd, output_fd
        self.cpu_limit = float(request["cpu_seconds"])
        self.idle_limit = float(request.get("idle_seconds") or limits["idle_seconds"])
        self.wall_cap = self.cpu_limit * limits["wall_factor"] + limits["wall_margin"]
        self.limits, self.scope = limits, scope
        self.result, self.output = bytearray(), bytearray()
        self.phase, self.final, self.bad = "import", None, False
        self.exited = False
        self.idle = 0.0
        self.timed_out = None  # "idle" or "wall"

    def _processes(self):
        from sandbox_runtime import cleanup

        if self.scope == "namespace":
            return cleanup.call_processes("namespace")
        return [self.pid]

    @staticmethod
    def _drain(fd, take):
        """Read what ``fd`` holds now, handing each chunk to ``take`` (which returns False to
        stop reading); False once the pipe is closed or reading stopped, True otherwise."""
        while True:
            try:
                chunk = os.read(fd, 65536)
            except BlockingIOError:
                return True
            except OSError:
                return False
            if not chunk or take(chunk) is False:
                return False

    def _drain_output(self):
        def take(chunk):
            room = self.limits["output_excerpt_bytes"] - len(self.output)
            self.output.extend(chunk[:max(room, 0)])  # the rest is read and dropped
        return self._drain(self.output_fd, take)

    def _drain_result(self):
        return self._drain(self.result_fd, self._take_result)

    def _take_result(self, chunk):
        self.result.extend(chunk)
        if len(self.result) > self.limits["result_bytes"]:
            self.bad = True
            return False
        while b"\n" in self.result and self.final is None:
            line, _, rest = bytes(self.result).partition(b"\n")
            self.result[:] = rest
            try:
                message = json.loads(line)
            except ValueError:
                self.bad = True
                continue
            if isinstance(message, dict) and message.get("phase") == "imported":
                self.phase = "call"
            elif isinstance(message, dict) and isinstance(message.get("final"), dict):
                self.final = message["final"]
        return True

    def run(self):
        pidfd = os.pidfd_open(self.pid)
        selector = selectors.DefaultSelector()
        for fd, name in ((self.result_fd, "result"), (self.output_fd, "output"),
                         (pidfd, "exit")):
            if name != "exit":
                os.set_blocking(fd, False)
            selector.register(fd, selectors.EVENT_READ, name)
        started = last = time.monotonic()
        previous = _busy_nanoseconds(self._processes())
        try:
            while self.final is None and not self.bad:
                for key, _ in selector.select(_SAMPLE_SECONDS):
                    open_ = True
                    if key.data == "result":
                        open_ = self._drain_result()
                    elif key.data == "output":
                        open_ = self._drain_output()
                    else:
                        self.exited = True
                    if not open_ or key.data == "exit":
                        selector.unregister(key.fileobj)
                if self.exited:
                    self._drain_result()  # what it wrote before it ended
                    break
                now = time.monotonic()
                if now - last >= _SAMPLE_SECONDS:
                    current = _busy_nanoseconds(self._processes())
                    progress = max((current[k] - previous[k] for k in current if k in previous),
                                   default=0) / 1e9
                    if progress < 0.5 * (now - last):
                        # At most two samples' worth: a late wake-up means this server was kept
                        # from running (a loaded machine), and so may the code have been.
                        self.idle += min(now - last, 2 * _SAMPLE_SECONDS)
                    previous, last = current, now
                if self.idle > self.idle_limit:
                    self.timed_out = "idle"
                    break
                if now - started > self.wall_cap:
                    self.timed_out = "wall"
                    break
        finally:
            self._drain_output()
            selector.close()
            os.close(pidfd)
        return time.monotonic() - started


def _outcome(watch, wait_status, cpu_used):
    if watch.final is not None:
        final = watch.final
        if isinstance(final.get("status"), str) and isinstance(final.get("detail", {}), dict):
            return dict(final)
        return {"status": "bad_result", "detail": {"error": "malformed result"}}
    if watch.bad:
        return {"status": "bad_result", "detail": {"error": "unreadable or too large result"}}
    timeout = {"seconds": watch.cpu_limit, "cpu_used": round(cpu_used, 2)}
    if watch.timed_out:
        return {"status": "timeout", "detail": timeout | {"kind": watch.timed_out,
                                                         "idle_seconds": watch.idle_limit}}
    if os.WIFSIGNALED(wait_status):
        number = os.WTERMSIG(wait_status)
        if number == signal.SIGXCPU:
            return {"status": "timeout", "detail": timeout | {"kind": "cpu"}}
        return {"status": "killed", "detail": {"signal": signal.Signals(number).name}}
    return {"status": "exited", "detail": {"code": str(os.WEXITSTATUS(wait_status))}}


def _cpu_of_children():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_call(request, config, limits):
    from sandbox_runtime import child, cleanup

    call_dir = tempfile.mkdtemp(prefix="call-", dir=config["tmp"])
    result_read, result_write = os.pipe()
    output_read, output_write = os.pipe()
    cpu_before = _cpu_of_children()
    pid = os.fork()
    if pid == 0:
        os.close(result_read)
        os.close(output_read)
        child.run(dict(request, submission=config["submission"]), result_write, output_write,
                  call_dir, limits, config.get("process_limit"))
    os.close(result_write)
    os.close(output_write)
    watch = CallWatch(pid, result_read, output_read, request, limits, config["scope"])
    try:
        seconds = watch.run()
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _, wait_status = os.waitpid(pid, 0)
        cleanup.end_call_processes(config["scope"])
        os.close(result_read)
        os.close(output_read)
    cpu_used = _cpu_of_children() - cpu_before
    for folder in config["wipe"]:
        cleanup.empty_folder(folder)
    cleanup.empty_folder(call_dir)
    try:
        os.rmdir(call_dir)
    except OSError:
        pass
    outcome = _outcome(watch, wait_status, cpu_used)
    outcome.update(phase=watch.phase, seconds=round(seconds, 3), cpu_seconds=round(cpu_used, 3),
                   output=watch.output.decode("utf-8", "replace"))
    return outcome


def serve(channel, config, limits):
    while True:
        request = channel.receive()
        if request is None:
            return
        if request.get("op") == "call":
            channel.send(run_call(request, config, limits))
        else:
            channel.send({"status": "grader_error", "detail": {"error": "unknown request"}})


def main(argv):
    config = json.loads(argv[1])
    channel = Channel(int(config["channel_fd"]))
    if config.get("drop_uid") is not None:
        _drop_privileges(int(config["drop_uid"]))
    prctl.set_option(prctl.DUMPABLE, 0)  # no ptrace or /proc/<pid>/mem by the learner's processes
    prctl.set_option(prctl.CHILD_SUBREAPER, 1)  # detached processes stay in this server's tree
    prctl.set_option(prctl.PDEATHSIG, signal.SIGKILL)
    import numpy

    if "bool" not in numpy.__dict__:  # numpy 1.24+ (Python 3.12 setups): MXNet 1.9.1 reads it
        numpy.bool = bool
    from sandbox_runtime import child, facts, probes  # noqa: F401 - imports MXNet once, here

    known = facts.collect()  # before the first fork: no learner code has run anywhere here
    limits = dict(config["limits"])
    limits["address_space"] = _vm_bytes("VmSize") + limits["headroom_bytes"]
    channel.send({"ready": True, "facts": known, "uid": os.getuid()})
    serve(channel, config, limits)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
