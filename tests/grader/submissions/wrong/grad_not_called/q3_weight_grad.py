"""Fixture: wrong: weight_grad returns the grad method itself."""


def weight_grad(net):
    return net[0].weight.grad
