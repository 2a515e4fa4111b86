"""``make lab``: a working folder ``_build/lab`` holding the chapter's notebook (with its
outputs, in the chosen language) and a grading notebook, neither overwritten once there (they
are the learner's now), then JupyterLab from this venv with them and the exercises open.

    python tools/open_lab.py ko|en

The project is the lab's root, so ``exercises/`` is in its file browser too, and on the kernels'
``PYTHONPATH``, so ``from grader import check`` works. Written in Python rather than in the
Makefile's shell: macOS's /bin/bash (3.2) has no ``mapfile``.
"""
import os
import shutil
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
LAB = ROOT / "_build" / "lab"
TEXT = {
    "ko": ("# 연습 문제 채점\n\n`exercises/` 폴더의 파일을 고친 뒤 아래 셀을 실행하면 "
           "`make grade`와 같은 채점기로 채점합니다. 문제 하나만: `check(\"q2_huber\")`.",
           "from grader import check\n\ncheck(lang=\"ko\")"),
    "en": ("# Grading the exercises\n\nEdit the files in `exercises/`, then run the cell below: "
           "it grades them with the same grader as `make grade`. One question only: "
           "`check(\"q2_huber\")`.",
           "from grader import check\n\ncheck(lang=\"en\")"),
}


def main(argv):
    lang = argv[1] if len(argv) > 1 and argv[1] in TEXT else "ko"
    LAB.mkdir(parents=True, exist_ok=True)
    chapter = ROOT / "_build" / "html" / lang / "_notebooks" / f"linear-regression-concise.{lang}.ipynb"
    if not chapter.exists():
        sys.exit(f"open_lab: {chapter} is missing; run `make html` first")
    target = LAB / chapter.name
    if not target.exists():
        shutil.copyfile(chapter, target)
    grading = LAB / f"grade-exercises.{lang}.ipynb"
    if not grading.exists():
        intro, code = TEXT[lang]
        notebook = nbformat.v4.new_notebook()
        notebook.cells = [nbformat.v4.new_markdown_cell(intro), nbformat.v4.new_code_cell(code)]
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                           "language": "python"}
        nbformat.write(notebook, grading)
    files = [str(path.relative_to(ROOT))
             for path in (target, grading, *sorted((ROOT / "exercises").glob("q*.py")))]
    jupyter = os.path.join(os.path.dirname(sys.executable), "jupyter")
    # As root (the dev container) JupyterLab wants --allow-root.
    allow_root = ["--allow-root"] if os.geteuid() == 0 else []
    os.chdir(ROOT)
    os.environ["PYTHONPATH"] = str(ROOT)
    os.execv(jupyter, [jupyter, "lab", f"--ServerApp.root_dir={ROOT}", *allow_root, *files])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
