"""Command line: ``python -m grader grade | batch | gradescope-bundle``.

Exit codes of ``grade``: 0 when every check passes, 1 when some check fails, 2 for usage errors.
"""
import argparse
import json
import os
import sys

from grader import runner, staging
from grader.catalogue import LANGUAGES, Catalogue, choose_language
from grader.paths import DEFAULT_BATCH_OUT, DEFAULT_RESULTS, DEFAULT_SUBMISSION
from grader.report import gradescope, junit, markdown, terminal, write_atomically
from grader.sandbox import procs


class UsageError(Exception):
    pass


def _protect_this_process():
    """Adopt whatever a submission detaches, and keep same-uid processes out of our memory."""
    procs.become_subreaper()
    procs.set_undumpable()


def _write_reports(result, catalogue, lang, args):
    write_atomically(args.results, gradescope.dumps(gradescope.build(result, catalogue, lang)))
    if args.junit:
        write_atomically(args.junit, junit.build(result, catalogue, lang))
    if args.outcomes:
        data = json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
        write_atomically(args.outcomes, data.encode("utf-8"))
    if args.summary:  # appended, like $GITHUB_STEP_SUMMARY expects
        os.makedirs(os.path.dirname(os.path.abspath(args.summary)), exist_ok=True)
        with open(args.summary, "a", encoding="utf-8") as f:
            f.write(markdown.render(result, catalogue, lang))


def cmd_grade(args):
    lang = choose_language(args.lang)
    catalogue = Catalogue()
    try:
        folder = staging.resolve(args.submission)
    except staging.SubmissionError as error:
        raise UsageError(str(error)) from None
    _protect_this_process()
    # A zero result first: if grading dies or is killed, no earlier or forged pass remains.
    write_atomically(args.results, gradescope.dumps(gradescope.unfinished(catalogue, lang)))
    result = runner.grade(folder, seed=args.seed)
    procs.kill_descendants()  # nothing the submission started survives the writing below
    result.submission = str(args.submission)
    _write_reports(result, catalogue, lang, args)
    print(terminal.render(result, catalogue, lang))
    if any(check.key == "common.grader_error" for check in result.checks):
        print(result.log, file=sys.stderr)
    return 0 if result.all_passed else 1


def cmd_batch(args):
    from grader import batch

    lang = choose_language(args.lang)
    if not os.path.isdir(args.folder):
        raise UsageError(f"no such folder: {args.folder}")
    if not any(e.is_dir() and not e.name.startswith((".", "_")) for e in os.scandir(args.folder)):
        raise UsageError(f"no submission folders in {args.folder}")
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    _protect_this_process()
    rows, errors = batch.run_batch(args.folder, args.out, args.jobs, lang, args.seed)
    print(batch.grades_csv(rows), end="")
    for name, error in errors.items():
        print(f"grader: {name}: {error}", file=sys.stderr)
    print(f"grader: wrote {os.path.join(args.out, 'grades.csv')}", file=sys.stderr)
    return 0


def cmd_bundle(args):
    from grader import bundle

    bundle.build(args.out, lang=args.lang or "ko")
    print(f"grader: wrote {args.out}")
    return 0


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own usage errors exit with 2 as well
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser():
    parser = _Parser(prog="python -m grader", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    grade = commands.add_parser("grade", help="grade one submission folder")
    grade.add_argument("--submission", default=str(DEFAULT_SUBMISSION),
                       help="folder holding q1_mean_loss.py, q2_huber.py, q3_weight_grad.py "
                            "(or a repository with an exercises/ folder); default: exercises/")
    grade.add_argument("--results", default=str(DEFAULT_RESULTS),
                       help="Gradescope results.json to write (default: %(default)s)")
    grade.add_argument("--junit", help="also write JUnit XML here")
    grade.add_argument("--summary", help="append a Markdown summary here "
                                         "(e.g. \"$GITHUB_STEP_SUMMARY\")")
    grade.add_argument("--outcomes", help="also write the raw outcomes (message keys) as JSON")
    grade.add_argument("--lang", choices=LANGUAGES, help="ko or en (default: GRADE_LANG, "
                                                         "then the locale)")
    grade.add_argument("--seed", type=int, help="input seed (default: fresh each run)")
    grade.set_defaults(func=cmd_grade)

    batch = commands.add_parser("batch", help="grade every subfolder of a folder in parallel")
    batch.add_argument("folder", help="folder whose subfolders are submissions")
    batch.add_argument("--out", default=str(DEFAULT_BATCH_OUT),
                       help="where grades.csv and <submission>/results.json go "
                            "(default: %(default)s)")
    batch.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                       help="submissions graded at once (default: the number of cores)")
    batch.add_argument("--lang", choices=LANGUAGES)
    batch.add_argument("--seed", type=int, help="one input seed for all (default: fresh each)")
    batch.set_defaults(func=cmd_batch)

    bundle = commands.add_parser("gradescope-bundle", help="build the Gradescope autograder zip")
    bundle.add_argument("out", help="the zip file to write")
    bundle.add_argument("--lang", choices=LANGUAGES, help="feedback language (default: ko)")
    bundle.set_defaults(func=cmd_bundle)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except UsageError as error:
        print(f"python -m grader: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into `head`: the reports are already written
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
