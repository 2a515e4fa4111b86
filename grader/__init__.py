"""Grader for the exercises of section 3.3 (concise linear regression with Gluon).

Data flows one way: submission -> sandbox (forked children run the learner's code and send back
plain data) -> checks (pytest functions comparing with numpy in a process that never imports the
learner's code) -> reports (terminal table, Gradescope JSON, JUnit XML, Markdown summary).
"""

QUESTIONS = ("q1_mean_loss", "q2_huber", "q3_weight_grad")


def check(question=None, lang=None, submission=None, seed=None):
    """Grade the exercises from a notebook or from pytest: see :func:`grader.notebook.check`."""
    from grader.notebook import check as grade_from_here

    return grade_from_here(question, lang, submission, seed)
