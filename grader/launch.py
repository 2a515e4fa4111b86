"""Starting the grader's own Python processes.

They run in isolated mode (``-I``: no PYTHON* variables, no user site, no script folder on the
path), and a two-line bootstrap puts exactly the folder holding ``grader`` on ``sys.path``.
A grader started with ``python -B`` passes it on (``-I`` ignores PYTHONDONTWRITEBYTECODE), so a
grading run as root leaves no root-owned ``__pycache__`` in the grader's folder.
"""
import sys

from grader.paths import GRADER_PARENT

_BOOTSTRAP = (
    "import sys, runpy; sys.path.insert(0, sys.argv[1]); module = sys.argv[2]; "
    "sys.argv = [module] + sys.argv[3:]; runpy.run_module(module, run_name='__main__')"
)


def python_module_command(module, *args, python=None):
    """argv running ``python -I -m module args`` with the grader importable."""
    flags = ["-I", "-B"] if sys.flags.dont_write_bytecode else ["-I"]
    return [python or sys.executable, *flags, "-c", _BOOTSTRAP, str(GRADER_PARENT), module,
            *map(str, args)]
