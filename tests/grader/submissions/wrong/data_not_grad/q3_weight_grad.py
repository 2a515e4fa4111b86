"""Fixture: wrong: weight_grad returns weight.data()."""


def weight_grad(net):
    return net[0].weight.data()
