"""Red-team fixture: every function returns a value of a type nobody expects."""


def huber(pred, label, rho=1.0):
    return "{'L2Loss', ...}"


def make_loss(rho=1.0):
    return None


def train(features, labels, rho=1.0, num_epochs=3, batch_size=10, lr=0.03):
    return float("nan"), "{b}"


def loss_names():
    return "L2Loss"


def initializer_names():
    return {1: None, float("nan"): "{x.}"}
