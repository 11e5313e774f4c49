"""Sensitivity benchmark (pytest-benchmark): 10,000 Monte-Carlo draws over 514 regions.

Run with ``python -m pytest benchmarks/test_sensitivity.py --benchmark-only``.
One round is a whole :func:`~kkpham_rules.policy.sensitivity.sensitivity` run as the
``kkpham sensitivity`` command makes it: laying the cohort out, drawing the
samples, scoring every sample on integer arrays, and summarising. Compare
figures as ratios between groups measured in the same run, not as absolute
times across machines.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import kkpham_rules
from kkpham_rules.policy.sensitivity import sensitivity
from kkpham_rules.policy.synth import synthetic_cohort

REGULATION = kkpham_rules.get_regulation("22/2021")
COHORT = synthetic_cohort(REGULATION, regions=514, seed=7)
SAMPLES = 10_000


@pytest.mark.benchmark(group="sensitivity, 514 regions")
def test_sensitivity_10000_draws(benchmark: Any) -> None:
    result = benchmark.pedantic(
        lambda: sensitivity(COHORT, REGULATION, samples=SAMPLES, seed=1),
        rounds=7,
        iterations=1,
        warmup_rounds=1,
    )
    assert result.samples == SAMPLES
    assert [r.region_code for r in result.regions] == [s.region.code for s in COHORT]
    codes = {c.code for c in REGULATION.categories}
    for region in result.regions:
        # every draw puts the region in exactly one category: the shares add up to 1 exactly
        assert region.category_probability.keys() <= codes
        assert sum(Decimal(p) for p in region.category_probability.values()) == 1
        assert 1 <= region.rank_interval[0] <= region.rank_interval[1] <= len(COHORT)
    assert {p.parameter for p in result.parameters} == {
        "points.struktur",
        "points.proses",
        "points.hasil",
        "category_shift",
        *(f"weight.{r.id}" for r in REGULATION.rights),
    }
