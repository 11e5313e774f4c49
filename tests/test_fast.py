"""The fast batch path gives exactly the exact path's scores and categories."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kkpham_rules
from kkpham_rules.fast import cohort_arrays, score_cohort
from kkpham_rules.model import Dimension, Regulation
from kkpham_rules.registry import Registry

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SHIPPED = [kkpham_rules.get_regulation("34/2016"), kkpham_rules.get_regulation("22/2021")]

# three decimals make exact rounding ties (x.xx5) common, the hard case for floats
share = st.decimals(min_value=0, max_value=100, places=3) | st.sampled_from(
    [Decimal(0), Decimal(100), Decimal("58.325"), Decimal("41.675")]
)


@st.composite
def variants_of(draw: st.DrawFn, regulation: Regulation) -> Regulation:
    struktur = draw(st.integers(0, 100))
    proses = draw(st.integers(0, 100 - struktur))
    points = (
        (Dimension.STRUKTUR, Fraction(struktur)),
        (Dimension.PROSES, Fraction(proses)),
        (Dimension.HASIL, Fraction(100 - struktur - proses)),
    )
    top = Fraction(draw(st.integers(6000, 9500)), 100)
    peduli, cukup, *rest = regulation.categories
    categories = (
        attrs.evolve(peduli, lower=top),
        attrs.evolve(cukup, upper=top, lower=min(cukup.lower, top)),
        *rest,
    )
    if cukup.lower > top:
        categories = (
            attrs.evolve(peduli, lower=top),
            attrs.evolve(cukup, lower=top - 1, upper=top),
            attrs.evolve(rest[0], upper=top - 1),
            *rest[1:],
        )
    weights = draw(
        st.lists(
            st.integers(1, 5), min_size=len(regulation.rights), max_size=len(regulation.rights)
        )
    )
    return attrs.evolve(
        regulation,
        scoring=attrs.evolve(regulation.scoring, dimension_points=points),
        categories=categories,
        rights=tuple(
            attrs.evolve(r, weight=Fraction(w))
            for r, w in zip(regulation.rights, weights, strict=True)
        ),
    )


@st.composite
def cohorts(draw: st.DrawFn) -> tuple[list[kkpham_rules.Submission], list[Regulation]]:
    regulation = draw(st.sampled_from(SHIPPED))
    size = draw(st.integers(1, 12))
    submissions = []
    for n in range(size):
        dimensions: dict[str, dict[str, Decimal]] = {}
        for right in regulation.rights:
            given = draw(st.sets(st.sampled_from(["struktur", "proses", "hasil"])))
            dimensions[right.id] = {d: draw(share) for d in sorted(given)}
        submissions.append(
            kkpham_rules.parse_submission(
                {
                    "region": {"code": f"72.{n + 1:02d}", "name": "X"},
                    "assessment_year": regulation.governs.first,
                    "dimensions": dimensions,
                }
            )
        )
    variants = [draw(variants_of(regulation)) for _ in range(draw(st.integers(0, 3)))]
    return submissions, [regulation, *variants]


def assert_same(
    submissions: list[kkpham_rules.Submission],
    regulations: list[Regulation],
    registry: Registry | None = None,
) -> None:
    arrays = cohort_arrays(submissions, regulations[0])
    for regulation, fast in zip(regulations, score_cohort(arrays, regulations), strict=True):
        for n, submission in enumerate(submissions):
            exact = kkpham_rules.evaluate(submission, regulation, registry=registry)
            assert (fast.totals[n], fast.categories[n]) == (exact.total_score, exact.category.code)


@SETTINGS
@given(cohorts())
def test_fast_equals_exact_at_dimension_level(case: tuple[list[Any], list[Regulation]]) -> None:
    assert_same(*case)


@SETTINGS
@given(st.data())
def test_fast_equals_exact_at_indicator_level(data: st.DataObject) -> None:
    from pathlib import Path

    from kkpham_rules.loader import load_regulation_text

    regulation = load_regulation_text(
        (Path(__file__).parent / "data" / "all-rules.yaml").read_bytes(), "t"
    )
    registry = Registry.from_regulations([regulation])
    submissions = []
    for n in range(data.draw(st.integers(1, 8))):
        indicators: dict[str, Any] = {}
        for key, strategy in {
            "alpha.perda": st.booleans(),
            "alpha.anggaran": share,
            "alpha.pelatihan": st.integers(0, 30),
            "alpha.kematian": st.decimals(min_value=0, max_value=40, places=2),
            "alpha.layanan": st.sampled_from(["tidak-ada", "sebagian", "penuh"]),
            "beta.cakupan": share,
        }.items():
            if data.draw(st.booleans()):
                indicators[key] = data.draw(strategy)
        dimensions = {"beta": {"struktur": data.draw(share)}} if data.draw(st.booleans()) else {}
        submissions.append(
            kkpham_rules.parse_submission(
                {
                    "region": {"code": f"72.{n + 1:02d}", "name": "X"},
                    "assessment_year": 2095,
                    "indicators": indicators,
                    "dimensions": dimensions,
                }
            )
        )
    target = data.draw(st.integers(1, 100))
    anggaran = regulation.indicator("alpha.anggaran")
    assert anggaran is not None
    variant = attrs.evolve(
        regulation,
        indicators=tuple(
            attrs.evolve(i, rule=attrs.evolve(i.rule, target=Fraction(target)))
            if i.id == "alpha.anggaran"
            else i
            for i in regulation.indicators
        ),
    )
    assert_same(submissions, [regulation, variant], registry)


def test_synthetic_514_cohort_matches_under_both_regulations() -> None:
    from kkpham_rules.synth import synthetic_cohort

    for regulation in SHIPPED:
        submissions = synthetic_cohort(regulation, regions=514, seed=7)
        assert_same(submissions, [regulation])
