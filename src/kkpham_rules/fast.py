"""The fast batch path: a whole cohort, under many regulations, in arrays.

:func:`score_cohort` gives exactly the rounded scores and categories that
:func:`kkpham_rules.evaluate` gives, for every region, at array speed:

* each submission is checked once, as the exact path checks it;
* each right's struktur/proses/hasil achievement is computed with numpy in
  binary floating point (a given share, or the weighed indicators, each rule
  vectorised);
* totals come from one contraction per group of regulations sharing the same
  indicator rules, so thousands of variants of weights, points or bounds cost
  one array product;
* a float total is trusted only when it is clearly away from a rounding tie (and,
  when the category is read from the exact total, from every category bound);
  any total within 1e-6 of one is re-computed by the exact path. Float error on
  these sums is below 1e-10, so the result equals the exact path's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from functools import cached_property

import numpy as np
import numpy.typing as npt
from attrs import field, frozen

from .cohort import fit_submission
from .engine import check_submission, score_total
from .errors import Problem, SubmissionError, json_pointer
from .model import Dimension, Indicator, Regulation
from .rules import BandsRule, OrdinalRule, PresenceRule, TargetRule
from .submission import Submission

__all__ = ["CohortArrays", "ScoredCohort", "cohort_arrays", "score_cohort"]

FloatArray = npt.NDArray[np.float64]
TIE_MARGIN = 1e-6
"""How close (in units of the last rounded place) a float total may come to a tie."""


@frozen(eq=False)
class CohortArrays:
    """A checked cohort laid out as arrays: shares per right and dimension, values per indicator.

    ``shares[n, r, d]`` is region n's given share (0-100) of right r's dimension d,
    NaN where not given; ``values[id]`` holds an indicator's numbers (NaN where not
    given; presence as 1/0), ``levels[id]`` an ordinal indicator's codes.
    """

    submissions: tuple[Submission, ...]
    right_ids: tuple[str, ...]
    shares: FloatArray
    values: dict[str, FloatArray] = field(factory=dict)
    levels: dict[str, tuple[str | None, ...]] = field(factory=dict)
    exact: dict[str, tuple[Fraction | None, ...]] = field(factory=dict)
    """Numbers as given, for the rules whose outcome jumps at a bound (bands)."""
    indicator_ids: tuple[str, ...] = ()

    @property
    def layout(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Return the rights and indicators (ids) the arrays are laid out for."""
        return self.right_ids, self.indicator_ids


@frozen(eq=False)
class ScoredCohort:
    """Rounded totals and categories of every region under one regulation.

    Held as arrays (``units``: totals in units of the last rounded place;
    ``category_index`` into ``codes``, lowest category first) plus the exact
    path's answers where it was consulted; :attr:`totals` and :attr:`categories`
    give them as decimal strings and codes.
    """

    regulation: Regulation
    units: npt.NDArray[np.int64]
    category_index: npt.NDArray[np.int64]
    codes: tuple[str, ...]
    places: int
    overrides: dict[int, tuple[str, str]]

    @property
    def exact_fallbacks(self) -> int:
        """Return how many regions were re-computed by the exact path (rounding ties)."""
        return len(self.overrides)

    @cached_property
    def totals(self) -> tuple[str, ...]:
        """Return every region's rounded total as a decimal string."""
        texts = [_units_text(int(k), self.places) for k in self.units]
        for n, (total, _) in self.overrides.items():
            texts[n] = total
        return tuple(texts)

    @cached_property
    def categories(self) -> tuple[str, ...]:
        """Return every region's category code."""
        codes = [self.codes[int(i)] for i in self.category_index]
        for n, (_, code) in self.overrides.items():
            codes[n] = code
        return tuple(codes)


def cohort_arrays(submissions: Sequence[Submission], base: Regulation) -> CohortArrays:
    """Return the cohort in arrays, checked against ``base``.

    Raises :class:`SubmissionError` listing every problem of every region, each
    pointer prefixed with the region's index in the cohort.
    """
    rights = tuple(right.id for right in base.rights)
    shares = np.full((len(submissions), len(rights), 3), np.nan)
    values: dict[str, FloatArray] = {
        i.id: np.full(len(submissions), np.nan)
        for i in base.indicators
        if not isinstance(i.rule, OrdinalRule)
    }
    levels: dict[str, list[str | None]] = {
        i.id: [None] * len(submissions) for i in base.indicators if isinstance(i.rule, OrdinalRule)
    }
    problems: list[Problem] = []
    exact: dict[str, list[Fraction | None]] = {}
    for n, submission in enumerate(submissions):
        parsed, found = check_submission(submission, base)
        problems += [
            Problem(p.code, json_pointer([n]) + p.pointer, p.message, p.expected, p.received)
            for p in found
        ]
        for r, right_id in enumerate(rights):
            given = submission.dimensions.get(right_id)
            if given is None:
                continue
            for d, dimension in enumerate(Dimension):
                share = getattr(given, dimension.value)
                if share is not None:
                    shares[n, r, d] = float(share)
        for indicator_id, value in parsed.items():
            if indicator_id in levels:
                levels[indicator_id][n] = str(value)
            else:
                values[indicator_id][n] = float(value)
                if isinstance(value, Fraction):
                    exact.setdefault(indicator_id, [None] * len(submissions))[n] = value
    if problems:
        raise SubmissionError(f"the cohort has {len(problems)} problem(s)", problems)
    return CohortArrays(
        tuple(submissions),
        rights,
        shares,
        values,
        {k: tuple(v) for k, v in levels.items()},
        {k: tuple(v) for k, v in exact.items()},
        tuple(i.id for i in base.indicators),
    )


def _achievement(indicator: Indicator, cohort: CohortArrays) -> tuple[FloatArray, FloatArray]:
    """Return (achievement, given) arrays of one indicator; raise on values in no band."""
    rule = indicator.rule
    if isinstance(rule, OrdinalRule):
        codes = cohort.levels.get(indicator.id, (None,) * len(cohort.submissions))
        table = {level.code: float(level.achievement) for level in rule.levels}
        given = np.array([code is not None for code in codes], dtype=float)
        return np.array([table.get(code, 0.0) if code else 0.0 for code in codes]), given
    raw = cohort.values.get(indicator.id)
    if raw is None:
        raw = np.full(len(cohort.submissions), np.nan)
    given = (~np.isnan(raw)).astype(float)
    value = np.nan_to_num(raw, nan=0.0)
    if isinstance(rule, PresenceRule):
        return value, given
    if isinstance(rule, TargetRule):
        target = float(rule.target)
        if rule.better == "higher":
            return np.minimum(value / target, 1.0), given
        with np.errstate(divide="ignore"):
            return np.where(value <= target, 1.0, target / np.maximum(value, 1e-300)), given
    assert isinstance(rule, BandsRule)
    # band membership jumps at a bound, so it is decided on the exact values
    exact = cohort.exact.get(indicator.id, (None,) * len(cohort.submissions))
    best = rule.max_points
    achievement = np.zeros(len(exact))
    stray = []
    for n, number in enumerate(exact):
        if number is None:
            continue
        band = rule.band_for(number)
        if band is None:
            stray.append(n)
        else:
            achievement[n] = float(band.points / best)
    if stray:
        raise SubmissionError(
            f"{len(stray)} value(s) fall in a gap of {indicator.id}'s bands",
            [
                Problem(
                    "invalid_value",
                    f"/{n}/indicators/{indicator.id}",
                    "falls in a gap the regulation's bands leave undefined",
                )
                for n in stray
            ],
        )
    return achievement, given


def _cell_achievements(regulation: Regulation, cohort: CohortArrays) -> FloatArray:
    """Return achievement (0-1) per region, right and dimension, as the exact path defines it."""
    index = {right_id: r for r, right_id in enumerate(cohort.right_ids)}
    result = np.zeros((len(cohort.submissions), len(regulation.rights), 3))
    for r, right in enumerate(regulation.rights):
        source = index.get(right.id)
        for d, dimension in enumerate(Dimension):
            encoded = regulation.indicators_for(right.id, dimension)
            cell = np.zeros(len(cohort.submissions))
            if encoded:
                declared = right.declared_count(dimension)
                unencoded = max(0, declared - len(encoded)) if declared is not None else 0
                total_weight = float(sum((i.weight for i in encoded), Fraction(0)) + unencoded)
                for indicator in encoded:
                    achievement, given = _achievement(indicator, cohort)
                    cell += float(indicator.weight) / total_weight * achievement * given
            if source is not None:
                share = cohort.shares[:, source, d]
                cell = np.where(np.isnan(share), cell, share / 100.0)
            result[:, r, d] = cell
    return result


def _signature(regulation: Regulation) -> object:
    # regulations equal in this tuple have the same cell achievements
    return (
        regulation.indicators,
        tuple((right.id, right.declared_counts) for right in regulation.rights),
    )


def score_cohort(
    cohort: CohortArrays,
    regulations: Iterable[Regulation],
) -> list[ScoredCohort]:
    """Return each regulation's rounded totals and categories for the whole cohort."""
    regulations = list(regulations)
    groups: dict[object, list[int]] = {}
    for position, regulation in enumerate(regulations):
        groups.setdefault(_signature(regulation), []).append(position)
    results: dict[int, ScoredCohort] = {}
    for members in groups.values():
        first = regulations[members[0]]
        cells = _cell_achievements(first, cohort)  # (n, R, 3)
        points = np.array(
            [[float(regulations[m].scoring.points(d)) for d in Dimension] for m in members]
        )
        weights = np.array([[float(r.weight) for r in regulations[m].rights] for m in members])
        totals = np.einsum("nrd,vd,vr->vn", cells, points, weights) / weights.sum(axis=1)[:, None]
        for row, member in enumerate(members):
            results[member] = _round_and_classify(regulations[member], totals[row], cohort)
    return [results[position] for position in range(len(regulations))]


def _round_and_classify(
    regulation: Regulation, totals: FloatArray, cohort: CohortArrays
) -> ScoredCohort:
    places = regulation.scoring.score_places
    scaled = totals * 10**places
    units = np.floor(scaled + 0.5).astype(np.int64)
    near = np.abs(scaled - np.floor(scaled) - 0.5) < TIE_MARGIN
    ordered = sorted(regulation.categories, key=lambda c: c.lower)
    if regulation.scoring.classify_on == "exact_total":
        for category in ordered:
            near |= np.abs(totals - float(category.lower)) < TIE_MARGIN
    # category index from the rounded total, exactly: k / 10^p >= lower <=> k * den >= num * 10^p
    chosen = np.zeros(units.shape, dtype=np.int64)
    for position, category in enumerate(ordered):
        lower = category.lower
        if regulation.scoring.classify_on == "rounded_total":
            # units / 10^p >= lower  <=>  units >= ceil(lower * 10^p), an exact integer
            threshold = -((-lower.numerator * 10**places) // lower.denominator)
            inside = units >= min(threshold, np.iinfo(np.int64).max)
        else:
            inside = totals >= float(lower)
        chosen = np.where(inside, position, chosen)
    overrides: dict[int, tuple[str, str]] = {}
    for n in np.flatnonzero(near):
        submission, _ = fit_submission(cohort.submissions[n], regulation)
        overrides[int(n)] = score_total(submission, regulation)
    return ScoredCohort(
        regulation, units, chosen, tuple(c.code for c in ordered), places, overrides
    )


def _units_text(units: int, places: int) -> str:
    """Return an integer count of 10**-places as a decimal string ("7499" -> "74.99")."""
    if places == 0:
        return str(units)
    sign, digits = ("-" if units < 0 else ""), str(abs(units)).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}"
