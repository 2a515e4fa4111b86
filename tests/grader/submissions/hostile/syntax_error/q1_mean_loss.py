"""Hostile fixture: a syntax error."""


def step_argument(batch_size, mean)
    return 1 if mean else batch_size
