"""The ``kkpham`` command fails cleanly: errors in the form asked for, never a traceback.

Bad files and their exit codes are in ``test_bad_input`` and ``test_cli``; these are
the failures of the command itself: its arguments, and a reader that goes away.
"""

from __future__ import annotations

import json
import subprocess

from .test_cli import KKPHAM, ROOT, run


def test_usage_errors_are_json_with_json() -> None:
    """Regression: with --json, even a usage error is written as JSON."""
    result = run("evaluate", "--json")
    assert result.returncode == 2
    assert json.loads(result.stderr)["error"] == "usage"


def test_closed_pipe_is_not_a_traceback() -> None:
    """Regression: output into a pipe its reader has closed (``| head``) ends quietly."""
    examples = [str(p) for p in sorted((ROOT / "examples").glob("*.json"))]
    # output far larger than a pipe buffer, so writing fails once the reader is gone
    with subprocess.Popen(
        [KKPHAM, "compare", *examples * 3, "--regulations", "34/2016,22/2021", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.read(10)
        process.stdout.close()  # like `| head -c 10`
        error = process.stderr.read().decode()
        status = process.wait(timeout=30)
    assert "Traceback" not in error
    assert status == 0
