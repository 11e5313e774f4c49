"""Monte-Carlo sensitivity of a cohort's results to weights and bounds: :func:`sensitivity`.

Each sample perturbs the regulation's dimension points (keeping their sum),
the rights' weights and the category bounds, reproducibly from a seed. For
every region it reports how often each category comes out and the interval of
its rank; for the cohort, how strongly each parameter moves the number of
awarded regions and the mean score.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import numpy as np
from pydantic import BaseModel, ConfigDict

from .errors import InputError, Problem
from .fast import cohort_arrays, score_cohort
from .model import Dimension, Regulation
from .submission import Submission

__all__ = ["ParameterEffect", "RegionSensitivity", "Sensitivity", "sensitivity"]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RegionSensitivity(_Out):
    """How one region's outcome varies across samples."""

    region_code: str
    region_name: str
    base_category: str
    category_probability: dict[str, str]
    rank_interval: tuple[int, int]
    """5th and 95th percentile of the region's rank (1 = best)."""


class ParameterEffect(_Out):
    """How strongly one parameter moves the cohort's results (Pearson correlation)."""

    parameter: str
    with_awarded_regions: str
    with_mean_score: str


class Sensitivity(_Out):
    """The outcome of a sensitivity run."""

    format: str = "kkpham-sensitivity/1"
    regulation: str
    samples: int
    seed: int
    spread: str
    regions: tuple[RegionSensitivity, ...]
    parameters: tuple[ParameterEffect, ...]


def _sample(
    regulation: Regulation, rng: np.random.Generator, spread: float
) -> tuple[Regulation, dict[str, float]]:
    """Return one perturbed regulation and its parameter values."""
    base_points = [float(regulation.scoring.points(d)) for d in Dimension]
    total = float(regulation.scoring.right_max)
    shares = rng.dirichlet(
        [max(p, 1e-6) / total * (1 / max(spread, 1e-6)) ** 2 for p in base_points]
    )
    # points in hundredths, adjusted so they add up exactly to the right maximum
    hundredths = [round(s * total * 100) for s in shares]
    hundredths[-1] += round(total * 100) - sum(hundredths)
    points = tuple((d, Fraction(h, 100)) for d, h in zip(Dimension, hundredths, strict=True))
    weights = {
        r.id: Fraction(round(float(np.exp(rng.normal(0, spread))) * 1000), 1000)
        for r in regulation.rights
    }
    ordered = sorted(regulation.categories, key=lambda c: c.lower)
    # keep every moved bound inside (0, right maximum], so the categories stay valid
    lowest = min((c.lower for c in ordered[1:]), default=Fraction(0))
    room_down = lowest - Fraction(1, 100)
    room_up = regulation.scoring.right_max - ordered[-1].lower
    drawn = Fraction(round(float(rng.normal(0, spread * 20)) * 100), 100)
    shift = min(max(drawn, -room_down), room_up)
    moved = []
    for position, category in enumerate(ordered):
        lower = category.lower if position == 0 else max(category.lower + shift, Fraction(0))
        upper = None if category.upper is None else category.upper + shift
        moved.append(attrs.evolve(category, lower=lower, upper=upper))
    sample = attrs.evolve(
        regulation,
        scoring=attrs.evolve(regulation.scoring, dimension_points=points),
        rights=tuple(
            attrs.evolve(r, weight=max(weights[r.id], Fraction(1, 1000))) for r in regulation.rights
        ),
        categories=tuple(moved),
    )
    values = {f"points.{d.value}": float(p) for d, p in points}
    values |= {f"weight.{k}": float(v) for k, v in weights.items()}
    values["category_shift"] = float(shift)
    return sample, values


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
    rng = np.random.default_rng(seed)
    drawn = [_sample(regulation, rng, spread) for _ in range(samples)]
    arrays = cohort_arrays(list(submissions), regulation)
    [base] = score_cohort(arrays, [regulation])
    scored = score_cohort(arrays, [d[0] for d in drawn])
    totals = np.array([[float(Decimal(t)) for t in s.totals] for s in scored])  # (samples, n)
    awarded_codes = {c.code for c in regulation.categories if c.awarded}
    awarded = np.array([sum(c in awarded_codes for c in s.categories) for s in scored], dtype=float)
    means = totals.mean(axis=1)
    ranks = (-totals).argsort(axis=1).argsort(axis=1) + 1
    regions = []
    for n, submission in enumerate(submissions):
        counts: dict[str, int] = {}
        for s in scored:
            counts[s.categories[n]] = counts.get(s.categories[n], 0) + 1
        low, high = np.percentile(ranks[:, n], [5, 95])
        regions.append(
            RegionSensitivity(
                region_code=submission.region.code,
                region_name=submission.region.name,
                base_category=base.categories[n],
                category_probability={
                    code: str(Decimal(count) / samples) for code, count in sorted(counts.items())
                },
                rank_interval=(int(low), int(np.ceil(high))),
            )
        )
    names = list(drawn[0][1])
    matrix = np.array([[d[1][name] for name in names] for d in drawn])
    effects = [
        ParameterEffect(
            parameter=name,
            with_awarded_regions=_correlation(matrix[:, i], awarded),
            with_mean_score=_correlation(matrix[:, i], means),
        )
        for i, name in enumerate(names)
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


def _correlation(x: Any, y: Any) -> str:
    if np.std(x) == 0 or np.std(y) == 0:
        return "0.000"
    return f"{float(np.corrcoef(x, y)[0, 1]):.3f}"
