"""The fork server: imports MXNet once, then forks a handler per connection.

Run as ``python -m grader.sandbox.server SOCKET``. It binds the socket first (so clients can
connect while MXNet is still importing), gathers the trusted facts before any fork, and exits
when its standard input closes (its parent, the CLI, is gone or done).
"""
import os
import selectors
import signal
import socket
import sys


def _serve_forever(listener, facts, limits):
    from grader.sandbox import handler, procs

    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, "accept")
    selector.register(sys.stdin.fileno(), selectors.EVENT_READ, "stdin")
    while True:
        for key, _ in selector.select(timeout=1.0):
            if key.data == "stdin":
                if not os.read(sys.stdin.fileno(), 4096):
                    return
                continue
            connection, _ = listener.accept()
            pid = os.fork()
            if pid == 0:
                selector.close()
                listener.close()
                os.close(sys.stdin.fileno())
                code = 0
                try:
                    handler.serve(connection, facts, limits)
                except BaseException:  # noqa: BLE001 - a handler must never return into the loop
                    code = 1
                os._exit(code)
            connection.close()
        procs.reap_children()


def main(argv):
    address = argv[1]
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address)
    os.chmod(address, 0o600)
    listener.listen(64)

    import numpy
    if not hasattr(numpy, "bool"):  # numpy 1.24+ (Python 3.12 setups): MXNet 1.9.1 reads it
        numpy.bool = bool

    from grader.sandbox import limits as limits_module
    from grader.sandbox import procs
    from grader import probes, trusted  # noqa: F401 - imports MXNet once, for every fork

    procs.become_subreaper()
    procs.set_undumpable()
    procs.die_with_parent(signal.SIGTERM)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    facts = trusted.collect()  # before the first fork: no learner code has run anywhere here
    limits = limits_module.measure()
    try:
        _serve_forever(listener, facts, limits)
    finally:
        listener.close()
        procs.kill_descendants()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
