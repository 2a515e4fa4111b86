"""Expected values, written independently of MXNet with numpy (float64)."""
import numpy as np


def huber(error, rho):
    size = np.abs(error)
    return np.where(size > rho, size - 0.5 * rho, size * size / (2.0 * rho))


def squared(error):
    """Gluon's L2Loss per element: half the squared error."""
    return 0.5 * np.square(error)


def absolute(error):
    """Gluon's L1Loss per element."""
    return np.abs(error)


def linear_l2_gradients(X, y, w, b):
    """Gradients of the *summed* per-example L2 loss of ``X @ w + b`` (what ``l.backward()``
    gives when ``l`` holds one loss per example), as (grad_w, grad_b)."""
    error = X @ w + b - y
    return X.T @ error, float(error.sum())


def close(observed, expected, rtol=1e-3, atol=1e-5):
    """Same shape-free values within float32 accuracy."""
    observed = np.asarray(observed, dtype=np.float64).ravel()
    expected = np.asarray(expected, dtype=np.float64).ravel()
    return observed.shape == expected.shape and bool(np.allclose(observed, expected, rtol, atol))
