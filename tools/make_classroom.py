"""Write the GitHub Classroom template repository: ``make classroom OUT=dir``.

The template is this project as a learner gets it: the chapter and its site, the exercise stubs,
the grader (so ``make grade`` works at home), the dev container, the grading workflow at
``.github/workflows/classroom.yml`` (pointing at the course repository and a pinned commit) and a
README for learners. It holds no reference answer: no ``solutions/``, no ``docs/solutions.md``
(the site then builds without that page), no tests (their fixtures include answers), no CI and
no publishing workflow. Before finishing, every file is searched for the distinctive lines of the
reference answers and of the solutions page; one found removes the template and fails.

The template is a git repository with one commit, ready to push.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STUDENT_README = ROOT / "tools" / "classroom" / "README.md"
WORKFLOW = ROOT / "grader" / "ci" / "github-classroom.yml"
WORKFLOW_IN_TEMPLATE = ".github/workflows/classroom.yml"

# The reference answers, as code and as prose.
ANSWERS = ("solutions/", "docs/solutions.md")
# What a learner's copy leaves out, as path prefixes relative to the repository.
LEFT_OUT = (
    *ANSWERS,
    "tests/",                                  # the project's tests (fixtures hold answers)
    ".ci/", ".github/",                        # the project's CI and site publishing
    "grader/ci/",                              # the workflow, placed in .github/workflows
    "tools/bench_", "tools/lock_requirements.sh", "tools/make_classroom.py", "tools/classroom/",
    "README.md",                               # replaced by the learners' README
)
# Never copied, tracked or not (a checkout without git is walked instead).
NEVER = {".git", ".venv", "_build", "node_modules", "__pycache__", ".pytest_cache"}


class TemplateError(Exception):
    pass


def project_files():
    """The project's files, relative paths: git's view where there is one (tracked, plus new
    files not ignored), else a walk of the folder."""
    if (ROOT / ".git").exists():
        listing = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                                  "--exclude-standard"], cwd=ROOT, capture_output=True,
                                 check=True).stdout.decode()
        paths = [p for p in listing.split("\0") if p and (ROOT / p).is_file()]
    else:
        paths = []
        for folder, dirs, files in os.walk(ROOT):
            dirs[:] = [d for d in dirs if d not in NEVER]
            paths += [os.path.relpath(os.path.join(folder, f), ROOT) for f in files]
    return sorted(p for p in paths
                  if not p.startswith(LEFT_OUT) and not set(Path(p).parts) & NEVER
                  and not p.endswith((".pyc", ".pyo")))


def distinctive_lines():
    """Lines that only a reference answer holds: lines of solutions/*.py and of the solutions
    page that none of the learners' files has."""
    def lines(paths):
        found = set()
        for path in paths:
            for line in path.read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if len(line) >= 24 and not line.startswith(("#", '"""', "import ", "from ")):
                    found.add(line)
        return found

    answers = lines(sorted((ROOT / "solutions").glob("*.py")) + [ROOT / "docs" / "solutions.md"])
    # A line that the learners' own files (project_files: no answers among them) hold as well
    # (the chapter's code, the stubs, a hint of the grader) gives nothing away.
    shared = "\n".join(_text(ROOT / p) for p in project_files())
    return {line for line in answers
            if line not in shared and not line.startswith((":", "```", "[", "{", "---"))}


def _text(path):
    try:
        return path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return ""


def find_answers(folder, needles):
    """(path, line) of every distinctive answer line found in the files under ``folder``."""
    found = []
    for path in sorted(Path(folder).rglob("*")):
        if ".git" not in path.parts and path.is_file():
            text = _text(path)
            found += [(path.relative_to(folder), needle) for needle in needles if needle in text]
    return found


def course_repository():
    """owner/name of the course repository on GitHub, from the ``origin`` remote (or None)."""
    remote = subprocess.run(["git", "remote", "get-url", "origin"], cwd=ROOT,
                            capture_output=True, text=True)
    match = re.search(r"github\.com[:/]([\w.-]+/[\w.-]+?)(?:\.git)?/?$", remote.stdout.strip())
    return match.group(1) if match else None


def _uncommitted(path):
    status = subprocess.run(["git", "status", "--porcelain", "--", path], cwd=ROOT,
                            capture_output=True, text=True)
    return bool(status.stdout.strip())


def current_commit():
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                          text=True)
    return head.stdout.strip() if head.returncode == 0 else None


def workflow_text(repository, ref, lang):
    text = WORKFLOW.read_text(encoding="utf-8")
    for pattern, value in ((r"(?m)^(  GRADER_REPOSITORY: )\S+", repository),
                           (r'(?m)^(  GRADER_REF: )"[0-9a-f]{40}"', f'"{ref}"'),
                           (r"(?m)^(  GRADE_LANG: )\w+", lang)):
        text, count = re.subn(pattern, lambda match: match.group(1) + value, text)
        if count != 1:
            raise TemplateError(f"{WORKFLOW} has no single line matching {pattern}")
    return text


def write(out, repository, ref, lang):
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise TemplateError(f"{out} exists and is not empty: choose a new folder")
    needles = distinctive_lines()
    out.mkdir(parents=True, exist_ok=True)
    try:
        for relative in project_files():
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / relative, target)
        shutil.copy2(STUDENT_README, out / "README.md")
        workflow = out / WORKFLOW_IN_TEMPLATE
        workflow.parent.mkdir(parents=True, exist_ok=True)
        workflow.write_text(workflow_text(repository, ref, lang), encoding="utf-8")
        leaked = find_answers(out, needles)
        if leaked:
            shown = "; ".join(f"{path}: {line[:60]}" for path, line in leaked[:3])
            raise TemplateError(f"reference answers found in the template ({shown})")
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        raise
    _commit(out)
    return out


def _commit(out):
    """One commit, so the folder can be pushed as is (skipped without git)."""
    if shutil.which("git") is None:
        return
    git = ["git", "-C", str(out), "-c", "user.name=make classroom",
           "-c", "user.email=classroom@example.invalid", "-c", "init.defaultBranch=main",
           "-c", "commit.gpgsign=false"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "Section 3.3 exercises: template"], check=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="the folder to write (new or empty)")
    parser.add_argument("--grader-repository", default=os.environ.get("GRADER_REPOSITORY"),
                        help="owner/name of the course repository on GitHub (default: the "
                             "origin remote)")
    parser.add_argument("--grader-ref", default=os.environ.get("GRADER_REF"),
                        help="the full commit id of the grader to use (default: HEAD, which "
                             "must be pushed to the course repository)")
    parser.add_argument("--lang", choices=("ko", "en"), default="ko",
                        help="the feedback's language (default: ko)")
    args = parser.parse_args(argv)
    repository = args.grader_repository or course_repository()
    ref = args.grader_ref or current_commit()
    problems = []
    if not repository or not re.fullmatch(r"[\w.-]+/[\w.-]+", repository):
        problems.append("GRADER_REPOSITORY=owner/name (the course repository on GitHub) is "
                        "needed: the origin remote is not on GitHub")
    if not ref or not re.fullmatch(r"[0-9a-f]{40}", ref):
        problems.append("GRADER_REF=<full commit id> is needed (a branch name can move)")
    if problems:
        print("make classroom: " + "\n  ".join(["error:", *problems]), file=sys.stderr)
        return 2
    try:
        out = write(args.out, repository, ref, args.lang)
    except TemplateError as error:
        print(f"make classroom: error: {error}", file=sys.stderr)
        return 1
    print(f"make classroom: wrote {out} (grader: {repository} at {ref[:12]})")
    if args.grader_ref is None and _uncommitted("grader"):
        print("make classroom: warning: grader/ has changes not committed: the workflow grades "
              f"with the grader of {ref[:12]}, not with them", file=sys.stderr)
    print("  Push it as a new repository, mark it as a template, and check that this commit is "
          "on GitHub: README, \"GitHub Classroom\".")
    return 0


if __name__ == "__main__":
    sys.exit(main())
