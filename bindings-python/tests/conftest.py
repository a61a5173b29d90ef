"""Shared helpers of the Python tests: where the scenario files are, and how to read them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "tests" / "scenarios"


def scenario_files() -> list[Path]:
    """Every scenario file, in name order (the runner contract of tests/scenarios/README.md)."""
    return sorted(p for p in SCENARIOS.glob("*.json") if p.is_file())


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def fixture_commands(name: str, depth: int = 0) -> list[dict[str, Any]]:
    """The commands of a fixture, its own `given` first (depth first), as the README says."""
    assert depth < 8, f"fixture nesting too deep at {name}"
    assert "/" not in name
    data = load(SCENARIOS / "fixtures" / f"{name}.json")
    assert set(data) <= {"description", "given", "commands"}, name
    out: list[dict[str, Any]] = []
    for inner in data.get("given", []):
        out += fixture_commands(inner, depth + 1)
    out += data["commands"]
    return out


def resolve(document: Any, pointer: str) -> tuple[bool, Any]:
    """RFC 6901 JSON Pointer: (found, value)."""
    if pointer == "":
        return True, document
    assert pointer.startswith("/"), pointer
    node = document
    for raw in pointer[1:].split("/"):
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict):
            if token not in node:
                return False, None
            node = node[token]
        elif isinstance(node, list):
            if not token.isdigit() or int(token) >= len(node):
                return False, None
            node = node[int(token)]
        else:
            return False, None
    return True, node
