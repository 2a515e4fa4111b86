"""Where the grader and its default inputs and outputs live."""
from pathlib import Path

GRADER_DIR = Path(__file__).resolve().parent
# The folder holding the ``grader`` package: the repository, or /autograder/source on Gradescope.
GRADER_PARENT = GRADER_DIR.parent
CHECKS_DIR = GRADER_DIR / "checks"
CATALOGUE_FILE = GRADER_DIR / "messages.toml"

DEFAULT_SUBMISSION = GRADER_PARENT / "exercises"
DEFAULT_RESULTS = GRADER_PARENT / "_build" / "grade" / "results.json"
DEFAULT_BATCH_OUT = GRADER_PARENT / "_build" / "grade-all"
# Reference answers: hidden from (and blocked for) the learner's code while it runs.
SOLUTIONS_DIR = GRADER_PARENT / "solutions"
