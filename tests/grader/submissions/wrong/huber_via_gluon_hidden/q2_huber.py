"""Fixture: wrong: huber calls Gluon's HuberLoss, then wipes the grader's in-process record
of that call (any module holding a ``huber_forward`` flag). Only the source shows it."""
import inspect
import sys

import mxnet as mx
from mxnet import autograd, gluon, init, nd
from mxnet.gluon import data as gdata
from mxnet.gluon import loss as gloss
from mxnet.gluon import nn


def huber(pred, label, rho=1.0):
    out = gloss.HuberLoss(rho=rho)(pred, label)
    for module in list(sys.modules.values()):
        for value in list(vars(module).values()) if hasattr(module, "__dict__") else []:
            if isinstance(value, dict) and "huber_forward" in value:
                value["huber_forward"] = False
    return out


def make_loss(rho=1.0):
    return gloss.HuberLoss(rho=rho)


def train(features, labels, rho=1.0, num_epochs=3, batch_size=10, lr=0.03):
    data_iter = gdata.DataLoader(gdata.ArrayDataset(features, labels), batch_size, shuffle=True)
    net = nn.Sequential()
    net.add(nn.Dense(1))
    net.initialize(init.Normal(sigma=0.01))
    loss = gloss.HuberLoss(rho=rho)
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': lr})
    for _ in range(num_epochs):
        for X, y in data_iter:
            with autograd.record():
                batch_loss = loss(net(X), y)
            batch_loss.backward()
            trainer.step(batch_size)
    return net[0].weight.data().asnumpy().reshape(-1), float(net[0].bias.data().asscalar())


def _names(module, base):
    return {name for name, obj in vars(module).items()
            if inspect.isclass(obj) and issubclass(obj, base) and obj is not base}


def loss_names():
    return _names(gloss, gloss.Loss)


def initializer_names():
    return _names(mx.init, mx.init.Initializer)
