"""Regressions from the second review: fast-path exactness, input limits, fail-closed checks."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest

import kkpham_rules
from kkpham_rules.audit import verify
from kkpham_rules.cohort import from_rows
from kkpham_rules.compare import compare
from kkpham_rules.errors import InputError
from kkpham_rules.fast import cohort_arrays, score_cohort
from kkpham_rules.registry import Registry
from kkpham_rules.rounding import decimal_text
from kkpham_rules.sensitivity import sensitivity
from kkpham_rules.simulate import simulate
from kkpham_rules.synth import synthetic_cohort
from kkpham_rules.variants import VariantError, load_variant

NEW = kkpham_rules.get_regulation("22/2021")
OLD = kkpham_rules.get_regulation("34/2016")
GOLDEN = Path(__file__).parent / "golden" / "records"


def test_band_bounds_are_decided_exactly(all_rules: kkpham_rules.Regulation) -> None:
    registry = Registry.from_regulations([all_rules])
    submission = kkpham_rules.parse_submission(
        {
            "region": {"code": "72.01", "name": "X"},
            "assessment_year": 2095,
            "indicators": {"beta.cakupan": "89.99999999999999999999"},
        }
    )
    [fast] = score_cohort(cohort_arrays([submission], all_rules), [all_rules])
    exact = kkpham_rules.evaluate(submission, all_rules, registry=registry)
    assert fast.totals[0] == exact.total_score == "15.00"


@pytest.mark.parametrize("decimals", [16, 20])
def test_category_bounds_with_many_decimals(decimals: int) -> None:
    mulai, kurang = NEW.categories[2], NEW.categories[3]
    bound = Fraction(50) - Fraction(1, 10**decimals)
    variant = attrs.evolve(
        NEW,
        categories=(
            *NEW.categories[:2],
            attrs.evolve(mulai, lower=bound),
            attrs.evolve(kurang, upper=bound),
        ),
    )
    submission = kkpham_rules.parse_submission(
        {
            "region": {"code": "72.01", "name": "X"},
            "assessment_year": 2022,
            "dimensions": {r.id: {"struktur": 50, "proses": 50, "hasil": 50} for r in NEW.rights},
        }
    )
    [fast] = score_cohort(cohort_arrays([submission], NEW), [variant])
    exact = kkpham_rules.evaluate(submission, variant)
    assert (fast.totals[0], fast.categories[0]) == (exact.total_score, exact.category.code)
    assert fast.categories[0] == "mulai-peduli-ham"


@pytest.mark.parametrize(
    "weight",
    ["1e-400", "1e999999999", "1" + "0" * 5000],
    ids=["tiny", "huge-exponent", "5000-digits"],
)
def test_variant_numbers_are_bounded(weight: str) -> None:
    text = (
        "format: kkpham-variant/1\nid: w\ntitle: t\nbase: 22/2021\nchanges:\n"
        f"  - op: set_right_weights\n    weights: {{kesehatan: {weight}}}\n"
    )
    with pytest.raises(VariantError):
        load_variant(text)


def typo_cohort() -> list[Any]:
    cohort = synthetic_cohort(NEW, regions=3, seed=1)
    data = cohort[1].model_dump(mode="json", by_alias=True, exclude_none=True)
    data["dimensions"]["kesehatann"] = data["dimensions"].pop("kesehatan")
    return [cohort[0], kkpham_rules.parse_submission(data), cohort[2]]


def test_simulation_refuses_ids_the_base_does_not_know() -> None:
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        simulate(typo_cohort(), NEW, [])
    assert [p.pointer for p in caught.value.problems] == ["/1/dimensions/kesehatann"]
    with pytest.raises(kkpham_rules.SubmissionError):
        sensitivity(typo_cohort(), NEW, samples=5)


def test_compare_checks_the_regulation_the_submission_was_prepared_for() -> None:
    submission = {
        "region": {"code": "16.01", "name": "X"},
        "assessment_year": 2019,
        "dimensions": {"kesehatann": {"hasil": 80}},
    }
    with pytest.raises(kkpham_rules.SubmissionError, match="prepared for"):
        compare(submission, ["22/2021"])


def test_small_decimals_are_written_plainly() -> None:
    assert decimal_text(Fraction(1, 10**7)) == "0.0000001"
    submission = {
        "region": {"code": "16.01", "name": "X"},
        "assessment_year": 2019,
        "dimensions": {"kesehatan": {"hasil": "0.0000001"}},
    }
    outcome = compare(submission, ["34/2016", "22/2021"]).outcomes[1]
    assert outcome.translated_submission is not None
    assert outcome.translated_submission["dimensions"]["kesehatan"]["hasil"] == "0.0000001"


def test_sensitivity_options() -> None:
    cohort = synthetic_cohort(NEW, regions=20, seed=1)
    assert sensitivity(cohort, NEW, samples=20, spread=1.0).samples == 20
    for options in ({"samples": 0}, {"spread": -1.0}, {"spread": float("nan")}, {"seed": -1}):
        with pytest.raises(InputError):
            sensitivity(cohort, NEW, **options)  # type: ignore[arg-type]


def test_digest_covers_the_record_as_written() -> None:
    path = next(p for p in sorted(GOLDEN.glob("*.json")) if "ten-rights" in p.name)
    data = json.loads(path.read_text())
    data["regulation"]["revision"] = "1"  # coerced to 1 by the model, but not what was written
    report = verify(data)
    assert report.status == "not_reproduced"
    assert "record_altered" in report.causes
    data = json.loads(path.read_text())
    data["submission"]["dimensions"]["kesehatan"]["hasil"] = "101"
    report = verify(data)
    assert report.causes[:2] == ["record_altered", "submission_altered"]
    assert "/submission/dimensions/kesehatan/hasil" in report.checks[1].detail


def test_dataframe_rows_may_leave_a_share_empty() -> None:
    rows = [
        {
            "region_code": "72.71",
            "region_name": "Kota Palu",
            "assessment_year": 2022,
            "right": "kesehatan",
            "struktur": 100.0,
            "proses": float("nan"),
            "hasil": 80.0,
        }
    ]
    [submission] = from_rows(rows)
    assert submission.dimensions["kesehatan"].proses is None
