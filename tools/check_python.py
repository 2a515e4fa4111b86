"""Say clearly whether this Python can run the project, and what to do if not.

Run by the Makefile before it creates .venv. Written to run on any Python 3
(no f-strings), so that an old interpreter gets the message, not a traceback.
"""

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


def main():
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


if __name__ == "__main__":
    sys.exit(main())
