"""``python -m grader gradescope-bundle OUT.zip``: the Gradescope autograder upload.

The zip holds setup.sh and run_autograder at its root (where Gradescope looks for them), the
``grader`` package, its pinned requirements and a settings file (feedback language, time limit). It never holds the reference
answers: only the ``grader`` folder is packed, and the result is checked before it is kept.
"""
import os
import zipfile

from grader.paths import GRADER_DIR

SHIM = GRADER_DIR.parent / "tools" / "mxnet_py312_compat.py"
_EXECUTABLE = 0o100755 << 16
_REGULAR = 0o100644 << 16


def _add(archive, arcname, data, mode):
    info = zipfile.ZipInfo(arcname, date_time=(2024, 1, 1, 0, 0, 0))
    info.external_attr = mode
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def _package_files():
    for folder, dirs, files in os.walk(GRADER_DIR):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")) or name.startswith("."):
                continue
            path = os.path.join(folder, name)
            yield path, os.path.relpath(path, GRADER_DIR.parent)


def build(out_path, lang="ko", time_limit=540):
    scripts = GRADER_DIR / "gradescope"
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    with zipfile.ZipFile(out_path, "w") as archive:
        _add(archive, "setup.sh", (scripts / "setup.sh").read_bytes(), _EXECUTABLE)
        _add(archive, "run_autograder", (scripts / "run_autograder").read_bytes(), _EXECUTABLE)
        _add(archive, "requirements.txt", (GRADER_DIR / "requirements.txt").read_bytes(),
             _REGULAR)
        # run_autograder's settings. GRADER_TIME_LIMIT (seconds) stays below Gradescope's
        # default 10-minute timeout, so a stopped grading still leaves its result.
        settings = f"GRADE_LANG={lang}\nGRADER_TIME_LIMIT={time_limit}\n"
        _add(archive, "grader-settings.env", settings.encode(), _REGULAR)
        # setup.sh installs it on Python 3.12 (MXNet needs numpy.bool back).
        _add(archive, "mxnet_py312_compat.py", SHIM.read_bytes(), _REGULAR)
        for path, arcname in _package_files():
            with open(path, "rb") as f:
                _add(archive, arcname, f.read(), _REGULAR)
    with zipfile.ZipFile(out_path) as archive:
        leaked = [n for n in archive.namelist() if n.split("/")[0] in ("solutions", "exercises")]
    if leaked:
        os.unlink(out_path)
        raise RuntimeError(f"refusing to build a bundle holding {leaked[:3]}")
    return out_path
