"""The compiled scoring plan: integer arithmetic that equals the regulation's fractions."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kkpham_rules
from kkpham_rules.model import Dimension, Regulation
from kkpham_rules.plan import compile_plan, fixed_text, round_units, units_text
from kkpham_rules.rounding import plain, round_half_up

from .conftest import submission_with
from .strategies import (
    SHIPPED,
    dimension_levels,
    dimension_points,
    evolved,
    right_weights,
    shares,
)

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.fractions(), st.integers(0, 8))
def test_integer_rounding_equals_the_fraction_rounding(value: Fraction, places: int) -> None:
    units = round_units(value.numerator, value.denominator, places)
    assert units_text(units, places) == plain(round_half_up(value, places))
    assert fixed_text(value.numerator, value.denominator, places) == plain(
        round_half_up(value, places)
    )


def test_a_half_rounds_away_from_zero() -> None:
    assert [round_units(n, 1000, 2) for n in (5, 15, 25, -5, -15, 74995)] == [
        1,
        2,
        3,
        -1,
        -2,
        7500,
    ]


@st.composite
def variants(draw: st.DrawFn) -> Regulation:
    """A shipped regulation with other points (any fractions), weights and a moved top bound."""
    regulation = draw(st.sampled_from(SHIPPED))
    # points of any thousandths adding up to 100, so every bound below stays valid
    points = draw(dimension_points(1000))
    weights = draw(right_weights(regulation, st.integers(1, 10_000), 1000))
    # move the top category's lower bound anywhere above the next one's lower bound,
    # with up to six decimals (bounds with many decimals)
    top = max(regulation.categories, key=lambda c: c.lower)
    [below] = [c for c in regulation.categories if c.upper == top.lower]
    bound = below.lower + (100 - below.lower) * Fraction(draw(st.integers(1, 10**6)), 10**6)
    return evolved(regulation, points=points, weights=weights, bounds={top.lower: bound})


def reference_total(regulation: Regulation, given: dict[str, dict[str, Decimal]]) -> Fraction:
    """The rollup written straight from the regulation's words, in fractions."""
    weighted = Fraction(0)
    for right in regulation.rights:
        points = sum(
            (
                regulation.scoring.points(d) * Fraction(given[right.id][d.value]) / 100
                for d in Dimension
                if d.value in given.get(right.id, {})
            ),
            Fraction(0),
        )
        weighted += right.weight * points
    return weighted / sum((r.weight for r in regulation.rights), Fraction(0))


@SETTINGS
@given(st.data())
def test_totals_and_categories_equal_the_regulations_fractions(data: st.DataObject) -> None:
    regulation = data.draw(variants())
    given_shares = data.draw(dimension_levels(regulation, shares(4), every_dimension=True))
    as_text = {r: {d: str(v) for d, v in ds.items()} for r, ds in given_shares.items()}
    evaluation = kkpham_rules.evaluate(submission_with(regulation, as_text), regulation)
    total = reference_total(regulation, given_shares)
    rounded = round_half_up(total, regulation.scoring.score_places)
    assert evaluation.total_score == str(rounded)
    assert evaluation.category.code == regulation.category_for(Fraction(rounded)).code


def test_a_variant_gets_its_own_plan() -> None:
    base = SHIPPED[1]
    variant = evolved(
        base,
        points=(
            (Dimension.STRUKTUR, Fraction(20)),
            (Dimension.PROSES, Fraction(30)),
            (Dimension.HASIL, Fraction(50)),
        ),
    )
    assert variant.plan is not base.plan
    assert variant.plan.point_numerators != base.plan.point_numerators
    assert compile_plan(base).coefficients == base.plan.coefficients
