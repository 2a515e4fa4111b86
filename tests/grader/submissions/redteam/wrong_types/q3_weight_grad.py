"""Red-team fixture: every function returns a value of a type nobody expects."""


def weight_grad(net):
    return float("nan")
