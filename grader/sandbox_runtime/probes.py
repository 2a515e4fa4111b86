"""Probes: the code that runs the learner's functions inside a sandboxed child.

A probe builds the objects a function expects (nets, trainers, NDArrays) from plain inputs sent
by the checks, calls the learner's function, and reports plain observations (numbers, shapes,
class names). It never judges: verdicts are computed by the checks in another process, so a
submission that tampers with this process can only spoil its own observations.
"""
import numbers
import os
import random
import re
import traceback

import mxnet as mx
import numpy as np
from mxnet import autograd, gluon, init, nd
from mxnet.gluon import loss as gloss
from mxnet.gluon import nn

# The real classes, bound before any learner code runs (it might rebind the module attributes).
_NDARRAY = nd.NDArray
_PARAMETER = gluon.Parameter
_HUBER = gloss.HuberLoss
_LOSS = gloss.Loss
_MAX_VALUES = 100_000
LEARNER_DIR = None  # set by the child to the submission's folder, to locate errors in it

_instruments = {"huber_forward": False, "losses_made": []}


class LearnerFailure(Exception):
    """The learner's code did not give a usable answer; ``status`` names how."""

    def __init__(self, status, detail=None):
        super().__init__(status)
        self.status, self.detail = status, detail or {}


# Lines of an exception's message that say where, not what: MXNet's errors start with the C++
# traceback ("Traceback ...", "  File "../src/...", line N") and end with their cause.
_WHERE_LINES = re.compile(r'^(Traceback \(most recent call last\):|File "|\[bt\]|Stack trace)')
_MAX_ERROR, _MAX_FRAMES, _MAX_CODE = 600, 3, 120


def cause(error):
    """What went wrong, in the exception's own words, without its traceback lines."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    meaningful = [line for line in lines if not _WHERE_LINES.match(line)] or lines[:1]
    text = " ".join(meaningful)
    prefix = f"{type(error).__name__}: "
    return text[len(prefix):] if text.startswith(prefix) else text


def learner_frames(tb):
    """"file:line: code" for each frame of the learner's files, innermost last."""
    frames = []
    for frame in traceback.extract_tb(tb):
        if LEARNER_DIR and os.path.dirname(frame.filename) == LEARNER_DIR:
            code = (frame.line or "").strip()[:_MAX_CODE]
            frames.append((f"{os.path.basename(frame.filename)}:{frame.lineno}", code))
    return frames


def describe_error(error, module=None):
    """Plain description of an exception: its cause, and where in the learner's files it came
    from (file:line and the line of code, at most the three innermost frames)."""
    detail = {"error": f"{type(error).__name__}: {cause(error)}"[:_MAX_ERROR]}
    if module:
        detail["module"] = module
    if isinstance(error, SyntaxError) and error.filename:
        frames = [(f"{os.path.basename(error.filename)}:{error.lineno}",
                   (error.text or "").strip()[:_MAX_CODE])]
    else:
        frames = learner_frames(error.__traceback__)[-_MAX_FRAMES:]
    if frames:
        detail["where"] = frames[-1][0]
        detail["trace"] = "\n".join(f"  {where}: {code}" if code else f"  {where}"
                                    for where, code in frames)
    return detail


def call_learner(function, *args, **kwargs):
    """Call learner code, turning whatever it raises into a :class:`LearnerFailure`."""
    try:
        return function(*args, **kwargs)
    except NotImplementedError:
        raise LearnerFailure("not_attempted") from None
    except SystemExit as error:
        raise LearnerFailure("exited", {"code": str(error.code)}) from None
    except MemoryError:
        raise LearnerFailure("memory") from None
    except BaseException as error:  # noqa: BLE001 - anything at all from the learner
        raise LearnerFailure("crashed", describe_error(error)) from None


def learner_function(module, name):
    function = getattr(module, name, None)
    if not callable(function):
        raise LearnerFailure("missing_function", {"function": name})
    return function


def install_instruments():
    """Record uses of Gluon's HuberLoss (its Python forward, and calls of any instance, which a
    hybridized block answers without that forward) and every loss object made. Class-level
    patches, so they see the learner's instances too. A record kept in the learner's process
    can be wiped by it: checks use it only to *fail*, never to pass."""
    huber_forward = _HUBER.hybrid_forward
    block_call = _HUBER.__call__
    loss_init = _LOSS.__init__

    def recording_forward(self, *args, **kwargs):
        _instruments["huber_forward"] = True
        return huber_forward(self, *args, **kwargs)

    def recording_call(self, *args, **kwargs):
        _instruments["huber_forward"] = True
        return block_call(self, *args, **kwargs)

    def recording_init(self, *args, **kwargs):
        loss_init(self, *args, **kwargs)
        _instruments["losses_made"].append(self)

    _HUBER.hybrid_forward = recording_forward
    _HUBER.__call__ = recording_call
    _LOSS.__init__ = recording_init


# ----------------------------------------------------------------------------- plain conversions

def plain_number(value):
    if isinstance(value, bool):
        return {"kind": "bool", "value": value}
    if isinstance(value, numbers.Integral):
        return {"kind": "int", "value": int(value)}
    if isinstance(value, numbers.Real):
        return {"kind": "float", "value": float(value)}
    return {"kind": "other", "type": type(value).__name__}


def plain_array(value):
    """Kind, shape and values of something array-like the learner returned."""
    try:
        if isinstance(value, _NDARRAY):
            kind, array = "ndarray", value.asnumpy()
        elif isinstance(value, np.ndarray):
            kind, array = "numpy", value
        elif isinstance(value, _PARAMETER):
            return {"kind": "parameter", "type": type(value).__name__}
        elif callable(value):
            return {"kind": "callable", "type": type(value).__name__,
                    "name": str(getattr(value, "__name__", ""))[:80]}
        elif isinstance(value, (numbers.Real, list, tuple)) and not isinstance(value, bool):
            kind, array = "sequence", np.asarray(value, dtype=np.float64)
        else:
            return {"kind": "other", "type": type(value).__name__}
        array = np.asarray(array, dtype=np.float64)
    except LearnerFailure:
        raise
    except BaseException as error:  # noqa: BLE001 - odd objects from the learner
        raise LearnerFailure("bad_return", describe_error(error)) from None
    described = {"kind": kind, "type": type(value).__name__, "shape": list(array.shape)}
    if array.size <= _MAX_VALUES:
        described["values"] = array.ravel().tolist()
    return described


def _param_value(parameter, which):
    array = parameter.data() if which == "data" else parameter.grad()
    return array.asnumpy().astype(np.float64).ravel().tolist()


def _linear_net(data):
    """The chapter's net with known parameters, created now (so it gets the next name)."""
    net = nn.Sequential()
    net.add(nn.Dense(1))
    net.initialize(init.Normal(sigma=0.01))
    X = nd.array(data["X"])
    net(X)  # deferred initialisation needs one forward pass before set_data
    dense = net[0]
    dense.weight.set_data(nd.array([data["w0"]]))
    dense.bias.set_data(nd.array([data["b0"]]))
    return net, dense, X, nd.array(data["y"])


# ------------------------------------------------------------------------------------- probes

def probe_step_argument(module, args):
    step_argument = learner_function(module, "step_argument")
    return [plain_number(call_learner(step_argument, batch, mean)) for batch, mean in args["cases"]]


class _RecordingTrainer(gluon.Trainer):
    """A real Trainer that also notes what ``step``/``update`` were given."""

    calls = None

    def step(self, batch_size, ignore_stale_grad=False):
        self.calls.append({"method": "step", "batch_size": plain_number(batch_size)})
        return super().step(batch_size, ignore_stale_grad)

    def update(self, batch_size, ignore_stale_grad=False):
        self.calls.append({"method": "update", "batch_size": plain_number(batch_size)})
        return super().update(batch_size, ignore_stale_grad)


_STEP_LOSSES = {"l2": gloss.L2Loss, "l1": gloss.L1Loss}


def probe_train_step(module, args):
    """``train_step`` called once per step of ``args["steps"]`` on the same net and trainer,
    each with its own minibatch and loss; after each call, the parameters, their gradients,
    the trainer's learning rate and what ``step``/``update`` were given."""
    train_step = learner_function(module, "train_step")
    net, dense, _, _ = _linear_net(args)
    trainer = _RecordingTrainer(net.collect_params(), "sgd", {"learning_rate": args["lr"]})
    observed = []
    for step in args["steps"]:
        trainer.calls = []
        X, y = nd.array(step["X"]), nd.array(step["y"])
        call_learner(train_step, net, trainer, _STEP_LOSSES[step["loss"]](), X, y)
        rate = trainer.learning_rate
        observed.append({
            "w": _param_value(dense.weight, "data"), "b": _param_value(dense.bias, "data"),
            "grad_w": _param_value(dense.weight, "grad"),
            "grad_b": _param_value(dense.bias, "grad"),
            "learning_rate": float(rate) if isinstance(rate, numbers.Real) else None,
            "trainer_calls": trainer.calls[:20],
        })
    return observed


def probe_huber(module, args):
    huber = learner_function(module, "huber")
    observed = []
    for case in args["cases"]:
        pred, label = nd.array(case["pred"]), nd.array(case["label"])
        pred.attach_grad()
        kwargs = {} if case["rho"] is None else {"rho": case["rho"]}
        _instruments["huber_forward"] = False
        with autograd.record():
            out = call_learner(huber, pred, label, **kwargs)
        entry = plain_array(out)
        entry["used_gluon_huber"] = _instruments["huber_forward"]
        entry["gradient"] = None  # d(sum of the outputs) / d(pred), as the backward pass gives
        if isinstance(out, _NDARRAY):
            try:
                out.backward()
                entry["gradient"] = pred.grad.asnumpy().astype(np.float64).ravel().tolist()
            except BaseException:  # noqa: BLE001 - not part of a recorded graph
                pass
        # The same sum at pred +/- h * direction: the checks compare the slope these give with
        # the gradient above (a function and its backward pass must agree).
        entry["shifted_sums"] = [
            [_output_sum(huber, pred + sign * case["h"] * nd.array(direction), label, kwargs)
             for sign in (1.0, -1.0)]
            for direction in case.get("directions", [])]
        observed.append(entry)
    return observed


def _output_sum(huber, pred, label, kwargs):
    out = call_learner(huber, pred, label, **kwargs)
    try:
        return float(np.asarray(out.asnumpy() if isinstance(out, _NDARRAY) else out,
                                dtype=np.float64).sum())
    except BaseException:  # noqa: BLE001 - values the other checks already report
        return None


def probe_make_loss(module, args):
    make_loss = learner_function(module, "make_loss")
    observed = []
    for case in args["cases"]:
        kwargs = {} if case["rho"] is None else {"rho": case["rho"]}
        loss = call_learner(make_loss, **kwargs)
        rho = getattr(loss, "_rho", None)
        entry = {
            "type": type(loss).__name__, "module": type(loss).__module__,
            "is_gluon_huber": isinstance(loss, _HUBER), "is_gluon_loss": isinstance(loss, _LOSS),
            "rho": float(rho) if isinstance(rho, numbers.Real) else None,
            "values": None,
        }
        if callable(loss):
            out = call_learner(loss, nd.array(case["pred"]), nd.array(case["label"]))
            entry["values"] = plain_array(out)
        observed.append(entry)
    return observed


def _count_training(record):
    """Count ``Trainer.step``/``update`` calls and note the learning rate of every Trainer made
    (class-level, so the learner's trainers count too)."""
    trainer_init, trainer_step, trainer_update = (gluon.Trainer.__init__, gluon.Trainer.step,
                                                   gluon.Trainer.update)

    def init(self, *args, **kwargs):
        trainer_init(self, *args, **kwargs)
        rate = self.learning_rate
        record["learning_rates"].append(float(rate) if isinstance(rate, numbers.Real) else None)

    def step(self, *args, **kwargs):
        record["steps"] += 1
        return trainer_step(self, *args, **kwargs)

    def update(self, *args, **kwargs):
        record["steps"] += 1
        return trainer_update(self, *args, **kwargs)

    gluon.Trainer.__init__, gluon.Trainer.step, gluon.Trainer.update = init, step, update


def probe_train(module, args):
    train = learner_function(module, "train")
    seed = args["seed"]
    random.seed(seed)
    np.random.seed(seed)  # DataLoader(shuffle=True) draws from numpy's global generator
    mx.random.seed(seed)
    _instruments["losses_made"].clear()
    _instruments["huber_forward"] = False
    record = {"steps": 0, "learning_rates": []}
    _count_training(record)
    features, labels = nd.array(args["features"]), nd.array(args["labels"])
    answer = call_learner(train, features, labels, rho=args["rho"], **args["arguments"])
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return {"pair": False, "type": type(answer).__name__}
    losses = [{"type": type(loss).__name__,
               "rho": float(loss._rho) if isinstance(getattr(loss, "_rho", None), numbers.Real)
               else None}
              for loss in _instruments["losses_made"][:20]]
    return {"pair": True, "w": plain_array(answer[0]), "b": plain_array(answer[1]),
            "losses_made": losses, "used_gluon_huber": _instruments["huber_forward"],
            "steps": record["steps"], "learning_rates": record["learning_rates"][:20]}


def _names_probe(function_name):
    def probe(module, args):
        names = call_learner(learner_function(module, function_name))
        described = {"type": type(names).__name__, "names": None}
        if isinstance(names, (set, frozenset, list, tuple)):  # the docstring's contract
            items = list(names)[:10_000]
            strings = sorted({item for item in items if isinstance(item, str)})
            described.update(names=strings, non_strings=sum(not isinstance(i, str) for i in items))
        return described
    return probe


def probe_weight_grad(module, args):
    weight_grad = learner_function(module, "weight_grad")

    def attempt(net):
        try:
            return {"status": "ok", "value": plain_array(call_learner(weight_grad, net))}
        except LearnerFailure as failure:
            return {"status": failure.status, "detail": failure.detail}

    first_net = _linear_net(args["first"])[0]
    _backward(first_net, args["first"])
    first = attempt(first_net)
    for other in args["others"]:  # these advance the global name counter
        _backward(_linear_net(other)[0], other)
    later_net = _linear_net(args["later"])[0]
    _backward(later_net, args["later"])
    later = attempt(later_net)
    return {"first": first, "later": later,
            "names": [first_net[0].weight.name, later_net[0].weight.name]}


def _backward(net, data):
    X, y = nd.array(data["X"]), nd.array(data["y"])
    with autograd.record():
        loss = gloss.L2Loss()(net(X), y)
    loss.backward()


PROBES = {
    ("q1_mean_loss", "step_argument"): probe_step_argument,
    ("q1_mean_loss", "train_step"): probe_train_step,
    ("q2_huber", "huber"): probe_huber,
    ("q2_huber", "make_loss"): probe_make_loss,
    ("q2_huber", "train"): probe_train,
    ("q2_huber", "loss_names"): _names_probe("loss_names"),
    ("q2_huber", "initializer_names"): _names_probe("initializer_names"),
    ("q3_weight_grad", "weight_grad"): probe_weight_grad,
}


def run_probe(module_name, probe_name, learner_module, args):
    try:
        probe = PROBES[(module_name, probe_name)]
    except KeyError:
        raise LearnerFailure("grader_error", {"error": f"no probe {module_name}.{probe_name}"})
    return probe(learner_module, args)
