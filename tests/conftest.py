"""Shared fixtures: the installed regulations, a synthetic one, and submission makers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import kkpham_rules
from kkpham_rules.loader import load_regulation_text
from kkpham_rules.model import Regulation
from kkpham_rules.registry import Registry

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


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


def dimension_submission(
    regulation: Regulation, share: Callable[[str, str], Any], year: int | None = None
) -> dict[str, Any]:
    """Return a dimension-level submission with ``share(right, dimension)`` everywhere."""
    return {
        "region": {"code": "72.71", "name": "Kota Uji"},
        "assessment_year": year if year is not None else regulation.governs.first,
        "regulation": regulation.id,
        "dimensions": {
            right.id: {d.value: share(right.id, d.value) for d in kkpham_rules.Dimension}
            for right in regulation.rights
        },
    }
