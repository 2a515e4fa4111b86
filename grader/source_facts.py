"""What a submission's source text says, read from the staged copy before any learner code
runs (so that code cannot rewrite it first) and parsed, never imported.

One check needs it: ``q2_huber.huber`` must not use Gluon's Huber loss. The sandbox also
records calls to ``HuberLoss`` while ``huber`` runs, but that record lives in the learner's
own process, where the learner's code can reset it. The source cannot hide a plain use:
``huber``'s body naming ``HuberLoss`` or ``make_loss`` (which returns it), directly or
through a module-level alias or helper. A name built at run time from pieces still escapes
both; the README says so.
"""
import ast
import os

_GLUON_HUBER = frozenset({"HuberLoss", "make_loss"})


def _names(node):
    """Every identifier a piece of code mentions, and string constants that look like one
    (``getattr(gloss, "HuberLoss")``)."""
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            yield child.id
        elif isinstance(child, ast.Attribute):
            yield child.attr
        elif isinstance(child, ast.alias):
            yield child.name.rsplit(".", 1)[-1]
        elif isinstance(child, ast.Constant) and isinstance(child.value, str) \
                and child.value.isidentifier():
            yield child.value


def _bindings(tree):
    """Module-level name -> the statements that bind it (defs, classes, assignments, imports)."""
    bound = {}

    def bind(name, statement):
        bound.setdefault(name, []).append(statement)

    for statement in tree.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bind(statement.name, statement)
        elif isinstance(statement, (ast.Import, ast.ImportFrom)):
            for alias in statement.names:
                bind(alias.asname or alias.name.split(".")[0], statement)
        elif isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            for target in targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        bind(name.id, statement)
    return bound


def _tainted(bound):
    """Module-level names whose binding reaches Gluon's Huber loss, followed to a fixed point."""
    tainted = set()
    changed = True
    while changed:
        changed = False
        for name, statements in bound.items():
            if name in tainted:
                continue
            if any(set(_names(statement)) & (_GLUON_HUBER | tainted) for statement in statements):
                tainted.add(name)
                changed = True
    return tainted


def huber_names_gluon_huber(source):
    """True if ``huber`` reaches ``HuberLoss``/``make_loss`` in the text; None if the text
    does not parse or defines no ``huber`` at module level (other checks report that)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    bound = _bindings(tree)
    if "huber" not in bound:
        return None
    tainted = _tainted({name: statements for name, statements in bound.items()
                        if name != "huber"})
    return any(set(_names(statement)) & (_GLUON_HUBER | tainted) for statement in bound["huber"])


def _read(path):
    """The staged file's text (staging already capped its size), or None."""
    try:
        with open(path, "rb") as handle:
            return handle.read().decode("utf-8", "replace")
    except OSError:
        return None


def collect(staged):
    """Facts for the checks, as plain data: ``{"q2_huber": {"huber_names_gluon_huber": ...}}``."""
    source = _read(os.path.join(staged, "q2_huber.py"))
    return {"q2_huber": {
        "huber_names_gluon_huber": None if source is None else huber_names_gluon_huber(source)}}
