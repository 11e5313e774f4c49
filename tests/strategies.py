"""Hypothesis strategies the property tests share, and the variant builder they use.

Shares (as Decimal or as text), dimension-level submissions and cohorts for the
shipped regulations, and variants of a regulation's dimension points, right
weights and category bounds. A test file keeps to itself only what it alone
explores (the near misses of ``test_plain_input``, the rounding ties of
``test_fast``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
from hypothesis import strategies as st

import kkpham_rules
from kkpham_rules.model import Category, Dimension, Regulation
from kkpham_rules.submission import Submission

from .conftest import submission_with

SHIPPED = (kkpham_rules.get_regulation("34/2016"), kkpham_rules.get_regulation("22/2021"))
"""The regulations this project ships, oldest first."""

DIMENSIONS = ("struktur", "proses", "hasil")

DimensionPoints = tuple[tuple[Dimension, Fraction], ...]


def shares(
    places: int = 3, low: Decimal | int = 0, high: Decimal | int = 100
) -> st.SearchStrategy[Decimal]:
    """Achievement shares from ``low`` to ``high`` (0 to 100), up to ``places`` decimals."""
    return st.decimals(min_value=low, max_value=high, places=places)


def share_texts(places: int) -> st.SearchStrategy[str]:
    """Shares as people type them: the text of a Decimal share."""
    return shares(places).map(str)


@st.composite
def dimension_levels(
    draw: st.DrawFn,
    regulation: Regulation,
    share: st.SearchStrategy[Decimal] | None = None,
    *,
    every_dimension: bool = False,
) -> dict[str, dict[str, Decimal]]:
    """Each right of ``regulation`` with shares for some of its dimensions (or all)."""
    share = shares() if share is None else share
    levels: dict[str, dict[str, Decimal]] = {}
    for right in regulation.rights:
        given = (
            DIMENSIONS if every_dimension else sorted(draw(st.sets(st.sampled_from(DIMENSIONS))))
        )
        levels[right.id] = {d: draw(share) for d in given}
    return levels


@st.composite
def dimension_submissions(
    draw: st.DrawFn,
    regulations: Sequence[Regulation] = SHIPPED,
    share: st.SearchStrategy[Decimal] | None = None,
    years: st.SearchStrategy[int] | None = None,
) -> tuple[Regulation, dict[str, Any]]:
    """A regulation and a dimension-level submission (a plain dict) that names it."""
    regulation = draw(st.sampled_from(regulations))
    dimensions = draw(dimension_levels(regulation, share))
    year = None if years is None else draw(years)
    return regulation, submission_with(regulation, dimensions, year)


@st.composite
def cohorts(
    draw: st.DrawFn,
    regulations: Sequence[Regulation] = SHIPPED,
    share: st.SearchStrategy[Decimal] | None = None,
    max_size: int = 12,
) -> tuple[Regulation, list[Submission]]:
    """A regulation and 1 to ``max_size`` parsed submissions, each of its own region."""
    regulation = draw(st.sampled_from(regulations))
    submissions = [
        kkpham_rules.parse_submission(
            submission_with(
                regulation, draw(dimension_levels(regulation, share)), code=f"72.{n + 1:02d}"
            )
        )
        for n in range(draw(st.integers(1, max_size)))
    ]
    return regulation, submissions


@st.composite
def dimension_points(draw: st.DrawFn, denominator: int = 1) -> DimensionPoints:
    """Struktur, proses and hasil points adding up to 100, in steps of ``1/denominator``."""
    whole = 100 * denominator
    struktur = draw(st.integers(0, whole))
    proses = draw(st.integers(0, whole - struktur))
    hasil = whole - struktur - proses
    return tuple(
        zip(Dimension, (Fraction(k, denominator) for k in (struktur, proses, hasil)), strict=True)
    )


@st.composite
def right_weights(
    draw: st.DrawFn,
    regulation: Regulation,
    numerators: st.SearchStrategy[int],
    denominator: int = 1,
) -> tuple[Fraction, ...]:
    """A weight for each right of ``regulation``: a drawn numerator over ``denominator``."""
    count = len(regulation.rights)
    drawn = draw(st.lists(numerators, min_size=count, max_size=count))
    return tuple(Fraction(k, denominator) for k in drawn)


def evolved(
    regulation: Regulation,
    *,
    points: DimensionPoints | None = None,
    weights: Sequence[Fraction] | None = None,
    bounds: Mapping[Fraction, Fraction] | None = None,
) -> Regulation:
    """Return ``regulation`` with other dimension points, right weights or category bounds.

    ``bounds`` moves category bounds: ``{old: new}`` moves each category's lower bound
    ``old``, and the upper bound ``old`` of the category below, to ``new``; all at once,
    so the result is checked (as ``attrs.evolve`` checks a regulation) only as a whole.
    """
    changes: dict[str, Any] = {}
    if points is not None:
        changes["scoring"] = attrs.evolve(regulation.scoring, dimension_points=points)
    if weights is not None:
        changes["rights"] = tuple(
            attrs.evolve(r, weight=w) for r, w in zip(regulation.rights, weights, strict=True)
        )
    if bounds is not None:
        changes["categories"] = tuple(_moved(c, bounds) for c in regulation.categories)
    return attrs.evolve(regulation, **changes)


def _moved(category: Category, bounds: Mapping[Fraction, Fraction]) -> Category:
    upper = category.upper
    return attrs.evolve(
        category,
        lower=bounds.get(category.lower, category.lower),
        upper=None if upper is None else bounds.get(upper, upper),
    )
