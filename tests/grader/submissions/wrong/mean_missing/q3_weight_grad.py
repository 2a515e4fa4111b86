"""Fixture: wrong: trainer.step(1) on the summed loss (no .mean())."""


def weight_grad(net):
    return net[0].weight.grad()
