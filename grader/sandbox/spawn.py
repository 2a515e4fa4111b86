"""Starting and stopping the fork server from the grader's side."""
import os
import shutil
import subprocess
import tempfile

from grader.launch import python_module_command

# Passed on to the server when set (see grader.sandbox.limits and grader.sandbox.handler).
_PASSED_VARIABLES = ("GRADER_MEMORY_HEADROOM_MB", "GRADER_SANDBOX_UID_BASE")


class ForkServer:
    """A running ``grader.sandbox.server``; use as a context manager."""

    def __init__(self):
        self.workdir = tempfile.mkdtemp(prefix="grader-server-")  # 0700: only we reach the socket
        self.address = os.path.join(self.workdir, "socket")
        self.log_path = os.path.join(self.workdir, "server.log")
        self.process = None

    def start(self):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
               "HOME": self.workdir, "MXNET_ENGINE_TYPE": "NaiveEngine", "OMP_NUM_THREADS": "1"}
        env.update({k: os.environ[k] for k in _PASSED_VARIABLES if k in os.environ})
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                python_module_command("grader.sandbox.server", self.address),
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=log,
                cwd=self.workdir, env=env)
        return self

    def log_tail(self, limit=2000):
        try:
            with open(self.log_path, "rb") as f:
                return f.read()[-limit:].decode("utf-8", "replace")
        except OSError:
            return ""

    def stop(self):
        if self.process is not None:
            try:
                self.process.stdin.close()  # the server exits when its input closes
                self.process.wait(timeout=15)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
