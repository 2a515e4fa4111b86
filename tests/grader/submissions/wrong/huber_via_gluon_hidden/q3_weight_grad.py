"""Fixture: wrong: huber just calls Gluon's HuberLoss."""


def weight_grad(net):
    return net[0].weight.grad()
