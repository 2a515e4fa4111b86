"""Hostile fixture: an endless sleeping loop inside the function."""
import time


def weight_grad(net):
    while True:
        time.sleep(0.5)
