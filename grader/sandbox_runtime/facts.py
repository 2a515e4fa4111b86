"""Facts about MXNet that the checks trust, gathered by the fork server before it forks anything,
so no learner code has run in that process (it never runs there at all)."""
import inspect


def _classes(module):
    return {name: obj for name, obj in vars(module).items() if inspect.isclass(obj)}


def loss_name_facts():
    """Canonical loss classes are required; the base class and aliases are optional."""
    from mxnet.gluon import loss as gloss

    required, optional = set(), {"Loss"}
    for name, cls in _classes(gloss).items():
        if issubclass(cls, gloss.Loss) and cls is not gloss.Loss:
            (required if name == cls.__name__ else optional).add(name)
    return {"required": sorted(required), "optional": sorted(optional)}


def initializer_name_facts():
    """Subclasses of Initializer are required. The base class and the initializer-like classes
    that do not subclass it (``Load``, ``Mixed``: they define ``__call__`` themselves) are
    optional, because "initializer classes" can fairly be read either way."""
    import mxnet.initializer as initializer

    required, optional = set(), {"Initializer"}
    for name, cls in _classes(initializer).items():
        if cls.__module__ != initializer.__name__:
            continue
        if issubclass(cls, initializer.Initializer):
            if cls is not initializer.Initializer:
                required.add(name)
        elif "__call__" in vars(cls):
            optional.add(name)
    return {"required": sorted(required), "optional": sorted(optional)}


def collect():
    import mxnet

    return {
        "mxnet_version": mxnet.__version__,
        "loss_names": loss_name_facts(),
        "initializer_names": initializer_name_facts(),
    }
