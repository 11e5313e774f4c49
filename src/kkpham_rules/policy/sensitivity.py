"""Monte-Carlo sensitivity of a cohort's results to weights and bounds: :func:`sensitivity`.

Each sample perturbs the regulation's dimension points (keeping their sum),
the rights' weights and the category bounds, reproducibly from a seed. For
every region it reports how often each category comes out and the interval of
its rank; for the cohort, how strongly each parameter moves the number of
awarded regions and the mean score.

The samples are scored without building a regulation for each: a sample's
parameters are exact integers (points in hundredths, weights in thousandths,
the bound shift over a common denominator), so its scoring plan is integer
coefficients and thresholds (as :mod:`kkpham_rules.plan` would compile them),
and thousands of samples are one :func:`~kkpham_rules.fast.score_matrix` call
over the cohort's cell achievements. Every total and category is exactly what
:func:`~kkpham_rules.evaluate` gives under the perturbed regulation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs
import numpy as np
import numpy.typing as npt

from .._models import Frozen
from ..errors import InputError, Problem
from ..fast import IntArray, cell_achievements, cohort_arrays, score_matrix, score_plans
from ..model import Category, Dimension, Regulation
from ..submission import Submission

if TYPE_CHECKING:
    from ..registry import Registry

__all__ = ["ParameterEffect", "RegionSensitivity", "Sensitivity", "sensitivity"]

_INT64_ROOM = 2**62
"""Integer arrays stay int64 while every value they will hold is below this."""
_EXACT_IN_DOUBLE = 2**53
"""Integers below this are exact in binary64, and so are sums that stay below it."""
_CHUNK_CELLS = 1 << 20
"""About how many (sample, region) scores are worked on at once: bounds the memory used."""


class RegionSensitivity(Frozen):
    """How one region's outcome varies across samples."""

    region_code: str
    region_name: str
    base_category: str
    category_probability: dict[str, str]
    rank_interval: tuple[int, int]
    """5th and 95th percentile of the region's rank (1 = best)."""


class ParameterEffect(Frozen):
    """How strongly one parameter moves the cohort's results (Pearson correlation)."""

    parameter: str
    with_awarded_regions: str
    with_mean_score: str


class Sensitivity(Frozen):
    """The outcome of a sensitivity run."""

    format: str = "kkpham-sensitivity/1"
    regulation: str
    samples: int
    seed: int
    spread: str
    regions: tuple[RegionSensitivity, ...]
    parameters: tuple[ParameterEffect, ...]

    def to_dataframe(
        self, regulation: Regulation | str | None = None, *, registry: Registry | None = None
    ) -> Any:
        """Return one row per region as a pandas DataFrame (needs the ``[dataframe]`` extra).

        Columns: ``region_code`` and ``region_name`` (text: ``"11.10"`` stays
        ``"11.10"``), ``base_category`` (the code, text), then one
        ``probability:<code>`` column (``float64``) per category of the
        regulation, best first (0.0 where no sample gave the region that
        category), then ``rank_low`` and ``rank_high`` (``int64``, the 5th and
        95th percentile of the region's rank, 1 = best).

        The categories are those of ``regulation`` (a regulation or a name),
        else of the one named :attr:`regulation`, looked up in ``registry``
        (the installed plugins by default); a run over a variant needs
        ``regulation=variant.regulation``. Raises
        :class:`~kkpham_rules.errors.InputError` if a region's category is not
        one of that regulation's.

        The floats are for analysis only: each is the double nearest the exact
        decimal string of the JSON (:meth:`model_dump`), never a recomputation;
        the JSON keeps the exact figures. Raises
        :class:`~kkpham_rules.files.export.DataFrameUnavailableError` without pandas.
        """
        from ..files.export import ColumnKind, categories_scored_under, decimal_float, typed_frame

        seen = [r.base_category for r in self.regions]
        seen += [code for r in self.regions for code in r.category_probability]
        codes = [
            c.code for c in categories_scored_under(self.regulation, seen, regulation, registry)
        ]
        kinds: dict[str, ColumnKind] = {
            "region_code": "text",
            "region_name": "text",
            "base_category": "text",
        }
        kinds |= {f"probability:{code}": "float" for code in codes}
        kinds |= {"rank_low": "int", "rank_high": "int"}
        rows = [
            {
                "region_code": region.region_code,
                "region_name": region.region_name,
                "base_category": region.base_category,
                # a category no sample gave the region is left out of the JSON: probability 0
                **{
                    f"probability:{code}": decimal_float(region.category_probability.get(code, "0"))
                    for code in codes
                },
                "rank_low": region.rank_interval[0],
                "rank_high": region.rank_interval[1],
            }
            for region in self.regions
        ]
        return typed_frame(rows, kinds)


class _Draws(NamedTuple):
    """Every sample's perturbed parameters, as the exact integers they are scored with."""

    hundredths: IntArray
    """(samples, 3): each dimension's points in hundredths, adding up to the right maximum."""
    thousandths: IntArray
    """(samples, rights): each right's weight in thousandths as drawn and reported.

    It may round to 0; the sample is scored with it floored at 1 (1/1000), so weights stay above 0.
    """
    shift: IntArray
    """(samples,): the shift of the category bounds (clamped), over ``shift_denominator``."""
    shift_denominator: int


def _draw(regulation: Regulation, samples: int, seed: int, spread: float) -> _Draws:
    """Return ``samples`` perturbations of ``regulation``, reproducibly from ``seed``.

    The draws, their order in the random stream, their rounding and their
    clamps are those the sensitivity run has always made, so a seed keeps
    giving the same samples.
    """
    rng = np.random.default_rng(seed)
    base_points = [float(regulation.scoring.points(d)) for d in Dimension]
    total = float(regulation.scoring.right_max)
    alpha = [max(p, 1e-6) / total * (1 / max(spread, 1e-6)) ** 2 for p in base_points]
    rights = len(regulation.rights)
    shares = np.empty((samples, len(base_points)))
    normals = np.empty((samples, rights))
    moves = np.empty(samples)
    # A sample's draws (points, then each right's weight, then the shift) follow each other
    # in the stream, so they are drawn sample by sample; one size-R normal draw yields the
    # same numbers, in the same order, as R scalar draws.
    for k in range(samples):
        shares[k] = rng.dirichlet(alpha)
        normals[k] = rng.normal(0, spread, size=rights)
        moves[k] = rng.normal(0, spread * 20)
    # np.rint rounds half to even on the exact double, as round() on a float does; the
    # products are the same double operations, in the same order, as one at a time. (np.exp
    # over an array gives what it gives element by element here; and as only the rounded
    # thousandths are used, an exp one ulp off elsewhere could only tell on an exact tie.)
    hundredths = np.rint(shares * total * 100).astype(np.int64)
    # points in hundredths, adjusted so they add up exactly to the right maximum
    hundredths[:, -1] += round(total * 100) - hundredths.sum(axis=1)
    thousandths = np.rint(np.exp(normals) * 1000).astype(np.int64)
    # keep every moved bound inside (0, right maximum], so the categories stay valid
    ordered = regulation.plan.ordered_categories
    lowest = min((c.lower for c in ordered[1:]), default=Fraction(0))
    room_down = lowest - Fraction(1, 100)
    room_up = regulation.scoring.right_max - ordered[-1].lower
    denominator = math.lcm(
        100, room_down.denominator, room_up.denominator, *(c.lower.denominator for c in ordered)
    )
    low, high = int(-room_down * denominator), int(room_up * denominator)
    steps = np.rint(moves * 100).astype(np.int64)
    widest = max(
        _largest(steps) * (denominator // 100),
        abs(low),
        abs(high),
        *(abs(int(c.lower * denominator)) for c in ordered),
    )
    # the bounds computed from the shift (lower + shift, times 10**places) must fit int64
    dtype: Any = np.int64
    if 2 * widest * 10**regulation.scoring.score_places >= _INT64_ROOM:
        dtype = object
    shift = np.minimum(np.maximum(steps.astype(dtype) * (denominator // 100), low), high)
    return _Draws(hundredths, thousandths, shift, denominator)


def _parameter_values(draws: _Draws) -> npt.NDArray[np.float64]:
    """Return each sample's parameter values as floats: (samples, 3 + rights + 1).

    Each is the nearest double to the exact parameter (points, weight as drawn,
    shift), as ``float(Fraction)`` gives it: an integer below 2**53 divided by
    another is correctly rounded.
    """
    shift, denominator = draws.shift, draws.shift_denominator
    if _largest(shift) < _EXACT_IN_DOUBLE and denominator < _EXACT_IN_DOUBLE:
        shifts = shift.astype(np.float64) / denominator
    else:
        shifts = np.array([float(Fraction(int(s), denominator)) for s in shift.tolist()])
    return np.column_stack([draws.hundredths / 100, draws.thousandths / 1000, shifts])


def _lower_bounds(ordered: Sequence[Category], draws: _Draws, rows: slice) -> IntArray:
    """Return the categories' moved lower bounds, over ``draws.shift_denominator``: (K, C).

    The lowest category keeps its bound; every other moves by the sample's shift,
    so the order of the categories never changes.
    """
    shift = draws.shift[rows]
    denominator = draws.shift_denominator
    columns = []
    for position, category in enumerate(ordered):
        base = int(category.lower * denominator)
        if position == 0:
            columns.append(np.full(len(shift), base, dtype=shift.dtype))
        else:
            columns.append(np.maximum(shift + base, 0))
    return np.stack(columns, axis=1)


def _score_draws(
    numerators: IntArray,
    denominator: int,
    regulation: Regulation,
    draws: _Draws,
    rows: slice,
) -> tuple[IntArray, npt.NDArray[np.int64]]:
    """Return the rounded totals and category positions of samples ``rows``: (K, regions).

    Totals are in units of 10**-places of the regulation; positions index its
    plan's ``ordered_categories``. The cells are ``numerators / denominator``
    (:func:`~kkpham_rules.fast.cell_achievements`, which points and weights do
    not change).
    """
    plan = regulation.plan
    hundredths = draws.hundredths[rows]
    # the perturbed regulation floors every weight at 1/1000, so that it stays above 0
    weights = np.maximum(draws.thousandths[rows], 1)
    if _largest(weights) * _largest(hundredths) * len(regulation.rights) >= _INT64_ROOM:
        hundredths, weights = hundredths.astype(object), weights.astype(object)
    # right r, dimension d: (a_r / 1000) (h_d / 100) / sum(a / 1000) = a_r h_d / (100 sum(a))
    coefficients = (weights[:, :, None] * hundredths[:, None, :]).reshape(len(weights), -1)
    coefficient_denominators = [100 * int(w) for w in weights.sum(axis=1).tolist()]
    bounds = _lower_bounds(plan.ordered_categories, draws, rows)
    scale, shift_denominator = 10**plan.places, draws.shift_denominator
    if not plan.classify_on_exact:
        # units >= lower * 10**places  <=>  units >= ceil(lower * 10**places), as the plan says
        thresholds = -((-bounds * scale) // shift_denominator)
        return score_matrix(
            numerators,
            denominator,
            coefficients,
            coefficient_denominators,
            plan.places,
            thresholds.tolist(),
        )
    units, _ = score_matrix(
        numerators,
        denominator,
        coefficients,
        coefficient_denominators,
        plan.places,
        [[0]] * len(weights),
    )
    totals = _products(numerators, coefficients)
    # total = T / S >= L / D  <=>  T * D >= L * S (S, D above 0), on exact integers
    scales = np.array([q * denominator for q in coefficient_denominators], dtype=object)
    if (
        _largest(totals) * shift_denominator < _INT64_ROOM
        and _largest(bounds) * max(scales.tolist()) < _INT64_ROOM
    ):
        totals, bounds, scales = (
            totals.astype(np.int64),
            bounds.astype(np.int64),
            scales.astype(np.int64),
        )
    else:
        totals, bounds = totals.astype(object), bounds.astype(object)
    left = totals * shift_denominator
    reached = np.zeros(totals.shape, dtype=np.int64)
    for position in range(bounds.shape[1]):
        reached += np.asarray(left >= (bounds[:, position] * scales)[:, None], dtype=bool)
    # as the plan classifies: the highest category whose bound the total reaches, else the lowest
    return units, np.maximum(reached - 1, 0)


def _products(numerators: IntArray, coefficients: IntArray) -> IntArray:
    """Return ``coefficients @ numerators.T`` exactly: in doubles only while that is exact."""
    width = numerators.shape[1]
    if _largest(numerators) * _largest(coefficients) * max(width, 1) < _EXACT_IN_DOUBLE:
        product = coefficients.astype(np.float64) @ numerators.astype(np.float64).T
        return product.astype(np.int64)
    return coefficients.astype(object) @ numerators.astype(object).T  # type: ignore[no-any-return]


def _largest(values: IntArray) -> int:
    return int(abs(values).max()) if values.size else 0


def _sampled_regulation(regulation: Regulation, draws: _Draws, k: int) -> Regulation:
    """Return sample ``k`` as a regulation, as the sensitivity run once built every sample.

    Not used to score: kept so tests can check the integer path against
    :func:`~kkpham_rules.evaluate`.
    """
    points = tuple(
        (d, Fraction(int(h), 100)) for d, h in zip(Dimension, draws.hundredths[k], strict=True)
    )
    weights = [Fraction(int(w), 1000) for w in draws.thousandths[k]]
    shift = Fraction(int(draws.shift[k]), draws.shift_denominator)
    moved = []
    for position, category in enumerate(sorted(regulation.categories, key=lambda c: c.lower)):
        lower = category.lower if position == 0 else max(category.lower + shift, Fraction(0))
        upper = None if category.upper is None else category.upper + shift
        moved.append(attrs.evolve(category, lower=lower, upper=upper))
    return attrs.evolve(
        regulation,
        scoring=attrs.evolve(regulation.scoring, dimension_points=points),
        rights=tuple(
            attrs.evolve(r, weight=max(w, Fraction(1, 1000)))
            for r, w in zip(regulation.rights, weights, strict=True)
        ),
        categories=tuple(moved),
    )


def sensitivity(
    submissions: Sequence[Submission],
    regulation: Regulation,
    *,
    samples: int = 1000,
    seed: int = 1,
    spread: float = 0.1,
) -> Sensitivity:
    """Return the Monte-Carlo sensitivity of the cohort's results under ``regulation``.

    ``spread`` scales the perturbations: the relative spread of dimension points
    and right weights, and (times 20 points) of the shift of category bounds.
    """
    _check_options(submissions, samples, seed, spread)
    arrays = cohort_arrays(list(submissions), regulation)
    # points, weights and bounds do not change the cells' achievements: computed once
    numerators, denominator = cell_achievements(regulation, arrays)
    [base] = score_plans(numerators, denominator, [regulation])
    draws = _draw(regulation, samples, seed, spread)
    tally = _tally(numerators, denominator, regulation, draws, arrays.size)
    return Sensitivity(
        regulation=regulation.id,
        samples=samples,
        seed=seed,
        spread=str(spread),
        regions=_region_outcomes(submissions, base.categories, tally),
        parameters=_parameter_effects(regulation, draws, tally),
    )


def _check_options(
    submissions: Sequence[Submission], samples: int, seed: int, spread: float
) -> None:
    """Refuse, with every reason at once, options the run cannot start with."""
    problems = []
    if not 1 <= samples <= 100_000:
        problems.append(
            Problem(
                "bad_option",
                "/samples",
                "samples must be from 1 to 100000",
                "1 to 100000",
                str(samples),
            )
        )
    if not 0 < spread <= 1:  # also refuses NaN
        problems.append(
            Problem(
                "bad_option",
                "/spread",
                "spread must be above 0 and at most 1",
                "0 < spread <= 1",
                str(spread),
            )
        )
    if seed < 0:
        problems.append(Problem("bad_option", "/seed", "seed must be 0 or more", ">= 0", str(seed)))
    if not submissions:
        problems.append(Problem("empty_cohort", "", "the cohort is empty"))
    if problems:
        raise InputError("the sensitivity run cannot start", problems)


class _Tally(NamedTuple):
    """What the samples gave: per region, per sample, and per sample for the cohort."""

    codes: tuple[str, ...]
    """The categories' codes, in the plan's order (lowest bound first)."""
    counts: IntArray
    """(regions, categories): how many samples gave each region each category."""
    ranks: IntArray
    """(samples, regions): each region's rank in each sample (1 = best)."""
    awarded: npt.NDArray[np.float64]
    """(samples,): how many regions each sample awarded."""
    means: npt.NDArray[np.float64]
    """(samples,): each sample's mean score."""


def _tally(
    numerators: IntArray, denominator: int, regulation: Regulation, draws: _Draws, size: int
) -> _Tally:
    """Score every sample over the ``size`` regions and tally categories, ranks and awards.

    Samples are scored a chunk at a time so that memory stays bounded however many there are.
    """
    samples = len(draws.shift)
    codes = tuple(c.code for c in regulation.plan.ordered_categories)
    awarded_codes = {c.code for c in regulation.categories if c.awarded}
    awarded_at = np.array([code in awarded_codes for code in codes])
    counts = np.zeros((size, len(codes)), dtype=np.int64)
    ranks = np.empty((samples, size), dtype=np.int32 if size < 2**31 else np.int64)
    places = 10**regulation.plan.places
    awarded = np.empty(samples)
    means = np.empty(samples)
    step = max(1, _CHUNK_CELLS // size)
    for start in range(0, samples, step):
        rows = slice(start, min(start + step, samples))
        units, positions = _score_draws(numerators, denominator, regulation, draws, rows)
        if positions.size and positions.min() < 0:
            # a total below every bound (possible only with negative points) is at position
            # -1, which has always named the last code, as it does in the exact path
            positions = positions % len(codes)
        for position in range(len(codes)):
            counts[:, position] += np.count_nonzero(positions == position, axis=0)
        awarded[rows] = awarded_at[positions].sum(axis=1)
        # the totals as the doubles nearest the rounded decimals (what float(Decimal) gives),
        # so means and the order of tied regions come out as they always have
        totals = np.asarray(units, dtype=np.int64) / places
        means[rows] = totals.mean(axis=1)
        order = (-totals).argsort(axis=1)
        # a region's rank is its place in that order: the inverse permutation, no second sort
        np.put_along_axis(
            ranks[rows], order, np.arange(1, size + 1, dtype=ranks.dtype)[None, :], axis=1
        )
    return _Tally(codes, counts, ranks, awarded, means)


def _region_outcomes(
    submissions: Sequence[Submission], base_categories: Sequence[str], tally: _Tally
) -> tuple[RegionSensitivity, ...]:
    """Return each region's category probabilities and rank interval across the samples."""
    samples = len(tally.ranks)
    lows, highs = np.percentile(tally.ranks, [5, 95], axis=0)
    regions = []
    for n, submission in enumerate(submissions):
        counted: dict[str, int] = {}
        for code, count in zip(tally.codes, tally.counts[n].tolist(), strict=True):
            if count:
                counted[code] = counted.get(code, 0) + count
        regions.append(
            RegionSensitivity(
                region_code=submission.region.code,
                region_name=submission.region.name,
                base_category=base_categories[n],
                category_probability={
                    code: str(Decimal(count) / samples) for code, count in sorted(counted.items())
                },
                rank_interval=(int(lows[n]), int(np.ceil(highs[n]))),
            )
        )
    return tuple(regions)


def _parameter_effects(
    regulation: Regulation, draws: _Draws, tally: _Tally
) -> tuple[ParameterEffect, ...]:
    """Return how strongly each parameter moves the awards and mean score, strongest first."""
    names = [f"points.{d.value}" for d in Dimension]
    names += [f"weight.{r.id}" for r in regulation.rights]
    names.append("category_shift")
    matrix = _parameter_values(draws)
    effects = [
        ParameterEffect(
            parameter=name,
            with_awarded_regions=_correlation(matrix[:, i], tally.awarded),
            with_mean_score=_correlation(matrix[:, i], tally.means),
        )
        for i, name in enumerate(names)
    ]
    effects.sort(key=lambda e: -abs(float(e.with_awarded_regions)))
    return tuple(effects)


def _correlation(x: Any, y: Any) -> str:
    if np.std(x) == 0 or np.std(y) == 0:
        return "0.000"
    return f"{float(np.corrcoef(x, y)[0, 1]):.3f}"
