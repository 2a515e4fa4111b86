"""`make lab`: JupyterLab from the venv opens the chapter's notebook and a grading notebook, and
the grading notebook grades `exercises/` in a real kernel."""
import json
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from local_web import free_port
from sitebuild import ROOT

LAB = ROOT / "_build" / "lab"

pytestmark = pytest.mark.timeout(600)


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def kernel_environments(server_pid: int) -> list[dict]:
    """The environments of the kernels the server started (its ipykernel children)."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        except OSError:
            continue
        parent = int(next(line.split()[1] for line in status.splitlines() if line.startswith("PPid:")))
        if parent == server_pid and b"ipykernel_launcher" in command:
            found.append(dict(item.decode().split("=", 1) for item in environ if b"=" in item))
    return found


@pytest.fixture
def lab_folder():
    """_build/lab as a learner without one has it; the test's files are removed afterwards
    (a learner's own notebooks there are kept)."""
    before = set(LAB.iterdir()) if LAB.exists() else set()
    yield
    for path in set(LAB.iterdir()) - before if LAB.exists() else ():
        path.unlink()


def test_make_lab_serves_the_notebooks_with_the_grader_importable(lab_folder, tmp_path, monkeypatch):
    port = free_port()
    config = tmp_path / "jupyter-config"
    config.mkdir()
    (config / "jupyter_server_config.json").write_text(json.dumps({
        "ServerApp": {"open_browser": False, "port": port, "ip": "127.0.0.1",
                      "disable_check_xsrf": True},  # lets the test POST without a browser cookie
        "IdentityProvider": {"token": ""}}))
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(config), HOME=str(tmp_path))
    env.pop("PYTHONPATH", None)
    # A POSIX sh (Debian's dash) rather than bash: macOS's /bin/bash is 3.2, without bash 4's
    # features (mapfile), and the recipe must not need them.
    lab = subprocess.Popen(["make", "--no-print-directory", "lab", "LAB_LANG=en", "SHELL=/bin/sh"],
                           cwd=ROOT, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            assert lab.poll() is None, lab.stdout.read()
            try:
                get_json(f"{base}/api/status")
                break
            except OSError:
                assert time.monotonic() < deadline, "JupyterLab did not start"
                time.sleep(0.5)
        def listed(folder):
            return {item["name"] for item in get_json(f"{base}/api/contents/{folder}")["content"]}

        assert {"linear-regression-concise.en.ipynb", "grade-exercises.en.ipynb"} <= listed("_build/lab")
        assert {"q1_mean_loss.py", "q2_huber.py", "q3_weight_grad.py"} <= listed("exercises")
        with urllib.request.urlopen(f"{base}/lab", timeout=10) as page:
            assert page.status == 200 and b"JupyterLab" in page.read()
        # A kernel the server starts finds the grader (make lab passes the project on PYTHONPATH).
        request = urllib.request.Request(f"{base}/api/kernels", data=b"{}", method="POST",
                                         headers={"Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=30).close()
        server = next(int(pid) for pid in filter(str.isdigit, os.listdir("/proc"))
                      if b"jupyter-lab" in Path(f"/proc/{pid}/cmdline").read_bytes()
                      and os.getsid(int(pid)) == lab.pid)
        deadline = time.monotonic() + 60
        while not (kernels := kernel_environments(server)):
            assert time.monotonic() < deadline, "the kernel did not start"
            time.sleep(0.2)
        assert kernels[0].get("PYTHONPATH") == str(ROOT)
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        try:
            lab.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(lab.pid, signal.SIGKILL)
            lab.wait()

    chapter = nbformat.read(LAB / "linear-regression-concise.en.ipynb", as_version=4)
    assert any(cell.get("outputs") for cell in chapter.cells if cell.cell_type == "code")
    grading = nbformat.read(LAB / "grade-exercises.en.ipynb", as_version=4)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # as make lab's kernel has it
    NotebookClient(grading, timeout=500, kernel_name="python3",
                   resources={"metadata": {"path": str(LAB)}}).execute()
    shown = next(output["data"]["text/html"] for output in grading.cells[-1].outputs
                 if output["output_type"] in ("execute_result", "display_data"))
    assert "<table>" in shown and "0/20" in shown  # the stubs in exercises/: nothing attempted yet
