"""Hostile fixture: patches the grader's own probe code inside its sandbox, then answers with
the weight's value."""
import sys

try:
    probes = sys.modules.get("sandbox_runtime.probes") or __import__("grader.probes").probes
    probes.plain_array = lambda value: {"kind": "ndarray", "type": "NDArray", "shape": [1, 2],
                                        "values": [0.0, 0.0]}
except Exception:  # noqa: BLE001
    pass


def weight_grad(net):
    return net[0].weight.data()
