"""Grading every submission of a folder in parallel: each in its own checks process and its own
sandbox (nothing is shared between students but the grader's read-only files), ``jobs`` at a
time. Every report file and folder is opened before any learner code runs."""
import concurrent.futures
import csv
import io
import json
import os

from grader import QUESTIONS, runner
from grader.catalogue import Catalogue
from grader.checks import list_checks
from grader.report import OutputFolder, gradescope

CSV_COLUMNS = ("submission", *QUESTIONS, "total")
MAX_ROW_NAME = "(max)"


def submission_names(root):
    return sorted(entry.name for entry in os.scandir(root)
                  if entry.is_dir() and not entry.name.startswith((".", "_")))


def write_submission_reports(result, folder, catalogue, lang):
    folder.write("results.json", gradescope.dumps(gradescope.build(result, catalogue, lang)))
    folder.write("outcomes.json",
                 (json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n").encode())


def _zero_row(name):
    return {"submission": name, **{q: 0 for q in QUESTIONS}, "total": 0}


def grade_one(name, path, folder, lang, seed, kind):
    """Grade one submission and write its reports; returns its CSV row."""
    catalogue = Catalogue()
    result = runner.grade(path, seed, kind)
    result.submission = name
    write_submission_reports(result, folder, catalogue, lang)
    row = {"submission": name, "total": result.score}
    row.update({question: score for question, (score, _) in result.by_question().items()})
    return row


def run_batch(root, out, jobs, lang, seed=None, kind=None):
    """Grade every subfolder of ``root``; returns (rows, errors) and writes ``grades.csv``."""
    names = submission_names(root)
    catalogue = Catalogue()
    out_folder = OutputFolder(out)
    folders = {name: out_folder.subfolder(name) for name in names}
    for folder in folders.values():  # a zero result first: no earlier pass survives a crash
        folder.write("results.json", gradescope.dumps(gradescope.unfinished(catalogue, lang)))
    rows, errors = {}, {}
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:  # the work is in subprocesses
        futures = {pool.submit(grade_one, name, os.path.join(root, name), folders[name], lang,
                               seed, kind): name for name in names}
        for future in concurrent.futures.as_completed(futures):
            name = futures[future]
            try:
                rows[name] = future.result()
            except Exception as error:  # noqa: BLE001 - one submission, not the batch
                rows[name] = _zero_row(name)
                errors[name] = f"{type(error).__name__}: {error}"
    ordered = [rows[name] for name in names]
    out_folder.write("grades.csv", grades_csv(ordered).encode("utf-8"))
    return ordered, errors


def max_row():
    row = {"submission": MAX_ROW_NAME, **{q: 0 for q in QUESTIONS}}
    for spec in list_checks():
        row[spec.question] += spec.points
    row["total"] = sum(row[q] for q in QUESTIONS)
    return row


def grades_csv(rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    writer.writerow(max_row())  # the last row holds the maximum of each column
    return buffer.getvalue()
