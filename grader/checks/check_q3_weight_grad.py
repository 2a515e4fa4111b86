"""Checks of question 3: the gradient of ``dense.weight``."""
import numpy as np
import pytest

from grader.checks import formulas
from grader.checks.verdict import CheckFailed, points, require_ok

QUESTION = "q3_weight_grad"
OTHER_NETS = 3  # nets made between the two under test, so parameter names differ


def _float32(array):
    return np.asarray(array, dtype=np.float32).astype(np.float64)


def _net_data(rng):
    batch = int(rng.integers(4, 9))
    X = _float32(rng.normal(size=(batch, 2)))
    return {"X": X, "y": _float32(rng.normal(0, 3, batch)),
            "w0": _float32(rng.normal(size=2)), "b0": float(_float32(rng.normal()))}


def _plain(data):
    return {key: value.tolist() if isinstance(value, np.ndarray) else value
            for key, value in data.items()}


def classify(answer, data):
    """What a returned value is: the weight's gradient or value, the bias's, or else."""
    if answer["kind"] in ("callable", "parameter"):
        return answer["kind"]
    values = answer.get("values")
    if values is None:
        return "other"
    grad_w, grad_b = formulas.linear_l2_gradients(data["X"], data["y"], data["w0"], data["b0"])
    if formulas.close(values, grad_w):
        return "grad"
    if formulas.close(values, data["w0"]):
        return "data"
    if formulas.close(values, [grad_b]) or formulas.close(values, [data["b0"]]):
        return "bias"
    return "other"


@pytest.fixture(scope="module")
def weight_grad_run(observe):
    rng = observe.rng("q3.weight_grad")
    nets = [_net_data(rng) for _ in range(OTHER_NETS + 2)]
    args = {"first": _plain(nets[0]), "others": [_plain(n) for n in nets[1:-1]],
            "later": _plain(nets[-1])}
    return nets, observe.call(QUESTION, "weight_grad", args, cpu_seconds=20)


_WRONG_KIND_KEYS = {
    "data": "q3.data_not_grad", "bias": "q3.bias_not_weight",
    "callable": "q3.grad_not_called", "parameter": "q3.returns_parameter",
    "other": "q3.wrong_values",
}


@points(3)
def check_weight_grad_values(weight_grad_run):
    """On the first net made in a fresh process, the answer is the weight's gradient."""
    nets, result = weight_grad_run
    answer = require_ok(require_ok(result)["first"])
    kind = classify(answer, nets[0])
    if kind != "grad":
        raise CheckFailed(_WRONG_KIND_KEYS[kind], type=answer.get("type", "?"))
    if answer["kind"] != "ndarray":
        raise CheckFailed("q3.not_ndarray", type=answer.get("type", "?"))


@points(1)
def check_weight_grad_any_net(weight_grad_run):
    """On a net made after others (other parameter names), the answer is of the same kind as
    on the first net: the function does not depend on names. A mistake already charged by the
    values check is not charged again here."""
    nets, result = weight_grad_run
    value = require_ok(result)
    first_kind = classify(require_ok(value["first"]), nets[0])
    later = value["later"]
    if later["status"] != "ok":
        error = (later.get("detail") or {}).get("error", later["status"])
        raise CheckFailed("q3.relies_on_names", error=str(error)[:300])
    later_kind = classify(later["value"], nets[-1])
    if first_kind == "other":
        raise CheckFailed("q3.any_net_unjudged")
    if later_kind == first_kind:
        return
    if any(classify(later["value"], other) != "other" for other in nets[:-1]):
        raise CheckFailed("q3.other_net")
    raise CheckFailed("q3.relies_on_names", error="")
