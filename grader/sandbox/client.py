"""The checks' side of the fork server: one connection per pytest process."""
import json
import socket
import time


class SandboxClient:
    """Sends calls to the fork server; every failure becomes a plain outcome, never an exception.

    If the handler dies (a submission managed to kill it), the call in flight is reported as
    ``lost`` and the next call reconnects, so other questions are still graded.
    """

    def __init__(self, address, submission, connect_timeout=120.0):
        self.address, self.submission = address, submission
        self.connect_timeout = connect_timeout
        self.facts = None
        self._stream = None

    def _connect(self):
        deadline = time.monotonic() + self.connect_timeout
        while True:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.connect(self.address)
                break
            except (FileNotFoundError, ConnectionRefusedError):
                sock.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        # The first answer waits for the server to finish importing MXNet.
        sock.settimeout(self.connect_timeout)
        self._stream = sock.makefile("rwb")
        self._sock = sock
        hello = self._exchange({"op": "hello", "submission": self.submission})
        self.facts = hello

    def _exchange(self, request):
        self._stream.write(json.dumps(request).encode() + b"\n")
        self._stream.flush()
        line = self._stream.readline()
        if not line:
            raise ConnectionError("the sandbox closed the connection")
        return json.loads(line)

    def _close(self):
        if self._stream is not None:
            try:
                self._stream.close()
                self._sock.close()
            except OSError:
                pass
        self._stream = None

    def hello(self):
        """The server's trusted facts and limits (connecting if needed); None if unreachable."""
        if self._stream is None:
            try:
                self._connect()
            except (OSError, ValueError):
                self._close()
                return None
        return self.facts

    def call(self, module, probe, args, timeout):
        if self.hello() is None:
            return {"status": "grader_error", "detail": {"error": "the sandbox is unreachable"}}
        request = {"op": "call", "module": module, "probe": probe, "args": args,
                   "timeout": timeout}
        try:
            # The handler enforces ``timeout``; the margin covers forking and cleaning up.
            self._sock.settimeout(timeout + 60)
            return self._exchange(request)
        except (OSError, ValueError) as error:
            self._close()
            return {"status": "lost", "detail": {"error": type(error).__name__}}

    def close(self):
        self._close()
