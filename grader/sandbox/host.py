"""Starting, talking to and ending one submission's sandbox (the grader's side).

A :class:`Sandbox` is one server process (see :mod:`grader.sandbox_runtime.server`) reached
through a socket pair, under bubblewrap, under a uid of its own, or as a plain child process,
by the kind chosen in :mod:`grader.sandbox.kind`. Ending it ends everything started in it: the
PID namespace goes with its init (bubblewrap), the cgroup is killed, every process of the
sandbox's uid is killed, and what that uid left in the shared temporary folders is removed.
"""
import dataclasses
import json
import os
import socket
import subprocess
import sys
import tempfile

from grader import staging, stopping
from grader.paths import GRADER_DIR
from grader.sandbox import bwrap, cgroup
from grader.sandbox.limits import Limits
from grader.sandbox_runtime import cleanup, prctl

_SHARED_TEMPORARY = ("/tmp", "/var/tmp", "/dev/shm")


class SandboxLost(Exception):
    """The server went away or stopped answering (its processes are ended by then)."""


@dataclasses.dataclass(frozen=True)
class SandboxSpec:
    """Everything needed to start a submission's sandbox, passed from the runner to the checks'
    process through one environment variable."""
    kind: str              # "bwrap", "uid" or "none"
    submission: str        # the staged folder on the host
    uid: int = None        # the sandbox's own uid (as root), else None
    tag: str = "grader"    # prefix of this grading's cgroups
    python: str = sys.executable
    limits: Limits = None

    def to_json(self):
        data = dataclasses.asdict(self)
        return json.dumps(data)

    @classmethod
    def from_json(cls, text):
        data = json.loads(text)
        data["limits"] = Limits(**data["limits"])
        return cls(**data)


def _become(uid, group):
    """Between fork and exec: join the cgroup, then (uid sandbox) drop root for good."""
    def preexec():
        if group is not None:
            group.join()
        if uid is not None:
            os.setgroups([])
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
    return preexec


def _process_limit(spec):
    """RLIMIT_NPROC for the learner's processes. The kernel counts every task (process or
    thread) of the uid: for a uid of the sandbox's own that is the sandbox alone; for the
    user's own uid, all they run already, so the limit allows that many more."""
    if spec.uid is not None:
        return spec.limits.processes
    mine, running = str(os.getuid()).encode(), 0
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/status", "rb") as f:
                fields = dict(line.split(b":", 1) for line in f if b":" in line)
            if fields.get(b"Uid", b"").split()[:1] == [mine]:
                running += int(fields.get(b"Threads", b"1"))
        except (OSError, ValueError):
            continue
    return running + spec.limits.processes


class Sandbox:
    def __init__(self, spec, number=0):
        self.spec, self.number = spec, number
        self.process = self.sock = self.group = self.private_tmp = None
        self.hello = None
        self._reader = None
        self._log = tempfile.TemporaryFile()

    # -------------------------------------------------------------------------------- starting
    def start(self):
        spec = self.spec
        as_root = os.geteuid() == 0
        self.sock, theirs = socket.socketpair()
        config = {"limits": spec.limits.as_dict(), "channel_fd": theirs.fileno(),
                  "drop_uid": None, "process_limit": _process_limit(spec)}
        if as_root:
            self.group = cgroup.create(f"{spec.tag}-{self.number}")
        uid_for_exec = None
        if spec.kind == "bwrap":
            config.update(submission_on_host=spec.submission,
                          drop_uid=spec.uid if as_root else None)
            argv = bwrap.command(spec.python, theirs.fileno(), config, spec.limits, as_root)
            cwd = "/"
        else:
            self.private_tmp = tempfile.mkdtemp(
                prefix="grader-sandbox-tmp-", dir=staging.work_root(spec.kind == "uid"))
            if spec.kind == "uid":
                os.chown(self.private_tmp, spec.uid, spec.uid)
                uid_for_exec = spec.uid
            config.update(submission=spec.submission, tmp=self.private_tmp, wipe=[],
                          scope="uid" if spec.kind == "uid" else "tree")
            argv = [spec.python, "-I", "-c", bwrap.BOOTSTRAP, str(GRADER_DIR),
                    "sandbox_runtime.server", json.dumps(config)]
            cwd = self.private_tmp
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": self.private_tmp or "/tmp",
               "MXNET_ENGINE_TYPE": "NaiveEngine", "OMP_NUM_THREADS": "1"}
        try:
            self.process = subprocess.Popen(
                argv, pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=self._log, cwd=cwd, env=env,
                preexec_fn=_become(uid_for_exec, self.group))
        finally:
            theirs.close()
        self._reader = self.sock.makefile("rb")
        return self

    def handoff(self):
        """What another process needs to adopt this running sandbox: the socket's descriptor
        (pass it on, then call :meth:`let_go`) and the cgroup's folders, as an environment
        value. The starting process keeps the server process and ends it in :meth:`close`."""
        folders = self.group.folders if self.group is not None else {}
        return self.sock.fileno(), json.dumps(folders)

    def let_go(self):
        """Close this process's end of the socket once another process has adopted it."""
        self._reader.close()
        self.sock.close()
        self.sock = None

    def _receive(self, timeout):
        self.sock.settimeout(timeout)
        try:
            line = self._reader.readline()
        except (OSError, ValueError) as error:
            raise SandboxLost(type(error).__name__) from None
        if not line:
            raise SandboxLost("the sandbox closed the connection")
        try:
            return json.loads(line)
        except ValueError:
            raise SandboxLost("unreadable answer") from None

    def wait_ready(self, timeout=600):
        """The server's facts and limits, once MXNet is imported; sets the group's limits."""
        if self.hello is None:
            hello = self._receive(timeout)
            if not hello.get("ready"):
                raise SandboxLost("the sandbox did not start")
            if self.group is not None:
                usage = self.group.memory_usage() or 0
                limits = self.spec.limits
                self.group.limit(memory_bytes=usage + limits.headroom_bytes
                                 + 3 * limits.tmpfs_bytes,
                                 processes=limits.processes + 16)
            hello["cgroup"] = {"memory": bool(self.group and self.group.memory_limited),
                               "processes": bool(self.group and self.group.pids_limited)}
            self.hello = hello
        return self.hello

    # --------------------------------------------------------------------------------- calling
    def call(self, request):
        """One call's outcome; raises :class:`SandboxLost` (and ends the sandbox) otherwise."""
        self.wait_ready()
        cpu = float(request["cpu_seconds"])
        try:
            self.sock.sendall(json.dumps(dict(request, op="call")).encode() + b"\n")
            return self._receive(self.spec.limits.wall_cap(cpu) + 60)
        except (OSError, SandboxLost) as error:
            self.close()
            raise SandboxLost(str(error) or type(error).__name__) from None

    # ---------------------------------------------------------------------------------- ending
    def log_tail(self, limit=2000):
        try:
            self._log.seek(0)
            return self._log.read()[-limit:].decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""

    def close(self):
        if self.sock is not None:
            for closable in (self._reader, self.sock):  # no reader yet if start() was cut short
                try:
                    if closable is not None:
                        closable.close()
                except OSError:
                    pass
            self.sock = None
        if self.process is not None:
            try:
                # The server leaves when its socket closes, once the call it runs is over;
                # after a stop, nothing waits for that call.
                self.process.wait(timeout=0 if stopping.stopped() else 5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.group is not None:
            self.group.remove()
        end_leftovers(self.spec)
        if self.private_tmp:
            cleanup.remove_tree(self.private_tmp)
            self.private_tmp = None


class AdoptedSandbox(Sandbox):
    """A sandbox another process started and handed over (see :meth:`Sandbox.handoff`): the
    checks' process talks to it from the start, so MXNet imports while pytest starts up."""

    def __init__(self, spec, fd, folders):
        super().__init__(spec)
        self._fd, self._folders = fd, json.loads(folders or "{}")

    def start(self):
        self.sock = socket.socket(fileno=self._fd)
        self._reader = self.sock.makefile("rb")
        self.group = cgroup.Cgroup(self._folders) if self._folders else None
        return self


# ----------------------------------------------------------------------- sweeping after a sandbox

def protect_grader_process():
    """Adopt whatever a submission detaches (a child subreaper, for the unsandboxed kind), and
    keep same-uid processes out of this process's memory (not dumpable: no ptrace, no
    /proc/<pid>/mem or environ)."""
    prctl.set_option(prctl.CHILD_SUBREAPER, 1)
    prctl.set_option(prctl.DUMPABLE, 0)



def remove_files_of(uid, folders=_SHARED_TEMPORARY):
    """Remove what ``uid`` left at the top of the shared temporary folders."""
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.stat(follow_symlinks=False).st_uid != uid:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    cleanup.remove_tree(entry.path)
                else:
                    os.unlink(entry.path)
            except OSError:
                pass


def end_leftovers(spec):
    """Whatever the sandbox's kind leaves to its host: a uid's processes and files, or (no
    sandbox) this process's descendants."""
    if spec.uid is not None:  # as root; under bubblewrap nothing should be left, but check
        cleanup.end_call_processes("uid", uid=spec.uid)
        if spec.kind == "uid":
            remove_files_of(spec.uid)
    elif spec.kind == "none":
        cleanup.end_call_processes("tree")
