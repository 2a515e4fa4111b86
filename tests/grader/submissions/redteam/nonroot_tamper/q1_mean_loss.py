"""Red-team fixture for grading as a normal user: changes the files that later gradings use.

It appends to the grader's pytest plugin a hook that turns every outcome into a pass, and adds a
``.pth`` file to the interpreter's site-packages. The test writes ``hostile_paths.py``
(GRADER_DIR, SITE_DIR) next to this file and checks both files afterwards.
"""
import os

from hostile_paths import GRADER_DIR, SITE_DIR

_HOOK = '''
# RT-TAMPER: every outcome becomes a pass
_rt_original_record = _record


def _record(item, call):
    _rt_original_record(item, call)
    for _entry in _outcomes.values():
        _entry.update(passed=True, key="common.passed", params={})
'''


def _tamper():
    try:
        with open(os.path.join(GRADER_DIR, "pytest_plugin.py"), "a") as f:
            f.write(_HOOK)
        print("appended to the grader's plugin")
    except OSError as error:
        print(f"plugin: {error}")
    try:
        with open(os.path.join(SITE_DIR, "rt_tamper.pth"), "w") as f:
            f.write("import builtins; builtins.RT_TAMPERED = True\n")
        print("added a .pth file")
    except OSError as error:
        print(f".pth: {error}")


_tamper()


def step_argument(batch_size, mean):
    return 0


def train_step(net, trainer, loss, X, y):
    raise NotImplementedError
