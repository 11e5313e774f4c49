"""The scoring rules and value kinds (kkpham_rules.rules)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction as F
from typing import Any

import attrs
import numpy as np
import pytest
from pydantic import TypeAdapter

from kkpham_rules.loader import build_rule
from kkpham_rules.regulation_data import RuleData
from kkpham_rules.rules import (
    RULE_KINDS,
    Band,
    BandsRule,
    Level,
    OrdinalRule,
    PresenceRule,
    Rule,
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


# -- one class per kind, dispatched through RULE_KINDS --------------------------------------

LAYANAN = OrdinalRule(
    levels=(
        Level("tidak-ada", "Tidak ada", "None", F(0)),
        Level("sebagian", "Sebagian", "Partial", F(1, 2)),
        Level("penuh", "Penuh", "Full", F(1)),
    )
)
EVERY_KIND: list[Rule] = [PresenceRule(), TargetRule(F(5), "lower"), AKI, LAYANAN]


def test_the_table_holds_every_kind_under_the_name_its_data_gives() -> None:
    assert {name: attrs.fields(cls).kind.default for name, cls in RULE_KINDS.items()} == {
        name: name for name in ("presence", "target", "bands", "ordinal")
    }
    assert sorted(type(rule).__name__ for rule in EVERY_KIND) == sorted(
        cls.__name__ for cls in RULE_KINDS.values()
    )


@pytest.mark.parametrize("rule", EVERY_KIND, ids=lambda rule: rule.kind)
def test_a_rule_reads_back_what_it_writes(rule: Rule) -> None:
    data = TypeAdapter(RuleData).validate_python(rule.to_data())
    assert build_rule(data) == rule


@pytest.mark.parametrize(
    ("rule", "values"),
    [
        (PresenceRule(), [True, None, False]),
        (TargetRule(F(5), "lower"), [F(2), F(10), None, F(0)]),
        (AKI, [F(0), F(2201, 20), None, F(111), F(10_000), F(110)]),
        (LAYANAN, ["penuh", "tidak-ada", None, "mungkin", "sebagian"]),
    ],
    ids=lambda item: getattr(item, "kind", ""),
)
def test_a_column_is_scored_exactly_as_value_by_value(rule: Rule, values: list[Any]) -> None:
    one_by_one = [
        None if value is None else (rule.rejects(value) or rule.achievement(value))
        for value in values
    ]
    assert rule.achievements(values) == one_by_one
    assert all(isinstance(scored, F | str) for scored in one_by_one if scored is not None)


def test_a_rule_refuses_the_values_it_does_not_score() -> None:
    assert AKI.rejects(F(2201, 20)) == (
        "110.05 falls in a gap the regulation's bands leave undefined"
    )
    assert LAYANAN.rejects("mungkin") == (
        "unknown level 'mungkin'; the levels are tidak-ada, sebagian, penuh"
    )
    assert AKI.rejects(F(110)) is None
    assert PresenceRule().rejects(False) is None
    assert TargetRule(F(80)).rejects(F(200)) is None


def test_each_kind_checks_itself_against_the_value_kind() -> None:
    assert TargetRule(F(120)).problems(ValueKind.PERCENT) == [
        ("target", "a percentage target above 100 can never be met")
    ]
    assert TargetRule(F(120)).problems(ValueKind.AMOUNT) == []
    nothing = BandsRule(bands=(Band(F(0), F(0), None),))
    assert nothing.problems(ValueKind.AMOUNT) == [("bands", "the best band must earn points")]
    assert [field for field, _ in BandsRule(bands=AKI.bands).problems(ValueKind.AMOUNT)] == [
        "bands"
    ]
    twice = OrdinalRule(levels=(LAYANAN.levels[0], LAYANAN.levels[1], LAYANAN.levels[1]))
    assert twice.problems(ValueKind.LEVEL) == [
        ("levels", "level codes must be unique"),
        ("levels", "the best level must have achievement 1"),
    ]
    kinds = [ValueKind.BOOLEAN, ValueKind.AMOUNT, ValueKind.AMOUNT, ValueKind.LEVEL]
    assert all(kind in rule.value_kinds for rule, kind in zip(EVERY_KIND, kinds, strict=True))
    assert [rule.problems(kind) for rule, kind in zip(EVERY_KIND, kinds, strict=True)] == [[]] * 4


def test_each_kind_describes_itself() -> None:
    assert [rule.describe("persen") for rule in EVERY_KIND] == [
        "presence: met (full points) if true, else 0",
        "target at most 5 persen: full points at or below, target/value above",
        "bands: 3 value ranges (persen), best worth 10 points",
        "levels: tidak-ada (Tidak ada), sebagian (Sebagian), penuh (Penuh)",
    ]
    assert [rule.level_codes() for rule in EVERY_KIND] == [
        (),
        (),
        (),
        ("tidak-ada", "sebagian", "penuh"),
    ]


def test_synthetic_values_fit_their_rule() -> None:
    rng = np.random.default_rng(3)
    for level in (0.0, 0.5, 1.0):
        presence, target, bands, ordinal = (rule.synthetic_value(level, rng) for rule in EVERY_KIND)
        assert isinstance(presence, bool)
        assert isinstance(target, float)
        assert isinstance(bands, float)
        assert bands in {float(band.sample()) for band in AKI.bands}
        assert ordinal in LAYANAN.level_codes()


def test_bands_of_a_count_leave_no_hole_where_no_whole_number_falls() -> None:
    from kkpham_rules.rules import Band, ValueKind, band_holes

    # "0 -> 0", "1-2 -> 5", ">= 3 -> 10": nothing between 0 and 1 for a count
    table = (
        Band(F(0), F(0), F(0), True, True),
        Band(F(5), F(1), F(2), True, True),
        Band(F(10), F(3), None, True, False),
    )
    assert band_holes(table, ValueKind.COUNT) == ()
    assert len(band_holes(table, ValueKind.AMOUNT)) == 2  # an amount can be 0.5
    # a count can fall between 0 and 3: that is a hole still
    wide = (table[0], table[2])
    [hole] = band_holes(wide, ValueKind.COUNT)
    assert (hole.lower, hole.upper, hole.lower_inclusive, hole.upper_inclusive) == (
        F(0),
        F(3),
        False,
        False,
    )
