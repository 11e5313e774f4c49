"""Start-up stays light: nothing heavy is imported until a command needs it.

Each check runs in a fresh interpreter, because this test session has long
since imported everything. Speed itself is measured in
``benchmarks/test_startup.py``; these tests assert what is imported, which
does not depend on the machine.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

import kkpham_rules

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "kota-contoh-2022.json"

HEAVY = (
    "numpy",
    "matplotlib",
    "openpyxl",
    "jinja2",
    "dask",
    "pandas",
    "tqdm",
    "fastapi",
    "starlette",
    "uvicorn",
    "cryptography",
    "sqlalchemy",
    "alembic",
    "psycopg",
    "nacl",
)
"""Packages only some commands need, each tens of milliseconds to import."""

_LOADED = f"sorted({{m.split('.')[0] for m in sys.modules}} & set({list(HEAVY)!r}))"


def _run(code: str) -> object:
    """Run ``code`` in a fresh interpreter; return what it prints last, as JSON."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_importing_the_package_imports_nothing_heavy() -> None:
    code = f"import json, sys, kkpham_rules; print(json.dumps({_LOADED}))"
    assert _run(code) == []


def test_importing_the_package_defers_even_pydantic() -> None:
    # every public name is imported on first use: the bare import is the package itself
    code = "import json, sys, kkpham_rules; print(json.dumps('pydantic' in sys.modules))"
    assert _run(code) is False


def test_evaluating_a_submission_imports_nothing_heavy() -> None:
    code = (
        "import json, sys, kkpham_rules\n"
        f"data = json.loads(open({str(EXAMPLE)!r}, encoding='utf-8').read())\n"
        "evaluation = kkpham_rules.evaluate(data)\n"
        "evaluation.to_json()\n"
        "assert evaluation.total_score\n"
        f"print(json.dumps({_LOADED}))"
    )
    assert _run(code) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["evaluate", str(EXAMPLE)],
        ["evaluate", str(EXAMPLE), "--json"],
        ["validate", str(EXAMPLE)],
        ["explain", str(EXAMPLE)],
        ["regulations"],
        ["show", "22/2021"],
        ["template", "22/2021", "--format", "csv"],
        ["verify", str(ROOT / "tests" / "golden" / "records" / "example--kota-contoh-2022.json")],
    ],
)
def test_single_submission_commands_import_nothing_heavy(argv: list[str]) -> None:
    code = (
        "import contextlib, io, json, sys\n"
        "from kkpham_rules.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    status = main({argv!r})\n"
        "assert status == 0, status\n"
        f"print(json.dumps({_LOADED}))"
    )
    assert _run(code) == []


def test_functions_named_like_their_modules_stay_functions() -> None:
    # importing a module binds it on its package; a public function of the same
    # name (explain) must still win, as when __init__ imported everything eagerly
    code = (
        "import json, sys, types\n"
        "import kkpham_rules\n"
        "import kkpham_rules.versions.compare, kkpham_rules.explain, kkpham_rules.policy.simulate\n"
        "modules = {'compare': 'versions.compare', 'explain': 'explain',"
        " 'simulate': 'policy.simulate'}\n"
        "same = [getattr(kkpham_rules, n) is getattr(sys.modules['kkpham_rules.' + m], n)\n"
        "        for n, m in modules.items()]\n"
        "from kkpham_rules import compare, explain, simulate\n"
        "funcs = [isinstance(f, types.FunctionType) for f in (compare, explain, simulate)]\n"
        "print(json.dumps(same + funcs))"
    )
    assert _run(code) == [True] * 6


def test_every_public_name_resolves_to_its_definition() -> None:
    assert set(kkpham_rules.__all__) <= set(dir(kkpham_rules))
    assert set(kkpham_rules._MODULE_OF) == set(kkpham_rules.__all__) - {"__version__"}
    for name in kkpham_rules.__all__:
        value = getattr(kkpham_rules, name)
        if name == "__version__":
            continue
        module = importlib.import_module(value.__module__)
        assert getattr(module, name) is value, name
        assert value.__doc__, name


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
        _ = kkpham_rules.nonexistent  # type: ignore[attr-defined]  # no such name, on purpose
