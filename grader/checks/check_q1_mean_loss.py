"""Checks of question 1: ``.mean()`` of the loss and the argument of ``trainer.step``.

``train_step`` is judged by what it does, step after step, to one net and one trainer: the
gradient it leaves in the parameters, the update it makes, and the trainer's learning rate
afterwards. It is called twice, with two minibatches of different sizes and two losses (the
squared loss, then the absolute one), so a learning rate changed for good or a loss argument
left unused shows.
"""
import numpy as np
import pytest

from grader.checks import formulas
from grader.checks.verdict import CheckFailed, points, require_ok

QUESTION = "q1_mean_loss"
STEP_LOSSES = ("l2", "l1")  # the losses of the successive calls (Gluon's L2Loss, L1Loss)
_LOSS_NAMES = {"l2": "L2Loss", "l1": "L1Loss"}


def _float32(array):
    """Round to float32 so the numpy expectation starts from MXNet's exact numbers."""
    return np.asarray(array, dtype=np.float32).astype(np.float64)


def _number(answer):
    """An int, or a float equal to an int (the docstring allows both); else None."""
    if answer.get("kind") == "int":
        return answer["value"]
    if answer.get("kind") == "float" and float(answer["value"]).is_integer():
        return int(answer["value"])
    return None


def _shown(answer):
    return repr(answer["value"]) if "value" in answer else answer.get("type", "?")


@pytest.fixture(scope="module")
def step_answers(observe):
    rng = observe.rng("q1.step_argument")
    batches = sorted(int(b) for b in rng.choice(np.arange(2, 513), size=3, replace=False))
    cases = [[batch, False] for batch in batches] + [[batch, True] for batch in batches]
    return cases, observe.call(QUESTION, "step_argument", {"cases": cases}, cpu_seconds=15)


def _answers(result, cases):
    answers = require_ok(result)
    if not isinstance(answers, list) or len(answers) != len(cases):
        raise CheckFailed("common.bad_result", error="unexpected number of answers")
    return zip(cases, answers)


@points(1)
def check_step_argument_sum(step_answers):
    cases, result = step_answers
    for (batch, mean), answer in _answers(result, cases):
        if mean or _number(answer) == batch:
            continue
        if _number(answer) == 1:
            raise CheckFailed("q1.step_sum_one", batch=batch)
        raise CheckFailed("q1.step_sum_wrong", batch=batch, got=_shown(answer))


@points(1)
def check_step_argument_mean(step_answers):
    cases, result = step_answers
    for (batch, mean), answer in _answers(result, cases):
        if not mean or _number(answer) == 1:
            continue
        if _number(answer) == batch:
            raise CheckFailed("q1.step_mean_unchanged", batch=batch)
        raise CheckFailed("q1.step_mean_wrong", batch=batch, got=_shown(answer))


def _minibatch(rng, batch, true_w, true_b):
    X = _float32(rng.normal(size=(batch, 2)))
    y = _float32(X @ true_w + true_b + rng.normal(0, 0.5, batch))
    return X, y


@pytest.fixture(scope="module")
def train_step_run(observe):
    rng = observe.rng("q1.train_step")
    batches = [int(b) for b in rng.choice(np.arange(6, 17), size=len(STEP_LOSSES), replace=False)]
    lr = float(rng.uniform(0.02, 0.2))
    true_w, true_b = rng.uniform(-3, 3, 2), float(rng.uniform(-2, 2))
    steps = []
    for batch, loss in zip(batches, STEP_LOSSES):
        X, y = _minibatch(rng, batch, true_w, true_b)
        steps.append({"X": X, "y": y, "loss": loss, "batch": batch})
    w0, b0 = _float32(rng.normal(size=2)), float(_float32(rng.normal()))
    args = {"X": steps[0]["X"].tolist(), "y": steps[0]["y"].tolist(), "w0": w0.tolist(),
            "b0": b0, "lr": lr,
            "steps": [{"X": s["X"].tolist(), "y": s["y"].tolist(), "loss": s["loss"]}
                      for s in steps]}
    result = observe.call(QUESTION, "train_step", args, cpu_seconds=30)
    return {"lr": lr, "steps": steps, "start": np.append(w0, b0)}, result


def _observed_steps(expected, result):
    """Per call: the state before it, what it left, and the mean gradients of both losses at
    the state before it (computed here, in float64)."""
    observed = require_ok(result)
    if not isinstance(observed, list) or len(observed) != len(expected["steps"]):
        raise CheckFailed("common.bad_result", error="unexpected number of steps")
    before = expected["start"]
    for step, seen in zip(expected["steps"], observed):
        after = np.array(seen["w"] + seen["b"], dtype=np.float64)
        gradient = np.array(seen["grad_w"] + seen["grad_b"], dtype=np.float64)
        means = {loss: formulas.linear_mean_gradient(loss, step["X"], step["y"], before[:2],
                                                     before[2]) for loss in STEP_LOSSES}
        yield step, seen, before, after, gradient, means
        before = after


@points(2)
def check_train_step_mean_objective(train_step_run):
    """The gradient left in the parameters is that of the *mean* of the given loss."""
    expected, result = train_step_run
    for step, _, before, after, gradient, means in _observed_steps(expected, result):
        batch, mean = step["batch"], means[step["loss"]]
        if formulas.close(gradient, mean):
            continue
        update = before - after
        if formulas.close(gradient, batch * mean):
            if formulas.close(update, expected["lr"] * mean, atol=1e-6):
                raise CheckFailed("q1.chapter_unchanged", batch=batch)
            raise CheckFailed("q1.mean_missing", batch=batch)
        other = means["l2" if step["loss"] == "l1" else "l1"]
        if formulas.close(gradient, other) or formulas.close(gradient, batch * other):
            raise CheckFailed("q1.loss_ignored", loss=_LOSS_NAMES[step["loss"]])
        if np.allclose(gradient, 0.0, atol=1e-7):
            raise CheckFailed("q1.no_backward")
        raise CheckFailed("q1.wrong_gradient", loss=_LOSS_NAMES[step["loss"]],
                          expected=f"{mean[0]:.4g}", got=f"{gradient[0]:.4g}")


@points(2)
def check_train_step_step_one(train_step_run):
    """The update is the learning rate times the gradient left behind (``step(1)``), and the
    trainer's learning rate is what it was."""
    expected, result = train_step_run
    lr = expected["lr"]
    for step, seen, before, after, gradient, means in _observed_steps(expected, result):
        batch = step["batch"]
        rate = seen.get("learning_rate")
        if rate is None or not np.isclose(rate, lr, rtol=1e-6):
            raise CheckFailed("q1.lr_changed", lr=f"{lr:.4g}", got=_rate(rate))
        if np.allclose(gradient, 0.0, atol=1e-7):
            raise CheckFailed("q1.no_backward")
        update = before - after
        if formulas.close(update, lr * gradient, atol=1e-6):
            continue
        if formulas.close(update, lr * gradient / batch, atol=1e-6):
            if formulas.close(gradient, batch * means[step["loss"]]):
                raise CheckFailed("q1.step_follows_chapter", batch=batch)
            raise CheckFailed("q1.step_not_changed", batch=batch)
        if np.allclose(update, 0.0, atol=1e-7):
            raise CheckFailed("q1.no_update")
        steps = [call.get("batch_size", {}).get("value", "?") for call in
                 seen.get("trainer_calls", [])]
        raise CheckFailed("q1.wrong_update", steps=", ".join(map(str, steps)) or "-",
                          expected=f"{lr * gradient[0]:.4g}", got=f"{update[0]:.4g}")


def _rate(rate):
    return "?" if rate is None else f"{rate:.4g}"
