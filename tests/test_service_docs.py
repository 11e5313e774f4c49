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
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .service_support import free_port

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


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "kkpham_rules", "serve", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310
                    break
            except OSError:
                assert process.poll() is None, "kkpham serve stopped"
                assert time.monotonic() < deadline, "kkpham serve did not start in 30 s"
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_page_has_a_walkthrough() -> None:
    commands = [command for command, _ in walkthrough()]
    for path in ("/healthz", "/regulations", "/template", "/evaluate", "/evaluate/cohort"):
        assert any(path in command for command in commands), path
    for path in ("/compare", "/simulate", "/verify", "download=csv", "Accept-Language: en"):
        assert any(path in command for command in commands), path


@pytest.mark.skipif(
    not (shutil.which("curl") and shutil.which("jq")),
    reason="the walk-through needs curl and jq on the PATH",
)
def test_every_command_of_the_page_gives_its_output(server: str, tmp_path: Path) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    # `kkpham` is the command beside this interpreter, whatever the PATH says
    environ = {**os.environ, "KKPHAM_LANG": "id"}
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
