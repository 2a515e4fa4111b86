"""Checks of question 2: Huber's loss by hand and from Gluon, training with it, and the names
of the loss and initializer classes."""
import numpy as np
import pytest

from grader.checks import formulas
from grader.checks.verdict import CheckFailed, located, points, require_facts, require_ok

QUESTION = "q2_huber"

# Calibrated in tests/grader/test_grader_calibration.py (reference, L1 and rho-ignored answers
# stay 3 times below the tolerance; the squared loss is dragged 3 times beyond it).
TRAIN_BIAS_TOLERANCE = 1.0
TRAIN_WEIGHT_TOLERANCE = 1.0
# Not train's defaults, so that values written into the code instead of the arguments show.
TRAIN_ARGUMENTS = {"num_epochs": 3, "batch_size": 12, "lr": 0.04}
_ARRAY_KINDS = ("ndarray", "numpy", "sequence")


def _float32(array):
    return np.asarray(array, dtype=np.float32).astype(np.float64)


def loss_case(rng, rho, size=24):
    """Predictions and labels whose errors lie half below ``rho`` and half above both ``rho``
    and 1, so Huber, L2, L1 and Huber with the wrong ``rho`` all give different values.
    Returns the plain case, the errors and the predictions and labels as numbers."""
    below = rng.uniform(0.1, 0.9, size // 2) * rho
    above = rng.uniform(1.2, 4.0, size - size // 2) * max(rho, 1.0)
    errors = np.concatenate([below, above]) * rng.choice([-1.0, 1.0], size)
    rng.shuffle(errors)
    pred = _float32(rng.normal(0, 2, (size, 1)))
    label = _float32(pred[:, 0] - errors)
    return {"pred": pred.tolist(), "label": label.tolist()}, pred[:, 0] - label, (pred, label)


def _rho_not_one(rng):
    return float(rng.uniform(0.3, 0.7) if rng.random() < 0.5 else rng.uniform(1.6, 3.0))


def _loss_cases(rng):
    """One call with a ``rho`` away from 1 and one with the default."""
    rho = _rho_not_one(rng)
    cases, errors = [], []
    for rho_argument, rho_value in ((None, 1.0), (rho, rho)):
        case, error, (pred, label) = loss_case(rng, rho_value)
        case["rho"] = rho_argument
        cases.append(case)
        # Without reshaping, (N, 1) - (N,) broadcasts to (N, N); averaged per row it is this.
        broadcast = formulas.huber(pred - label[None, :], rho_value).mean(axis=1)
        errors.append((error, rho_value, broadcast))
    return cases, errors


SLOPE_STEP = 0.01  # errors stay at least 0.03 from the kink |e| = rho, so the slope is exact


@pytest.fixture(scope="module")
def huber_run(observe):
    rng = observe.rng("q2.huber")
    cases, errors = _loss_cases(rng)
    for case in cases:  # two random directions along which the slope is measured
        size = len(case["pred"])
        case["h"] = SLOPE_STEP
        case["directions"] = [_float32(rng.uniform(-1, 1, (size, 1))).tolist() for _ in range(2)]
    return (errors, cases), observe.call(QUESTION, "huber", {"cases": cases}, cpu_seconds=15)


def counterexample(kind, case, error, rho, values):
    """One example of the batch where ``values`` differ most from Huber's loss: its inputs, the
    expected value and the returned one (rendered by the catalogue's ``example_<kind>``)."""
    expected = formulas.huber(error, rho)
    observed = np.asarray(values, dtype=np.float64).ravel()
    difference = np.abs(observed - expected)
    index = int(np.argmax(np.where(np.isfinite(difference), difference, np.inf)))
    return {"example_kind": kind, "pred": f"{np.ravel(case['pred'])[index]:.6g}",
            "label": f"{np.ravel(case['label'])[index]:.6g}", "rho": f"{rho:.6g}",
            "error": f"{error[index]:.4g}", "expected": f"{expected[index]:.4g}",
            "got": f"{observed[index]:.4g}", "size": len(error)}


@points(3)
def check_huber_values(huber_run):
    (errors, cases), result = huber_run
    for (error, rho, broadcast), case, entry in zip(errors, cases, require_ok(result)):
        if entry["kind"] not in _ARRAY_KINDS or "values" not in entry:
            raise CheckFailed("q2.huber_not_array", type=entry.get("type", "?"))
        size = len(error)
        if entry["shape"] == [size, size]:
            raise CheckFailed("q2.huber_broadcast", size=size)
        if int(np.prod(entry["shape"])) != size:
            raise CheckFailed("q2.huber_shape", shape=tuple(entry["shape"]), size=size)
        values = entry["values"]
        if formulas.close(values, formulas.huber(error, rho)):
            continue
        if formulas.close(values, broadcast):
            raise CheckFailed("q2.huber_broadcast", size=size)
        example = counterexample("huber", case, error, rho, values)
        if formulas.close(values, formulas.squared(error)):
            raise CheckFailed("q2.huber_l2", **example)
        if formulas.close(values, formulas.absolute(error)):
            raise CheckFailed("q2.huber_l1", **example)
        if rho != 1.0 and formulas.close(values, formulas.huber(error, 1.0)):
            raise CheckFailed("q2.huber_rho_ignored", **example)
        raise CheckFailed("q2.huber_wrong", **example)


def slope_disagreement(entry, case):
    """How far the backward pass's gradient is from the slope the function's own values show
    along each direction (0 when they agree); None when there is nothing to compare."""
    gradient = entry.get("gradient")
    if gradient is None or len(gradient) != len(case["pred"]):
        return None
    worst = 0.0
    for direction, sums in zip(case["directions"], entry.get("shifted_sums") or []):
        if None in sums:
            return None
        slope = (sums[0] - sums[1]) / (2 * case["h"])
        along = float(np.dot(gradient, np.ravel(direction)))
        worst = max(worst, abs(slope - along) / max(1.0, abs(slope)))
    return worst


@points(1)
def check_huber_nd_ops(huber_run, observe):
    """Written with ``nd`` operations. Established from outside the learner's process, in two
    ways: the source (read before any of it ran) reaches no Gluon Huber loss and nothing that
    could hide one; and the gradient of the backward pass agrees with the slope of the
    function's own values (values computed elsewhere and wrapped in an NDArray have no such
    gradient). The sandbox's record of Gluon calls can only make it fail."""
    (_, cases), result = huber_run
    entries = require_ok(result)
    source = observe.source_facts(QUESTION).get("huber") or {}
    verdict = source.get("verdict")
    if verdict == "gluon":
        raise CheckFailed("q2.huber_uses_gluon", where_at=located(source.get("where")))
    if verdict == "unknown":
        raise CheckFailed("q2.huber_unverifiable", reason=source.get("reason", ""),
                          where_at=located(source.get("where")))
    if verdict != "clean":
        raise CheckFailed("common.grader_error", error="the source of huber was not read")
    for entry, case in zip(entries, cases):
        if entry.get("used_gluon_huber"):
            raise CheckFailed("q2.huber_uses_gluon", where_at="")
        if entry.get("kind") != "ndarray":
            raise CheckFailed("q2.huber_not_ndarray", type=entry.get("type", "?"))
        gradient = entry.get("gradient")
        if gradient is None or not np.any(np.asarray(gradient, dtype=np.float64) != 0):
            raise CheckFailed("q2.huber_not_differentiable")
        disagreement = slope_disagreement(entry, case)
        if disagreement is None or not disagreement < SLOPE_TOLERANCE:
            raise CheckFailed("q2.huber_gradient_wrong")


SLOPE_TOLERANCE = 0.02  # relative; float32 rounding over a step of 0.01 stays below 1e-3


@pytest.fixture(scope="module")
def make_loss_run(observe):
    cases, errors = _loss_cases(observe.rng("q2.make_loss"))
    return (errors, cases), observe.call(QUESTION, "make_loss", {"cases": cases},
                                         cpu_seconds=15)


@points(1)
def check_make_loss(make_loss_run):
    (errors, cases), result = make_loss_run
    for (error, rho, _), case, entry in zip(errors, cases, require_ok(result)):
        out = entry["values"] or {}
        values = out.get("values") if out.get("kind") in _ARRAY_KINDS else None
        right = values is not None and formulas.close(values, formulas.huber(error, rho))
        if entry["is_gluon_huber"] and right:
            continue
        if entry["type"] == "L2Loss" or (values is not None
                                         and formulas.close(values, formulas.squared(error))):
            raise CheckFailed("q2.make_loss_l2")
        if (entry["is_gluon_huber"] and values is not None
                and formulas.close(values, formulas.huber(error, 1.0))):
            raise CheckFailed("q2.make_loss_rho", rho=f"{rho:.3g}")
        if right:
            raise CheckFailed("q2.make_loss_not_builtin", type=entry["type"])
        example = counterexample("make_loss", case, error, rho, values) \
            if values is not None and len(values) == len(error) else {}
        raise CheckFailed("q2.make_loss_wrong", type=entry["type"], **example)


def make_outlier_data(rng, size=1000, outlier_share=0.1):
    """The chapter's synthetic data with fresh true parameters, where one label in ten is a
    large positive outlier (+30 to +50): the mean shifts by 3 to 5, the median hardly at all."""
    true_w = rng.uniform(1, 3, 2) * rng.choice([-1.0, 1.0], 2)
    true_b = float(rng.uniform(2, 5))
    features = _float32(rng.normal(size=(size, 2)))
    labels = features @ true_w + true_b + rng.normal(0, 0.01, size)
    outliers = rng.choice(size, int(outlier_share * size), replace=False)
    labels[outliers] += rng.uniform(30, 50, outliers.size)
    return {
        "features": features, "labels": _float32(labels), "true_w": true_w, "true_b": true_b,
        "rho": float(rng.uniform(0.5, 1.5)), "seed": int(rng.integers(2**31)),
    }


@pytest.fixture(scope="module")
def train_run(observe):
    data = make_outlier_data(observe.rng("q2.train"))
    args = {"features": data["features"].tolist(), "labels": data["labels"].tolist(),
            "rho": data["rho"], "seed": data["seed"], "arguments": TRAIN_ARGUMENTS}
    return data, observe.call(QUESTION, "train", args, cpu_seconds=120)


def train_errors(data, w, b):
    """Distance of a trained (w, b) from the true parameters: (bias error, weight error)."""
    return (abs(float(b) - data["true_b"]),
            float(np.max(np.abs(np.asarray(w, dtype=np.float64) - data["true_w"]))))


@points(3)
def check_train_robust(train_run):
    data, result = train_run
    value = require_ok(result)
    if not value["pair"]:
        raise CheckFailed("q2.train_bad_return", type=value.get("type", "?"))
    w, b = value["w"], value["b"]
    if (w.get("kind") not in _ARRAY_KINDS or len(w.get("values") or []) != 2
            or b.get("kind") not in _ARRAY_KINDS or len(b.get("values") or []) != 1):
        raise CheckFailed("q2.train_bad_return", type=f"({w.get('type')}, {b.get('type')})")
    _require_arguments_used(value, len(data["labels"]))
    bias_error, weight_error = train_errors(data, w["values"], b["values"][0])
    if bias_error < TRAIN_BIAS_TOLERANCE and weight_error < TRAIN_WEIGHT_TOLERANCE:
        return
    made = {loss["type"] for loss in value["losses_made"]}
    shown = {"bias_error": f"{bias_error:.3g}", "weight_error": f"{weight_error:.3g}"}
    if "L2Loss" in made and "HuberLoss" not in made and not value["used_gluon_huber"]:
        raise CheckFailed("q2.train_l2", **shown)
    raise CheckFailed("q2.train_not_robust", **shown)


def _require_arguments_used(value, examples):
    """``train`` made its trainer with ``lr`` and stepped once per minibatch of ``batch_size``
    for ``num_epochs`` epochs."""
    arguments = TRAIN_ARGUMENTS
    expected = arguments["num_epochs"] * -(-examples // arguments["batch_size"])
    if value.get("steps") != expected:
        raise CheckFailed("q2.train_arguments_ignored", examples=examples, expected=expected,
                          got=value.get("steps"), **{k: arguments[k]
                                                     for k in ("num_epochs", "batch_size")})
    rates = value.get("learning_rates") or []
    if rates and not all(rate is not None and np.isclose(rate, arguments["lr"]) for rate in rates):
        wrong = next(r for r in rates if r is None or not np.isclose(r, arguments["lr"]))
        raise CheckFailed("q2.train_lr_ignored", lr=arguments["lr"], got=wrong)


def _judge_names(value, facts, prefix):
    if value["names"] is None:
        raise CheckFailed("q2.names_not_collection", type=value["type"])
    if value.get("non_strings"):
        raise CheckFailed("q2.names_not_strings", count=value["non_strings"])
    names = set(value["names"])
    required, optional = set(facts["required"]), set(facts["optional"])
    missing = sorted(required - names)
    unknown = sorted(names - required - optional)
    if missing:
        raise CheckFailed(f"q2.{prefix}_missing", count=len(missing), total=len(required),
                          examples=", ".join(missing[:3]))
    if unknown:
        raise CheckFailed(f"q2.{prefix}_unknown", count=len(unknown),
                          examples=", ".join(unknown[:3]))


@points(1)
def check_loss_names(observe):
    facts = require_facts(observe, "loss_names")
    value = require_ok(observe.call(QUESTION, "loss_names", {}, cpu_seconds=15))
    _judge_names(value, facts, "loss_names")


@points(1)
def check_initializer_names(observe):
    facts = require_facts(observe, "initializer_names")
    value = require_ok(observe.call(QUESTION, "initializer_names", {}, cpu_seconds=15))
    _judge_names(value, facts, "initializer_names")
