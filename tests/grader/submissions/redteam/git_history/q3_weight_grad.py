"""Red-team fixture: executes the reference answer read from the grader repository's .git
(`git show HEAD:solutions/q3_weight_grad.py`); stubs if that is out of reach."""
from _reference import reference_source

_SOURCE = reference_source("q3_weight_grad")
if _SOURCE.strip():
    exec(compile(_SOURCE, "reference", "exec"), globals())
else:
    def weight_grad(net):
        raise NotImplementedError
