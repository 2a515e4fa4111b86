"""What runs inside a submission's sandbox: a server that imports MXNet once and forks a child
per call (:mod:`.server`), the child that imports the learner's module and runs a probe
(:mod:`.child`, :mod:`.probes`), and the facts about MXNet gathered before any learner code runs
(:mod:`.facts`).

This package is the only part of the grader a sandbox can see (it is bound read-only into it),
so it imports nothing from the rest of ``grader``. Only plain JSON leaves it.
"""
