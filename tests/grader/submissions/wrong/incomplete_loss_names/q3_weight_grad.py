"""Fixture: wrong: three loss names are missing."""


def weight_grad(net):
    return net[0].weight.grad()
