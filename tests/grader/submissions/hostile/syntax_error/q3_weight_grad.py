"""Fixture: hostile: q1 has a syntax error; q2 and q3 are right."""


def weight_grad(net):
    return net[0].weight.grad()
