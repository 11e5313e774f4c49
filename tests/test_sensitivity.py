"""The sensitivity run's integer path against the exact engine, sample by sample."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import attrs
import numpy as np
import pytest

import kkpham_rules
from kkpham_rules.errors import InputError
from kkpham_rules.fast import cell_achievements, cohort_arrays
from kkpham_rules.model import Regulation
from kkpham_rules.plan import units_text
from kkpham_rules.policy import sensitivity as module
from kkpham_rules.policy.sensitivity import (
    ParameterEffect,
    RegionSensitivity,
    Sensitivity,
    sensitivity,
)
from kkpham_rules.policy.synth import synthetic_cohort
from kkpham_rules.submission import Submission

from .strategies import evolved

NEW = kkpham_rules.get_regulation("22/2021")
OLD = kkpham_rules.get_regulation("34/2016")


def exact_total(regulation: Regulation) -> Regulation:
    """Return ``regulation`` reading its category off the exact total, not the rounded one."""
    return attrs.evolve(
        regulation, scoring=attrs.evolve(regulation.scoring, classify_on="exact_total")
    )


def fine_bounds(regulation: Regulation) -> Regulation:
    """Return ``regulation`` with its award bound a hair below 75: too fine for int64 arithmetic."""
    return evolved(regulation, bounds={Fraction(75): 75 - Fraction(1, 7 * 10**16)})


def cases(all_rules: Regulation) -> dict[str, tuple[Regulation, list[Submission], float]]:
    """Regulations, cohorts and spreads: dimension level, indicator level, exact totals."""
    return {
        "22/2021": (NEW, synthetic_cohort(NEW, regions=12, seed=2), 0.1),
        "22/2021 wide": (NEW, synthetic_cohort(NEW, regions=12, seed=3), 1.0),
        "34/2016": (OLD, synthetic_cohort(OLD, regions=9, seed=4), 0.4),
        "indicators": (all_rules, synthetic_cohort(all_rules, regions=10, seed=5), 0.6),
        "exact total": (exact_total(NEW), synthetic_cohort(NEW, regions=10, seed=6), 0.5),
        "fine bounds": (fine_bounds(NEW), synthetic_cohort(NEW, regions=10, seed=7), 0.3),
        "fine exact": (
            exact_total(fine_bounds(NEW)),
            synthetic_cohort(NEW, regions=10, seed=8),
            0.3,
        ),
    }


CASES = [
    "22/2021",
    "22/2021 wide",
    "34/2016",
    "indicators",
    "exact total",
    "fine bounds",
    "fine exact",
]


@pytest.mark.parametrize("case", CASES)
def test_every_sample_scores_as_the_engine_scores_its_regulation(
    all_rules: Regulation, case: str
) -> None:
    regulation, cohort, spread = cases(all_rules)[case]
    samples = 30
    draws = module._draw(regulation, samples, seed=11, spread=spread)
    numerators, denominator = cell_achievements(regulation, cohort_arrays(cohort, regulation))
    units, positions = module._score_draws(
        numerators, denominator, regulation, draws, slice(0, samples)
    )
    codes = [c.code for c in regulation.plan.ordered_categories]
    places = regulation.plan.places
    for k in range(samples):
        sampled = module._sampled_regulation(regulation, draws, k)
        for n, submission in enumerate(cohort):
            evaluation = kkpham_rules.evaluate(submission, sampled)
            assert units_text(int(units[k, n]), places) == evaluation.total_score
            assert codes[positions[k, n]] == evaluation.category.code


def test_exact_totals_are_classified_exactly() -> None:
    # 40 + 0.6 * 58.33 = 74.998: rounds to 75.00 (awarded) but is below 75 exactly
    submission = kkpham_rules.parse_submission(
        {
            "region": {"code": "16.01", "name": "X"},
            "assessment_year": 2022,
            "dimensions": {
                r.id: {"struktur": 100, "proses": 100, "hasil": "58.33"} for r in NEW.rights
            },
        }
    )
    rights = len(NEW.rights)
    unchanged = module._Draws(
        hundredths=np.array([[1000, 3000, 6000]]),
        thousandths=np.full((1, rights), 1000),
        shift=np.zeros(1, dtype=np.int64),
        shift_denominator=100,
    )
    for regulation, code in ((NEW, "peduli-ham"), (exact_total(NEW), "cukup-peduli-ham")):
        numerators, denominator = cell_achievements(
            regulation, cohort_arrays([submission], regulation)
        )
        units, positions = module._score_draws(
            numerators, denominator, regulation, unchanged, slice(0, 1)
        )
        evaluation = kkpham_rules.evaluate(submission, regulation)
        assert (units_text(int(units[0, 0]), 2), evaluation.total_score) == ("75.00", "75.00")
        assert regulation.plan.ordered_categories[positions[0, 0]].code == code
        assert evaluation.category.code == code


@pytest.mark.parametrize("regulation", [NEW, exact_total(NEW)])
def test_weights_too_large_for_int64_are_scored_on_python_integers(regulation: Regulation) -> None:
    cohort = synthetic_cohort(NEW, regions=6, seed=9)
    rights = len(NEW.rights)
    heavy = module._Draws(
        hundredths=np.array([[1234, 2766, 6000], [0, 1, 9999]]),
        thousandths=np.array([[10**17] + [1] * (rights - 1), [0] * (rights - 1) + [3 * 10**16]]),
        shift=np.array([-7, 2500]),
        shift_denominator=100,
    )
    numerators, denominator = cell_achievements(regulation, cohort_arrays(cohort, regulation))
    units, positions = module._score_draws(numerators, denominator, regulation, heavy, slice(0, 2))
    codes = [c.code for c in regulation.plan.ordered_categories]
    for k in range(2):
        sampled = module._sampled_regulation(regulation, heavy, k)
        for n, submission in enumerate(cohort):
            evaluation = kkpham_rules.evaluate(submission, sampled)
            assert units_text(int(units[k, n]), 2) == evaluation.total_score
            assert codes[positions[k, n]] == evaluation.category.code


def reference(
    submissions: Sequence[Submission],
    regulation: Regulation,
    samples: int,
    seed: int,
    spread: float,
) -> Sensitivity:
    """Return the sensitivity as it was once computed: every sample a regulation, evaluated."""
    draws = module._draw(regulation, samples, seed, spread)
    scored = [
        [
            kkpham_rules.evaluate(s, module._sampled_regulation(regulation, draws, k))
            for s in submissions
        ]
        for k in range(samples)
    ]
    totals = np.array([[float(Decimal(e.total_score)) for e in row] for row in scored])
    categories = [[e.category.code for e in row] for row in scored]
    awarded_codes = {c.code for c in regulation.categories if c.awarded}
    awarded = np.array([sum(c in awarded_codes for c in row) for row in categories], dtype=float)
    means = totals.mean(axis=1)
    ranks = (-totals).argsort(axis=1).argsort(axis=1) + 1
    regions = []
    for n, submission in enumerate(submissions):
        counts: dict[str, int] = {}
        for row in categories:
            counts[row[n]] = counts.get(row[n], 0) + 1
        low, high = np.percentile(ranks[:, n], [5, 95])
        regions.append(
            RegionSensitivity(
                region_code=submission.region.code,
                region_name=submission.region.name,
                base_category=kkpham_rules.evaluate(submission, regulation).category.code,
                category_probability={
                    code: str(Decimal(count) / samples) for code, count in sorted(counts.items())
                },
                rank_interval=(int(low), int(np.ceil(high))),
            )
        )
    values: dict[str, list[float]] = {}
    for k in range(samples):
        sampled = module._sampled_regulation(regulation, draws, k)
        for dimension, points in sampled.scoring.dimension_points:
            values.setdefault(f"points.{dimension.value}", []).append(float(points))
        for right, drawn in zip(regulation.rights, draws.thousandths[k], strict=True):
            # the weight as drawn: the regulation floors it at 1/1000, the report does not
            values.setdefault(f"weight.{right.id}", []).append(float(Fraction(int(drawn), 1000)))
        shift = Fraction(int(draws.shift[k]), draws.shift_denominator)
        values.setdefault("category_shift", []).append(float(shift))
    effects = [
        ParameterEffect(
            parameter=name,
            with_awarded_regions=module._correlation(np.array(column), awarded),
            with_mean_score=module._correlation(np.array(column), means),
        )
        for name, column in values.items()
    ]
    effects.sort(key=lambda e: -abs(float(e.with_awarded_regions)))
    return Sensitivity(
        regulation=regulation.id,
        samples=samples,
        seed=seed,
        spread=str(spread),
        regions=tuple(regions),
        parameters=tuple(effects),
    )


@pytest.mark.parametrize("case", CASES)
def test_the_run_equals_one_built_from_evaluated_regulations(
    all_rules: Regulation, case: str
) -> None:
    regulation, cohort, spread = cases(all_rules)[case]
    got = sensitivity(cohort, regulation, samples=25, seed=7, spread=spread)
    assert got == reference(cohort, regulation, samples=25, seed=7, spread=spread)


def test_chunks_do_not_change_the_result(monkeypatch: pytest.MonkeyPatch) -> None:
    cohort = synthetic_cohort(NEW, regions=40, seed=8)
    whole = sensitivity(cohort, NEW, samples=300, seed=2, spread=0.3)
    monkeypatch.setattr(module, "_CHUNK_CELLS", 7 * 40 + 3)  # chunks of 7 samples, the last short
    assert sensitivity(cohort, NEW, samples=300, seed=2, spread=0.3) == whole


@pytest.mark.parametrize(
    ("spread", "seed", "k", "points", "weights", "shift"),
    [
        (
            0.1,
            3,
            0,
            [1655, 3026, 5319],
            [817, 977, 917, 1394, 1023, 965, 972, 935, 900, 962],
            "0.96",
        ),
        (
            0.1,
            3,
            3,
            [753, 3512, 5735],
            [779, 1071, 1050, 849, 1006, 908, 1079, 816, 913, 1074],
            "2.31",
        ),
        (1.0, 5, 1, [74, 8, 9918], [555, 1506, 2293, 193, 774, 375, 841, 275, 1021, 963], "-6.09"),
        (1.0, 5, 6, [0, 831, 9169], None, "25"),  # the shift is clamped: 75 + 25 = 100
    ],
)
def test_a_seed_gives_the_samples_it_always_gave(
    spread: float,
    seed: int,
    k: int,
    points: list[int],
    weights: list[int] | None,
    shift: str,
) -> None:
    # drawn by the sensitivity run before it scored on integers; numpy's Generator streams
    # for dirichlet and normal are what this pins, with the rounding and clamps on top
    draws = module._draw(NEW, k + 1, seed=seed, spread=spread)
    assert draws.hundredths[k].tolist() == points
    if weights is not None:
        assert draws.thousandths[k].tolist() == weights
    assert Fraction(int(draws.shift[k]), draws.shift_denominator) == Fraction(shift)


def test_the_sampled_points_add_up_to_the_right_maximum() -> None:
    draws = module._draw(NEW, 2000, seed=4, spread=1.0)
    assert (draws.hundredths.sum(axis=1) == 10000).all()
    result = sensitivity(synthetic_cohort(NEW, regions=30, seed=1), NEW, samples=2000, seed=4)
    for region in result.regions:
        assert sum(Decimal(p) for p in region.category_probability.values()) == 1


def test_sensitivity_options() -> None:
    """Regression: samples, spread and seed out of range are refused as bad input."""
    cohort = synthetic_cohort(NEW, regions=20, seed=1)
    assert sensitivity(cohort, NEW, samples=20, spread=1.0).samples == 20
    for options in ({"samples": 0}, {"spread": -1.0}, {"spread": float("nan")}, {"seed": -1}):
        with pytest.raises(InputError):
            sensitivity(cohort, NEW, **options)
