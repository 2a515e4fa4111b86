"""Platforms: tools/check_python.py tells an unsupported machine what to do before pip runs
(README, "Platforms"), and after the install finds a CPU whose lack of AVX stops MXNet."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from sitebuild import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import check_python  # noqa: E402

CHECK = str(ROOT / "tools" / "check_python.py")
AVX = {"fpu", "sse4_2", "avx", "avx2"}
NO_AVX = {"fpu", "sse4_2", "popcnt"}


@pytest.mark.parametrize("system, machine, flags, advice", [
    ("linux", "x86_64", AVX, None),
    ("linux", "x86_64", None, None),            # /proc/cpuinfo unreadable: no guess
    ("darwin", "x86_64", None, None),           # an Intel Mac
    ("linux", "x86_64", NO_AVX, "no_avx"),
    ("linux", "aarch64", None, "arm_linux"),    # Graviton, Raspberry Pi, arm64 containers
    ("linux", "armv7l", None, "arm_linux"),
    ("darwin", "arm64", None, "apple"),
    ("win32", "AMD64", None, "windows"),
    ("cygwin", "x86_64", None, "windows"),
    ("freebsd14", "amd64", None, "other"),
    ("linux", "ppc64le", None, "other"),
])
def test_platform_problem(system, machine, flags, advice):
    problem = check_python.platform_problem(system, machine, flags)
    assert (problem and problem[1]) == advice


@pytest.mark.parametrize("where, words", [
    ("win32/AMD64", ["Windows", "WSL 2", "Codespaces", "dev container"]),
    ("darwin/arm64", ["Apple Silicon", "linux/amd64", "Codespaces"]),
    ("linux/aarch64", ["Arm Performance Libraries", "linux/amd64", "Codespaces"]),
])
def test_an_unsupported_platform_is_told_what_to_do(where, words):
    process = subprocess.run([sys.executable, CHECK, "--platform", where], capture_output=True,
                             text=True, env={k: v for k, v in os.environ.items() if k != "ALLOW_ANY_PLATFORM"})
    assert process.returncode == 1
    assert all(word in process.stderr for word in words), process.stderr
    assert 'README, "Platforms"' in process.stderr and "Traceback" not in process.stderr


def test_allow_any_platform_goes_on_with_the_message():
    process = subprocess.run([sys.executable, CHECK, "--platform", "win32/AMD64"], capture_output=True,
                             text=True, env=dict(os.environ, ALLOW_ANY_PLATFORM="1"))
    assert process.returncode == 0 and "going on anyway" in process.stderr


def test_this_machine_passes_and_mxnet_computes():
    # make test runs on Linux x86_64 with AVX: the check before pip and the one after both pass.
    assert subprocess.run([sys.executable, CHECK]).returncode == 0
    assert subprocess.run([sys.executable, CHECK, "--mxnet"]).returncode == 0


@pytest.mark.timeout(900)
@pytest.mark.parametrize("cpu, openblas_core, status", [("SandyBridge", "Sandybridge", 0),
                                                         ("Westmere", "Nehalem", 1)])
def test_mxnet_check_under_an_emulated_cpu(cpu, openblas_core, status):
    """qemu-user shows the host's /proc/cpuinfo, so only running MXNet tells: SandyBridge has
    AVX, Westmere (SSE4.2) has not. Under qemu-user the OpenBLAS inside MXNet may pick the
    host's kernels whatever -cpu says (seen on an AMD Zen 5 host: Haswell's, with FMA, for
    every model), so OPENBLAS_CORETYPE names the kernels a real CPU of that model gets."""
    if shutil.which("qemu-x86_64-static") is None:
        pytest.skip("needs qemu-user-static (bash .ci/run installs it)")
    process = subprocess.run(["qemu-x86_64-static", "-cpu", cpu, sys.executable, CHECK, "--mxnet"],
                             capture_output=True, text=True, timeout=800,
                             env=dict(os.environ, OPENBLAS_CORETYPE=openblas_core))
    assert process.returncode == status, process.stderr[-2000:]
    if status:
        assert "illegal instruction" in process.stderr and "SandyBridge or newer" in process.stderr
