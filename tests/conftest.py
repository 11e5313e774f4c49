"""Shared fixtures: the installed regulations, a synthetic one, submission makers, a database."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from openpyxl.utils.cell import range_boundaries

import kkpham_rules
from kkpham_rules.loader import load_regulation_text
from kkpham_rules.model import Regulation
from kkpham_rules.registry import Registry

from .postgres_server import PostgresServer, PostgresUnavailable, start_server

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent

CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
"""Headless Chromium as this machine runs it (no network of its own): the report and page tests."""


@pytest.fixture(scope="session")
def all_rules() -> Regulation:
    """The synthetic regulation with one indicator of every rule kind."""
    return load_regulation_text((DATA / "all-rules.yaml").read_bytes(), plugin="tests")


@pytest.fixture(scope="session")
def test_registry(all_rules: Regulation) -> Registry:
    """The installed regulations plus the synthetic one."""
    return Registry.from_regulations([*kkpham_rules.available_regulations(), all_rules])


@pytest.fixture(params=["permenkumham-34-2016", "permenkumham-22-2021"])
def shipped(request: pytest.FixtureRequest) -> Regulation:
    """Each regulation this project ships."""
    return kkpham_rules.get_regulation(request.param)


def submission_with(
    regulation: Regulation,
    dimensions: Mapping[str, Mapping[str, Any]],
    year: int | None = None,
    code: str = "72.71",
) -> dict[str, Any]:
    """Return a dimension-level submission for ``regulation`` that gives ``dimensions``."""
    return {
        "region": {"code": code, "name": "Kota Uji"},
        "assessment_year": year if year is not None else regulation.governs.first,
        "regulation": regulation.id,
        "dimensions": {right: dict(given) for right, given in dimensions.items()},
    }


def dimension_submission(
    regulation: Regulation, share: Callable[[str, str], Any], year: int | None = None
) -> dict[str, Any]:
    """Return a dimension-level submission with ``share(right, dimension)`` everywhere."""
    return submission_with(
        regulation,
        {
            right.id: {d.value: share(right.id, d.value) for d in kkpham_rules.Dimension}
            for right in regulation.rights
        },
        year,
    )


def cells_in(ref: str) -> list[tuple[int, int]]:
    """Return the (column, row) numbers of each cell of a worksheet range such as ``C2:E11``."""
    low_col, low_row, high_col, high_row = range_boundaries(ref)
    if low_col is None or low_row is None or high_col is None or high_row is None:
        raise AssertionError(f"{ref} is not a range of cells (it leaves a bound open)")
    return [
        (column, row)
        for column in range(low_col, high_col + 1)
        for row in range(low_row, high_row + 1)
    ]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for this test session, or a skip saying why there is none."""
    try:
        server = start_server()
    except PostgresUnavailable as reason:
        pytest.skip(f"no PostgreSQL server for these tests: {reason}")
    yield server
    server.stop()
