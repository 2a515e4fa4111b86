"""One contract: what the exercises' docstrings say the grader accepts, it accepts; what they
say it does not, fails with a message saying what was expected."""
import json
import shutil

import pytest

from grader_testlib import REPO, run_grader

pytestmark = pytest.mark.timeout(900)


def _grade(tmp_path, question, module, old, new):
    """Grade ``question`` of the reference answers with ``old`` replaced by ``new``."""
    submission = tmp_path / "submission"
    shutil.copytree(REPO / "solutions", submission, ignore=shutil.ignore_patterns("__pycache__"))
    path = submission / f"{module}.py"
    source = path.read_text()
    assert old in source
    path.write_text(source.replace(old, new))
    outcomes = tmp_path / "outcomes.json"
    process = run_grader("grade", "--submission", submission, "--question", question,
                         "--results", tmp_path / "results.json", "--outcomes", outcomes,
                         "--lang", "en")
    assert process.returncode in (0, 1), process.stderr[-2000:]
    return {c["id"]: c for c in json.loads(outcomes.read_text())["checks"]}


@pytest.mark.parametrize(("question", "old", "new"), [
    # step_argument: "an integer (a float equal to one, such as 1.0, is accepted too)"
    ("q1_mean_loss", "return 1 if mean else batch_size",
     "return 1.0 if mean else float(batch_size)"),
    # train: "an NDArray or a list of two numbers for the weight, any number for the bias"
    ("q2_huber", "return dense.weight.data().asnumpy().reshape(-1), float(dense.bias.data()"
                 ".asscalar())",
     "return dense.weight.data().reshape(-1), dense.bias.data()"),
    # loss_names, initializer_names: "a list or a tuple is accepted too"
    ("q2_huber", "return _class_names(gloss, gloss.Loss)",
     "return sorted(_class_names(gloss, gloss.Loss))"),
])
def test_what_the_docstrings_accept_passes(tmp_path, question, old, new):
    module = question
    checks = _grade(tmp_path, question, module, old, new)
    assert all(c["passed"] for c in checks.values()), [
        (c["id"], c["key"]) for c in checks.values() if not c["passed"]]


@pytest.mark.parametrize(("question", "old", "new", "check", "key"), [
    # weight_grad: "Return the NDArray itself (a NumPy array is not accepted)"
    ("q3_weight_grad", "return net[0].weight.grad()", "return net[0].weight.grad().asnumpy()",
     "q3_weight_grad.weight_grad_values", "q3.not_ndarray"),
    # loss_names: a set (or a list or tuple), not a dict
    ("q2_huber", "return _class_names(gloss, gloss.Loss)",
     "return dict.fromkeys(_class_names(gloss, gloss.Loss))",
     "q2_huber.loss_names", "q2.names_not_collection"),
    # train: "Use the arguments num_epochs, batch_size and lr"
    ("q2_huber", "{'learning_rate': lr}", "{'learning_rate': 0.03}",
     "q2_huber.train_robust", "q2.train_lr_ignored"),
    ("q2_huber", "gdata.DataLoader(dataset, batch_size, shuffle=True)",
     "gdata.DataLoader(dataset, 10, shuffle=True)",
     "q2_huber.train_robust", "q2.train_arguments_ignored"),
])
def test_what_they_do_not_accept_fails_with_its_message(tmp_path, question, old, new, check,
                                                        key):
    checks = _grade(tmp_path, question, question, old, new)
    assert checks[check]["key"] == key
    assert [c["id"] for c in checks.values() if not c["passed"]] == [check]
