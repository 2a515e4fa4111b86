"""Say clearly whether this machine and this Python can run the project, and what to do if not.

Run by the Makefile before it creates .venv (``python tools/check_python.py``: the platform,
then the Python version), and after the install (``.venv/bin/python tools/check_python.py
--mxnet``: MXNet computes). Written to run on any Python 3 (no f-strings), so that an old
interpreter gets the message, not a traceback. README, "Platforms" and "Python versions".

``--platform SYSTEM/MACHINE`` (e.g. ``win32/AMD64``, ``darwin/arm64``) shows what a machine of
that kind is told; ``ALLOW_ANY_PLATFORM=1`` goes on past a platform problem (e.g. with an MXNet
built from source).
"""

import os
import platform
import shutil
import sys

SUPPORTED = ((3, 11), (3, 12))
WHY = (
    "MXNet 1.9.1, the last MXNet release, needs numpy older than 2.0.\n"
    "  * Python 3.11 works with numpy 1.23.5 (recommended).\n"
    "  * Python 3.12 works with numpy 1.26.4 plus a small shim the Makefile installs\n"
    "    (MXNet still reads numpy.bool, which numpy 1.24 removed).\n"
    "  * Python 3.13 and newer have no numpy<2 wheels; 3.10 and older are not tested."
)
CONTAINER = (
    "open the project in its dev container (VS Code with Docker: \"Reopen in Container\";\n"
    "the image is linux/amd64) or in GitHub Codespaces (Code > Codespaces > Create)"
)
ADVICE = {
    "windows": "MXNet 1.9.1 has no package for Windows. Use WSL 2 (install Ubuntu with\n"
               "`wsl --install`, then run this README's commands inside it), or\n" + CONTAINER + ".",
    "apple": "MXNet 1.9.1 has no package for Apple Silicon (macOS arm64). Instead,\n" + CONTAINER
             + ":\nDocker Desktop runs the linux/amd64 image under emulation (Rosetta or qemu).",
    "arm_linux": "MXNet 1.9.1's aarch64 package installs but does not import: it links\n"
                 "Arm Performance Libraries that it does not ship. Instead,\n" + CONTAINER
                 + ";\nhere it runs under linux/amd64 emulation (qemu-user-static with binfmt).",
    "no_avx": "MXNet 1.9.1's x86_64 package uses AVX instructions, which this CPU does not offer\n"
              "(MXNet imports, then its first nd.dot stops with an illegal instruction). In a\n"
              "virtual machine or emulator, give it a CPU model with AVX (qemu: -cpu host, or\n"
              "SandyBridge or newer; under qemu-user a model without FMA, such as SandyBridge,\n"
              "also needs OPENBLAS_CORETYPE=Sandybridge); or use GitHub Codespaces.",
    "other": "MXNet 1.9.1 has packages for Linux x86_64 and macOS x86_64 only. Instead,\n"
             + CONTAINER + ".",
}


def cpu_flags():
    """The CPU's feature flags on Linux (None where /proc/cpuinfo does not say)."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except (IOError, OSError):
        pass
    return None


def platform_problem(system, machine, flags=None):
    """None if MXNet 1.9.1 runs natively on this kind of machine, else (name, advice key)."""
    machine = machine.lower()
    if system.startswith(("win", "cygwin", "msys")):
        return "Windows", "windows"
    if system == "darwin":
        if machine in ("arm64", "aarch64"):
            return "an Apple Silicon Mac", "apple"
        if machine == "x86_64":
            return None
    if system.startswith("linux"):
        if machine in ("aarch64", "arm64") or machine.startswith("arm"):
            return "Linux on %s" % machine, "arm_linux"
        if machine in ("x86_64", "amd64"):
            if flags is not None and "avx" not in flags:
                return "an x86_64 CPU without AVX", "no_avx"
            return None
    return "%s on %s" % (system, machine or "an unknown CPU"), "other"


def check_platform(system=None, machine=None):
    if system is None:
        system, machine, flags = sys.platform, platform.machine(), cpu_flags()
    else:
        flags = None
    problem = platform_problem(system, machine, flags)
    if problem is None:
        return 0
    name, key = problem
    sys.stderr.write("\nThis project cannot run natively on %s (%s/%s).\n\n%s\n\n"
                     "See the README, \"Platforms\".\n\n" % (name, system, machine, ADVICE[key]))
    if os.environ.get("ALLOW_ANY_PLATFORM") == "1":
        sys.stderr.write("ALLOW_ANY_PLATFORM=1: going on anyway.\n\n")
        return 0
    return 1


def check_version():
    version = sys.version_info[:2]
    if version in SUPPORTED:
        return 0
    found = [name for name in ("python3.11", "python3.12") if shutil.which(name)]
    sys.stderr.write(
        "\nThis project needs Python 3.11 or 3.12, but %s is Python %d.%d.\n\n%s\n\n"
        % (sys.executable, version[0], version[1], WHY)
    )
    if found:
        sys.stderr.write("Found on your PATH: %s. Use it with, for example:\n    make PYTHON=%s html\n\n"
                         % (", ".join(found), found[0]))
    else:
        sys.stderr.write(
            "Install Python 3.11, e.g. with pyenv (pyenv install 3.11), uv (uv python install 3.11)\n"
            "or your system's packages (apt install python3.11 python3.11-venv), then run\n"
            "    make PYTHON=python3.11 html\n\n"
        )
    return 1


def check_mxnet():
    """Run MXNet's first computations in a forked child (forked, not a new program: under an
    emulator the child stays emulated) and explain how it ended."""
    pid = os.fork()
    if pid == 0:
        try:
            import mxnet
            from mxnet.gluon import nn

            # The chapter's first computation (a matrix-vector nd.dot) is where MXNet runs AVX
            # code; a Dense layer then runs the rest of what the chapter needs.
            mxnet.nd.dot(mxnet.nd.ones((4, 2)), mxnet.nd.ones((2,))).asnumpy()
            layer = nn.Dense(1)
            layer.initialize()
            layer(mxnet.nd.ones((2, 3))).asnumpy()
        except BaseException:
            import traceback

            traceback.print_exc()
            os._exit(3)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        return 0
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == 4:  # SIGILL
        sys.stderr.write("\nMXNet stopped with an illegal instruction.\n\n%s\n\n"
                         "See the README, \"Platforms\".\n\n" % ADVICE["no_avx"])
    else:
        sys.stderr.write("\nMXNet does not run in %s (see the error above); see the README,\n"
                         "\"Platforms\" and \"Python versions\".\n\n" % sys.prefix)
    return 1


def main(argv):
    if argv[1:2] == ["--mxnet"]:
        return check_mxnet()
    if argv[1:2] == ["--platform"] and len(argv) == 3 and "/" in argv[2]:
        return check_platform(*argv[2].split("/", 1))
    if len(argv) > 1:
        sys.stderr.write("usage: check_python.py [--mxnet | --platform SYSTEM/MACHINE]\n")
        return 2
    return check_platform() or check_version()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
