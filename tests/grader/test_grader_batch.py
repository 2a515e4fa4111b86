"""One batch over every fixture: the solution, the stub, each wrong answer and each hostile
submission. Each wrong answer must lose exactly the points of the check aimed at it."""
import pytest

from grader_testlib import HOSTILE_CASES, WRONG_CASES

from grader.catalogue import Catalogue
from grader.checks import list_checks

pytestmark = pytest.mark.timeout(1500)

# wrong-answer fixture -> {each check it loses: the message key that check must give}. A
# mistake costs only the checks aimed at it; where it fails two, the second says it follows.
WRONG_ANSWERS = {
    "step_not_changed": {"q1_mean_loss.train_step_step_one": "q1.step_not_changed"},
    "mean_missing": {"q1_mean_loss.train_step_mean_objective": "q1.mean_missing"},
    "step_argument_unchanged": {"q1_mean_loss.step_argument_mean": "q1.step_mean_unchanged"},
    "huber_l2": {"q2_huber.huber_values": "q2.huber_l2"},
    "huber_l1": {"q2_huber.huber_values": "q2.huber_l1"},
    "huber_rho_ignored": {"q2_huber.huber_values": "q2.huber_rho_ignored"},
    "huber_broadcast": {"q2_huber.huber_values": "q2.huber_broadcast"},
    "huber_via_gluon": {"q2_huber.huber_nd_ops": "q2.huber_uses_gluon"},
    # ... then wipes the sandbox's record of that call: the source text still tells.
    "huber_via_gluon_hidden": {"q2_huber.huber_nd_ops": "q2.huber_uses_gluon"},
    "make_loss_l2": {"q2_huber.make_loss": "q2.make_loss_l2"},
    "make_loss_rho_ignored": {"q2_huber.make_loss": "q2.make_loss_rho"},
    "train_l2": {"q2_huber.train_robust": "q2.train_l2"},
    "incomplete_loss_names": {"q2_huber.loss_names": "q2.loss_names_missing"},
    "incomplete_initializer_names": {"q2_huber.initializer_names": "q2.initializer_names_missing"},
    "data_not_grad": {"q3_weight_grad.weight_grad_values": "q3.data_not_grad"},
    "bias_not_weight": {"q3_weight_grad.weight_grad_values": "q3.bias_not_weight"},
    "grad_not_called": {"q3_weight_grad.weight_grad_values": "q3.grad_not_called"},
    "relies_on_names": {"q3_weight_grad.weight_grad_any_net": "q3.relies_on_names"},
    # Gluon's loss out of the static reader's old sight: a for loop (hybridized at import, so
    # no Python-level call is ever recorded), a helper module, a definition inside an if.
    "huber_gluon_loop": {"q2_huber.huber_nd_ops": "q2.huber_uses_gluon"},
    "huber_gluon_helper": {"q2_huber.huber_nd_ops": "q2.huber_uses_gluon"},
    "huber_gluon_nested_if": {"q2_huber.huber_nd_ops": "q2.huber_uses_gluon"},
    # Right values from numpy, tied to the graph by 1e-30 * pred: the gradient gives it away.
    "huber_numpy_wrapped": {"q2_huber.huber_nd_ops": "q2.huber_gradient_wrong"},
    # step(batch_size) kept with .mean(), made up for by a learning rate left B times larger.
    "train_step_lr_scaled": {"q1_mean_loss.train_step_step_one": "q1.lr_changed"},
    "train_step_ignores_loss": {"q1_mean_loss.train_step_mean_objective": "q1.loss_ignored"},
    # The section's code left as it is: not averaged, and the step paired with the sum.
    "chapter_unchanged": {"q1_mean_loss.train_step_mean_objective": "q1.chapter_unchanged",
                          "q1_mean_loss.train_step_step_one": "q1.step_follows_chapter"},
    # No autograd.record(): MXNet's own cause, named, in both train_step checks.
    "no_record": {"q1_mean_loss.train_step_mean_objective": "common.crashed_not_recording",
                  "q1_mean_loss.train_step_step_one": "common.crashed_not_recording"},
    # Three Huber bugs, each shown with an input where it goes wrong.
    "huber_no_rho_division": {"q2_huber.huber_values": "q2.huber_wrong"},
    "huber_no_abs": {"q2_huber.huber_values": "q2.huber_wrong"},
    "huber_swapped_branches": {"q2_huber.huber_values": "q2.huber_wrong"},
    # range(5) instead of num_epochs: the number of updates tells.
    "train_hardcoded_epochs": {"q2_huber.train_robust": "q2.train_arguments_ignored"},
}
SPECS = list_checks()


def _scores(outcomes):
    return {check["id"]: check["score"] for check in outcomes["checks"]}


def _keys(outcomes):
    return {check["id"]: check["key"] for check in outcomes["checks"]}


def test_every_wrong_fixture_has_an_expectation():
    assert sorted(WRONG_ANSWERS) == WRONG_CASES


def test_batch_finishes_and_exits_zero(batch_run):
    assert batch_run.process.returncode == 0, batch_run.process.stderr[-3000:]


def test_solution_scores_full_marks(batch_run):
    outcomes = batch_run.outcomes("solution")
    assert _scores(outcomes) == {spec.id: spec.points for spec in SPECS}
    assert outcomes["score"] == outcomes["max_score"] == 20


def test_stub_scores_zero_with_not_attempted(batch_run):
    outcomes = batch_run.outcomes("stub")
    assert outcomes["score"] == 0
    assert set(_keys(outcomes).values()) == {"common.not_attempted"}
    text = Catalogue().message("common.not_attempted", "en")[0]
    assert all(text in test["output"] for test in batch_run.results("stub")["tests"])


@pytest.mark.parametrize("case", sorted(WRONG_ANSWERS))
def test_wrong_answer_loses_exactly_its_checks(batch_run, case):
    lost = WRONG_ANSWERS[case]
    outcomes = batch_run.outcomes(f"wrong-{case}")
    expected = {spec.id: 0 if spec.id in lost else spec.points for spec in SPECS}
    assert _scores(outcomes) == expected
    keys = _keys(outcomes)
    assert {check: keys[check] for check in lost} == lost
    results = batch_run.results(f"wrong-{case}")
    for check_id, key in lost.items():
        params = next(c["params"] for c in outcomes["checks"] if c["id"] == check_id)
        text, hint = Catalogue().message(key, "en", params)
        number = next(i for i, spec in enumerate(SPECS) if spec.id == check_id)
        output = results["tests"][number]["output"]
        # Markdown: a message's traceback lines sit in a code block below its first line.
        assert all(line.strip() in output for line in text.splitlines())
        assert hint in output


def test_csv_has_every_submission_with_its_status(batch_run):
    rows = batch_run.csv_rows()
    total = "total (max 20)"
    assert list(rows[0])[:5] == ["submission", "name", "student_id", "email", "status"]
    assert list(rows[0])[5:] == ["q1_mean_loss (max 6)", "q2_huber (max 10)",
                                 "q3_weight_grad (max 4)", total, "notes"]
    by_name = {row["submission"]: row for row in rows}
    assert by_name["solution"][total] == "20" and by_name["solution"]["status"] == "graded"
    assert by_name["stub"][total] == "0" and by_name["stub"]["status"] == "graded"
    assert by_name["wrong-huber_l2"]["q2_huber (max 10)"] == "7"
    assert by_name["hostile-segfault"][total] == "0"
    assert by_name["hostile-infinite_loop"]["status"] == "timed out"
    names = {f"wrong-{c}" for c in WRONG_CASES} | {f"hostile-{c}" for c in HOSTILE_CASES}
    assert names | {"solution", "stub"} == set(by_name)
    for row in rows:
        outcomes = batch_run.outcomes(row["submission"])
        assert int(row[total]) == outcomes["score"]
