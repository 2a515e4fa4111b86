"""Hostile fixture: reports who it runs as (through a failure message), killing what it can."""
import os
import signal


def weight_grad(net):
    try:
        os.kill(1, signal.SIGTERM)
    except OSError:
        pass
    raise RuntimeError(f"uid={os.getuid()} euid={os.geteuid()} cwd={os.getcwd()}")
