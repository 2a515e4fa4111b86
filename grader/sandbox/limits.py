"""Resource limits of one sandboxed call, measured against the fork server's own footprint.

MXNet 1.9.1 with NaiveEngine maps about 455 MB of address space once imported and about 480 MB
while training the chapter's model, so the address-space limit is the server's current size plus
a headroom (``GRADER_MEMORY_HEADROOM_MB``, default 512) rather than a fixed number.
"""
import dataclasses
import os

MIB = 1 << 20


@dataclasses.dataclass(frozen=True)
class Limits:
    address_space: int          # RLIMIT_AS in bytes for the child
    file_size: int = 8 * MIB    # RLIMIT_FSIZE: what the child may write to any one file
    printed_chars: int = 64_000  # print()/sys.stdout kept per call; the rest is dropped
    processes: int = 64         # RLIMIT_NPROC for the sandbox uid (threads count too)
    result_bytes: int = 4 * MIB  # the largest result message read from a child
    output_excerpt: int = 2000  # characters of the learner's output returned for feedback

    def as_dict(self):
        return dataclasses.asdict(self)


def _vm_size():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("VmSize missing from /proc/self/status")


def measure():
    """Limits for children of this (warmed-up) process."""
    headroom = int(os.environ.get("GRADER_MEMORY_HEADROOM_MB", "512")) * MIB
    return Limits(address_space=_vm_size() + headroom)
