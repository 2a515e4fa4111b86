"""Python 3.12 only: let MXNet 1.9.1 import on numpy 1.26.

MXNet reads ``numpy.bool``, an alias numpy 1.24 removed (upstream issue
apache/mxnet#21165, never released). Installed into a Python 3.12 environment
(``python tools/mxnet_py312_compat.py --install``, which the Makefile and the
Gradescope setup run) with a .pth file that imports it at start-up, it waits
until something imports mxnet and only then restores the alias, so nothing else
pays for importing numpy.
"""

import importlib.abc
import os
import shutil
import sys
import sysconfig


class _RestoreNumpyBool(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "mxnet":
            sys.meta_path.remove(self)
            import numpy

            if "bool" not in numpy.__dict__:
                numpy.bool = bool
        return None


def install():
    """Copy this module into the running interpreter's site-packages, with its .pth."""
    if sys.version_info[:2] != (3, 12):
        print("mxnet_py312_compat: Python %d.%d needs no shim" % sys.version_info[:2])
        return
    site = sysconfig.get_paths()["purelib"]
    shutil.copyfile(os.path.abspath(__file__), os.path.join(site, "mxnet_py312_compat.py"))
    with open(os.path.join(site, "mxnet_py312_compat.pth"), "w") as pth:
        pth.write("import mxnet_py312_compat\n")
    print("mxnet_py312_compat: installed in " + site)


if __name__ == "__main__":
    if sys.argv[1:] == ["--install"]:
        install()
    else:
        sys.exit("usage: python mxnet_py312_compat.py --install")
else:
    sys.meta_path.insert(0, _RestoreNumpyBool())
