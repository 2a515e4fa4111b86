"""Fixture: wrong: huber computes the absolute (L1) loss."""


def weight_grad(net):
    return net[0].weight.grad()
