"""Finding the submissions in what learners hand in and LMSs export.

One learner's work is a :class:`Submission`: the files to grade under their canonical names
(``q1_mean_loss.py``...), who it belongs to where the layout says so, and notes on what was
decided. A class folder becomes one entry per learner, and nothing in it is dropped without a
word: what is not graded is listed with the reason.

Layouts understood (see the README, "A whole class"):

- a folder per learner, the files at its top, in an ``exercises/`` folder (a whole repository),
  or a few folders down (``dan/hw3/``); a ``.zip`` per learner, unpacked safely;
- Moodle: ``Lee Jiwon_12345_assignsubmission_file_/`` (name and id), files or a zip inside;
- Canvas, flat: ``kimminsu_12345_67890_q1_mean_loss.py`` (login, user id, submission id),
  ``late_`` marks and resubmission suffixes (``-1``) included;
- a Gradescope export: ``submission_<id>/`` folders and ``submission_metadata.yml`` (names,
  emails, student ids).

File names are matched without regard to case and to the copy suffixes browsers and file
managers add (``Q1_Mean_Loss.py``, ``q3_weight_grad (1).py``, ``q2_huber-2.py``); when a module
appears twice, the newest copy is graded and a note says so.
"""
import dataclasses
import os
import re
import stat
import zipfile
from pathlib import Path

from grader import QUESTIONS

_COPY_SUFFIX = re.compile(r"^(?P<stem>.+?)(?:\s*\(\d+\)|-\d+|\s+copy(?:\s*\d+)?|_copy)?\.py$",
                          re.IGNORECASE)
_MOODLE = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_(?:file|onlinetext)_?$")
_CANVAS = re.compile(r"^(?P<login>[^_]+)_(?:late_)?(?P<user>\d+)_(?P<sub>\d+)_(?P<file>.+)$")
_JUNK = {"__MACOSX", ".DS_Store", ".git", "__pycache__", "Thumbs.db", "desktop.ini",
         ".ipynb_checkpoints"}
_MAX_DEPTH = 4
_ZIP_MEMBERS, _ZIP_MEMBER_BYTES, _ZIP_TOTAL_BYTES = 500, 1 << 20, 20 << 20


@dataclasses.dataclass
class Submission:
    name: str                                   # the entry in the class folder
    files: dict = dataclasses.field(default_factory=dict)  # staged name -> source path
    identity: dict = dataclasses.field(default_factory=dict)  # name, student_id, email
    notes: list = dataclasses.field(default_factory=list)
    skipped: str = ""                           # why it is not graded ("" when graded)

    @property
    def missing(self):
        return [q for q in QUESTIONS if f"{q}.py" not in self.files]


def canonical_module(filename):
    """``q1_mean_loss`` for ``Q1_Mean_Loss.py``, ``q1_mean_loss (2).py``...; else None."""
    match = _COPY_SUFFIX.match(os.path.basename(filename))
    stem = match.group("stem").strip().lower() if match else ""
    return stem if stem in QUESTIONS else None


def _regular_files(folder):
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    return [e for e in entries if e.is_file(follow_symlinks=False)]


def _modules_in(folder):
    return {canonical_module(e.name) for e in _regular_files(folder)} - {None}


def _candidate_folders(root):
    """Folders under ``root`` (itself included, a few levels down) holding an exercise file."""
    found = []
    for folder, dirs, _ in os.walk(root):
        depth = Path(folder).relative_to(root).parts
        dirs[:] = sorted(d for d in dirs if d not in _JUNK and not d.startswith("."))
        if len(depth) >= _MAX_DEPTH:
            dirs[:] = []
        if _modules_in(folder):
            found.append(Path(folder))
    return found


@dataclasses.dataclass(frozen=True)
class _File:
    name: str     # as the learner named it (for Canvas, without the download's prefix)
    path: Path
    mtime: float


def _files_of(folder):
    return [_File(e.name, Path(e.path), e.stat(follow_symlinks=False).st_mtime)
            for e in _regular_files(folder)]


def _newest(files):
    return max(files, key=lambda f: (f.mtime, f.name))


def _choose(submission, files):
    """Fill ``submission.files`` from ``files``: each exercise module under its canonical name
    (the newest copy, with a note, when there are several), other ``.py`` files as they are."""
    by_module = {}
    for file in files:
        module = canonical_module(file.name)
        if module:
            by_module.setdefault(module, []).append(file)
        elif file.name.endswith(".py"):
            submission.files[file.name] = file.path  # a helper module of its own
    for module, copies in sorted(by_module.items()):
        picked = _newest(copies)
        submission.files[f"{module}.py"] = picked.path
        if len(copies) > 1:
            names = ", ".join(sorted(f.name for f in copies))
            submission.notes.append(f"{module}: graded {picked.name}, the newest of {names}")
        elif picked.name != f"{module}.py":
            submission.notes.append(f"{module}: graded {picked.name}")
    return submission


def from_folder(path, name=None, identity=None):
    """The submission in ``path``: the folder (at most a few levels down) with the most exercise
    files, preferring ``exercises/`` and then the newest files when several compete."""
    path = Path(path)
    submission = Submission(name or path.name, identity=dict(identity or {}))
    candidates = _candidate_folders(path)
    if not candidates:
        return submission

    def rank(folder):
        newest = max(f.mtime for f in _files_of(folder) if canonical_module(f.name))
        return (len(_modules_in(folder)), folder.name == "exercises", newest)

    chosen = max(candidates, key=rank)
    shown = lambda folder: str(folder.relative_to(path)) + "/" if folder != path else "./"  # noqa: E731
    if len(candidates) > 1:
        others = ", ".join(shown(c) for c in candidates if c != chosen)
        submission.notes.append(f"graded {shown(chosen)}; also found exercise files in {others}")
    elif chosen != path:
        submission.notes.append(f"graded {shown(chosen)}")
    return _choose(submission, _files_of(chosen))


def unzip(archive, target):
    """Unpack ``archive`` into ``target`` safely: no absolute paths or ``..``, no links, no
    special files, limited sizes. Returns what was left out, as notes."""
    notes, total = [], 0
    with zipfile.ZipFile(archive) as zipped:
        members = zipped.infolist()
        if len(members) > _ZIP_MEMBERS:
            notes.append(f"only the first {_ZIP_MEMBERS} of {len(members)} files were unpacked")
            members = members[:_ZIP_MEMBERS]
        for member in members:
            parts = Path(member.filename.replace("\\", "/")).parts
            mode = member.external_attr >> 16
            if member.is_dir() or not parts:
                continue
            if parts[0] in ("/", "") or ".." in parts or any(p in _JUNK for p in parts):
                continue
            if stat.S_ISLNK(mode) or (mode and not stat.S_ISREG(mode)):
                notes.append(f"left out {member.filename} (not a regular file)")
                continue
            if member.file_size > _ZIP_MEMBER_BYTES or total + member.file_size > _ZIP_TOTAL_BYTES:
                notes.append(f"left out {member.filename} (too large)")
                continue
            destination = Path(target, *parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            with zipped.open(member) as source, open(destination, "wb") as copy:
                data = source.read(_ZIP_MEMBER_BYTES + 1)
                copy.write(data[:_ZIP_MEMBER_BYTES])
            total += member.file_size
    return notes


def from_zip(archive, workdir, name=None, identity=None):
    target = Path(workdir) / f"unzipped-{len(os.listdir(workdir))}"
    target.mkdir()
    try:
        notes = unzip(archive, target)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        return Submission(name or Path(archive).stem, identity=dict(identity or {}),
                          skipped=f"{Path(archive).name} is not a readable zip ({error})")
    submission = from_folder(target, name or Path(archive).stem, identity)
    submission.notes = [f"unpacked {Path(archive).name}"] + notes + submission.notes
    return submission


def from_path(path, workdir, name=None, identity=None):
    """A folder, a zip, or a folder holding a single zip (Moodle)."""
    path = Path(path)
    if path.is_file() and zipfile.is_zipfile(path):
        return from_zip(path, workdir, name, identity)
    if path.is_dir():
        submission = from_folder(path, name, identity)
        zips = [e for e in _regular_files(path) if e.name.lower().endswith(".zip")]
        if not submission.files and zips:
            newest = max(zips, key=lambda e: (e.stat(follow_symlinks=False).st_mtime, e.name))
            return from_zip(newest.path, workdir, submission.name, identity)
        return submission
    return Submission(name or path.name, skipped="not a folder or a zip")


# ----------------------------------------------------------------------------- class folders

def _gradescope_metadata(root):
    path = Path(root) / "submission_metadata.yml"
    if not path.is_file():
        return None
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return None
    identities = {}
    for folder, entry in data.items() if isinstance(data, dict) else []:
        submitters = (entry or {}).get(":submitters") or (entry or {}).get("submitters") or []
        people = [s for s in submitters if isinstance(s, dict)]
        identities[str(folder)] = {
            "name": "; ".join(str(p.get(":name") or p.get("name") or "") for p in people),
            "email": "; ".join(str(p.get(":email") or p.get("email") or "") for p in people),
            "student_id": "; ".join(str(p.get(":sid") or p.get("sid") or "") for p in people),
        }
    return identities


def _canvas_groups(entries):
    """{login: (identity, [files under their original names])} for Canvas's flat downloads."""
    groups = {}
    for entry in entries:
        match = _CANVAS.match(entry.name)
        if not match:
            continue
        _, files = groups.setdefault(match.group("login"), (
            {"name": match.group("login"), "student_id": match.group("user")}, []))
        files.append(_File(match.group("file"), Path(entry.path),
                           entry.stat(follow_symlinks=False).st_mtime))
    return groups


def discover(root, workdir):
    """Every entry of the class folder ``root`` as a :class:`Submission`, graded or not."""
    root = Path(root)
    entries = sorted(os.scandir(root), key=lambda e: e.name)
    identities = _gradescope_metadata(root) or {}
    files = [e for e in entries if e.is_file(follow_symlinks=False) and e.name.endswith(".py")]
    canvas = _canvas_groups(files)
    found = []
    for login, (identity, members) in sorted(canvas.items()):
        submission = _choose(Submission(login, identity=identity, notes=["Canvas download"]),
                             members)
        found.append(submission)
    claimed = {e.name for e in files if _CANVAS.match(e.name)}
    for entry in entries:
        if entry.name in claimed or entry.name == "submission_metadata.yml":
            continue
        if entry.name in _JUNK or entry.name.startswith("."):
            found.append(Submission(entry.name, skipped="a system file or folder, not a "
                                                        "submission"))
            continue
        if entry.is_symlink():
            found.append(Submission(entry.name, skipped="a symbolic link (not followed)"))
            continue
        identity = dict(identities.get(entry.name, {}))
        moodle = _MOODLE.match(entry.name)
        if moodle and not identity:
            identity = {"name": moodle.group("name"), "student_id": moodle.group("id")}
        if entry.is_file() and not zipfile.is_zipfile(entry.path):
            found.append(Submission(entry.name, skipped="a file that is neither a zip nor an "
                                                        "exercise file of a Canvas download"))
            continue
        name = entry.name[:-4] if entry.name.lower().endswith(".zip") else entry.name
        submission = from_path(entry.path, workdir, name, identity)
        if moodle:
            submission.notes.insert(0, "Moodle folder")
        if entry.name in identities:
            submission.notes.insert(0, "Gradescope export")
        found.append(submission)
    return _unique_names(found)


def _unique_names(submissions):
    """Folder and zip of the same name (erin/ and erin.zip) keep apart: erin, erin (2)."""
    seen = {}
    for submission in submissions:
        base = submission.name
        count = seen.get(base, 0) + 1
        seen[base] = count
        if count > 1:
            submission.name = f"{base} ({count})"
    return submissions
