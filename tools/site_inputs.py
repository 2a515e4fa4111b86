"""What the site is built from, and whether any of it changed since the last build.

The inputs are every file under docs/, exercises/ and solutions/, conf.py,
requirements.txt, the two build scripts, and the settings of the build (views,
Sphinx options, the interpreter, the environment variables conf.py reads). A
record of them (each file's SHA-256, each setting) is kept as a stamp after a
successful build; comparing costs a few milliseconds and imports nothing heavy.
Contents, not modification times, are compared: a checkout that touches files
without changing them rebuilds nothing, and an edit is seen whatever its time.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Folders are walked; every file in them counts, whatever its name.
INPUTS = ("docs", "exercises", "solutions", "conf.py", "requirements.txt",
          "tools/build_site.py", "tools/site_inputs.py")
# Environment variables conf.py reads, with the defaults it gives them (so that
# `make html`, which sets SOLUTIONS=1, and a build without it agree).
CONF_ENVIRONMENT = {"SOLUTIONS": "1", "NB_CACHE_DIR": "", "NB_CELL_TIMEOUT": "300"}


def input_files(root: Path = ROOT) -> list[Path]:
    files = []
    for name in INPUTS:
        path = root / name
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files += [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return sorted(files)


def record(settings: dict, root: Path = ROOT) -> dict:
    """The inputs as they are now: each file's digest, and the settings."""
    files = {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in input_files(root)}
    environment = {name: os.environ.get(name, default) for name, default in CONF_ENVIRONMENT.items()}
    return {"settings": {**settings, **environment}, "files": files}


def changes(before: dict, now: dict) -> list[str]:
    """What differs between two records: settings by name, then file paths."""
    old_settings, new_settings = before.get("settings", {}), now["settings"]
    found = [f"setting {key}" for key in sorted(set(old_settings) | set(new_settings))
             if old_settings.get(key) != new_settings.get(key)]
    old, new = before.get("files", {}), now["files"]
    return found + [path for path in sorted(set(old) | set(new)) if old.get(path) != new.get(path)]


def leaves_stale_pages(before: dict, now: dict) -> bool:
    """Whether building over the last output could leave pages no source makes any
    more: Sphinx never deletes output, so a removed page (or one a setting such as
    SOLUTIONS=0 leaves out) would stay served. Also when there is no record."""
    return not before or before.get("settings") != now["settings"] or bool(set(before.get("files", {})) - set(now["files"]))


def read(stamp: Path) -> dict:
    """The recorded inputs, or {} when there is no (readable) stamp."""
    try:
        return json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write(stamp: Path, inputs: dict) -> None:
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps(inputs, indent=1, sort_keys=True), encoding="utf-8")
