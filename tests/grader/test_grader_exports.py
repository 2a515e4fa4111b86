"""A real class folder as LMSs export it, graded with ``batch`` and read back with ``csv``:
zips, nested folders, Moodle, Canvas and Gradescope layouts, odd names, renamed files. Nobody is
skipped without a word."""
import csv
import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from grader_testlib import REPO, run_grader

pytestmark = pytest.mark.timeout(1500)
SOLUTIONS, STUBS = REPO / "solutions", REPO / "exercises"
MODULES = ("q1_mean_loss", "q2_huber", "q3_weight_grad")
TOTAL = "total (max 20)"


def _copy(source, target, rename=None):
    target.mkdir(parents=True, exist_ok=True)
    for module in MODULES:
        shutil.copy(source / f"{module}.py", target / (rename or {}).get(module, f"{module}.py"))


def _zip(source, archive, inside=""):
    with zipfile.ZipFile(archive, "w") as zipped:
        for module in MODULES:
            zipped.write(source / f"{module}.py", f"{inside}{module}.py")


@pytest.fixture(scope="module")
def class_export(tmp_path_factory):
    base = tmp_path_factory.mktemp("exports")
    root = base / "Class 2024 (반 A)"
    root.mkdir()
    _zip(SOLUTIONS, root / "erin.zip", inside="erin/exercises/")          # a zip per learner
    _copy(SOLUTIONS, root / "_underscore")                                  # a leading _
    (root / ".hidden").mkdir()                                              # a system folder
    (root / "__MACOSX").mkdir()
    moodle = root / "Lee Jiwon_12345_assignsubmission_file_"
    moodle.mkdir()
    _zip(SOLUTIONS, moodle / "hw3.zip")                                     # Moodle
    _copy(SOLUTIONS, root / "dan" / "hw3")                                  # nested
    canvas = {"q1_mean_loss": "kimminsu_12345_67890_q1_mean_loss.py",      # Canvas, flat
              "q2_huber": "kimminsu_12345_67890_q2_huber.py",
              "q3_weight_grad": "kimminsu_late_12345_67891_q3_weight_grad-1.py"}
    for module, name in canvas.items():
        shutil.copy(SOLUTIONS / f"{module}.py", root / name)
    _copy(SOLUTIONS, root / "casey", rename={"q1_mean_loss": "Q1_mean_loss.py"})
    shutil.copy(STUBS / "q3_weight_grad.py", root / "casey" / "q3_weight_grad.py")
    time.sleep(0.05)  # the renamed copy is the newer one
    shutil.copy(SOLUTIONS / "q3_weight_grad.py", root / "casey" / "q3_weight_grad (1).py")
    _copy(SOLUTIONS, root / "김민수")                                       # Korean name
    _copy(SOLUTIONS, root / "=1+1")                                         # a formula
    partial = root / "partial"
    partial.mkdir()
    shutil.copy(SOLUTIONS / "q3_weight_grad.py", partial / "q3_weight_grad.py")
    (root / "README.txt").write_text("not a submission\n")
    # A Gradescope export in the same folder: its metadata names the learner.
    _copy(SOLUTIONS, root / "submission_314159")
    (root / "submission_metadata.yml").write_text(
        "submission_314159:\n  :submitters:\n  - :name: Park Seoyeon\n"
        "    :email: seoyeon@example.edu\n    :sid: '2024001'\n  :created_at: 2024-05-01\n")
    out = base / "out with spaces"
    process = run_grader("batch", root, "--out", out, "--jobs", "2", "--lang", "en",
                         "--seed", "7", "--excel")
    with open(out / "grades.csv", newline="", encoding="utf-8-sig") as f:
        rows = {row["submission"]: row for row in csv.DictReader(f)}
    return process, rows, out


def test_every_entry_has_a_row(class_export):
    process, rows, _ = class_export
    assert process.returncode == 0, process.stderr[-3000:]
    assert set(rows) == {"erin", "_underscore", ".hidden", "__MACOSX",
                         "Lee Jiwon_12345_assignsubmission_file_", "dan", "kimminsu", "casey",
                         "김민수", "'=1+1", "partial", "README.txt", "submission_314159"}


@pytest.mark.parametrize("name", ["erin", "_underscore", "Lee Jiwon_12345_assignsubmission_file_",
                                  "dan", "kimminsu", "casey", "김민수", "'=1+1",
                                  "submission_314159"])
def test_each_layout_is_graded(class_export, name):
    _, rows, out = class_export
    assert rows[name]["status"] == "graded", rows[name]
    assert rows[name][TOTAL] == "20", rows[name]


def test_identities_come_from_the_layout(class_export):
    _, rows, _ = class_export
    assert (rows["Lee Jiwon_12345_assignsubmission_file_"]["name"],
            rows["Lee Jiwon_12345_assignsubmission_file_"]["student_id"]) == ("Lee Jiwon", "12345")
    assert (rows["kimminsu"]["name"], rows["kimminsu"]["student_id"]) == ("kimminsu", "12345")
    gradescope = rows["submission_314159"]
    assert (gradescope["name"], gradescope["email"], gradescope["student_id"]) == (
        "Park Seoyeon", "seoyeon@example.edu", "2024001")


def test_renamed_and_duplicated_files_are_noted(class_export):
    _, rows, _ = class_export
    notes = rows["casey"]["notes"]
    assert "q1_mean_loss: graded Q1_mean_loss.py" in notes
    assert "q3_weight_grad: graded q3_weight_grad (1).py, the newest of" in notes
    assert "unpacked erin.zip" in rows["erin"]["notes"]
    assert "graded hw3/" in rows["dan"]["notes"]


def test_what_is_not_graded_says_why(class_export):
    process, rows, _ = class_export
    for name in (".hidden", "__MACOSX", "README.txt"):
        assert rows[name]["status"] == "skipped" and rows[name]["notes"], rows[name]
        assert name in process.stderr
    assert rows["partial"]["status"] == "missing files"
    assert "missing q1_mean_loss.py, q2_huber.py" in rows["partial"]["notes"]
    assert rows["partial"][TOTAL] == "4"


def test_cells_cannot_be_formulas_and_excel_gets_a_bom(class_export):
    _, _, out = class_export
    data = (out / "grades.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    for row in csv.reader(data.decode("utf-8-sig").splitlines()):
        assert not any(cell[:1] in ("=", "+", "@") for cell in row), row


def test_no_stale_results_from_an_earlier_run(class_export, tmp_path):
    """A second run on a smaller class leaves no folder of the first beside its table."""
    _, _, out = class_export
    smaller = tmp_path / "smaller"
    _copy(SOLUTIONS, smaller / "only")
    process = run_grader("batch", smaller, "--out", out, "--jobs", "1", "--lang", "en")
    assert process.returncode == 0, process.stderr[-2000:]
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["only"]
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        assert [row["submission"] for row in csv.DictReader(f)] == ["only"]


def test_a_zip_cannot_escape_its_folder(tmp_path):
    root = tmp_path / "class"
    root.mkdir()
    with zipfile.ZipFile(root / "mallory.zip", "w") as zipped:
        zipped.writestr("../../escaped.py", "x = 1\n")
        zipped.writestr("/abs/escaped.py", "x = 1\n")
        info = zipfile.ZipInfo("q1_mean_loss.py")
        info.external_attr = 0o120777 << 16  # a symbolic link
        zipped.writestr(info, "/etc/passwd")
        zipped.write(SOLUTIONS / "q3_weight_grad.py", "q3_weight_grad.py")
    process = run_grader("batch", root, "--out", tmp_path / "out", "--jobs", "1")
    assert process.returncode == 0, process.stderr[-2000:]
    assert not (tmp_path / "escaped.py").exists() and not Path("/abs/escaped.py").exists()
    with open(tmp_path / "out" / "grades.csv", newline="", encoding="utf-8") as f:
        row = next(csv.DictReader(f))
    assert row[TOTAL] == "4" and "not a regular file" in row["notes"]
    assert os.path.isdir(tmp_path / "out" / "mallory")
