"""A control group per sandbox (root only): one memory limit and one process limit for all its
processes together, a way to kill them all at once, and their CPU time.

Works with the unified hierarchy (cgroup v2: ``memory.max``, ``pids.max``, ``cgroup.kill``,
``cpu.stat``) and with the legacy one (cgroup v1: ``memory.limit_in_bytes``, ``pids.max``), or
with a mix (hybrid systems mount both). Where none can be created (a normal user, a read-only
``/sys/fs/cgroup`` in a container) :func:`create` returns None and the sandbox keeps its
per-process limits only; the report says which held.
"""
import os
import secrets
import signal
import time

_ROOT = "/sys/fs/cgroup"


def _own_paths():
    """{hierarchy: our cgroup path}: "unified" for v2, else a v1 controller name."""
    paths = {}
    try:
        with open("/proc/self/cgroup") as f:
            for line in f:
                number, controllers, path = line.rstrip("\n").split(":", 2)
                if number == "0":
                    paths["unified"] = path
                for name in controllers.split(","):
                    if name in ("memory", "pids"):
                        paths[name] = path
    except OSError:
        pass
    return paths


def _mount(hierarchy):
    if hierarchy == "unified":
        if os.path.exists(os.path.join(_ROOT, "cgroup.controllers")):
            return _ROOT  # pure v2
        hybrid = os.path.join(_ROOT, "unified")
        return hybrid if os.path.exists(os.path.join(hybrid, "cgroup.controllers")) else None
    folder = os.path.join(_ROOT, hierarchy)
    return folder if os.path.isdir(folder) else None


def _write(path, value):
    with open(path, "w") as f:
        f.write(str(value))


def _read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


class Cgroup:
    def __init__(self, folders):
        self.folders = folders  # {hierarchy: folder}
        self.memory_limited = False
        self.pids_limited = False

    def _file(self, name):
        """The first folder of ours holding control file ``name``."""
        for folder in self.folders.values():
            path = os.path.join(folder, name)
            if os.path.exists(path):
                return path
        return None

    def limit(self, memory_bytes=None, processes=None):
        if memory_bytes is not None:
            for name in ("memory.max", "memory.limit_in_bytes"):
                path = self._file(name)
                if path:
                    _write(path, memory_bytes)
                    self.memory_limited = True
                    break
            for name in ("memory.swap.max", "memory.memsw.limit_in_bytes"):
                path = self._file(name)
                if path:
                    try:
                        _write(path, 0 if name == "memory.swap.max" else memory_bytes)
                    except OSError:
                        pass
        if processes is not None:
            path = self._file("pids.max")
            if path:
                _write(path, processes)
                self.pids_limited = True

    def memory_usage(self):
        for name in ("memory.current", "memory.usage_in_bytes"):
            path = self._file(name)
            if path:
                try:
                    return int(_read(path).strip())
                except ValueError:
                    return None
        return None

    def join(self):
        """Move the calling process in (used between fork and exec of the sandbox)."""
        for folder in self.folders.values():
            _write(os.path.join(folder, "cgroup.procs"), 0)

    def pids(self):
        found = set()
        for folder in self.folders.values():
            found.update(int(p) for p in _read(os.path.join(folder, "cgroup.procs")).split())
        return found

    def kill(self, rounds=200):
        """End every process in the group (a PID namespace's init included)."""
        kill_file = self._file("cgroup.kill")
        for _ in range(rounds):
            pids = self.pids()
            if not pids:
                return
            if kill_file:
                try:
                    _write(kill_file, 1)
                except OSError:
                    kill_file = None
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.01)

    def remove(self):
        self.kill()
        for folder in self.folders.values():
            for _ in range(50):
                try:
                    os.rmdir(folder)
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.02)


def _bases(hierarchy, path):
    """Where to put a new group: in v2 a sibling of ours first (our own group holds processes,
    so it cannot hand controllers to children, while its parent already does), then ours."""
    if hierarchy == "unified" and path not in ("", "/"):
        return [os.path.dirname(path), path]
    return [path]


def create(name):
    """A new cgroup ``name`` in each hierarchy we may write, or None (see the module doc)."""
    if os.geteuid() != 0:
        return None
    folders = {}
    for hierarchy, path in _own_paths().items():
        mount = _mount(hierarchy)
        if mount is None:
            continue
        for base in _bases(hierarchy, path):
            folder = os.path.join(mount, base.lstrip("/"), name)
            try:
                os.mkdir(folder)
            except OSError:
                continue
            if hierarchy == "unified" and base in ("", "/"):
                _enable_controllers(os.path.dirname(folder))
            if hierarchy == "unified" and "memory" not in _read(
                    os.path.join(folder, "cgroup.controllers")).split() and base != path:
                os.rmdir(folder)  # no controllers there: try our own group
                continue
            folders[hierarchy] = folder
            break
    return Cgroup(folders) if folders else None


def _enable_controllers(folder):
    """Let the root group pass memory and pids on (the root is exempt from the "no internal
    processes" rule); elsewhere a controller the parent does not pass on is simply absent."""
    for controller in {"memory", "pids"} & set(_read(os.path.join(folder, "cgroup.controllers"))
                                               .split()):
        try:
            _write(os.path.join(folder, "cgroup.subtree_control"), f"+{controller}")
        except OSError:
            pass


def _groups_named(prefix):
    """(hierarchy, folder) of every group named ``prefix*`` where this process makes them."""
    for hierarchy, path in _own_paths().items():
        mount = _mount(hierarchy)
        if mount is None:
            continue
        for base in _bases(hierarchy, path):
            folder = os.path.join(mount, base.lstrip("/"))
            try:
                names = [n for n in os.listdir(folder) if n.startswith(prefix)]
            except OSError:
                continue
            for name in names:
                yield hierarchy, os.path.join(folder, name)


def remove_stale(prefix):
    """Remove leftover groups named ``prefix*`` (a killed grading's), with what runs in them."""
    for hierarchy, folder in _groups_named(prefix):
        Cgroup({hierarchy: folder}).remove()


def new_tag():
    """A grading's name for its groups: ``grader-<pid>-<random>``. The grader's pid tells
    :func:`remove_empty` whether the grading may still be in progress."""
    return f"grader-{os.getpid()}-{secrets.token_hex(6)}"


def _owner_alive(name):
    """Whether the grader that named a group ``grader-<pid>-...`` still runs (a name without
    a pid is an older grader's: taken as ended)."""
    pid = name.split("-")[1] if name.count("-") >= 2 else ""
    return pid.isdigit() and os.path.exists(f"/proc/{pid}")


def remove_empty(prefix="grader-"):
    """Remove empty groups named ``prefix*`` that gradings killed midway left behind. A group
    of a grader still running stays even when empty: it is made empty, and the sandbox joins
    it only afterwards (removing it then failed the other grader's sandbox start)."""
    if os.geteuid() != 0:
        return
    for _, folder in _groups_named(prefix):
        if _owner_alive(os.path.basename(folder)):
            continue
        try:
            os.rmdir(folder)
        except OSError:
            pass
