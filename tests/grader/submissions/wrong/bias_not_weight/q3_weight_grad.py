"""Fixture: wrong: weight_grad returns the bias's gradient."""


def weight_grad(net):
    return net[0].bias.grad()
