"""What the service tests share: a client, the checks of an error answer, cohorts as files."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kkpham_rules.files.cohort import CSV_COLUMNS
from kkpham_rules.files.export import rows_xlsx
from kkpham_rules.service import PROBLEM_JSON, create_app
from kkpham_rules.submission import Submission

with warnings.catch_warnings():
    # Starlette deprecates its httpx-based TestClient in favour of httpx2, which
    # this project does not use yet; the warning is about the import, not a defect
    warnings.filterwarnings("ignore", message=r".*install `httpx2` instead")
    from fastapi.testclient import TestClient

__all__ = [
    "EXAMPLE",
    "ROOT",
    "VARIANTS",
    "XLSX",
    "TestClient",
    "codes",
    "cohort_csv",
    "cohort_jsonl",
    "cohort_xlsx",
    "dimension_rows",
    "free_port",
    "kkpham_serve",
    "problem_of",
    "service",
]

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "kota-contoh-2022.json"
VARIANTS = ROOT / "examples" / "variants"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@contextmanager
def service(**settings: Any) -> Iterator[TestClient]:
    """Yield a client of the service built with ``settings`` (no keys, no CORS unless given)."""
    settings.setdefault("cors_origins", ())
    settings.setdefault("api_keys", ())
    with TestClient(create_app(**settings)) as client:
        yield client


def problem_of(response: Any, status: int) -> dict[str, Any]:
    """Return an error answer's body, checked to be problem+json with ``status``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    body: dict[str, Any] = response.json()
    assert {"type", "title", "status", "detail", "problems"} <= set(body)
    assert body["status"] == status
    assert "Traceback" not in response.text
    for problem in body["problems"]:
        assert problem["localized_message"], problem
    return body


def codes(body: dict[str, Any]) -> list[str]:
    """Return the codes of an error answer's problems, in order."""
    return [problem["code"] for problem in body["problems"]]


def dimension_rows(submissions: Sequence[Submission]) -> list[dict[str, str]]:
    """Return the dimension-level rows (one per region and right) of dimension-level submissions."""
    rows = []
    for submission in submissions:
        for right, achieved in submission.dimensions.items():
            rows.append(
                {
                    "region_code": submission.region.code,
                    "region_name": submission.region.name,
                    "assessment_year": str(submission.assessment_year),
                    "right": right,
                    **{d: str(getattr(achieved, d)) for d in ("struktur", "proses", "hasil")},
                }
            )
    return rows


def cohort_csv(submissions: Sequence[Submission]) -> bytes:
    """Return dimension-level submissions as the CSV layout the reader reads."""
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(dimension_rows(submissions))
    return text.getvalue().encode("utf-8")


def cohort_xlsx(submissions: Sequence[Submission]) -> bytes:
    """Return dimension-level submissions as a workbook whose first sheet has the CSV layout."""
    book = io.BytesIO()
    shares = {"struktur", "proses", "hasil", "assessment_year"}
    rows_xlsx(dimension_rows(submissions), book, "Dimensi", shares.__contains__)
    return book.getvalue()


def cohort_jsonl(submissions: Sequence[Submission]) -> bytes:
    """Return submissions as JSON Lines, as ``kkpham synth`` writes them."""
    lines = [
        json.dumps(s.model_dump(mode="json", by_alias=True, exclude_none=True), ensure_ascii=False)
        for s in submissions
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def free_port() -> int:
    """Return a loopback port no one listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def kkpham_serve(*options: str, environ: dict[str, str] | None = None) -> Iterator[str]:
    """Run a real ``kkpham serve`` (with ``options``) on a free loopback port; yield its address.

    Waits until ``/healthz`` answers (at most 30 s; a server that stops says why) and
    stops the server afterwards, killing it if it does not stop in 10 s.
    """
    port = free_port()
    address = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "kkpham_rules", "serve", "--host", "127.0.0.1"]
    process = subprocess.Popen(
        [*command, "--port", str(port), *options],
        env={**os.environ, **(environ or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{address}/healthz", timeout=2):  # noqa: S310
                    break
            except OSError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "kkpham serve did not start in 30 s"
                time.sleep(0.1)
        yield address
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()
