"""Fixture: wrong: make_loss does not pass rho on."""


def weight_grad(net):
    return net[0].weight.grad()
