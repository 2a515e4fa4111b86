"""The checks' side of a submission's sandbox: calls, and a new sandbox after a lost one.

Every failure becomes a plain outcome, never an exception: if the learner's code ends its
sandbox (kills the server, say), the call in flight is reported as ``lost`` and the next call
starts a fresh sandbox, so the other questions are still graded.
"""
from grader.sandbox.host import AdoptedSandbox, Sandbox, SandboxLost


class SandboxClient:
    def __init__(self, spec, adopt=None):
        """``adopt``: (descriptor, cgroup folders) of a sandbox the runner already started."""
        self.spec = spec
        self._adopt = adopt
        self._sandbox = None
        self._started = 0
        self.logs = []
        self.last_hello = None

    @property
    def started(self):
        """How many sandboxes this client started (more than one: one was lost)."""
        return self._started

    def start(self):
        """Start the sandbox now (MXNet imports while the checks are collected)."""
        if self._sandbox is None:
            if self._adopt is not None:
                self._sandbox = AdoptedSandbox(self.spec, *self._adopt).start()
                self._adopt = None  # a lost sandbox is replaced by one of our own
            else:
                self._sandbox = Sandbox(self.spec, self._started).start()
            self._started += 1
        return self._sandbox

    def hello(self):
        """The server's facts, limits and uid; None when no sandbox could start."""
        try:
            self.last_hello = self.start().wait_ready()
            return self.last_hello
        except (OSError, SandboxLost, RuntimeError) as error:
            self._drop()
            self.logs.append(f"{type(error).__name__}: {error}")
            return None

    def call(self, module, probe, args, cpu_seconds):
        if self.hello() is None:
            return {"status": "grader_error",
                    "detail": {"error": "the sandbox did not start: " + self._last_log()}}
        request = {"module": module, "probe": probe, "args": args, "cpu_seconds": cpu_seconds}
        try:
            return self._sandbox.call(request)
        except SandboxLost as error:
            self._drop()
            return {"status": "lost", "detail": {"error": str(error)}}

    def _last_log(self):
        return (self.logs[-1] if self.logs else "").strip()[-400:] or "no message"

    def _drop(self):
        if self._sandbox is not None:
            self.logs.append(self._sandbox.log_tail())
            self._sandbox.close()
            self._sandbox = None

    def close(self):
        self._drop()
