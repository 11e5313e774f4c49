"""The batch path: a whole cohort, under many regulations, in integer arrays.

:func:`score_cohort` gives exactly the rounded scores and categories that
:func:`kkpham_rules.evaluate` gives, for every region, by construction:

* each region's cell achievements (one right's struktur, proses or hasil) are
  exact integers over one common denominator for the cohort: a given share
  ``85.5`` % is ``8550`` hundredths-of-a-percent, and indicator-level cells are
  weighed exactly, as the exact path weighs them;
* each regulation's scoring plan (:mod:`kkpham_rules.plan`) is integer
  coefficients over its own denominator, so the totals of K regulations (a
  base and its variants) are one ``(K, cells) x (cells, regions)`` product;
* the product is done in binary floating point only while every partial sum is
  an integer below 2**53, where doubles are exact; beyond that it is done on
  Python integers. Rounding and categories are then integer arithmetic.

No float is ever rounded to a score, so there are no ties to re-check.

:func:`prepare_cohort` takes the submission dicts a user has and lays them out
directly, checking all shares of the cohort at once; any record it cannot
prove valid that way is read by the full submission parser, so every problem
is reported exactly as :func:`~kkpham_rules.parse_submission` and
:func:`~kkpham_rules.evaluate` report it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
from attrs import field, frozen

from .engine import check_submission
from .errors import Problem, SubmissionError, json_pointer
from .model import Indicator, Regulation
from .plan import DIMENSIONS, ScoringPlan, units_text
from .submission import Submission, parse_submission, plain_header

__all__ = [
    "CohortArrays",
    "ScoredCohort",
    "cohort_arrays",
    "prepare_cohort",
    "score_cohort",
]

IntArray = npt.NDArray[Any]
"""An array of integers: ``int64``, or Python integers (``object``) where int64 could overflow."""

_EXACT_IN_DOUBLE = 2**53
"""Integers below this are exact in binary64, and so are sums that stay below it."""
_INT64_ROOM = 2**62
"""Integer arrays stay int64 while every value they will hold is below this."""
_MAX_FAST_PLACES = 12
"""Share strings with more decimals than this are laid out by the exact parser."""


@frozen(eq=False)
class CohortArrays:
    """A checked cohort laid out for scoring.

    ``shares[n, r, d]`` is region n's share of right r's dimension d in units of
    ``10**-share_places`` percent (0 where not given; ``given`` says which are);
    ``values[id]`` holds an indicator's parsed values per region (``None`` where
    not given), for the regulations that encode indicators.
    """

    region_codes: tuple[str, ...]
    region_names: tuple[str, ...]
    right_ids: tuple[str, ...]
    share_places: int
    shares: IntArray
    given: npt.NDArray[np.bool_]
    values: dict[str, tuple[bool | Fraction | str | None, ...]] = field(factory=dict)
    indicator_ids: tuple[str, ...] = ()

    @property
    def size(self) -> int:
        """Return the number of regions."""
        return len(self.region_codes)

    @property
    def layout(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Return the rights and indicators (ids) the arrays are laid out for."""
        return self.right_ids, self.indicator_ids


@frozen(eq=False)
class ScoredCohort:
    """Rounded totals and categories of every region under one regulation.

    ``units`` are the totals in units of the last rounded place; ``category_index``
    indexes ``codes`` (lowest category first). :attr:`totals` and
    :attr:`categories` give them as decimal strings and codes.
    """

    regulation: Regulation
    units: IntArray
    category_index: npt.NDArray[np.int64]
    codes: tuple[str, ...]
    places: int

    @cached_property
    def totals(self) -> tuple[str, ...]:
        """Return every region's rounded total as a decimal string."""
        places = self.places
        return tuple(units_text(int(k), places) for k in self.units.tolist())

    @cached_property
    def categories(self) -> tuple[str, ...]:
        """Return every region's category code."""
        return tuple(np.array(self.codes, dtype=object)[self.category_index].tolist())


# -- laying a cohort out ---------------------------------------------------------------------


def cohort_arrays(submissions: Sequence[Submission], base: Regulation) -> CohortArrays:
    """Return parsed submissions laid out as arrays, checked against ``base``.

    Raises :class:`SubmissionError` listing every problem of every region, each
    pointer prefixed with the region's index in the cohort.
    """
    return _layout_parsed(list(submissions), base, list(range(len(submissions))))


def prepare_cohort(
    items: Iterable[Mapping[str, Any] | Submission], base: Regulation
) -> CohortArrays:
    """Return the cohort in ``items`` (dicts, or parsed submissions) laid out for ``base``.

    Dimension-level dicts are checked all at once; anything else, and any
    record that does not pass those checks, is read by the full parser, so the
    problems reported are exactly those of :func:`~kkpham_rules.parse_submission`
    and :func:`~kkpham_rules.evaluate`, each pointer prefixed with the record's
    index. Raises :class:`SubmissionError` listing every problem.
    """
    records = list(items)
    if not records:
        raise SubmissionError("the cohort is empty", [Problem("empty_cohort", "", "no submission")])
    fast = _bulk_layout(records, base)
    if fast is not None:
        return fast
    parsed: list[Submission] = []
    positions: list[int] = []
    problems: list[tuple[int, Problem]] = []
    for n, record in enumerate(records):
        try:
            parsed.append(parse_submission(record))
            positions.append(n)
        except SubmissionError as error:
            problems += [(n, p.under(n)) for p in error.problems]
    try:
        arrays = _layout_parsed(parsed, base, positions)
    except SubmissionError as error:  # the records that parsed, checked against the base
        problems += [(int(p.pointer.split("/")[1]), p) for p in error.problems]
    if problems:
        ordered = [p for _, p in sorted(problems, key=lambda item: item[0])]
        raise SubmissionError(f"the cohort has {len(ordered)} problem(s)", ordered)
    return arrays


def _layout_parsed(
    submissions: list[Submission], base: Regulation, positions: list[int]
) -> CohortArrays:
    rights = tuple(right.id for right in base.rights)
    right_index = {right_id: r for r, right_id in enumerate(rights)}
    size = len(submissions)
    numbers: list[list[tuple[int, int, int]]] = []  # per region: (cell, mantissa, places)
    values: dict[str, list[bool | Fraction | str | None]] = {
        i.id: [None] * size for i in base.indicators
    }
    problems: list[Problem] = []
    for n, submission in enumerate(submissions):
        parsed, found = check_submission(submission, base)
        problems += [p.under(positions[n]) for p in found]
        cells = []
        for right_id, achieved in submission.dimensions.items():
            r = right_index.get(right_id)
            if r is None:
                continue
            for d, dimension in enumerate(DIMENSIONS):
                share = getattr(achieved, dimension.value)
                if share is not None:
                    cells.append((r * 3 + d, *_scaled(share)))
        numbers.append(cells)
        for indicator_id, value in parsed.items():
            values[indicator_id][n] = value
    if problems:
        raise SubmissionError(f"the cohort has {len(problems)} problem(s)", problems)
    places = max((p for cells in numbers for _, _, p in cells), default=0)
    flat = [0] * (size * len(rights) * 3)
    given = np.zeros(size * len(rights) * 3, dtype=bool)
    for n, cells in enumerate(numbers):
        for cell, mantissa, p in cells:
            flat[n * len(rights) * 3 + cell] = mantissa * 10 ** (places - p)
            given[n * len(rights) * 3 + cell] = True
    return CohortArrays(
        region_codes=tuple(s.region.code for s in submissions),
        region_names=tuple(s.region.name for s in submissions),
        right_ids=rights,
        share_places=places,
        shares=_int_array(flat).reshape(size, len(rights), 3),
        given=given.reshape(size, len(rights), 3),
        values={k: tuple(v) for k, v in values.items()},
        indicator_ids=tuple(i.id for i in base.indicators),
    )


_POWERS_OF_FIVE = {5**k: k for k in range(200)}


def _scaled(share: Decimal) -> tuple[int, int]:
    """Return a non-negative decimal as (mantissa, places): value = mantissa / 10**places.

    >>> _scaled(Decimal("85.50")), _scaled(Decimal("100")), _scaled(Decimal("0.125"))
    ((855, 1), (100, 0), (125, 3))
    """
    numerator, denominator = share.as_integer_ratio()  # denominator = 2**a * 5**b
    twos = (denominator & -denominator).bit_length() - 1
    places = max(twos, _POWERS_OF_FIVE[denominator >> twos])
    return numerator * (10**places // denominator), places


def _int_array(values: list[int]) -> IntArray:
    """Return integers as int64, or as Python integers where int64 could overflow."""
    if values and max(values) >= _INT64_ROOM:
        return np.array(values, dtype=object)
    return np.array(values, dtype=np.int64)


_DIMENSION_INDEX = {d.value: i for i, d in enumerate(DIMENSIONS)}
# the submission's percent pattern, for many shares joined by "\0" (which no share contains)
_SHARE = r"(?:100(?:\.0+)?|[0-9]{1,2}(?:\.[0-9]+)?)"
_SHARES = re.compile(rf"{_SHARE}(?:\x00{_SHARE})*", re.ASCII)


def _bulk_layout(records: list[Any], base: Regulation) -> CohortArrays | None:
    """Return dimension-level dicts laid out, or ``None`` if any record needs the full parser.

    Accepts only what the submission model provably accepts with the same
    values (plain dicts, exact types, the same patterns and ranges), so a
    ``None`` costs a second reading but never a different answer.
    """
    rights = tuple(right.id for right in base.rights)
    right_index = {right_id: r for r, right_id in enumerate(rights)}
    width = len(rights) * 3
    codes: list[str] = []
    names: list[str] = []
    positions: list[int] = []
    shares: list[Any] = []
    for n, record in enumerate(records):
        header = plain_header(record)  # the submission model's checks, short path
        if header is None:
            return None
        code, name, _, dimensions = header
        offset = n * width
        for right_id, achieved in dimensions.items():
            r = right_index.get(right_id)
            if r is None or type(achieved) is not dict:
                return None
            for name_of_dimension, share in achieved.items():
                d = _DIMENSION_INDEX.get(name_of_dimension)
                if d is None:
                    return None
                if share is not None:
                    positions.append(offset + r * 3 + d)
                    shares.append(share)
        codes.append(code)
        names.append(name)
    scaled = _bulk_shares(shares)
    if scaled is None:
        return None
    mantissas, places = scaled
    flat = np.zeros(len(records) * width, dtype=np.int64)
    given = np.zeros(len(records) * width, dtype=bool)
    index = np.array(positions, dtype=np.int64)
    flat[index] = mantissas
    given[index] = True
    return CohortArrays(
        region_codes=tuple(codes),
        region_names=tuple(names),
        right_ids=rights,
        share_places=places,
        shares=flat.reshape(len(records), len(rights), 3),
        given=given.reshape(len(records), len(rights), 3),
        values={i.id: (None,) * len(records) for i in base.indicators},
        indicator_ids=tuple(i.id for i in base.indicators),
    )


def _bulk_shares(shares: list[Any]) -> tuple[npt.NDArray[np.int64], int] | None:
    """Return every share as an exact integer count of 10**-places percent, or ``None``.

    Strings must match the submission's percent pattern (checked for all of them
    in one pass); ints and finite floats must lie in 0..100 (a float counts as
    its shortest repr, as the parser reads it). With at most 12 decimals, the
    nearest double to a share, times 10**places, is within 0.01 of the exact
    integer, so rounding it recovers that integer exactly. ``places`` is the
    fewest decimals that hold every share (``50.00`` needs none).
    """
    if not shares:
        return np.zeros(0, dtype=np.int64), 0
    texts: list[str] = []
    for share in shares:
        kind = type(share)
        if kind is str:
            texts.append(share)
        elif kind is int:
            if not 0 <= share <= 100:
                return None
            texts.append(str(share))
        elif kind is float:
            if not 0 <= share <= 100:  # also refuses NaN
                return None
            text = repr(share)
            if "e" in text or "E" in text:
                return None
            texts.append(text)
        else:
            return None
    joined = "\0".join(texts)  # a share holding "\0" would pass as two: counted out
    if (
        max(map(len, texts)) > 3 + 1 + _MAX_FAST_PLACES
        or joined.count("\0") != len(texts) - 1
        or not _SHARES.fullmatch(joined)
    ):
        return None
    numbers = np.array(texts, dtype=np.float64)
    # the fewest decimals that hold every share: two different decimals of at most 12
    # places below 100 never round to the same double, so x == round(x, k) proves it
    for places in range(_MAX_FAST_PLACES + 1):
        scaled = np.rint(numbers * 10**places)
        if np.array_equal(scaled / 10**places, numbers):
            return scaled.astype(np.int64), places
    return None  # not reached: the pattern allows at most 12 decimals


# -- scoring -----------------------------------------------------------------------------------


def score_cohort(cohort: CohortArrays, regulations: Iterable[Regulation]) -> list[ScoredCohort]:
    """Return each regulation's rounded totals and categories for the whole cohort.

    Regulations that score the cells alike (the same indicators and declared
    counts: a base and its variants of points, weights and bounds) share one
    matrix product.
    """
    regulations = list(regulations)
    groups: dict[object, list[int]] = {}
    for position, regulation in enumerate(regulations):
        groups.setdefault(_signature(regulation), []).append(position)
    results: dict[int, ScoredCohort] = {}
    for members in groups.values():
        numerators, denominator = cell_achievements(regulations[members[0]], cohort)
        scored = score_plans(numerators, denominator, [regulations[m] for m in members])
        results.update(zip(members, scored, strict=True))
    return [results[position] for position in range(len(regulations))]


def _signature(regulation: Regulation) -> object:
    # regulations equal in this tuple have the same cell achievements
    return (
        tuple(right.id for right in regulation.rights),
        regulation.indicators,
        tuple(right.declared_counts for right in regulation.rights)
        if regulation.indicators
        else (),
    )


def cell_achievements(regulation: Regulation, cohort: CohortArrays) -> tuple[IntArray, int]:
    """Return every region's cell achievements as ``(numerators (n, rights x 3), denominator)``.

    Exactly the exact path's achievements: a given share, else the weighed
    indicators (unencoded ones counting as not met), else 0.
    """
    size = cohort.size
    share_denominator = 100 * 10**cohort.share_places
    if not regulation.indicators and regulation.plan.right_ids == cohort.right_ids:
        # dimension level, rights as laid out: the cells are the shares themselves
        return cohort.shares.reshape(size, -1), share_denominator
    index = {right_id: r for r, right_id in enumerate(cohort.right_ids)}
    columns: list[tuple[IntArray, int]] = []
    for right in regulation.rights:
        source = index.get(right.id)
        for d, dimension in enumerate(DIMENSIONS):
            encoded = regulation.indicators_for(right.id, dimension)
            if source is None:
                shares, given = np.zeros(size, dtype=np.int64), np.zeros(size, dtype=bool)
            else:
                shares, given = cohort.shares[:, source, d], cohort.given[:, source, d]
            if not encoded:
                columns.append((shares, share_denominator))
                continue
            exact = _indicator_cell(regulation, right.declared_count(dimension), encoded, cohort)
            ratios = [
                Fraction(int(shares[n]), share_denominator) if given[n] else exact[n]
                for n in range(size)
            ]
            column_denominator = math.lcm(*(f.denominator for f in ratios)) if ratios else 1
            columns.append(
                (
                    _int_array(
                        [f.numerator * (column_denominator // f.denominator) for f in ratios]
                    ),
                    column_denominator,
                )
            )
    denominator = math.lcm(*(den for _, den in columns)) if columns else 1
    factors = [denominator // den for _, den in columns]
    largest = max(
        (_largest(column) * factor for (column, _), factor in zip(columns, factors, strict=True)),
        default=0,
    )
    dtype: Any = np.int64 if largest < _INT64_ROOM else object
    matrix = np.empty((size, len(columns)), dtype=dtype)
    for j, ((column, _), factor) in enumerate(zip(columns, factors, strict=True)):
        matrix[:, j] = column.astype(dtype) * factor
    return matrix, denominator


def _largest(values: IntArray) -> int:
    return int(abs(values).max()) if values.size else 0


def _indicator_cell(
    regulation: Regulation,
    declared: int | None,
    encoded: tuple[Indicator, ...],
    cohort: CohortArrays,
) -> list[Fraction]:
    """Return each region's exact achievement of one cell from its indicators."""
    unencoded = max(0, declared - len(encoded)) if declared is not None else 0
    total_weight = sum((i.weight for i in encoded), Fraction(0)) + unencoded
    result = [Fraction(0)] * cohort.size
    stray: list[Problem] = []
    for indicator in encoded:
        share = indicator.weight / total_weight
        values = cohort.values.get(indicator.id, ())
        # the values were checked against the base; a variant may have moved a band's
        # bounds, and a value its rule no longer scores is refused as evaluate() refuses it
        for n, scored in enumerate(indicator.rule.achievements(values)):
            if isinstance(scored, str):
                pointer = json_pointer([n, "indicators", indicator.id])
                stray.append(Problem("invalid_value", pointer, scored))
            elif scored is not None:
                result[n] += share * scored
    if stray:
        raise SubmissionError(f"{len(stray)} value(s) fall in a gap of the bands", stray)
    return result


def score_plans(
    numerators: IntArray, denominator: int, regulations: Sequence[Regulation]
) -> list[ScoredCohort]:
    """Return the totals and categories of cells ``numerators / denominator`` under each regulation.

    Regulations read off the rounded total at the same places (the usual
    case: a base and its variants) are scored together by :func:`score_matrix`.
    """
    plans = [regulation.plan for regulation in regulations]
    results: dict[int, ScoredCohort] = {}
    together: dict[int, list[int]] = {}
    for position, plan in enumerate(plans):
        if plan.classify_on_exact:
            results[position] = _score_exact_total(numerators, denominator, plan)
        else:
            together.setdefault(plan.places, []).append(position)
    for places, members in together.items():
        width = max(len(plans[m].thresholds) for m in members)
        units, index = score_matrix(
            numerators,
            denominator,
            _coefficient_matrix([plans[m] for m in members]),
            [plans[m].coefficient_denominator for m in members],
            places,
            # a shorter list of categories is padded with bounds no total reaches
            [
                list(plans[m].thresholds) + [_INT64_ROOM] * (width - len(plans[m].thresholds))
                for m in members
            ],
        )
        for row, member in enumerate(members):
            results[member] = ScoredCohort(
                regulations[member], units[row], index[row], _codes(plans[member]), places
            )
    return [results[position] for position in range(len(plans))]


def _codes(plan: ScoringPlan) -> tuple[str, ...]:
    return tuple(category.code for category in plan.ordered_categories)


def _coefficient_matrix(plans: Sequence[ScoringPlan]) -> IntArray:
    rows = [[c for row in plan.coefficients for c in row] for plan in plans]
    return _int_array([c for row in rows for c in row]).reshape(len(plans), -1)


def score_matrix(
    numerators: IntArray,
    denominator: int,
    coefficients: IntArray,
    coefficient_denominators: Sequence[int],
    places: int,
    thresholds: Sequence[Sequence[int]],
) -> tuple[IntArray, npt.NDArray[np.int64]]:
    """Return rounded totals and category positions of every region under K scoring rows.

    Row k's total for region n is ``sum_j coefficients[k, j] * numerators[n, j] /
    (coefficient_denominators[k] * denominator)``, rounded half up to ``places``
    (in units of 10**-places); its category position is the number of
    ``thresholds[k]`` (ascending units, the first 0) it reaches, minus one.
    Exact: see the module docstring.
    """
    width = numerators.shape[1]
    biggest = _largest(numerators) * _largest(coefficients) * max(width, 1)
    if biggest < _EXACT_IN_DOUBLE:
        product = coefficients.astype(np.float64) @ numerators.astype(np.float64).T
        totals: IntArray = product.astype(np.int64)
    else:
        totals = coefficients.astype(object) @ numerators.astype(object).T
    scale = [q * denominator for q in coefficient_denominators]
    if biggest * 2 * 10**places + 2 * max(scale, default=1) >= _INT64_ROOM:
        totals = totals.astype(object)
        column: IntArray = np.array(scale, dtype=object)[:, None]
    else:
        column = np.array(scale, dtype=np.int64)[:, None]
    units = _round_half_away(totals, column, places)
    bounds = np.array(
        [[min(t, _INT64_ROOM) for t in row] for row in thresholds], dtype=np.int64
    ).reshape(len(scale), -1)
    index = np.zeros(totals.shape, dtype=np.int64)
    for k in range(1, bounds.shape[1]):  # position 0 also holds totals below the lowest bound
        index += units >= bounds[:, k : k + 1]
    return units, index


def _round_half_away(totals: IntArray, denominators: IntArray, places: int) -> IntArray:
    """Return totals / denominators rounded half away from zero, as :func:`.plan.round_units`."""
    twice = 2 * denominators
    scaled = 2 * totals * 10**places
    units: IntArray = (scaled + denominators) // twice
    if (totals < 0).any():  # only with negative points: round the magnitude, keep the sign
        units = np.where(totals < 0, -((-scaled + denominators) // twice), units)
    return units


def _score_exact_total(numerators: IntArray, denominator: int, plan: ScoringPlan) -> ScoredCohort:
    """Score one regulation that reads its category off the exact total (Python integers)."""
    coefficients = np.array([c for row in plan.coefficients for c in row], dtype=object)
    totals = numerators.astype(object) @ coefficients
    scale = plan.coefficient_denominator * denominator
    units = _round_half_away(totals, np.array(scale, dtype=object), plan.places)
    index = np.zeros(totals.shape, dtype=np.int64)
    for low_num, low_den in plan.lower_bounds[1:]:  # as plan.classify: position 0 at least
        index += np.asarray(totals * low_den >= low_num * scale, dtype=bool)
    return ScoredCohort(plan.regulation, units, index, _codes(plan), plan.places)
