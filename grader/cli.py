"""Command line: ``python -m grader grade | batch | gradescope-bundle``.

Exit codes of ``grade``: 0 when every check passes, 1 when some check fails, 2 for usage errors.
"""
import argparse
import json
import os
import sys

from grader import QUESTIONS, runner, staging, stopping, submissions
from grader.catalogue import LANGUAGES, Catalogue, choose_language
from grader.paths import DEFAULT_BATCH_OUT, DEFAULT_RESULTS, DEFAULT_SUBMISSION
from grader.report import AppendFile, ReportFile, gradescope, junit, markdown, terminal
from grader.sandbox import cgroup, kind as sandbox_kind
from grader.sandbox.host import protect_grader_process


class UsageError(Exception):
    pass


def _choose_sandbox():
    try:
        return sandbox_kind.choose()
    except sandbox_kind.SandboxUnavailable as error:
        raise UsageError(str(error)) from None


def _open_reports(args):
    """Every file the reports go to, opened before any learner code runs."""
    try:
        reports = {"results": ReportFile(args.results)}
        for name in ("junit", "outcomes"):
            if getattr(args, name):
                reports[name] = ReportFile(getattr(args, name))
        if args.summary:  # appended, like $GITHUB_STEP_SUMMARY expects
            reports["summary"] = AppendFile(args.summary)
    except (OSError, ValueError) as error:
        raise UsageError(f"cannot write the reports: {error}") from None
    return reports


def _write_reports(result, catalogue, lang, reports):
    reports["results"].write(gradescope.dumps(gradescope.build(result, catalogue, lang)))
    if "junit" in reports:
        reports["junit"].write(junit.build(result, catalogue, lang))
    if "outcomes" in reports:
        data = json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
        reports["outcomes"].write(data.encode("utf-8"))
    if "summary" in reports:
        reports["summary"].append(markdown.render(result, catalogue, lang))


def _warn_about(kind):
    if kind.name == "none":
        print(f"grader: warning: no sandbox ({kind.reason}): the code being graded runs with "
              "your own rights. Fine for your own exercises; to grade anyone else's, "
              f"{sandbox_kind.advice()}.", file=sys.stderr)
    elif kind.name == "uid":
        print(f"grader: warning: uid sandbox only ({kind.reason}): the code being graded can "
              "read every world-readable file on this machine.", file=sys.stderr)


def cmd_grade(args):
    # Stopped from outside (SIGTERM from `timeout` or a cancelled job, Ctrl-C), the grading
    # removes what it made on the way out, and the results file keeps the zero written below.
    with stopping.stops_raise():
        try:
            return _grade(args)
        except stopping.Stopped as stop:
            print(f"grader: stopped ({stop.signal_name}) before the grading finished; "
                  f"{args.results} holds no score", file=sys.stderr)
            raise


def _grade(args):
    lang = choose_language(args.lang)
    catalogue = Catalogue()
    if not os.path.exists(args.submission):
        raise UsageError(f"no such folder or zip: {args.submission}")
    kind = _choose_sandbox()
    reports = _open_reports(args)
    protect_grader_process()
    cgroup.remove_empty()
    _warn_about(kind)
    # A zero result first: if grading dies or is killed, no earlier or forged pass remains.
    reports["results"].write(gradescope.dumps(gradescope.unfinished(catalogue, lang)))
    with stopping.temporary_folder("grader-unpacked-") as workdir:
        submission = submissions.from_path(args.submission, workdir, name=str(args.submission))
        if submission.skipped:
            raise UsageError(f"{args.submission}: {submission.skipped}")
        for note in submission.notes:
            print(f"grader: {note}", file=sys.stderr)
        result = runner.grade(submission, seed=args.seed, kind=kind, question=args.question)
    _write_reports(result, catalogue, lang, reports)
    print(terminal.render(result, catalogue, lang), end="")
    if any(check.key == "common.grader_error" for check in result.checks):
        print(result.log, file=sys.stderr)
    return 0 if result.all_passed else 1


def _require_closed(folder, what):
    """The uid sandbox sees every file other users may read: a class's submissions and results
    must not be among them."""
    path = os.path.abspath(folder)
    while not os.path.exists(path):
        path = os.path.dirname(path)
    if staging.open_to_others(path):
        raise UsageError(
            f"{what} {folder} is open to other users, and without namespaces each student's "
            "code runs as another user that could read it. Close it first (chmod 700 "
            f"{os.path.abspath(folder)}) or give the grader bubblewrap.")


def cmd_batch(args):
    from grader import batch

    lang = choose_language(args.lang)
    if not os.path.isdir(args.folder):
        raise UsageError(f"no such folder: {args.folder}")
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    kind = _choose_sandbox()
    if not kind.isolated:
        raise UsageError(
            f"refusing to grade a class without a sandbox ({kind.reason}): every submission "
            "would run with your rights and could change your files or another student's "
            f"result. To grade a class, {sandbox_kind.advice()}.")
    if kind.name == "uid":
        _require_closed(args.folder, "the class folder")
        _require_closed(args.out, "the output folder")
    protect_grader_process()
    cgroup.remove_empty()
    _warn_about(kind)
    # Stopped from outside (Ctrl-C, SIGTERM), the gradings in flight end and remove what they
    # made; the others are not begun.
    with stopping.stops_raise():
        try:
            rows, errors = batch.run_batch(args.folder, args.out, args.jobs, lang, args.seed,
                                           kind, excel=args.excel)
        except batch.BatchStopped as stop:
            print(f"grader: stopped ({stop.signal_name}) with {stop.graded} of {stop.total} "
                  f"submissions graded; no grades.csv was written. Each graded submission's "
                  f"results are in {args.out}/<submission>/results.json; the others hold a zero "
                  "marked unfinished.", file=sys.stderr)
            raise
    if not any(row["status"] != "skipped" for row in rows):
        print(f"grader: nothing to grade in {args.folder}", file=sys.stderr)
    for row in rows:
        if row["status"] != "graded":
            print(f"grader: {row['submission']}: {row['status']}"
                  + (f" ({row['notes']})" if row["notes"] else ""), file=sys.stderr)
    for name, error in errors.items():
        print(f"grader: {name}: {error}", file=sys.stderr)
    print(f"grader: wrote {os.path.join(args.out, 'grades.csv')} ({len(rows)} rows)",
          file=sys.stderr)
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
    grade.add_argument("--question", choices=QUESTIONS,
                       help="grade this question only (default: all three)")
    grade.set_defaults(func=cmd_grade)

    batch = commands.add_parser("batch", help="grade a class folder in parallel")
    batch.add_argument("folder", help="a class folder: a folder or zip per learner, or an LMS "
                                      "export (Moodle, Canvas, Gradescope)")
    batch.add_argument("--out", default=str(DEFAULT_BATCH_OUT),
                       help="where grades.csv and <submission>/results.json go "
                            "(default: %(default)s)")
    # One more than the cores: part of each grading waits (its sandbox starting and ending),
    # and CPU-time limits keep the verdicts the same however busy the machine is.
    batch.add_argument("--jobs", type=int, default=(os.cpu_count() or 1) + 1,
                       help="submissions graded at once (default: the number of cores plus one)")
    batch.add_argument("--lang", choices=LANGUAGES)
    batch.add_argument("--seed", type=int, help="one input seed for all (default: fresh each)")
    batch.add_argument("--excel", action="store_true",
                       help="start grades.csv with a byte-order mark, for spreadsheet programs")
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
    except (UsageError, staging.SubmissionError) as error:
        print(f"python -m grader: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into `head`: the reports are already written
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
