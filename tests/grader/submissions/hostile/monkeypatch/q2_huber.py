"""Hostile fixture: patches MXNet (NDArray conversion, HuberLoss, Trainer) and returns junk."""
import mxnet as mx
from mxnet import gluon, nd
from mxnet.gluon import loss as gloss
import numpy as np

nd.NDArray.asnumpy = lambda self: np.zeros(self.shape)
gloss.HuberLoss.hybrid_forward = lambda self, F, pred, label, sample_weight=None: pred * 0
gluon.Trainer.step = lambda self, *args, **kwargs: None
isinstance_real = isinstance


def huber(pred, label, rho=1.0):
    return pred * 0


def make_loss(rho=1.0):
    return gloss.L1Loss()


def train(features, labels, rho=1.0, num_epochs=3, batch_size=10, lr=0.03):
    return np.zeros(2), 0.0


def loss_names():
    return {"L2Loss"}


def initializer_names():
    return {"Normal"}
