"""The TypeScript client generated from schemas/openapi.json, run against a live server.

The example in ``examples/typescript`` is what docs/service.rst shows: types made by
openapi-typescript from the checked-in OpenAPI document, requests by openapi-fetch.
This test installs it from the npm registry into a scratch folder, generates the types,
type-checks and builds it, and runs it against ``kkpham serve``: a document that no
longer describes the service fails here (the type check or the answers). It skips,
saying why, where Node.js or the npm registry cannot be had.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import kkpham_rules
from kkpham_rules.messages import render
from kkpham_rules.policy.simulate import simulate
from kkpham_rules.policy.synth import synthetic_cohort
from kkpham_rules.policy.variants import load_variant
from kkpham_rules.submission import parse_submission

from .service_support import EXAMPLE, ROOT, VARIANTS, kkpham_serve

pytestmark = pytest.mark.skipif(
    not (shutil.which("node") and shutil.which("npm")), reason="Node.js and npm are not installed"
)


def _run(command: list[str], folder: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # npm and node with the example's own arguments
        command, cwd=folder, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def built_client(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example client, installed, its types generated from the document, and built."""
    folder = tmp_path_factory.mktemp("typescript")
    for name in ("client.ts", "package.json", "tsconfig.json"):
        shutil.copy(ROOT / "examples" / "typescript" / name, folder)
    npm = shutil.which("npm") or "npm"
    installed = _run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error"], folder)
    if installed.returncode != 0:
        pytest.skip(f"the npm registry cannot be reached: {installed.stderr.strip()[-300:]}")
    npx = shutil.which("npx") or "npx"
    document = str(ROOT / "schemas" / "openapi.json")
    generate = [npx, "openapi-typescript", document, "--default-non-nullable", "false"]
    generated = _run([*generate, "-o", "kkpham.d.ts"], folder)
    assert generated.returncode == 0, generated.stderr
    checked = _run([npx, "tsc", "-p", "."], folder)  # strict: the client fits the types
    assert checked.returncode == 0, checked.stdout + checked.stderr
    return folder / "dist" / "client.js"


def test_the_generated_client_gets_the_librarys_answers(built_client: Path) -> None:
    submission = parse_submission(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    scored = kkpham_rules.evaluate(submission, "22/2021")
    regulation = kkpham_rules.get_regulation("22/2021")
    cohort = synthetic_cohort(regulation, regions=514, seed=1)
    result = simulate(cohort, regulation, [load_variant(VARIANTS / "bound-80.yaml")])
    node = shutil.which("node") or "node"
    with kkpham_serve() as address:
        ran = subprocess.run(  # node on the client this test built
            [node, str(built_client)],
            cwd=ROOT,  # it reads examples/kota-contoh-2022.json
            env={"KKPHAM_URL": address, "PATH": str(Path(node).parent)},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.splitlines()
    assert lines[0] == f"{submission.region.name} {scored.total_score} {scored.category.label_id}"
    status, message = lines[1].split(" ", 1)
    assert status == "422"
    assert message == render(_first_problem(), "id")  # Indonesian, as the client asked
    movers = len(result.variants[0].movers)
    assert lines[2] == f"514 regions, {movers} change category"


def _first_problem() -> kkpham_rules.Problem:
    """The first problem of the client's refused submission (a region code without a dot)."""
    try:
        kkpham_rules.evaluate(
            {"region": {"code": "7271", "name": "Kota Palu"}, "assessment_year": 2022}
        )
    except kkpham_rules.KkphamError as error:
        problems: list[kkpham_rules.Problem] = list(getattr(error, "problems", ()))
        return problems[0]
    raise AssertionError("the client's bad submission was scored")
