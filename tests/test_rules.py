"""The scoring rules and value kinds (kkpham_rules.rules)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction as F

import pytest

from kkpham_rules.rules import (
    Band,
    BandsRule,
    Level,
    OrdinalRule,
    PresenceRule,
    TargetRule,
    ValueKind,
    band_table_problems,
)


def test_presence() -> None:
    assert PresenceRule().achievement(True) == 1
    assert PresenceRule().achievement(False) == 0


@pytest.mark.parametrize(
    ("value", "expected"), [(F(0), F(0)), (F(40), F(1, 2)), (F(80), F(1)), (F(120), F(1))]
)
def test_target_higher_is_capped(value: F, expected: F) -> None:
    assert TargetRule(target=F(80)).achievement(value) == expected


@pytest.mark.parametrize(("value", "expected"), [(F(2), F(1)), (F(5), F(1)), (F(10), F(1, 2))])
def test_target_lower_is_better(value: F, expected: F) -> None:
    assert TargetRule(target=F(5), better="lower").achievement(value) == expected


def test_ordinal_levels() -> None:
    rule = OrdinalRule(
        levels=(
            Level("no", "Tidak", "No", F(0)),
            Level("half", "Sebagian", "Partly", F(1, 2)),
            Level("full", "Penuh", "Fully", F(1)),
        )
    )
    assert rule.achievement("half") == F(1, 2)
    assert rule.best_value() == "full"
    assert rule.worst_value() == "no"
    assert rule.level("maybe") is None


AKI = BandsRule(
    bands=(
        Band(F(10), None, F(110), True, True),
        Band(F(8), F(111), F(140), True, True),
        Band(F(0), F(140), None, False, False),
    ),
    gaps=(Band(F(0), F(110), F(111), False, False),),
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (F(0), F(1)),
        (F(110), F(1)),
        (F(111), F(4, 5)),
        (F(140), F(4, 5)),
        (F(1401, 10), F(0)),
        (F(10_000), F(0)),
    ],
)
def test_bands_score_each_side_of_a_boundary(value: F, expected: F) -> None:
    assert AKI.achievement(value) == expected


def test_a_value_in_a_declared_gap_has_no_band() -> None:
    assert AKI.band_for(F(2201, 20)) is None  # 110.05
    assert band_table_problems(AKI.bands, AKI.gaps, ValueKind.AMOUNT) == []


def test_undeclared_hole_is_reported() -> None:
    problems = band_table_problems(AKI.bands, (), ValueKind.AMOUNT)
    assert len(problems) == 1
    assert "fall in no band" in problems[0]


def test_overlap_is_reported() -> None:
    bands = (Band(F(10), None, F(50), True, True), Band(F(0), F(50), None, True, False))
    assert any("overlap" in p for p in band_table_problems(bands, (), ValueKind.PERCENT))


def test_band_table_must_reach_the_top_of_a_percentage() -> None:
    bands = (Band(F(10), F(0), F(90), True, False), Band(F(5), F(90), F(100), True, False))
    problems = band_table_problems(bands, (), ValueKind.PERCENT)
    assert problems == ["values above [90, 100) fall in no band"]


@pytest.mark.parametrize(
    ("kind", "value", "ok"),
    [
        (ValueKind.BOOLEAN, True, True),
        (ValueKind.BOOLEAN, Decimal(1), False),
        (ValueKind.PERCENT, Decimal("100"), True),
        (ValueKind.PERCENT, Decimal("100.01"), False),
        (ValueKind.PERCENT, "55.5", True),
        (ValueKind.COUNT, Decimal("3"), True),
        (ValueKind.COUNT, Decimal("3.5"), False),
        (ValueKind.COUNT, Decimal("-1"), False),
        (ValueKind.AMOUNT, Decimal("NaN"), False),
        (ValueKind.AMOUNT, "abc", False),
        (ValueKind.AMOUNT, True, False),
        (ValueKind.LEVEL, "penuh", True),
        (ValueKind.LEVEL, Decimal(2), False),
    ],
)
def test_value_kinds(kind: ValueKind, value: bool | Decimal | str, ok: bool) -> None:
    parsed, reason = kind.parse(value)
    assert (parsed is not None) is ok
    assert (reason is None) is ok
