"""The grading checks: pytest functions named ``check_*``, each marked with its points.

They run in the grader's own pytest process (see :mod:`grader.check_session`), compare the
plain observations sent back by the sandbox with numpy, and fail with a
:class:`~grader.checks.verdict.CheckFailed` naming a message of the catalogue.
"""
import dataclasses
import importlib
import inspect

CHECK_MODULES = ("check_q1_mean_loss", "check_q2_huber", "check_q3_weight_grad")


@dataclasses.dataclass(frozen=True)
class CheckSpec:
    id: str          # "<question>.<name>", e.g. "q1_mean_loss.train_step_step_one"
    question: str
    name: str
    points: int


def check_id(question, function_name):
    return f"{question}.{function_name[len('check_'):]}"


def list_checks():
    """Every check in running order, read from the check modules (no pytest run needed)."""
    specs = []
    for module_name in CHECK_MODULES:
        module = importlib.import_module(f"{__name__}.{module_name}")
        functions = [f for name, f in vars(module).items()
                     if name.startswith("check_") and inspect.isfunction(f)]
        functions.sort(key=lambda f: f.__code__.co_firstlineno)
        for function in functions:
            marks = [m for m in getattr(function, "pytestmark", []) if m.name == "points"]
            points = marks[0].args[0] if marks else 0
            specs.append(CheckSpec(check_id(module.QUESTION, function.__name__),
                                   module.QUESTION, function.__name__[len("check_"):], points))
    return specs
