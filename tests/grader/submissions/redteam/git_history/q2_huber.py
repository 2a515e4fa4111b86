"""Red-team fixture: executes the reference answer read from the grader repository's .git
(`git show HEAD:solutions/q2_huber.py`); stubs if that is out of reach."""
from _reference import reference_source

_SOURCE = reference_source("q2_huber")
if _SOURCE.strip():
    exec(compile(_SOURCE, "reference", "exec"), globals())
else:
    def huber(pred, label, rho=1.0):
        raise NotImplementedError

    def make_loss(rho=1.0):
        raise NotImplementedError

    def train(features, labels, rho=1.0, num_epochs=3, batch_size=10, lr=0.03):
        raise NotImplementedError

    def loss_names():
        raise NotImplementedError

    def initializer_names():
        raise NotImplementedError
