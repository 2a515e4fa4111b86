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


def linear_mean_gradient(loss, X, y, w, b):
    """Gradients (w then b, one array) of the *mean* over the minibatch of Gluon's ``L2Loss``
    (half the squared error: derivative ``e``) or ``L1Loss`` (``|e|``: derivative
    ``sign(e)``) of ``X @ w + b`` against ``y``, with ``e = X @ w + b - y``."""
    error = np.asarray(X) @ np.asarray(w) + b - np.asarray(y)
    slope = error if loss == "l2" else np.sign(error)
    return np.append(np.asarray(X).T @ slope, slope.sum()) / len(error)


def close(observed, expected, rtol=1e-3, atol=1e-5):
    """Same shape-free values within float32 accuracy."""
    observed = np.asarray(observed, dtype=np.float64).ravel()
    expected = np.asarray(expected, dtype=np.float64).ravel()
    return observed.shape == expected.shape and bool(np.allclose(observed, expected, rtol, atol))
