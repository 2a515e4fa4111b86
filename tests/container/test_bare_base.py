"""The project on machines it was not built on: a bare Debian made here with debootstrap and
imported into podman (no image registry is reachable), the dev container built from it, and
Gradescope's setup.sh and run_autograder on such a base; the chapter under emulated CPUs.

Slow (about 10 minutes) and needs root, podman, runc, debootstrap and qemu-user-static:
`make container-test` runs it (CONTAINER_TESTS=1; `make test` skips it), and `bash .ci/run` runs
that after `make test` (with CONTAINER_TESTS_REQUIRED=1, which turns a missing tool into a
failure instead of a skip).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.timeout(2400)
TOOLS = ("podman", "runc", "debootstrap", "qemu-x86_64-static")
TAG = f"d2l-ko-33-test-{os.getpid()}"


def _missing():
    if os.geteuid() != 0:
        return "needs root (debootstrap, podman)"
    absent = [tool for tool in TOOLS if shutil.which(tool) is None]
    if absent:
        return f"needs {', '.join(absent)} (apt-get install podman runc debootstrap qemu-user-static)"
    return None


@pytest.fixture(scope="module", autouse=True)
def _tools():
    if os.environ.get("CONTAINER_TESTS") != "1":
        pytest.skip("slow: `make container-test` runs these")
    reason = _missing()
    if reason:
        if os.environ.get("CONTAINER_TESTS_REQUIRED") == "1":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)


def mirror():
    """This machine's Debian mirror (the URIs line of its sources, not a commented one)."""
    for path in ("/etc/apt/sources.list.d/debian.sources", "/etc/apt/sources.list"):
        try:
            text = Path(path).read_text()
        except OSError:
            continue
        match = re.search(r"(?m)^URIs:\s*(\S+/debian)/?\s*$", text) or \
            re.search(r"(?m)^deb\s+(?:\[[^]]*\]\s+)?(\S+/debian)/?\s", text)
        if match:
            return match.group(1)
    return "http://deb.debian.org/debian"


class Podman:
    """podman as it runs here (FACTS, "Containers here"): no default ulimits, cgroupfs, runc."""

    def __init__(self, work):
        self.conf = work / "containers.conf"
        self.conf.write_text('[containers]\ndefault_ulimits = []\n[engine]\ncgroup_manager = "cgroupfs"\n')
        self.images = []

    def __call__(self, *args, timeout=1800, input=None, check=True):
        process = subprocess.run(["podman", "--runtime", "runc", *map(str, args)], input=input,
                                 capture_output=True, timeout=timeout,
                                 env=dict(os.environ, CONTAINERS_CONF=str(self.conf)))
        if check:
            assert process.returncode == 0, (process.stdout[-3000:] + process.stderr[-3000:]).decode("utf-8", "replace")
        return process

    def run(self, image, script, *options, volumes=(), timeout=1800):
        mounts = [arg for host, guest in volumes for arg in ("-v", f"{host}:{guest}")]
        process = self("run", "--rm", "--network=host", *options, *mounts, image,
                       "bash", "-c", script, timeout=timeout, check=False)
        return process.returncode, process.stdout.decode("utf-8", "replace"), \
            process.stderr.decode("utf-8", "replace")

    def remove_images(self):
        for image in reversed(self.images):
            self("rmi", "-f", image, check=False)


def make_base(work, podman, suite):
    """A minbase Debian of ``suite``, trusting this machine's certificates (pip here goes
    through them, FACTS), imported as localhost/<TAG>-<suite>."""
    tree = work / f"rootfs-{suite}"
    process = subprocess.run(["debootstrap", "--variant=minbase", suite, str(tree), mirror()],
                             capture_output=True, text=True, timeout=1200)
    assert process.returncode == 0, process.stdout[-2000:] + process.stderr[-2000:]
    bundle = Path("/etc/ssl/certs/ca-certificates.crt")
    if bundle.exists():  # kept by update-ca-certificates when an image installs ca-certificates
        (tree / "usr/local/share/ca-certificates").mkdir(parents=True, exist_ok=True)
        shutil.copy(bundle, tree / "usr/local/share/ca-certificates/host-ca-bundle.crt")
        (tree / "etc/ssl/certs").mkdir(parents=True, exist_ok=True)
        shutil.copy(bundle, tree / "etc/ssl/certs/ca-certificates.crt")
    if Path("/etc/pip.conf").exists():
        shutil.copy("/etc/pip.conf", tree / "etc/pip.conf")
    image = f"localhost/{TAG}-{suite}"
    archive = subprocess.run(["tar", "-C", str(tree), "-c", "."], capture_output=True, check=True).stdout
    podman("import", "-", image, input=archive)
    podman.images.append(image)
    shutil.rmtree(tree)
    return image


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    return tmp_path_factory.mktemp("bare-base")


@pytest.fixture(scope="module")
def podman(work):
    runner = Podman(work)
    yield runner
    runner.remove_images()


@pytest.fixture(scope="module")
def bookworm(work, podman):
    return make_base(work, podman, "bookworm")


def devcontainer_settings():
    """devcontainer.json (JSON with // comments, as VS Code reads it)."""
    text = (ROOT / ".devcontainer" / "devcontainer.json").read_text()
    return json.loads(re.sub(r"(?m)^\s*//.*$", "", text))


@pytest.fixture(scope="module")
def dev_image(bookworm, podman):
    image = f"localhost/{TAG}-devcontainer"
    podman("build", "--network=host", "--ulimit", "nofile=20000:20000",
           "--build-arg", f"BASE_IMAGE={bookworm}", "-t", image,
           "-f", ROOT / ".devcontainer" / "Dockerfile", ROOT / ".devcontainer", timeout=2400)
    podman.images.append(image)
    return image


@pytest.fixture(scope="module")
def checkout(work):
    """The project's files as a fresh clone has them (tracked and new, nothing ignored)."""
    listing = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=ROOT, capture_output=True, check=True).stdout.decode()
    target = work / "project"
    for relative in filter(None, listing.split("\0")):
        if (ROOT / relative).is_file():
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / relative, target / relative)
    return target


def test_devcontainer_is_pinned_to_amd64_and_takes_its_base_as_an_argument():
    settings = devcontainer_settings()
    assert settings["build"]["dockerfile"] == "Dockerfile"
    assert "--platform=linux/amd64" in settings["build"]["options"]
    assert "--platform=linux/amd64" in settings["runArgs"]
    dockerfile = (ROOT / ".devcontainer" / "Dockerfile").read_text()
    assert re.search(r"(?m)^ARG BASE_IMAGE=\S+$", dockerfile)
    assert re.search(r"(?m)^FROM --platform=linux/amd64 \$\{BASE_IMAGE\}$", dockerfile)


def test_devcontainer_builds_the_site_and_grades_the_solutions(dev_image, podman, checkout):
    settings = devcontainer_settings()
    options = [f"--cap-add={cap}" for cap in settings["capAdd"]]
    options += [f"--security-opt={opt}" for opt in settings["securityOpt"]]
    # The README's commands, unchanged, in the workspace as VS Code mounts it.
    status, out, err = podman.run(dev_image, "make html && make grade SUBMISSION=solutions "
                                  "RESULTS=_build/grade/solutions.json", *options,
                                  "-w", "/workspaces/project",
                                  volumes=[(checkout, "/workspaces/project")], timeout=2400)
    assert status == 0, out[-3000:] + err[-3000:]
    for view in ("ko", "en", "both"):
        assert (checkout / "_build" / "html" / view / "linear-regression-concise.html").exists()
    results = json.loads((checkout / "_build" / "grade" / "solutions.json").read_text())
    assert results["score"] == 20 and "Total: 20/20" in out
    # With the capabilities devcontainer.json asks for, the grader gets its bubblewrap sandbox.
    assert "bubblewrap" in results["output"], results["output"]


def test_devcontainer_without_those_capabilities_grades_with_the_uid_sandbox(dev_image, podman, checkout):
    # Needs the first test's .venv in the shared workspace.
    status, out, err = podman.run(dev_image, "make grade SUBMISSION=solutions "
                                  "RESULTS=_build/grade/plain.json", "-w", "/workspaces/project",
                                  volumes=[(checkout, "/workspaces/project")])
    assert status == 0, out[-3000:] + err[-3000:]
    results = json.loads((checkout / "_build" / "grade" / "plain.json").read_text())
    assert results["score"] == 20
    assert "uid sandbox only" in err and "bwrap cannot create namespaces" in err


def test_devcontainer_runs_the_browser_tests(dev_image, podman, checkout):
    # A part of `make test` that needs the image's own Chromium, fonts, npm and Playwright's
    # driver, on the site the first test built (the whole `make test` takes 15 minutes more).
    script = ("npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error && "
              ".venv/bin/python -m pytest -p no:cacheprovider -q tests/browser/test_views_in_browser.py")
    status, out, err = podman.run(dev_image, script, "-w", "/workspaces/project",
                                  volumes=[(checkout, "/workspaces/project")])
    assert status == 0, out[-3000:] + err[-3000:]
    assert " passed" in out and "failed" not in out


def _autograder_tree(work, submission):
    """/autograder as Gradescope lays it out: the unpacked zip in source/, the submission."""
    tree = work / f"autograder-{submission.name}"
    subprocess.run([sys.executable, "-m", "grader", "gradescope-bundle", str(work / "autograder.zip"),
                    "--lang", "en"], cwd=ROOT, check=True, capture_output=True)
    with zipfile.ZipFile(work / "autograder.zip") as archive:
        archive.extractall(tree / "source")
    for script in ("setup.sh", "run_autograder"):
        os.chmod(tree / "source" / script, 0o755)
    shutil.copytree(submission, tree / "submission", ignore=shutil.ignore_patterns("__pycache__"))
    return tree


def test_gradescope_setup_and_run_on_a_bare_debian(bookworm, podman, work):
    tree = _autograder_tree(work, ROOT / "solutions")
    # Gradescope copies run_autograder to /autograder and runs it from there.
    script = ("bash /autograder/source/setup.sh && cp /autograder/source/run_autograder /autograder/ "
              "&& /autograder/run_autograder")
    status, out, err = podman.run(bookworm, script, volumes=[(tree, "/autograder")], timeout=2400)
    assert status == 0, out[-3000:] + err[-3000:]
    assert "setup.sh: using Python 3.11" in out and "setup.sh: ready" in out
    results = json.loads((tree / "results" / "results.json").read_text())
    assert results["score"] == 20 and len(results["tests"]) == 12
    assert results["output_format"] == "md"


def test_gradescope_setup_refuses_an_image_with_only_an_unsupported_python(work, podman):
    # Debian 11's python3 is 3.9 and it packages no 3.11 or 3.12, like an image whose only
    # Python is 3.10 (Ubuntu 22.04 without its universe component).
    bullseye = make_base(work, podman, "bullseye")
    tree = _autograder_tree(work, ROOT / "exercises")
    status, out, err = podman.run(bullseye, "bash /autograder/source/setup.sh",
                                  volumes=[(tree, "/autograder")], timeout=1800)
    assert status != 0
    assert "setup.sh: error: no Python 3.11 or 3.12" in err and "Python 3.9" in err
    assert not (tree / "venv").exists()


@pytest.fixture(scope="module")
def chapter_script(work):
    from myst_nb.core.read import read_myst_markdown_notebook

    notebook = read_myst_markdown_notebook(
        (ROOT / "docs" / "linear-regression-concise.md").read_text(encoding="utf-8"))
    path = work / "chapter.py"
    path.write_text("\n".join(c.source for c in notebook.cells if c.cell_type == "code"))
    return path


@pytest.mark.parametrize("cpu, openblas_core, trains", [("SandyBridge", "Sandybridge", True),
                                                         ("Westmere", "Nehalem", False)])
def test_chapter_under_an_emulated_cpu_needs_avx(cpu, openblas_core, trains, chapter_script):
    # SandyBridge is the first with AVX; Westmere has SSE4.2 but no AVX. OPENBLAS_CORETYPE: the
    # kernels a real CPU of that model gets (under qemu-user OpenBLAS may pick the host's).
    process = subprocess.run(["qemu-x86_64-static", "-cpu", cpu, sys.executable, str(chapter_script)],
                             capture_output=True, text=True, timeout=1800,
                             env=dict(os.environ, OPENBLAS_CORETYPE=openblas_core))
    if trains:
        assert process.returncode == 0, process.stderr[-3000:]
        assert re.search(r"epoch 3, loss: 0\.0000\d+", process.stdout), process.stdout
    else:
        assert process.returncode == -4, (process.returncode, process.stderr[-2000:])  # SIGILL
