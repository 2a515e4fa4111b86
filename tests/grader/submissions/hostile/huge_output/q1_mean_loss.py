"""Hostile fixture: prints about 200 MB through print(), then answers wrongly."""
import sys

for _ in range(200):
    print("x" * 1_000_000)
    print("y" * 1_000_000, file=sys.stderr)


def step_argument(batch_size, mean):
    print("z" * 10_000_000)
    return 0


def train_step(net, trainer, loss, X, y):
    return None
