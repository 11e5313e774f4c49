"""A regulation compiled once into integer arithmetic: the scoring plan.

Every figure the engine reports is a rational number rounded half up, once.
The plan holds the regulation's fractions (dimension points, right weights,
category bounds) as integers over common denominators, so that scoring a
submission is a few integer products and one integer division per reported
figure: exact, and with no :class:`~fractions.Fraction` arithmetic on the way.

A cell's achievement (one right's struktur, proses or hasil, from 0 to 1) is
an integer pair ``(numerator, denominator)``. Totals combine the cells over the
least common multiple of their denominators, which for dimension-level input
(``85.5`` % is ``855/1000``) is a power of ten.

The plan is built once per :class:`~kkpham_rules.model.Regulation` value
(:attr:`Regulation.plan <kkpham_rules.model.Regulation.plan>`); a variant is a
new value and gets its own plan, so no cache can mix two rule sets.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING

from attrs import frozen

from .model import Dimension

if TYPE_CHECKING:
    from ._trace import TraceParts
    from .model import Category, Regulation

__all__ = [
    "DIMENSIONS",
    "Ratio",
    "ScoringPlan",
    "compile_plan",
    "fixed_text",
    "round_units",
    "units_text",
]

DIMENSIONS = tuple(Dimension)
"""The three dimensions in the regulation's order (struktur, proses, hasil)."""

Ratio = tuple[int, int]
"""An exact non-negative rational as ``(numerator, denominator)``, denominator above 0."""


def round_units(numerator: int, denominator: int, places: int) -> int:
    """Return ``numerator / denominator`` rounded half away from zero, in units of 10**-places.

    ``denominator`` must be above 0. This is the one rounding every reported
    figure goes through.

    >>> round_units(1, 200, 2), round_units(-2, 3, 2), round_units(74995, 1000, 2)
    (1, -67, 7500)
    """
    scaled: int = numerator * 10**places
    if scaled >= 0:
        return (2 * scaled + denominator) // (2 * denominator)
    return -((-2 * scaled + denominator) // (2 * denominator))


def units_text(units: int, places: int) -> str:
    """Return an integer count of 10**-places as a plain decimal string.

    >>> units_text(7499, 2), units_text(5, 2), units_text(-5, 2), units_text(12, 0)
    ('74.99', '0.05', '-0.05', '12')
    """
    if places == 0:
        return str(units)
    sign, digits = ("-" if units < 0 else ""), str(abs(units)).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def fixed_text(numerator: int, denominator: int, places: int) -> str:
    """Return ``numerator / denominator`` rounded half up to ``places`` decimals, as text.

    >>> fixed_text(2, 3, 4), fixed_text(1, 8, 2), fixed_text(10, 1, 2)
    ('0.6667', '0.13', '10.00')
    """
    return units_text(round_units(numerator, denominator, places), places)


def _common(values: Sequence[Fraction]) -> tuple[tuple[int, ...], int]:
    """Return integer numerators of ``values`` over their least common denominator."""
    denominator = math.lcm(*(value.denominator for value in values)) if values else 1
    return tuple(v.numerator * (denominator // v.denominator) for v in values), denominator


@frozen(eq=False)
class ScoringPlan:
    """One regulation's scoring as integers: what :func:`~kkpham_rules.evaluate` computes with.

    With ``P_d = point_numerators[d] / point_denominator`` the points of
    dimension d and ``a`` a cell's achievement, a right scores ``sum_d P_d a``
    and the total is ``sum_{r,d} coefficients[r][d] * a[r][d] / coefficient_denominator``
    (the right weights, their sum and the points folded in).
    """

    regulation: Regulation
    right_ids: tuple[str, ...]
    point_numerators: tuple[int, int, int]
    point_denominator: int
    coefficients: tuple[tuple[int, int, int], ...]
    coefficient_denominator: int
    places: int
    trace_places: int
    ordered_categories: tuple[Category, ...]
    """The categories from the lowest bound up."""
    thresholds: tuple[int, ...]
    """Each category's lower bound in units of the rounded total, rounded up."""
    lower_bounds: tuple[Ratio, ...]
    """Each category's exact lower bound, for ``classify_on="exact_total"``."""
    classify_on_exact: bool

    def right_points(self, cells: Sequence[Ratio]) -> Ratio:
        """Return one right's points from its three cell achievements, exactly."""
        denominator = math.lcm(*(den for _, den in cells))
        numerator = sum(
            p * num * (denominator // den)
            for p, (num, den) in zip(self.point_numerators, cells, strict=True)
        )
        return numerator, self.point_denominator * denominator

    def total(self, cells: Sequence[Sequence[Ratio]]) -> Ratio:
        """Return the weighted mean of the rights' points, exactly (cells per right, in order)."""
        denominators = {den for row in cells for _, den in row}
        if len(denominators) == 1:  # shares all written to the same decimals: no rescaling
            [denominator] = denominators
            numerator = sum(
                c * num
                for coefficients, row in zip(self.coefficients, cells, strict=True)
                for c, (num, _) in zip(coefficients, row, strict=True)
            )
            return numerator, self.coefficient_denominator * denominator
        denominator = math.lcm(*denominators)
        numerator = 0
        for coefficients, row in zip(self.coefficients, cells, strict=True):
            for c, (num, den) in zip(coefficients, row, strict=True):
                numerator += c * num * (denominator // den)
        return numerator, self.coefficient_denominator * denominator

    def classify(self, total: Ratio) -> tuple[int, int]:
        """Return the total rounded (in units of 10**-places) and the category's position.

        The position indexes :attr:`ordered_categories`. The category is read
        off the rounded total, or off the exact one where the regulation says so.
        """
        numerator, denominator = total
        units = round_units(numerator, denominator, self.places)
        # a total below the lowest bound (only possible with negative points, which
        # regulation data refuses) falls in the lowest category, on both paths
        if not self.classify_on_exact:
            return units, max(bisect.bisect_right(self.thresholds, units) - 1, 0)
        position = 0
        for index, (low_num, low_den) in enumerate(self.lower_bounds):
            if numerator * low_den >= low_num * denominator:
                position = index
        return units, position

    @cached_property
    def trace(self) -> TraceParts:
        """Return the parts of every evaluation's trace that depend on the regulation alone."""
        from ._trace import trace_parts  # here: the arithmetic needs none of the output models

        return trace_parts(self)

    def points_text(self, dimension_index: int, places: int) -> str:
        """Return the points dimension ``dimension_index`` is worth, rounded as text."""
        return fixed_text(self.point_numerators[dimension_index], self.point_denominator, places)


def compile_plan(regulation: Regulation) -> ScoringPlan:
    """Return the integer scoring plan of ``regulation`` (see :class:`ScoringPlan`).

    With points ``p_d / P`` and weights ``w_r / W`` over common denominators,
    a cell's coefficient in the total is ``w_r p_d / (P sum(w))``: integers,
    built without fraction arithmetic, so thousands of variants compile fast.
    """
    scoring = regulation.scoring
    points = dict(scoring.dimension_points)
    numerators, point_denominator = _common([points[d] for d in DIMENSIONS])
    weights, _ = _common([right.weight for right in regulation.rights])
    ordered = tuple(sorted(regulation.categories, key=lambda c: c.lower))
    scale = 10**scoring.score_places
    return ScoringPlan(
        regulation=regulation,
        right_ids=tuple(right.id for right in regulation.rights),
        point_numerators=(numerators[0], numerators[1], numerators[2]),
        point_denominator=point_denominator,
        coefficients=tuple(
            (w * numerators[0], w * numerators[1], w * numerators[2]) for w in weights
        ),
        coefficient_denominator=point_denominator * sum(weights),
        places=scoring.score_places,
        trace_places=scoring.trace_places,
        ordered_categories=ordered,
        # k / 10^p >= lower  <=>  k >= ceil(lower * 10^p): an exact integer comparison
        thresholds=tuple(-((-c.lower.numerator * scale) // c.lower.denominator) for c in ordered),
        lower_bounds=tuple((c.lower.numerator, c.lower.denominator) for c in ordered),
        classify_on_exact=scoring.classify_on == "exact_total",
    )
