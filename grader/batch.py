"""Grading every submission of a folder in parallel: one fork server shared by a pool of worker
processes, each grading one submission at a time in its own pytest process and sandbox."""
import concurrent.futures
import csv
import io
import json
import multiprocessing
import os
from concurrent.futures.process import BrokenProcessPool

from grader import QUESTIONS, runner
from grader.catalogue import Catalogue
from grader.checks import list_checks
from grader.report import gradescope, write_atomically
from grader.sandbox import procs
from grader.sandbox.spawn import ForkServer

CSV_COLUMNS = ("submission", *QUESTIONS, "total")
MAX_ROW_NAME = "(max)"


def _worker_setup():
    procs.become_subreaper()
    procs.set_undumpable()


def write_submission_reports(result, out_dir, catalogue, lang):
    write_atomically(os.path.join(out_dir, "results.json"),
                     gradescope.dumps(gradescope.build(result, catalogue, lang)))
    write_atomically(os.path.join(out_dir, "outcomes.json"),
                     (json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n").encode())


def _zero_row(name):
    return {"submission": name, **{q: 0 for q in QUESTIONS}, "total": 0}


def grade_one(name, folder, out_dir, address, lang, seed):
    """Runs in a worker: grade, end leftovers, write this submission's reports."""
    catalogue = Catalogue()
    write_atomically(os.path.join(out_dir, "results.json"),
                     gradescope.dumps(gradescope.unfinished(catalogue, lang)))
    try:
        result = runner.grade_with_server(folder, address, seed)
    finally:
        procs.kill_descendants()
    write_submission_reports(result, out_dir, catalogue, lang)
    row = {"submission": name, "total": result.score}
    row.update({question: score for question, (score, _) in result.by_question().items()})
    return row


def _run_pool(tasks, jobs, address, lang, seed):
    """{name: row or error text}; a worker lost mid-task fails only its own tasks' rows."""
    done, pending = {}, dict(tasks)
    for _ in range(3):  # a new pool for what a broken pool left unfinished
        if not pending:
            break
        context = multiprocessing.get_context("fork")  # this process has not imported MXNet
        with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context,
                                                    initializer=_worker_setup) as pool:
            futures = {pool.submit(grade_one, name, folder, out_dir, address, lang, seed): name
                       for name, (folder, out_dir) in pending.items()}
            for future in concurrent.futures.as_completed(futures):
                name = futures[future]
                try:
                    done[name] = future.result()
                    pending.pop(name)
                except BrokenProcessPool:
                    continue
                except Exception as error:  # noqa: BLE001 - one submission, not the batch
                    done[name] = f"{type(error).__name__}: {error}"
                    pending.pop(name)
    for name in pending:
        done[name] = "its grading worker died"
    return done


def run_batch(root, out, jobs, lang, seed=None):
    """Grade every subfolder of ``root``; returns (rows, errors) and writes ``grades.csv``."""
    names = sorted(entry.name for entry in os.scandir(root)
                   if entry.is_dir() and not entry.name.startswith((".", "_")))
    tasks = {name: (os.path.join(root, name), os.path.join(out, name)) for name in names}
    catalogue = Catalogue()
    with ForkServer() as server:
        outcomes = _run_pool(tasks, jobs, server.address, lang, seed)
    procs.kill_descendants()
    rows, errors = [], {}
    for name in names:
        outcome = outcomes[name]
        if isinstance(outcome, dict):
            rows.append(outcome)
        else:
            rows.append(_zero_row(name))
            errors[name] = outcome
            write_atomically(os.path.join(out, name, "results.json"),
                             gradescope.dumps(gradescope.unfinished(catalogue, lang)))
    write_atomically(os.path.join(out, "grades.csv"), grades_csv(rows).encode("utf-8"))
    return rows, errors


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
