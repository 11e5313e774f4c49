"""Start-up benchmarks (pytest-benchmark): a fresh ``kkpham evaluate`` process.

Run with ``python -m pytest benchmarks/test_startup.py --benchmark-only``. Each
round starts a new interpreter, so the figure is what a user waits for: the
interpreter, the imports, loading the installed regulations, scoring and
printing. ``python -c pass`` in the same group is the floor no command can go
below; compare the groups' ratios, not the absolute times, across machines.
What is imported (not how fast) is asserted in ``tests/test_startup.py``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "kota-contoh-2022.json"
GROUP = "start-up, fresh process"
ROUNDS = 20


def _kkpham() -> list[str]:
    """Return the installed ``kkpham`` script, or the module beside this interpreter."""
    script = Path(sys.executable).with_name("kkpham")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kkpham_rules.cli"]


def _time(benchmark: Any, command: list[str]) -> None:
    def run() -> None:
        # our own interpreter and script with fixed arguments, never user input
        subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603

    benchmark.pedantic(run, rounds=ROUNDS, iterations=1, warmup_rounds=2)


@pytest.mark.benchmark(group=GROUP)
def test_python_baseline(benchmark: Any) -> None:
    _time(benchmark, [sys.executable, "-c", "pass"])


@pytest.mark.benchmark(group=GROUP)
def test_import_kkpham_rules(benchmark: Any) -> None:
    _time(benchmark, [sys.executable, "-c", "import kkpham_rules"])


@pytest.mark.benchmark(group=GROUP)
def test_kkpham_evaluate(benchmark: Any) -> None:
    _time(benchmark, [*_kkpham(), "evaluate", str(EXAMPLE)])
