"""The worked examples each plugin ships (``cases/*.yaml``), computed by hand."""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest

import kkpham_rules
from kkpham_rules._documents import read_yaml
from kkpham_rules.registry import Registry


def plugin_cases(registry: Registry) -> list[tuple[str, dict[str, Any]]]:
    """Return (name, case) for every case file shipped by the registry's plugins."""
    cases = []
    for regulation in registry.regulations:
        folder = resources.files(regulation.plugin).joinpath("cases")
        for item in sorted(folder.iterdir(), key=lambda entry: entry.name):
            if item.name.endswith(".yaml"):
                cases.append((f"{regulation.id}/{item.name}", read_yaml(item.read_bytes())))
    return cases


def check_case(case: dict[str, Any], registry: Registry) -> None:
    """Evaluate a case and compare every expected figure."""
    evaluation = kkpham_rules.evaluate(case["submission"], registry=registry)
    expected = case["expected"]
    assert evaluation.regulation.id == expected["regulation"]
    assert evaluation.total_score == expected["total_score"]
    assert evaluation.category.code == expected["category"]
    for right_id, score in expected.get("rights", {}).items():
        assert evaluation.right(right_id).score == score, right_id
    if "missing_indicators" in expected:
        assert list(evaluation.missing_indicators) == expected["missing_indicators"]
    if "warnings" in expected:
        assert [w.code for w in evaluation.warnings] == expected["warnings"]
    points = {i.id: i.points_earned for i in evaluation.indicators}
    for indicator_id, earned in expected.get("points", {}).items():
        assert points[indicator_id] == earned, indicator_id


SHIPPED = plugin_cases(kkpham_rules.registry.default_registry())


def test_every_shipped_regulation_has_cases() -> None:
    names = {name.split("/")[0] for name, _ in SHIPPED}
    assert names == {"permenkumham-34-2016", "permenkumham-22-2021"}


@pytest.mark.parametrize(("name", "case"), SHIPPED, ids=[name for name, _ in SHIPPED])
def test_worked_case(name: str, case: dict[str, Any]) -> None:
    check_case(case, kkpham_rules.registry.default_registry())
