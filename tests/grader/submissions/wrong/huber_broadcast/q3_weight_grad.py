"""Fixture: wrong: huber forgets to reshape label like pred."""


def weight_grad(net):
    return net[0].weight.grad()
