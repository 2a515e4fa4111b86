"""Red-team fixture: executes the reference answer read from the grader repository's .git
(`git show HEAD:solutions/q1_mean_loss.py`); stubs if that is out of reach."""
from _reference import reference_source

_SOURCE = reference_source("q1_mean_loss")
if _SOURCE.strip():
    exec(compile(_SOURCE, "reference", "exec"), globals())
else:
    def step_argument(batch_size, mean):
        raise NotImplementedError

    def train_step(net, trainer, loss, X, y):
        raise NotImplementedError
