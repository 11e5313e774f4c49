"""Benchmarks (pytest-benchmark): the exact path, the batch path, what-ifs, and a numpy bound.

Run with ``python -m pytest benchmarks --benchmark-only``. Figures are compared
as ratios between groups measured in the same run, never as absolute times;
``benchmarks/peers.py`` puts the same cohort through the peer engines.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import attrs
import numpy as np
import pytest

import kkpham_rules
from kkpham_rules.fast import prepare_cohort, score_cohort
from kkpham_rules.model import Dimension, Regulation
from kkpham_rules.policy.synth import synthetic_cohort

REGULATIONS = {name: kkpham_rules.get_regulation(name) for name in ("34/2016", "22/2021")}
COHORTS = {name: synthetic_cohort(r, regions=514, seed=7) for name, r in REGULATIONS.items()}
DICTS = {
    name: [s.model_dump(mode="json", by_alias=True, exclude_none=True) for s in cohort]
    for name, cohort in COHORTS.items()
}
NEW = REGULATIONS["22/2021"]


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


def exact_answers(regulation: Regulation, items: list[Any]) -> list[tuple[str, str]]:
    return [
        (e.total_score, e.category.code)
        for e in (kkpham_rules.evaluate(item, regulation) for item in items)
    ]


ANSWERS = {name: exact_answers(REGULATIONS[name], DICTS[name]) for name in REGULATIONS}


@pytest.mark.parametrize("name", list(REGULATIONS))
@pytest.mark.benchmark(group="514 regions, one regulation")
def test_exact_path_514(benchmark: Any, name: str) -> None:
    """evaluate() per region from the dicts a user has: total and category, trace on demand."""
    regulation, items = REGULATIONS[name], DICTS[name]
    result = benchmark(lambda: [kkpham_rules.evaluate(item, regulation) for item in items])
    assert [(e.total_score, e.category.code) for e in result] == ANSWERS[name]


@pytest.mark.benchmark(group="514 regions, one regulation")
def test_exact_path_with_json_514(benchmark: Any) -> None:
    """evaluate() per region with the full trace serialised: what a service answers."""
    items = DICTS["22/2021"]
    texts = benchmark(lambda: [kkpham_rules.evaluate(item, NEW).to_json() for item in items])
    assert len(texts) == 514
    assert f'"total_score": "{ANSWERS["22/2021"][9][0]}"' in texts[9]


@pytest.mark.parametrize("name", list(REGULATIONS))
@pytest.mark.benchmark(group="514 regions, one regulation")
def test_batch_path_from_dicts_514(benchmark: Any, name: str) -> None:
    """evaluate_cohort(fast=True) from the dicts: validation, layout, scoring, result."""
    regulation, items = REGULATIONS[name], DICTS[name]
    scores = benchmark(lambda: kkpham_rules.evaluate_cohort(items, regulation, fast=True))
    assert [(r.total_score, r.category) for r in scores.regions] == ANSWERS[name]


@pytest.mark.parametrize("name", list(REGULATIONS))
@pytest.mark.benchmark(group="514 regions, one regulation")
def test_batch_path_prepared_514(benchmark: Any, name: str) -> None:
    """Scoring a cohort already validated and laid out in arrays (what OpenFisca is given)."""
    regulation = REGULATIONS[name]
    prepared = prepare_cohort(DICTS[name], regulation)
    categories = benchmark(lambda: score_cohort(prepared, [regulation])[0].categories)
    assert list(categories) == [code for _, code in ANSWERS[name]]


@pytest.mark.parametrize("copies", [1, 10, 100])
@pytest.mark.benchmark(group="batch path from dicts, scaling")
def test_batch_path_scaling(benchmark: Any, copies: int) -> None:
    """514, 5,140 and 51,400 regions end to end: the cost should grow linearly."""
    items = DICTS["22/2021"] * copies
    scores = benchmark.pedantic(
        lambda: kkpham_rules.evaluate_cohort(items, NEW, fast=True), rounds=5, iterations=1
    )
    assert len(scores.regions) == 514 * copies
    assert (scores.regions[-1].total_score, scores.regions[-1].category) == ANSWERS["22/2021"][-1]


SWEEP_SEED = iter(range(1, 1000))


@pytest.mark.benchmark(group="514 regions x 10,000 variants")
def test_batch_path_10000_variants(benchmark: Any) -> None:
    """Ten thousand new variants each round (their plans compiled in the timing)."""
    prepared = prepare_cohort(DICTS["22/2021"], NEW)
    scored = benchmark.pedantic(
        lambda sweep: score_cohort(prepared, sweep),
        setup=lambda: ((variants(NEW, 10_000, next(SWEEP_SEED)),), {}),
        rounds=3,
        iterations=1,
    )
    assert len(scored) == 10_000
    sample = scored[1234]
    exact = kkpham_rules.evaluate(DICTS["22/2021"][5], sample.regulation)
    assert (sample.totals[5], sample.categories[5]) == (exact.total_score, exact.category.code)


@pytest.mark.benchmark(group="514 regions x 10,000 variants")
def test_exact_path_10_variants(benchmark: Any) -> None:
    """The exact path on 10 variants: multiply by 1,000 to compare with the sweep."""
    items = DICTS["22/2021"]
    sweep = variants(NEW, 10)
    result = benchmark.pedantic(
        lambda: [[kkpham_rules.evaluate(i, v).category.code for i in items] for v in sweep],
        rounds=1,
        iterations=1,
    )
    assert len(result) == 10


@pytest.mark.benchmark(group="514 regions x 10,000 variants")
def test_numpy_bound_10000_variants(benchmark: Any) -> None:
    """A plain float contraction of the same shapes: the floor for any array implementation."""
    rng = np.random.default_rng(1)
    cells = rng.random((514, 10, 3))
    points = rng.random((10_000, 3))
    weights = rng.random((10_000, 10))
    totals = benchmark(lambda: np.einsum("nrd,vd,vr->vn", cells, points, weights, optimize=True))
    assert totals.shape == (10_000, 514)
