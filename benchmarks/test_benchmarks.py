"""Benchmarks (pytest-benchmark): the exact path, the fast path, and a numpy bound.

Run with ``python -m pytest benchmarks --benchmark-only``. Figures are compared
as ratios between groups measured in the same run, never as absolute times.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import attrs
import numpy as np
import pytest

import kkpham_rules
from kkpham_rules.fast import cohort_arrays, score_cohort
from kkpham_rules.model import Dimension, Regulation
from kkpham_rules.synth import synthetic_cohort

REGULATIONS = {name: kkpham_rules.get_regulation(name) for name in ("34/2016", "22/2021")}
COHORTS = {name: synthetic_cohort(r, regions=514, seed=1) for name, r in REGULATIONS.items()}


def variants(regulation: Regulation, count: int, seed: int = 1) -> list[Regulation]:
    """Return ``count`` seeded variants: dimension points, right weights, Peduli HAM bound."""
    rng = np.random.default_rng(seed)
    made = []
    peduli, cukup, *rest = regulation.categories
    for _ in range(count):
        struktur = int(rng.integers(0, 41))
        proses = int(rng.integers(0, 101 - struktur))
        points = (
            (Dimension.STRUKTUR, Fraction(struktur)),
            (Dimension.PROSES, Fraction(proses)),
            (Dimension.HASIL, Fraction(100 - struktur - proses)),
        )
        bound = Fraction(int(rng.integers(7000, 8500)), 100)
        made.append(
            attrs.evolve(
                regulation,
                scoring=attrs.evolve(regulation.scoring, dimension_points=points),
                categories=(
                    attrs.evolve(peduli, lower=bound),
                    attrs.evolve(cukup, upper=bound),
                    *rest,
                ),
                rights=tuple(
                    attrs.evolve(r, weight=Fraction(int(rng.integers(1, 4))))
                    for r in regulation.rights
                ),
            )
        )
    return made


@pytest.mark.parametrize("name", list(REGULATIONS))
@pytest.mark.benchmark(group="514 regions, one regulation")
def test_exact_path_514(benchmark: Any, name: str) -> None:
    regulation, cohort = REGULATIONS[name], COHORTS[name]
    result = benchmark(lambda: [kkpham_rules.evaluate(s, regulation) for s in cohort])
    assert len(result) == 514


@pytest.mark.parametrize("name", list(REGULATIONS))
@pytest.mark.benchmark(group="514 regions, one regulation")
def test_fast_path_514(benchmark: Any, name: str) -> None:
    regulation, cohort = REGULATIONS[name], COHORTS[name]

    def run() -> Any:
        return score_cohort(cohort_arrays(cohort, regulation), [regulation])[0].totals

    totals = benchmark(run)
    assert totals == tuple(kkpham_rules.evaluate(s, regulation).total_score for s in cohort)


SWEEP = variants(REGULATIONS["22/2021"], 10_000)
ARRAYS = cohort_arrays(COHORTS["22/2021"], REGULATIONS["22/2021"])


@pytest.mark.benchmark(group="514 regions x variants")
def test_fast_path_10000_variants(benchmark: Any) -> None:
    scored = benchmark.pedantic(lambda: score_cohort(ARRAYS, SWEEP), rounds=3, iterations=1)
    assert len(scored) == 10_000
    sample = scored[1234]
    assert sample.totals[5] == kkpham_rules.evaluate(COHORTS["22/2021"][5], SWEEP[1234]).total_score


@pytest.mark.benchmark(group="514 regions x variants")
def test_exact_path_10_variants(benchmark: Any) -> None:
    """The exact path on 10 of the variants: multiply by 1,000 to compare with the sweep."""
    cohort = COHORTS["22/2021"]
    result = benchmark.pedantic(
        lambda: [[kkpham_rules.evaluate(s, v).total_score for s in cohort] for v in SWEEP[:10]],
        rounds=1,
        iterations=1,
    )
    assert len(result) == 10


@pytest.mark.benchmark(group="514 regions x variants")
def test_numpy_bound_10000_variants(benchmark: Any) -> None:
    """A plain contraction of the same shapes: the floor for any array implementation."""
    rng = np.random.default_rng(1)
    cells = rng.random((514, 10, 3))
    points = rng.random((10_000, 3))
    weights = rng.random((10_000, 10))
    totals = benchmark(lambda: np.einsum("nrd,vd,vr->vn", cells, points, weights, optimize=True))
    assert totals.shape == (10_000, 514)
