"""The curl walk-through of docs/service.rst, run against a live ``kkpham serve``.

Each ``$`` line of the page's console blocks is run in a scratch folder (with
``examples/`` at hand), the documented address replaced by the test server's;
its output must be the lines the page shows under it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .service_support import kkpham_serve

ROOT = Path(__file__).parent.parent
PAGE = ROOT / "docs" / "service.rst"
DOCUMENTED = "http://127.0.0.1:8000"


def walkthrough() -> list[tuple[str, str]]:
    """Return every (command, output) pair of the page's console blocks, in order."""
    steps: list[tuple[str, list[str]]] = []
    for block in re.findall(
        r"^\.\. code-block:: console\n\n((?:   .*\n|\n)+)", PAGE.read_text(encoding="utf-8"), re.M
    ):
        for line in block.rstrip("\n").split("\n"):
            text = line[3:]
            if text.startswith("$ "):
                steps.append((text[2:], []))
            else:
                steps[-1][1].append(text)
    return [(command, "\n".join(output)) for command, output in steps]


API_KEY = "a-key-for-the-walk-through"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    archive = tmp_path_factory.mktemp("archive") / "arsip.sqlite3"
    options = ("--database", f"sqlite:///{archive}")
    with kkpham_serve(*options, environ={"KKPHAM_API_KEYS": API_KEY}) as address:
        yield address


def test_the_page_has_a_walkthrough() -> None:
    commands = [command for command, _ in walkthrough()]
    for path in ("/healthz", "/regulations", "/template", "/evaluate", "/evaluate/cohort"):
        assert any(path in command for command in commands), path
    for path in ("/compare", "/simulate", "/verify", "download=csv", "Accept-Language: en"):
        assert any(path in command for command in commands), path
    for path in ("/evaluate/record", "/archive", "/archive/regions/"):
        assert any(path in command for command in commands), path


@pytest.mark.skipif(
    not (shutil.which("curl") and shutil.which("jq")),
    reason="the walk-through needs curl and jq on the PATH",
)
def test_every_command_of_the_page_gives_its_output(server: str, tmp_path: Path) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    # `kkpham` is the command beside this interpreter, whatever the PATH says
    environ = {**os.environ, "KKPHAM_LANG": "id", "KKPHAM_API_KEY": API_KEY}
    environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{environ.get('PATH', '')}"
    for command, shown in walkthrough():
        done = subprocess.run(  # the page's own commands, in a scratch folder
            ["bash", "-c", "set -o pipefail; " + command.replace(DOCUMENTED, server)],
            cwd=tmp_path,
            env=environ,
            capture_output=True,
            text=True,
            check=False,
        )
        # `head` may close the pipe early: its writer's status is not the command's
        assert done.returncode in (0, 141) or "| head" in command, (command, done.stderr)
        assert done.stdout.rstrip("\n") == shown, command
