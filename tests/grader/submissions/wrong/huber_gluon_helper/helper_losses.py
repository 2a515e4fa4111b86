"""Fixture helper: a robust loss that is Gluon's own, hybridized and traced here, at import, so
that no Python-level forward of HuberLoss runs while ``huber`` is called."""
from mxnet import nd
from mxnet.gluon import loss

_block = loss.HuberLoss()
_block.hybridize()
_block(nd.ones((2, 1)), nd.ones((2,)))


def robust(pred, label, rho):
    # Huber with rho equals rho times Huber with 1 of the errors divided by rho.
    return rho * _block(pred / rho, label / rho)
