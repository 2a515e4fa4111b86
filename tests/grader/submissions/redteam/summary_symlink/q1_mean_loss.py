"""Red-team fixture: plants a symbolic link where the grader will append its Markdown summary
(a world-writable folder), pointing at a file the grader's user owns, so that the summary is
written there instead. The test writes ``hostile_paths.py`` (SUMMARY, SUMMARY_TARGET)."""
import os

from hostile_paths import SUMMARY, SUMMARY_TARGET


def _plant():
    try:
        if os.path.lexists(SUMMARY):
            os.unlink(SUMMARY)
        os.symlink(SUMMARY_TARGET, SUMMARY)
    except OSError as error:
        print(f"could not plant the link: {error}")


_plant()


def step_argument(batch_size, mean):
    _plant()
    return 0


def train_step(net, trainer, loss, X, y):
    raise NotImplementedError
