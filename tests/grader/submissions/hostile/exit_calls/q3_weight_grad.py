"""Hostile fixture: sys.exit inside the function."""
import sys


def weight_grad(net):
    sys.exit(0)
