"""A method per command of the model (polecenia), generated from the core's command schema.

Each command the core accepts is a method taking keyword arguments: ``at`` (when the act
happens: an aware :class:`datetime.datetime`), ``actor`` (the user issuing it) and the command's
own fields, with dates as :class:`datetime.date`, enums as members of :mod:`kooperacje.enums` or
their codes, and nested structures as dicts. A method returns the list of events the command
produced; a refused command raises a :class:`kooperacje.KooperacjeError` and changes nothing.

Three mixins carry them:

- :class:`ModelCommands` on :class:`kooperacje.Model`: every command, every field;
- :class:`PartnershipCommands` on :class:`kooperacje.Partnership`: the commands naming a PZK
  (``partnership_id`` filled in), including opening a case for a family within it;
- :class:`ZzkCommands` on :class:`kooperacje.Zzk`: the commands of one ZZK (``zzk_id`` filled in).

The methods are written as source and compiled at import (as :mod:`dataclasses` does), so they
have real signatures and docstrings, and cost one plain Python call each: the field names are
constants of the method and the values are passed on as one tuple (``None`` leaves a field out).
"""

from __future__ import annotations

from typing import Any

from . import _schema

__all__ = [
    "COMMANDS",
    "ModelCommands",
    "PartnershipCommands",
    "ZzkCommands",
    "docstring",
    "scope_of",
]


def scope_of(node: dict[str, Any]) -> str:
    """Where a command's method lives besides the model: ``"partnership"`` for commands naming a
    PZK, ``"zzk"`` for the commands of one ZZK, ``""`` for none."""
    props = node["properties"]
    if "partnership_id" in props:
        return "partnership"
    if "zzk_id" in props:
        return "zzk"
    return ""


def docstring(node: dict[str, Any], bound: str | None) -> str:
    """The docstring of a command method: the core's description, then its arguments, each
    described by its own description in the command schema (the doc comment of the command's
    field in Rust), or its type's when it has none. Never by a field of the same name elsewhere:
    ``title`` is a goal's in ``add_goal`` and a task's in ``add_task``."""
    lines = [_schema.describe(node) or "A command of the model.", "", "Args:"]
    lines.append("    at: When the act happens (an aware datetime; stored in UTC).")
    lines.append("    actor: Who issues the command (a user id of the host system).")
    for name, prop, required in _schema.command_fields(node):
        if name == bound:
            continue
        text = _schema.describe(prop)
        optional = "" if required else " Optional."
        lines.append(f"    {name}: {text}{optional}".rstrip())
    lines += [
        "",
        "Returns:",
        "    The events the command produced, in order.",
        "",
        "Raises:",
        "    KooperacjeError: the command was refused (nothing changed); the subclass and",
        "        ``code`` say why.",
    ]
    return "\n".join(lines)


def _source(node: dict[str, Any], bound: str | None, target: str) -> str:
    kind = _schema.command_type(node)
    fields = [f for f in _schema.command_fields(node) if f[0] != bound]
    params = ["self", "*", "at", "actor"]
    params += [name if required else f"{name}=None" for name, _, required in fields]
    names = ([bound] if bound else []) + [name for name, _, _ in fields]
    values = (["self.id"] if bound else []) + [name for name, _, _ in fields]
    # The type and the field names are constants of the function; the values go in one tuple.
    body = f"return {target}._call({kind!r}, {tuple(names)!r}, at, actor, ({', '.join(values)},))"
    return f"def {kind}({', '.join(params)}):\n    {body}"


def _mixin(name: str, doc: str, scope: str | None, bound: str | None, target: str) -> type:
    namespace: dict[str, Any] = {"__doc__": doc, "__module__": __name__, "__slots__": ()}
    for node in _schema.commands():
        if scope is not None and scope_of(node) != scope:
            continue
        code = compile(_source(node, bound, target), f"<kooperacje command {name}>", "exec")
        scope_vars: dict[str, Any] = {}
        exec(code, {}, scope_vars)
        function = scope_vars[_schema.command_type(node)]
        function.__doc__ = docstring(node, bound)
        function.__qualname__ = f"{name}.{function.__name__}"
        function.__module__ = __name__
        namespace[function.__name__] = function
    return type(name, (), namespace)


ModelCommands: Any = _mixin(
    "ModelCommands", "Every command of the model as a method.", None, None, "self"
)
PartnershipCommands: Any = _mixin(
    "PartnershipCommands",
    "The commands naming one PZK, with ``partnership_id`` filled in.",
    "partnership",
    "partnership_id",
    "self.model",
)
ZzkCommands: Any = _mixin(
    "ZzkCommands",
    "The commands of one ZZK, with ``zzk_id`` filled in.",
    "zzk",
    "zzk_id",
    "self.model",
)

COMMANDS: list[str] = [_schema.command_type(n) for n in _schema.commands()]
"""Every command type, in the core's order."""
