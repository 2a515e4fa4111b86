"""Grading a whole class: every entry of a class folder (see :mod:`grader.submissions`) in its
own checks process and sandbox, ``jobs`` at a time, and one table for the LMS.

Every report file and folder is opened before any learner code runs. Nobody is left out
without a word: an entry that cannot be graded gets a row with its status and the reason.
"""
import concurrent.futures
import csv
import io
import json
import os
import shutil
import sys

from grader import QUESTIONS, runner, stopping, submissions
from grader.catalogue import Catalogue
from grader.checks import list_checks
from grader.report import OutputFolder, gradescope

IDENTITY = ("name", "student_id", "email")
MANIFEST = ".grader-batch.json"  # which folders of the output this grader made


def max_points():
    points = {question: 0 for question in QUESTIONS}
    for spec in list_checks():
        points[spec.question] += spec.points
    return points


def csv_columns():
    """Identifiers, status, then each question and the total with its maximum in the header."""
    points = max_points()
    return (["submission", *IDENTITY, "status"]
            + [f"{question} (max {points[question]})" for question in QUESTIONS]
            + [f"total (max {sum(points.values())})", "notes"])


def _row(submission, status, scores=None, notes=()):
    columns = csv_columns()
    row = dict.fromkeys(columns, "")
    row.update(submission=submission.name, status=status,
               notes="; ".join([*submission.notes, *notes]))
    row.update({key: submission.identity.get(key, "") for key in IDENTITY})
    if scores is not None:
        for question, column in zip(QUESTIONS, columns[5:]):
            row[column] = scores.get(question, 0)
        row[columns[-2]] = sum(scores.values())
    return row


def write_submission_reports(result, folder, catalogue, lang):
    folder.write("results.json", gradescope.dumps(gradescope.build(result, catalogue, lang)))
    folder.write("outcomes.json",
                 (json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n").encode())


def grade_one(submission, folder, catalogue, lang, seed, kind):
    """Grade one submission and write its reports; returns its CSV row."""
    result = runner.grade(submission, seed, kind)
    write_submission_reports(result, folder, catalogue, lang)
    scores = {question: score for question, (score, _) in result.by_question().items()}
    missing = submission.missing
    notes = [f"missing {', '.join(f'{m}.py' for m in missing)}"] if missing else []
    return _row(submission, result.status, scores, notes)


def _folder_name(name):
    """A safe folder name for a submission's reports (Korean and spaces are fine)."""
    cleaned = "".join("_" if c in '/\\\0' else c for c in name).strip(". ") or "submission"
    return cleaned[:120]


def _forget_earlier_runs(out_folder, keep):
    """Remove the report folders an earlier batch made here that this one does not make: a
    table never sits beside results of students who are not in it."""
    try:
        with open(os.path.join(out_folder.path, MANIFEST), encoding="utf-8") as f:
            earlier = json.load(f)
    except (OSError, ValueError):
        return
    for name in earlier if isinstance(earlier, list) else []:
        if isinstance(name, str) and name not in keep and os.sep not in name \
                and name not in ("", ".", ".."):
            shutil.rmtree(os.path.join(out_folder.path, name), ignore_errors=True)


def _progress(total):
    """A progress bar on a terminal; nothing when the output goes to a file or a pipe."""
    from tqdm import tqdm

    return tqdm(total=total, unit="submission", disable=not sys.stderr.isatty(),
                file=sys.stderr, dynamic_ncols=True)


class BatchStopped(stopping.Stopped):
    """The batch was stopped from outside: ``graded`` of ``total`` submissions have their
    results; no ``grades.csv`` was written."""

    def __init__(self, stop, graded, total):
        super().__init__(stop.signum)
        self.graded, self.total = graded, total


def run_batch(root, out, jobs, lang, seed=None, kind=None, excel=False):
    """Grade every entry of ``root``; returns (rows, errors) and writes ``grades.csv``.

    Stopped from outside (in :func:`grader.stopping.stops_raise`), the gradings in flight end
    and remove what they made, those not begun are dropped, and :class:`BatchStopped` is raised."""
    catalogue = Catalogue()
    out_folder = OutputFolder(out)
    # A table is only ever written whole, at the end: no earlier one stands beside this run.
    out_folder.remove("grades.csv")
    with stopping.temporary_folder("grader-class-") as workdir:
        entries = submissions.discover(root, workdir)
        graded = [s for s in entries if not s.skipped]
        names = {s.name: _folder_name(s.name) for s in graded}
        _forget_earlier_runs(out_folder, set(names.values()))
        folders = {s.name: out_folder.subfolder(names[s.name]) for s in graded}
        out_folder.write(MANIFEST, json.dumps(sorted(names.values()), ensure_ascii=False)
                         .encode("utf-8"))
        unfinished = gradescope.dumps(gradescope.unfinished(catalogue, lang))
        for folder in folders.values():  # a zero result first: no earlier pass survives a crash
            folder.write("results.json", unfinished)
        rows, errors, futures, stop = {}, {}, {}, None
        pool = concurrent.futures.ThreadPoolExecutor(jobs)  # the work is in subprocesses
        try:
            with _progress(len(graded)) as bar:
                futures = {pool.submit(grade_one, s, folders[s.name], catalogue, lang, seed, kind): s
                           for s in graded}
                for future in concurrent.futures.as_completed(futures):
                    submission = futures[future]
                    try:
                        rows[submission.name] = future.result()
                    except Exception as error:  # noqa: BLE001 - one submission, not the batch
                        errors[submission.name] = f"{type(error).__name__}: {error}"
                        rows[submission.name] = _row(submission, "error",
                                                     notes=[errors[submission.name]])
                    bar.update()
        except stopping.Stopped as error:
            stop = error
        finally:
            # However it ends, those not begun are dropped and those in flight end (and clean
            # up) before the class folder goes: after a stop they see it too.
            pool.shutdown(cancel_futures=True)
        if stop is not None:  # one that finished meanwhile keeps its results
            finished = sum(not f.cancelled() and f.exception() is None for f in futures)
            raise BatchStopped(stop, finished, len(graded))
    ordered = [rows[s.name] if not s.skipped else _row(s, "skipped", notes=[s.skipped])
               for s in entries]
    out_folder.write("grades.csv", grades_csv(ordered, excel))
    return ordered, errors


def _cell(value):
    """A cell no spreadsheet reads as a formula (=, +, -, @, tab or return first)."""
    text = "" if value is None else str(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return text
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def grades_csv(rows, excel=False):
    """The class's table as bytes (UTF-8; with a byte-order mark for Excel when ``excel``)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=csv_columns(), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return ("\ufeff" if excel else "").encode("utf-8") + buffer.getvalue().encode("utf-8")
