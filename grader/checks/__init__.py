"""The grading checks: pytest functions named ``check_*``, each marked with its points.

They run in the grader's own pytest process (see :mod:`grader.check_session`), compare the
plain observations sent back by the sandbox with numpy, and fail with a
:class:`~grader.checks.verdict.CheckFailed` naming a message of the catalogue.
"""
import ast
import dataclasses
import functools
from pathlib import Path

CHECK_MODULES = ("check_q1_mean_loss", "check_q2_huber", "check_q3_weight_grad")


@dataclasses.dataclass(frozen=True)
class CheckSpec:
    id: str          # "<question>.<name>", e.g. "q1_mean_loss.train_step_step_one"
    question: str
    name: str
    points: int


def check_id(question, function_name):
    return f"{question}.{function_name[len('check_'):]}"


@functools.cache
def list_checks():
    """Every check in running order, read from the check modules' source (the grader's own
    process never imports them, nor pytest, just to know what will run); read once, since
    every grading and every CSV row of a class asks."""
    specs = []
    for module_name in CHECK_MODULES:
        tree = ast.parse((Path(__file__).parent / f"{module_name}.py").read_text("utf-8"))
        question = next(node.value.value for node in tree.body
                        if isinstance(node, ast.Assign) and len(node.targets) == 1
                        and getattr(node.targets[0], "id", None) == "QUESTION")
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("check_"):
                points = next((d.args[0].value for d in node.decorator_list
                               if isinstance(d, ast.Call) and getattr(d.func, "id", "") == "points"),
                              0)
                specs.append(CheckSpec(check_id(question, node.name), question,
                                       node.name[len("check_"):], points))
    return tuple(specs)
