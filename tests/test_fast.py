"""The fast batch path gives exactly the exact path's scores and categories."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kkpham_rules
from kkpham_rules.fast import cohort_arrays, score_cohort
from kkpham_rules.model import Regulation
from kkpham_rules.registry import Registry
from kkpham_rules.rules import TargetRule
from kkpham_rules.submission import Submission

from .conftest import dimension_submission
from .strategies import (
    SHIPPED,
    cohorts,
    dimension_points,
    evolved,
    right_weights,
    shares,
)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# three decimals make exact rounding ties (x.xx5) common, the hard case for floats
share = shares(3) | st.sampled_from(
    [Decimal(0), Decimal(100), Decimal("58.325"), Decimal("41.675")]
)


@st.composite
def variants_of(draw: st.DrawFn, regulation: Regulation) -> Regulation:
    """``regulation`` with whole points, weights of 1 to 5 and another award bound.

    The award bound goes anywhere from 60 to 95; where it reaches the bound below it,
    that bound moves to one point under it.
    """
    points = draw(dimension_points())
    peduli, cukup, *_ = regulation.categories
    top = Fraction(draw(st.integers(6000, 9500)), 100)
    bounds = {peduli.lower: top}
    if cukup.lower >= top:  # an equal bound would leave cukup empty
        bounds[cukup.lower] = top - 1
    weights = draw(right_weights(regulation, st.integers(1, 5)))
    return evolved(regulation, points=points, weights=weights, bounds=bounds)


@st.composite
def cohorts_and_variants(draw: st.DrawFn) -> tuple[list[Submission], list[Regulation]]:
    regulation, submissions = draw(cohorts(share=share))
    variants = [draw(variants_of(regulation)) for _ in range(draw(st.integers(0, 3)))]
    return submissions, [regulation, *variants]


def assert_same(
    submissions: list[kkpham_rules.Submission],
    regulations: list[Regulation],
    registry: Registry | None = None,
) -> None:
    arrays = cohort_arrays(submissions, regulations[0])
    for regulation, fast in zip(regulations, score_cohort(arrays, regulations), strict=True):
        for n, submission in enumerate(submissions):
            exact = kkpham_rules.evaluate(submission, regulation, registry=registry)
            assert (fast.totals[n], fast.categories[n]) == (exact.total_score, exact.category.code)


@SETTINGS
@given(cohorts_and_variants())
def test_fast_equals_exact_at_dimension_level(case: tuple[list[Any], list[Regulation]]) -> None:
    assert_same(*case)


@SETTINGS
@given(st.data())
def test_fast_equals_exact_at_indicator_level(data: st.DataObject) -> None:
    from pathlib import Path

    from kkpham_rules.loader import load_regulation_text

    regulation = load_regulation_text(
        (Path(__file__).parent / "data" / "all-rules.yaml").read_bytes(), "t"
    )
    registry = Registry.from_regulations([regulation])
    submissions = []
    for n in range(data.draw(st.integers(1, 8))):
        indicators: dict[str, Any] = {}
        for key, strategy in {
            "alpha.perda": st.booleans(),
            "alpha.anggaran": share,
            "alpha.pelatihan": st.integers(0, 30),
            "alpha.kematian": st.decimals(min_value=0, max_value=40, places=2),
            "alpha.layanan": st.sampled_from(["tidak-ada", "sebagian", "penuh"]),
            "beta.cakupan": share,
        }.items():
            if data.draw(st.booleans()):
                indicators[key] = data.draw(strategy)
        dimensions = {"beta": {"struktur": data.draw(share)}} if data.draw(st.booleans()) else {}
        submissions.append(
            kkpham_rules.parse_submission(
                {
                    "region": {"code": f"72.{n + 1:02d}", "name": "X"},
                    "assessment_year": 2095,
                    "indicators": indicators,
                    "dimensions": dimensions,
                }
            )
        )
    target = data.draw(st.integers(1, 100))
    anggaran = regulation.indicator("alpha.anggaran")
    assert anggaran is not None
    assert isinstance(anggaran.rule, TargetRule)
    retargeted = attrs.evolve(anggaran, rule=attrs.evolve(anggaran.rule, target=Fraction(target)))
    other_target = attrs.evolve(
        regulation,
        indicators=tuple(retargeted if i.id == anggaran.id else i for i in regulation.indicators),
    )
    assert_same(submissions, [regulation, other_target], registry)


def test_synthetic_514_cohort_matches_under_both_regulations() -> None:
    from kkpham_rules.policy.synth import synthetic_cohort

    for regulation in SHIPPED:
        submissions = synthetic_cohort(regulation, regions=514, seed=7)
        assert_same(submissions, [regulation])


def test_band_bounds_are_decided_exactly(all_rules: Regulation) -> None:
    """Regression: a value a hair below a band bound is not rounded onto it by the fast path."""
    registry = Registry.from_regulations([all_rules])
    submission = kkpham_rules.parse_submission(
        {
            "region": {"code": "72.01", "name": "X"},
            "assessment_year": 2095,
            "indicators": {"beta.cakupan": "89.99999999999999999999"},
        }
    )
    [fast] = score_cohort(cohort_arrays([submission], all_rules), [all_rules])
    exact = kkpham_rules.evaluate(submission, all_rules, registry=registry)
    assert fast.totals[0] == exact.total_score == "15.00"


@pytest.mark.parametrize("decimals", [16, 20])
def test_category_bounds_with_many_decimals(decimals: int) -> None:
    """Regression: a category bound finer than a float's precision is decided exactly."""
    new = kkpham_rules.get_regulation("22/2021")
    finer = evolved(new, bounds={Fraction(50): Fraction(50) - Fraction(1, 10**decimals)})
    submission = kkpham_rules.parse_submission(
        dimension_submission(new, lambda r, d: 50, year=2022)
    )
    [fast] = score_cohort(cohort_arrays([submission], new), [finer])
    exact = kkpham_rules.evaluate(submission, finer)
    assert (fast.totals[0], fast.categories[0]) == (exact.total_score, exact.category.code)
    assert fast.categories[0] == "mulai-peduli-ham"
