"""The analytics example runs as documented and writes its chart; the stubs match the core."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

EXAMPLE = ROOT / "bindings-python" / "examples" / "analytics.py"


def test_the_analytics_example_prints_a_summary_and_saves_a_png(tmp_path: Path) -> None:
    out = tmp_path / "chart.png"
    run = subprocess.run(
        [sys.executable, str(EXAMPLE), "--families", "600", "--out", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.startswith("600 ZZK"), run.stdout
    assert "Średni czas w etapie" in run.stdout and "Praca ZZK" in run.stdout
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 10_000


def test_the_committed_stubs_are_what_the_core_schemas_give() -> None:
    from kooperacje import _stubgen

    package = ROOT / "bindings-python" / "python" / "kooperacje"
    assert _stubgen.main(["--check", str(package)]) == 0


def test_the_readme_s_first_example_runs_as_written() -> None:
    readme = (ROOT / "bindings-python" / "README.md").read_text(encoding="utf-8")
    code = readme.split("```python\n", 1)[1].split("```", 1)[0]
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "initiation Etap 1: inicjowanie"
