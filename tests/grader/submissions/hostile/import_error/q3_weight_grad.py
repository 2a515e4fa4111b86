"""Fixture: hostile: q1 imports a missing package; q2 and q3 are right."""


def weight_grad(net):
    return net[0].weight.grad()
