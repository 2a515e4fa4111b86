"""Fixture: wrong: make_loss returns L2Loss."""


def weight_grad(net):
    return net[0].weight.grad()
