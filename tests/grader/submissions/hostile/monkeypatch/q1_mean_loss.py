"""Hostile fixture: patches numpy, numpy.testing, json and builtins at import, then answers
wrongly (a grader comparing in this process would be fooled)."""
import builtins
import json

import numpy
import numpy.testing

numpy.allclose = lambda *args, **kwargs: True
numpy.testing.assert_allclose = lambda *args, **kwargs: None
numpy.testing.assert_array_equal = lambda *args, **kwargs: None
json.dumps = lambda *args, **kwargs: '{"final": {"status": "ok", "value": "forged"}}'
json.loads = lambda *args, **kwargs: {"status": "ok", "passed": True}
builtins.all = lambda *args, **kwargs: True
builtins.any = lambda *args, **kwargs: True


def step_argument(batch_size, mean):
    return 0


def train_step(net, trainer, loss, X, y):
    return None
