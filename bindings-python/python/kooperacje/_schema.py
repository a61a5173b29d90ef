"""Reading the JSON Schemas the core derives from its Rust types.

The Python API is built from them rather than from a copy of the types: the command methods
(their parameters and docstrings), the record classes of the state and reports, and the type
stubs (``*.pyi``, written by ``_stubgen``). This module knows the handful of shapes ``schemars``
produces: ``$ref``, string enums (``oneOf`` of ``const``), objects, tagged unions, arrays, maps,
dates, times, integers and nullable values.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from functools import cache
from typing import Any

from . import _native

Node = dict[str, Any]
Convert = Callable[[Any], Any]


@cache
def schemas() -> dict[str, Node]:
    """The core's schemas: ``{"commands", "events", "state", "reports"}``."""
    raw: dict[str, Node] = _native.schemas()
    return raw


@cache
def catalogue() -> dict[str, Any]:
    """The core's catalogue of labelled enums and error codes."""
    raw: dict[str, Any] = _native.catalogue()
    return raw


@cache
def definitions() -> dict[str, Node]:
    """Every ``$defs`` entry of every schema, by name (the Rust type's name)."""
    defs: dict[str, Node] = {}
    for part in schemas().values():
        defs.update(part.get("$defs", {}))
    return defs


def ref_name(node: Node) -> str | None:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return ref[len("#/$defs/") :]
    return None


def is_enum(node: Node) -> bool:
    """A string enum: ``oneOf`` of ``const`` strings."""
    options = node.get("oneOf")
    if not isinstance(options, list) or not options:
        return False
    return all("const" in o for o in options) and "properties" not in node


def is_record(node: Node) -> bool:
    """An object with named members (a Rust struct)."""
    return "properties" in node and "oneOf" not in node


def is_union(node: Node) -> bool:
    """A tagged union of objects (a Rust enum with data)."""
    options = node.get("oneOf")
    return bool(options) and not is_enum(node)


def nullable(node: Node) -> tuple[Node, bool]:
    """The node without its ``null`` alternative, and whether it had one."""
    types = node.get("type")
    if isinstance(types, list) and "null" in types:
        rest = [t for t in types if t != "null"]
        inner = dict(node)
        inner["type"] = rest[0] if len(rest) == 1 else rest
        return inner, True
    options = node.get("anyOf")
    if isinstance(options, list) and any(o.get("type") == "null" for o in options):
        rest = [o for o in options if o.get("type") != "null"]
        if len(rest) == 1:
            inner = dict(rest[0])
            if "description" in node:
                inner.setdefault("description", node["description"])
            return inner, True
    return node, False


def enum_names() -> list[str]:
    """Names of the labelled enums of the catalogue (each becomes a ``LabelledEnum``)."""
    return sorted(catalogue()["enums"])


def record_names() -> list[str]:
    """Names of the state and report structs that become record classes."""
    names = set()
    for part in ("state", "reports"):
        for name, node in schemas()[part].get("$defs", {}).items():
            if is_record(node):
                names.add(name)
    return sorted(names)


def parse_date(text: str) -> _dt.date:
    return _dt.date.fromisoformat(text)


def parse_time(text: str) -> _dt.datetime:
    # Python 3.9 and 3.10 do not read the "Z" suffix.
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    return _dt.datetime.fromisoformat(text)


def _identity(value: Any) -> Any:
    return value


def converter(
    node: Node,
    enum: Callable[[str], Convert],
    record: Callable[[str], Convert],
) -> Convert:
    """A function turning the JSON value of ``node`` into its Python form: dates, times,
    enums and records become typed objects; everything else stays as it is."""
    inner, is_nullable = nullable(node)
    conv = _converter(inner, enum, record)
    if conv is _identity:
        return _identity
    if is_nullable:
        return lambda v: None if v is None else conv(v)
    return conv


def _converter(
    node: Node,
    enum: Callable[[str], Convert],
    record: Callable[[str], Convert],
) -> Convert:
    name = ref_name(node)
    if name is not None:
        target = definitions().get(name, {})
        if name in catalogue()["enums"] and is_enum(target):
            return enum(name)
        if is_record(target) and name in record_names():
            return record(name)
        if target.get("type") == "string" and "format" in target:
            return _converter(target, enum, record)
        return _identity
    fmt = node.get("format")
    if fmt == "date":
        return lambda v: None if v is None else parse_date(v)
    if fmt == "date-time":
        return lambda v: None if v is None else parse_time(v)
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        item = converter(node["items"], enum, record)
        if item is _identity:
            return _identity
        return lambda v: None if v is None else [item(x) for x in v]
    if node.get("type") == "object" and isinstance(node.get("additionalProperties"), dict):
        value = converter(node["additionalProperties"], enum, record)
        if value is _identity:
            return _identity
        return lambda v: None if v is None else {k: value(x) for k, x in v.items()}
    if node.get("type") == "object" and isinstance(node.get("patternProperties"), dict):
        (pattern_node,) = node["patternProperties"].values()
        value = converter(pattern_node, enum, record)
        if value is _identity:
            return _identity
        return lambda v: None if v is None else {k: value(x) for k, x in v.items()}
    return _identity


def annotation(node: Node, mode: str) -> str:
    """The type annotation of ``node`` as stub source. ``mode`` is ``"in"`` for arguments
    (abstract, accepting codes for enums and dicts for structs) or ``"out"`` for values the
    library returns (concrete, with enums and records)."""
    inner, is_nullable = nullable(node)
    text = _annotation(inner, mode)
    return f"{text} | None" if is_nullable and text != "None" else text


def _annotation(node: Node, mode: str) -> str:
    name = ref_name(node)
    if name is not None:
        target = definitions().get(name, {})
        if name in catalogue()["enums"] and is_enum(target):
            return f"enums.{name} | enums.{name}Code" if mode == "in" else f"enums.{name}"
        if is_enum(target):
            codes = ", ".join(repr(o["const"]) for o in target["oneOf"])
            return f"Literal[{codes}]"
        if mode == "in" and (is_record(target) or is_union(target)):
            return name if name.endswith("Input") else f"{name}Input"
        if mode == "out" and is_record(target) and name in record_names():
            return f"records.{name}"
        if mode == "out" and (is_union(target) or is_record(target)):
            return "dict[str, Any]"
        return _annotation(target, mode)
    if "const" in node:
        return f"Literal[{node['const']!r}]"
    fmt = node.get("format")
    kind = node.get("type")
    if fmt == "date":
        return "datetime.date"
    if fmt == "date-time":
        return "datetime.datetime"
    if kind == "string":
        return "str"
    if kind == "boolean":
        return "bool"
    if kind == "integer":
        return "int"
    if kind == "number":
        return "float"
    if kind == "null":
        return "None"
    if kind == "array" and isinstance(node.get("items"), dict):
        item = annotation(node["items"], mode)
        return f"Sequence[{item}]" if mode == "in" else f"list[{item}]"
    if kind == "object":
        values = node.get("additionalProperties")
        if not isinstance(values, dict):
            pattern = node.get("patternProperties")
            values = next(iter(pattern.values())) if isinstance(pattern, dict) else None
        if isinstance(values, dict):
            value = annotation(values, mode)
            return f"Mapping[str, {value}]" if mode == "in" else f"dict[str, {value}]"
        return "dict[str, Any]"
    return "Any"


def describe(node: Node) -> str:
    """The description of a node, following a ``$ref`` when the node has none."""
    text = node.get("description")
    if isinstance(text, str):
        return " ".join(text.split())
    inner, _ = nullable(node)
    if inner is not node:
        return describe(inner)
    name = ref_name(node)
    if name is not None:
        target = definitions().get(name, {})
        text = target.get("description")
        if isinstance(text, str):
            return " ".join(text.split())
    return ""


def commands() -> list[Node]:
    """Every command variant of the command schema, in the core's order."""
    options: list[Node] = definitions()["Command"]["oneOf"]
    return options


def command_type(node: Node) -> str:
    return str(node["properties"]["type"]["const"])


def command_fields(node: Node) -> list[tuple[str, Node, bool]]:
    """The fields of a command variant as ``(name, schema, required)``: required ones first, then
    optional ones, each group in the schema's order."""
    required = set(node.get("required", []))
    fields = [(k, v, k in required) for k, v in node["properties"].items() if k != "type"]
    return [f for f in fields if f[2]] + [f for f in fields if not f[2]]
