"""What a submission's source text says, read from the staged copy before any learner code runs
(so that code cannot rewrite it first) and parsed, never imported.

One check needs it: whether ``q2_huber.huber`` is written with ``nd`` operations rather than
with Gluon's ``HuberLoss``. The reading follows what ``huber`` can reach: its own code, every
module-level binding of a name it uses (wherever the binding sits: an ``if``, a ``for`` loop, a
``with``), and, through imports, the submission's other modules. It also reads whatever the
submission's modules run at import time, since such code can patch others. The verdict is one of

- ``clean``: nothing reached names Gluon's Huber loss or anything that could hide it;
- ``gluon``: reached code names ``HuberLoss`` (directly, through an alias, a helper, a string);
- ``unknown``: reached code uses a construct that can hide what it calls or change what others
  do (``eval``, ``getattr`` with a computed name, ``sys.modules``, ``ctypes``, patching a
  module's attributes...): the property cannot be established, so it is not awarded;
- ``absent``: there is no ``q2_huber.py`` or no ``huber`` in it (other checks report that).
"""
import ast
import os

GLUON_HUBER = "HuberLoss"
# Calls that run or fetch code or names chosen at run time.
_DYNAMIC_CALLS = {"eval", "exec", "compile", "__import__", "globals", "locals", "vars",
                  "setattr", "delattr"}
_NAME_ARGUMENT_CALLS = {"getattr", "hasattr"}  # fine with a literal name, hiding without one
# Names and attributes that reach into interpreters, frames, module tables or raw memory.
_INTROSPECTION = {"__dict__", "__builtins__", "__globals__", "__code__", "__closure__",
                  "__subclasses__", "__getattribute__", "__setattr__", "__import__",
                  "f_back", "f_globals", "f_locals", "modules", "get_referents",
                  "get_referrers", "get_objects"}
_HIDING_MODULES = {"builtins", "importlib", "imp", "ctypes", "cffi", "pickle", "marshal", "dill",
                   "cloudpickle", "gc", "inspect", "types", "runpy", "code", "codeop"}
# Writing to descriptors: the sandbox's result channel is one.
_RAW_OS = {"write", "fdopen", "dup", "dup2", "writev", "pwrite", "sendfile"}
_RAW_FILES = {"FileIO", "fromfd", "mmap"}


class _Module:
    def __init__(self, name, filename, tree):
        self.name, self.filename = name, filename
        self.bindings = {}       # name -> [statement] at module level (any nesting)
        self.import_time = []    # statements run at import beyond defs, classes and imports
        self.imported_names = set()
        self._collect(tree.body)

    def _bind(self, name, statement):
        self.bindings.setdefault(name, []).append(statement)

    def _collect(self, body):
        for statement in body:
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self._bind(statement.name, statement)
                continue
            if isinstance(statement, (ast.Import, ast.ImportFrom)):
                for alias in statement.names:
                    bound = alias.asname or alias.name.split(".")[0]
                    self._bind(bound, statement)
                    self.imported_names.add(bound)
                continue
            if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)):
                self.import_time.append(statement)  # docstrings aside, it runs at import
            for node in ast.walk(statement):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    self._bind(node.id, statement)
                elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    self._bind(node.name, statement)  # a def inside an if, a for...
                elif isinstance(node, (ast.Import, ast.ImportFrom)):
                    for alias in node.names:
                        self._bind(alias.asname or alias.name.split(".")[0], statement)


def _mentions(node):
    """Every identifier a piece of code mentions (names, attributes, imported names, string
    constants that look like one), with the node that mentions it."""
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            yield child.id, child
        elif isinstance(child, ast.Attribute):
            yield child.attr, child
        elif isinstance(child, ast.alias):
            for part in child.name.split("."):
                yield part, child
        elif isinstance(child, ast.Constant) and isinstance(child.value, str) \
                and child.value.isidentifier():
            yield child.value, child


def _local_names(function):
    """Names a function binds itself (parameters, assignments, loops, inner defs, imports)."""
    arguments = function.args
    local = {a.arg for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs}
    local.update(a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None)
    declared_global = set()
    for child in ast.walk(function):
        if child is function:
            continue
        if isinstance(child, ast.Name) and isinstance(child.ctx, (ast.Store, ast.Del)):
            local.add(child.id)
        elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            local.add(child.name)
        elif isinstance(child, ast.alias):
            local.add(child.asname or child.name.split(".")[0])
        elif isinstance(child, (ast.Global, ast.Nonlocal)):
            declared_global.update(child.names)
    return local - declared_global


def _free_names(statement):
    """Names a statement looks up at module level (a function's own locals are not)."""
    local = set()
    for child in ast.walk(statement):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            if isinstance(child, ast.Lambda):
                local.update(a.arg for a in child.args.args)
            else:
                local |= _local_names(child)
    for child in ast.walk(statement):
        if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load) \
                and child.id not in local:
            yield child.id
        elif isinstance(child, ast.Constant) and isinstance(child.value, str) \
                and child.value.isidentifier():
            yield child.value  # getattr(module, "name") looks it up too


def _hiding(node, module):
    """Why ``node`` (or code in it) can hide what it calls, or None."""
    for child in ast.walk(node):
        if isinstance(child, ast.Call) and isinstance(child.func, ast.Name):
            name = child.func.id
            if name in _DYNAMIC_CALLS:
                return f"{name}()", child
            if name in _NAME_ARGUMENT_CALLS and (
                    len(child.args) < 2 or not isinstance(child.args[1], ast.Constant)):
                return f"{name}() with a computed name", child
        if isinstance(child, ast.Attribute) and child.attr in _INTROSPECTION:
            return child.attr, child
        if isinstance(child, ast.Name) and child.id in _INTROSPECTION:
            return child.id, child
        if isinstance(child, ast.alias) and child.name.split(".")[0] in _HIDING_MODULES:
            return f"import {child.name}", child
        if (isinstance(child, ast.Attribute) and child.attr in _RAW_OS
                and isinstance(child.value, ast.Name) and child.value.id == "os"):
            return f"os.{child.attr}", child
        if isinstance(child, (ast.Attribute, ast.Name)) and \
                (child.attr if isinstance(child, ast.Attribute) else child.id) in _RAW_FILES:
            return child.attr if isinstance(child, ast.Attribute) else child.id, child
        if (isinstance(child, ast.Call) and isinstance(child.func, ast.Name)
                and child.func.id == "open" and child.args
                and not (isinstance(child.args[0], ast.Constant)
                         and isinstance(child.args[0].value, str))):
            return "open() of a computed path or a descriptor", child
        if isinstance(child, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            targets = child.targets if isinstance(child, (ast.Assign, ast.Delete)) \
                else [child.target]
            for target in targets:
                base = target
                while isinstance(base, (ast.Attribute, ast.Subscript)):
                    base = base.value
                if isinstance(target, ast.Attribute) and isinstance(base, ast.Name) \
                        and base.id in module.imported_names:
                    return f"changing {base.id}.{target.attr}", child
    return None


def _where(module, node):
    return f"{module.filename}:{getattr(node, 'lineno', '?')}"


def _parse(path):
    try:
        with open(path, "rb") as handle:  # staging already capped the size
            source = handle.read().decode("utf-8", "replace")
        return ast.parse(source)
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _reach(modules, roots):
    """Yield (module, statement) for every statement ``roots`` reach: module-level bindings of
    the names they look up, and, for the submission's own modules they name, all of those."""
    seen, queue = set(), list(roots)
    while queue:
        module, name = queue.pop()
        if (module.name, name) in seen:
            continue
        seen.add((module.name, name))
        statements = module.bindings.get(name, []) if name is not None else module.import_time
        for statement in statements:
            yield module, statement
            for mentioned, _ in _mentions(statement):
                helper = modules.get(mentioned, False)
                if helper is None:
                    raise _Unparsable(mentioned)
                if helper and helper is not module:
                    queue.extend((helper, bound) for bound in helper.bindings)
            queue.extend((module, free) for free in _free_names(statement))


class _Unparsable(Exception):
    pass


def huber_verdict(folder):
    """{"verdict", "reason", "where"} for ``huber`` of the staged submission in ``folder``."""
    modules = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".py"):
            tree = _parse(os.path.join(folder, name))
            modules[name[:-3]] = _Module(name[:-3], name, tree) if tree else None
    main = modules.get("q2_huber")
    if main is None or "huber" not in main.bindings:
        return {"verdict": "absent", "reason": "", "where": ""}
    try:
        # What huber reaches naming Gluon's loss settles it.
        for module, statement in _reach(modules, [(main, "huber")]):
            for mentioned, node in _mentions(statement):
                if mentioned == GLUON_HUBER:
                    return {"verdict": "gluon", "reason": GLUON_HUBER,
                            "where": _where(module, node)}
        # Else anything that could hide a call, in what huber reaches or in what any of the
        # submission's modules runs at import (it may patch the rest), leaves it unproven.
        roots = [(main, "huber")] + [(m, None) for m in modules.values() if m is not None]
        for module, statement in _reach(modules, roots):
            hidden = _hiding(statement, module)
            if hidden:
                return {"verdict": "unknown", "reason": hidden[0],
                        "where": _where(module, hidden[1])}
    except _Unparsable as error:
        return {"verdict": "unknown", "reason": f"{error}.py does not parse",
                "where": f"{error}.py"}
    return {"verdict": "clean", "reason": "", "where": ""}


def collect(staged):
    """Facts for the checks, as plain data: ``{"q2_huber": {"huber": {...}}}``."""
    return {"q2_huber": {"huber": huber_verdict(staged)}}
