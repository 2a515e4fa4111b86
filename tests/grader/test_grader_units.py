"""Fast tests of the grader's parts that need no sandbox: language choice, the catalogue, the
check list, the reports, the CSV, staging and the pytest isolation flags."""
import ast
import csv
import io
import json
import os
import re
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from grader_testlib import REPO
from grader import QUESTIONS, batch, check_session, source_facts, staging
from grader.catalogue import Catalogue, choose_language
from grader.checks import list_checks
from grader.checks.verdict import _STATUS_KEYS
from grader.report import gradescope, junit, markdown, terminal
from grader.runner import CheckResult, GradeResult
from grader.sandbox import cgroup

CATALOGUE = Catalogue()


@pytest.mark.parametrize("requested, environ, expected", [
    ("en", {"GRADE_LANG": "ko", "LANG": "ko_KR.UTF-8"}, "en"),
    (None, {"GRADE_LANG": "ko", "LANG": "en_US.UTF-8"}, "ko"),
    (None, {"GRADE_LANG": "en", "LC_ALL": "ko_KR.UTF-8"}, "en"),
    (None, {"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"),
    (None, {"LC_MESSAGES": "ko_KR.UTF-8"}, "ko"),
    (None, {"LC_ALL": "C.UTF-8", "LANG": "ko_KR.UTF-8"}, "en"),  # LC_ALL decides first
    (None, {"LANG": "ko"}, "ko"),
    (None, {"GRADE_LANG": "fr", "LANG": "ko_KR"}, "ko"),  # unknown GRADE_LANG is ignored
    (None, {}, "en"),
])
def test_language_choice(requested, environ, expected):
    assert choose_language(requested, environ) == expected


def _keys_used_by_checks():
    keys = set(_STATUS_KEYS.values()) | {"common.passed", "common.grader_error"}
    for path in (REPO / "grader" / "checks").glob("check_*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "CheckFailed":
                first = node.args[0]
                if isinstance(first, ast.Constant):
                    keys.add(first.value)
                elif isinstance(first, ast.JoinedStr):  # f"q2.{prefix}_missing"
                    template = ast.unparse(first)
                    for prefix in ("loss_names", "initializer_names"):
                        keys.add(re.sub(r"\{prefix\}", prefix, template[2:-1]))
        # Keys kept in tables (e.g. _WRONG_KIND_KEYS); not the names of input streams.
        for match in re.finditer(r'(?<!rng\()"(q\d\.[a-z_]+)"', path.read_text()):
            keys.add(match.group(1))
    return keys


def _fields(text):
    """The parameters a template uses ({name}, {name:을}, {name|을} all use name)."""
    return set(re.findall(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:[:|][가-힣]+)?\}", text))


def test_every_message_used_exists_in_both_languages():
    used = _keys_used_by_checks()
    assert used - set(CATALOGUE.messages) == set()
    for key, entry in CATALOGUE.messages.items():
        assert set(entry) == {"ko", "en", "hint_ko", "hint_en"}, key
        assert entry["ko"] and entry["en"], key
        assert _fields(entry["ko"]) == _fields(entry["en"]), key
        assert _fields(entry["hint_ko"]) == _fields(entry["hint_en"]), key
        assert bool(entry["hint_ko"]) == bool(entry["hint_en"]), key
        if not key.startswith("common.passed"):
            assert entry["hint_en"], key


def test_korean_messages_use_the_polite_style_and_the_term_table():
    for key, entry in CATALOGUE.messages.items():
        for text in filter(None, (entry["ko"], entry["hint_ko"])):
            assert "니다" in text or "세요" in text, key  # 합니다 style
            assert not re.search(r"(한다|이다|있다|된다|없다)[.\s]", text), key
            assert "그래티언트" not in text and "레이어" not in text, key  # 그래디언트, 층


def test_every_check_has_a_title_and_points():
    specs = list_checks()
    assert len({spec.id for spec in specs}) == len(specs) == 12
    assert {spec.question for spec in specs} == set(QUESTIONS)
    assert sum(spec.points for spec in specs) == 20
    for spec in specs:
        assert spec.id.startswith(spec.question + ".") and spec.points > 0
        for lang in ("ko", "en"):
            assert CATALOGUE.check_title(spec.id, lang) != spec.id
    assert set(CATALOGUE.checks) == {spec.id for spec in specs}


def _result(passed):
    checks = [CheckResult(spec.id, spec.question, spec.name, spec.points, passed,
                          "common.passed" if passed else "common.crashed",
                          {} if passed else {"error": "ValueError: a | b\x07", "at": "",
                                             "learner_output": "printed\x00 text"})
              for spec in list_checks()]
    return GradeResult("subs/x", checks, seed=7, seconds=1.2)


def test_reports_of_a_failing_result():
    result = _result(False)
    data = gradescope.build(result, CATALOGUE, "en")
    assert data["score"] == 0 and len(data["tests"]) == 12
    assert [t["number"] for t in data["tests"]][:5] == ["1.1", "1.2", "1.3", "1.4", "2.1"]
    assert "printed" in data["tests"][0]["output"]
    json.loads(gradescope.dumps(data))
    root = ET.fromstring(junit.build(result, CATALOGUE, "en"))  # control characters replaced
    assert root.get("failures") == "12"
    text = markdown.render(result, CATALOGUE, "ko")
    assert "a \\| b" in text and text.count("❌") == 12
    table = terminal.render(result, CATALOGUE, "en")
    assert "Total: 0/20" in table and "ValueError" in table


def test_unfinished_results_are_zero():
    data = gradescope.unfinished(CATALOGUE, "ko")
    assert data["score"] == 0 and data["tests"] == []


def test_csv_has_identifiers_status_and_maxima_in_the_header():
    rows = [{"submission": "a", "name": "=1+1", "student_id": "7", "email": "", "status": "graded",
             "q1_mean_loss (max 6)": 6, "q2_huber (max 10)": 7, "q3_weight_grad (max 4)": 4,
             "total (max 20)": 17, "notes": "-rm"}]
    text = batch.grades_csv(rows).decode("utf-8")
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0] == ["submission", "name", "student_id", "email", "status",
                         "q1_mean_loss (max 6)", "q2_huber (max 10)", "q3_weight_grad (max 4)",
                         "total (max 20)", "notes"]
    assert parsed[1] == ["a", "'=1+1", "7", "", "graded", "6", "7", "4", "17", "'-rm"]
    assert len(parsed) == 2  # no maximum row among the learners
    assert batch.grades_csv(rows, excel=True).startswith(b"\xef\xbb\xbf")


def test_pytest_runs_isolated_from_the_submission():
    args = check_session.pytest_arguments(300)
    assert args[args.index("-c") + 1].endswith("grader/checks/pytest.ini")
    assert args[args.index("--rootdir") + 1].endswith("grader/checks")
    for flag in ("--noconftest", "no:cacheprovider", "grader.pytest_plugin"):
        assert flag in args
    runner_source = (REPO / "grader" / "runner.py").read_text()
    assert '"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"' in runner_source


def test_staging_copies_only_regular_python_files(tmp_path):
    source = tmp_path / "submission"
    source.mkdir()
    (source / "q1_mean_loss.py").write_text("x = 1\n")
    (source / "notes.txt").write_text("not python\n")
    (source / "big.py").write_bytes(b"#" * (2 << 20))
    secret = tmp_path / "secret.py"
    secret.write_text("SECRET = 1\n")
    os.symlink(secret, source / "q2_huber.py")
    files = {p.name: p for p in source.iterdir()}
    staged = staging.stage(files)
    try:
        assert sorted(p.name for p in Path(staged.path).iterdir()) == ["q1_mean_loss.py"]
        # Other users, other submissions' uids among them, cannot enter the private root.
        assert oct(Path(staged.root).stat().st_mode & 0o777) == "0o700"
    finally:
        staged.remove()
    assert not Path(staged.root).exists()


def _submission(tmp_path, files):
    folder = tmp_path / "staged"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


_GLUON = "from mxnet import nd\nfrom mxnet.gluon import loss as gloss\n"
_BY_HAND = ("    e = nd.abs(p - l.reshape(p.shape))\n"
            "    return nd.where(e > rho, e - rho / 2, e * e / (2 * rho))\n")


@pytest.mark.parametrize(("source", "expected"), [
    (_GLUON + "def huber(p, l, rho=1.0):\n    return gloss.HuberLoss(rho)(p, l)\n", "gluon"),
    ("from mxnet.gluon.loss import HuberLoss as H\ndef huber(p, l, rho=1.0):\n"
     "    return H(rho)(p, l)\n", "gluon"),
    (_GLUON + "def _made(r):\n    return gloss.HuberLoss(r)\nmade = _made\n"
     "def huber(p, l, rho=1.0):\n    return made(rho)(p, l)\n", "gluon"),  # a helper's alias
    (_GLUON + "def make_loss(rho=1.0):\n    return gloss.HuberLoss(rho)\n"
     "def huber(p, l, rho=1.0):\n    return make_loss(rho)(p, l)\n", "gluon"),
    (_GLUON + "def huber(p, l, rho=1.0):\n    return getattr(gloss, 'HuberLoss')(rho)(p, l)\n",
     "gluon"),
    (_GLUON + "huber = gloss.HuberLoss()\n", "gluon"),
    # Bound in a loop, or defined under an if: still module-level bindings.
    (_GLUON + "for _b in [gloss.HuberLoss()]:\n    _f = _b\ndef huber(p, l, rho=1.0):\n"
     "    return _f(p, l)\n", "gluon"),
    (_GLUON + "if True:\n    def huber(p, l, rho=1.0):\n        return gloss.HuberLoss()(p, l)\n",
     "gluon"),
    # Names chosen at run time, or the module table, hide what is called: not proven.
    (_GLUON + "def huber(p, l, rho=1.0):\n    return getattr(gloss, 'Hub' + 'erLoss')()(p, l)\n",
     "unknown"),
    (_GLUON + "import sys\ndef huber(p, l, rho=1.0):\n    return sys.modules['x'].f(p, l)\n",
     "unknown"),
    (_GLUON + "nd.abs = lambda x: x\ndef huber(p, l, rho=1.0):\n" + _BY_HAND, "unknown"),
    # By hand; the docstring names HuberLoss, and make_loss and train may use it; a local
    # variable named like a module-level one that uses it does not count.
    (_GLUON + "loss = gloss.HuberLoss()\ndef huber(p, l, rho=1.0):\n"
     "    \"Like gloss.HuberLoss, by hand.\"\n    loss = 0\n" + _BY_HAND
     + "def make_loss(rho=1.0):\n    return gloss.HuberLoss(rho)\n"
     "def train():\n    return gloss.HuberLoss()\n", "clean"),
    ("def huber(:\n", "absent"),  # the import check reports it
    ("x = 1\n", "absent"),  # no huber: the missing-function check reports it
    ("x = " + "(" * 100_000 + ")" * 100_000 + "\n", "absent"),  # too deep to parse, no crash
])
def test_source_facts_read_what_huber_reaches(tmp_path, source, expected):
    folder = _submission(tmp_path, {"q2_huber.py": source})
    assert source_facts.huber_verdict(folder)["verdict"] == expected


def test_source_facts_follow_the_submissions_own_modules(tmp_path):
    folder = _submission(tmp_path, {
        "q2_huber.py": "import helper\ndef huber(p, l, rho=1.0):\n    return helper.f(p, l)\n",
        "helper.py": "from mxnet.gluon import loss\n\ndef f(p, l):\n"
                     "    return loss.HuberLoss()(p, l)\n"})
    assert source_facts.huber_verdict(folder) == {"verdict": "gluon", "reason": "HuberLoss",
                                                  "where": "helper.py:4"}
    (folder / "helper.py").write_text("def f(:\n")
    assert source_facts.huber_verdict(folder)["verdict"] == "unknown"


def test_source_facts_of_a_folder_without_the_module(tmp_path):
    assert source_facts.collect(tmp_path) == {
        "q2_huber": {"huber": {"verdict": "absent", "reason": "", "where": ""}}}


def test_grader_never_imports_the_reference_answers():
    for path in (REPO / "grader").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                assert not any(a.name.split(".")[0] == "solutions" for a in node.names), path
            if isinstance(node, ast.ImportFrom):
                assert (node.module or "").split(".")[0] != "solutions", path


def test_leftovers_with_a_dead_main_thread_are_found_and_ended(tmp_path):
    """A detached process whose main thread exited shows state Z in /proc while another thread
    runs: the cleanup counts it as alive and ends it."""
    marker = tmp_path / "alive"
    script = textwrap.dedent(f"""
        import ctypes, os, sys, threading, time
        sys.path.insert(0, {str(REPO / "grader")!r})
        from sandbox_runtime import cleanup
        ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # a subreaper, as the sandbox's server is
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                def beat():
                    while True:
                        open({str(marker)!r}, "a").write("beat\\n"); time.sleep(0.05)
                threading.Thread(target=beat).start()
                ctypes.CDLL(None).syscall(60, 0)  # SYS_exit: this thread only
            os._exit(0)
        time.sleep(0.5)
        cleanup.reap()
        zombies = [p for p in cleanup.call_processes("tree")
                   if open(f"/proc/{{p}}/stat").read().rsplit(")", 1)[1].split()[0] == "Z"]
        print(len(zombies), cleanup.end_call_processes("tree"))
    """)
    if os.uname().machine != "x86_64":
        pytest.skip("the raw exit system call number used here is x86_64's")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    zombies, ended = map(int, out.stdout.split())
    assert zombies == 1 and ended >= 1  # seen as a zombie, ended all the same
    size = marker.stat().st_size
    import time
    time.sleep(0.3)
    assert marker.stat().st_size == size


def _docstrings(path):
    tree = ast.parse(path.read_text())
    yield "module", ast.get_docstring(tree, clean=False)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            yield node.name, ast.get_docstring(node)


def test_another_graders_empty_group_stays_until_that_grader_ends():
    """A grading makes its sandbox's cgroup empty, and the sandbox joins it a moment later:
    a grader starting meanwhile (its start removes empty groups that killed gradings left)
    must not remove it, or the first grading's sandbox fails to start."""
    if os.geteuid() != 0:
        pytest.skip("cgroups are made by root only")
    owner = subprocess.Popen(
        [sys.executable, "-c", "import sys; from grader.sandbox import cgroup; "
         "g = cgroup.create(cgroup.new_tag() + '-0'); print(*g.folders.values(), flush=True); "
         "sys.stdin.read()"],
        cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    folders = owner.stdout.readline().split()
    try:
        assert folders and all(os.path.isdir(folder) for folder in folders)
        cgroup.remove_empty()  # what another grader's start does
        assert all(os.path.isdir(folder) for folder in folders)
    finally:
        owner.communicate("")
    cgroup.remove_empty()  # its grader has ended: a leftover now
    assert not any(os.path.isdir(folder) for folder in folders)


@pytest.mark.parametrize("package", ["exercises", "solutions"])
def test_docstrings_are_bilingual(package):
    """Summary line, then a [ko] and an [en] part, the markers on lines of their own."""
    for path in sorted((REPO / package).glob("*.py")):
        for name, doc in _docstrings(path):
            assert doc, (path.name, name)
            lines = [line.strip() for line in doc.strip().splitlines()]
            assert lines[0] and lines[0] not in ("[ko]", "[en]"), (path.name, name)
            assert lines.count("[ko]") == 1 and lines.count("[en]") == 1, (path.name, name)
            ko, en = lines.index("[ko]"), lines.index("[en]")
            assert 0 < ko < en < len(lines) - 1, (path.name, name)
            assert any(re.search("[가-힣]", line) for line in lines[ko + 1:en]), (path.name, name)


def test_stubs_raise_not_implemented():
    for path in sorted((REPO / "exercises").glob("q*.py")):
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef):
                last = node.body[-1]
                assert isinstance(last, ast.Raise), (path.name, node.name)
                assert "NotImplementedError" in ast.unparse(last), (path.name, node.name)
