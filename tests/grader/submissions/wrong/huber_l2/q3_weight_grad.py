"""Fixture: wrong: huber computes the squared (L2) loss."""


def weight_grad(net):
    return net[0].weight.grad()
