"""Resource limits of a sandbox and of each call in it.

MXNet 1.9.1 with NaiveEngine maps about 455 MB of address space once imported and about 480 MB
while training the chapter's model, so memory is the server's own footprint plus a headroom
(``GRADER_MEMORY_HEADROOM_MB``, default 512), measured once MXNet is imported: per process
(``RLIMIT_AS``) always, and for all the sandbox's processes together where a memory cgroup is
available.
"""
import dataclasses
import os

MIB = 1 << 20


@dataclasses.dataclass(frozen=True)
class Limits:
    headroom_bytes: int          # memory above the server's own, per call
    file_size: int = 8 * MIB     # RLIMIT_FSIZE: what a process may write to any one file
    printed_chars: int = 64_000  # print()/sys.stdout kept per call; the rest is dropped
    processes: int = 64          # processes and threads at once (pids cgroup or RLIMIT_NPROC)
    result_bytes: int = 4 * MIB  # the largest result message read from a child
    output_excerpt_bytes: int = 2000  # of the learner's output, returned for feedback
    idle_seconds: float = 10.0   # asleep or blocked (neither running nor waiting for a CPU)
    wall_factor: float = 10.0    # hard wall-clock cap: CPU limit x factor + margin
    wall_margin: float = 60.0
    tmpfs_bytes: int = 64 * MIB  # size of each of the sandbox's /tmp, /var/tmp, /dev/shm

    def as_dict(self):
        return dataclasses.asdict(self)

    def wall_cap(self, cpu_seconds):
        return cpu_seconds * self.wall_factor + self.wall_margin


def from_environment(environ=None):
    environ = os.environ if environ is None else environ
    headroom = int(environ.get("GRADER_MEMORY_HEADROOM_MB", "512")) * MIB
    return Limits(headroom_bytes=headroom)
