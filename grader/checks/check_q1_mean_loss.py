"""Checks of question 1: ``.mean()`` of the loss and the argument of ``trainer.step``."""
import numpy as np
import pytest

from grader.checks import formulas
from grader.checks.verdict import CheckFailed, points, require_ok

QUESTION = "q1_mean_loss"


def _float32(array):
    """Round to float32 so the numpy expectation starts from MXNet's exact numbers."""
    return np.asarray(array, dtype=np.float32).astype(np.float64)


def _number(answer):
    return answer.get("value") if answer.get("kind") in ("int", "float") else None


def _shown(answer):
    return repr(answer["value"]) if "value" in answer else answer.get("type", "?")


@pytest.fixture(scope="module")
def step_answers(observe):
    rng = observe.rng("q1.step_argument")
    batches = sorted(int(b) for b in rng.choice(np.arange(2, 513), size=3, replace=False))
    cases = [[batch, False] for batch in batches] + [[batch, True] for batch in batches]
    return cases, observe.call(QUESTION, "step_argument", {"cases": cases}, timeout=15)


@points(1)
def check_step_argument_sum(step_answers):
    cases, result = step_answers
    for (batch, mean), answer in zip(cases, require_ok(result)):
        if mean or _number(answer) == batch:
            continue
        if _number(answer) == 1:
            raise CheckFailed("q1.step_sum_one", batch=batch)
        raise CheckFailed("q1.step_sum_wrong", batch=batch, got=_shown(answer))


@points(1)
def check_step_argument_mean(step_answers):
    cases, result = step_answers
    for (batch, mean), answer in zip(cases, require_ok(result)):
        if not mean or _number(answer) == 1:
            continue
        if _number(answer) == batch:
            raise CheckFailed("q1.step_mean_unchanged", batch=batch)
        raise CheckFailed("q1.step_mean_wrong", batch=batch, got=_shown(answer))


@pytest.fixture(scope="module")
def train_step_run(observe):
    rng = observe.rng("q1.train_step")
    batch = int(rng.integers(6, 17))
    lr = float(rng.uniform(0.02, 0.2))
    X = _float32(rng.normal(size=(batch, 2)))
    y = _float32(X @ rng.uniform(-3, 3, 2) + rng.uniform(-2, 2) + rng.normal(0, 0.1, batch))
    w0, b0 = _float32(rng.normal(size=2)), float(_float32(rng.normal()))
    args = {"X": X.tolist(), "y": y.tolist(), "w0": w0.tolist(), "b0": b0, "lr": lr}
    result = observe.call(QUESTION, "train_step", args, timeout=30)
    grad_w, grad_b = formulas.linear_l2_gradients(X, y, w0, b0)
    expected = {
        "batch": batch, "lr": lr, "before": np.append(w0, b0),
        "mean_gradient": np.append(grad_w, grad_b) / batch,
    }
    return expected, result


def _observed(value):
    gradient = np.array(value["grad_w"] + value["grad_b"])
    after = np.array(value["w"] + value["b"])
    steps = [call["batch_size"].get("value", "?") for call in value["trainer_calls"]]
    return gradient, after, steps


@points(2)
def check_train_step_mean_objective(train_step_run):
    """The gradient left in the parameters is that of the *mean* loss."""
    expected, result = train_step_run
    gradient, _, steps = _observed(require_ok(result))
    batch, mean_gradient = expected["batch"], expected["mean_gradient"]
    if formulas.close(gradient, mean_gradient):
        return
    if formulas.close(gradient, batch * mean_gradient):
        if steps == [batch]:
            raise CheckFailed("q1.chapter_unchanged", batch=batch)
        raise CheckFailed("q1.mean_missing", batch=batch)
    if np.allclose(gradient, 0.0):
        raise CheckFailed("q1.no_backward")
    raise CheckFailed("q1.wrong_gradient")


@points(2)
def check_train_step_step_one(train_step_run):
    """The update is the learning rate times the gradient left behind: ``step(1)``."""
    expected, result = train_step_run
    gradient, after, steps = _observed(require_ok(result))
    batch, lr = expected["batch"], expected["lr"]
    update = expected["before"] - after
    if np.allclose(gradient, 0.0, atol=1e-7):
        raise CheckFailed("q1.no_backward")
    if formulas.close(update, lr * gradient, atol=1e-6):
        return
    if formulas.close(update, lr * gradient / batch, atol=1e-6):
        raise CheckFailed("q1.step_not_changed", batch=batch)
    if np.allclose(update, 0.0, atol=1e-7):
        raise CheckFailed("q1.no_update")
    raise CheckFailed("q1.wrong_update", steps=", ".join(map(str, steps)) or "-")
