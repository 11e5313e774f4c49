"""Comparing a submission across versions, from Python (the CLI is in test_cli)."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

import kkpham_rules
from kkpham_rules.messages import render
from kkpham_rules.registry import Registry
from kkpham_rules.rounding import decimal_text
from kkpham_rules.versions.compare import cohort_csv, cohort_rows, compared_regulations
from kkpham_rules.versions.crosswalk import NoCrosswalkError

EXAMPLES = Path(__file__).parent.parent / "examples"


def example(name: str) -> kkpham_rules.Submission:
    return kkpham_rules.load_submission((EXAMPLES / name).read_bytes())


def test_same_submission_under_both_versions() -> None:
    comparison = kkpham_rules.compare(example("kabupaten-contoh-2019.json"), ["34/2016", "22/2021"])
    assert comparison.prepared_for == "permenkumham-34-2016"
    old, new = comparison.outcomes
    assert (old.route, old.total_score, old.category) == ("direct", "67.21", "cukup-peduli-ham")
    assert (
        old.evaluation.total_score
        == kkpham_rules.evaluate(example("kabupaten-contoh-2019.json")).total_score
    )
    assert new.route == "translated"
    assert new.crosswalk == "permenkumham-34-2016--permenkumham-22-2021@1"
    assert len(new.gaps) == 4
    assert "/dimensions/bantuan-hukum/hasil" in new.missing
    assert len(new.used) == 18  # five same-mapped rights x 3 shares + the merged right x 3
    [delta] = comparison.deltas
    assert delta.total_delta == "-25.91"
    assert delta.category_changed
    merged = next(r for r in delta.rights if r.relation == "similar")
    assert (merged.from_score, merged.to_score, merged.delta) == ("57.50", "57.50", "0.00")


def test_order_sets_the_baseline() -> None:
    comparison = kkpham_rules.compare(example("kota-contoh-2022.json"), ["22/2021", "34/2016"])
    assert [o.regulation for o in comparison.outcomes] == [
        "permenkumham-22-2021",
        "permenkumham-34-2016",
    ]
    assert comparison.deltas[0].total_delta == "-0.18"
    assert comparison.outcomes[1].ignored == [
        "/dimensions/bantuan-hukum",
        "/dimensions/informasi",
        "/dimensions/pemerintahan",
        "/dimensions/keberagaman",
    ]


def test_cohort_table() -> None:
    comparisons = kkpham_rules.compare_cohort(
        [example("kabupaten-contoh-2019.json"), example("kota-contoh-2022.json")],
        ["34/2016", "22/2021"],
    )
    rows = cohort_rows(comparisons)
    assert [row["region_code"] for row in rows] == ["16.01", "72.71"]
    assert rows[1]["34/2016 total"] == "81.04"
    text = cohort_csv(comparisons)
    assert text.splitlines()[0].startswith("region_code,region_name,assessment_year,prepared_for")
    assert len(text.splitlines()) == 3


def test_comparison_json_round_trips() -> None:
    comparison = kkpham_rules.compare(example("kota-contoh-2022.json"), ["34/2016", "22/2021"])
    again = kkpham_rules.Comparison.model_validate_json(comparison.to_json())
    assert again.to_json() == comparison.to_json()
    assert json.loads(comparison.to_json())["format"] == "kkpham-comparison/1"


def test_no_crosswalk_is_a_clear_error(all_rules: kkpham_rules.Regulation) -> None:
    registry = Registry.from_regulations([*kkpham_rules.available_regulations(), all_rules])
    with pytest.raises(NoCrosswalkError, match="no installed crosswalk joins"):
        kkpham_rules.compare(
            example("kota-contoh-2022.json"), ["22/2021", "test-all-rules"], registry=registry
        )


def test_compare_checks_the_regulation_the_submission_was_prepared_for() -> None:
    """Regression: ids the regulation the submission was prepared for does not know are refused."""
    submission = {
        "region": {"code": "16.01", "name": "X"},
        "assessment_year": 2019,
        "dimensions": {"kesehatann": {"hasil": 80}},
    }
    with pytest.raises(kkpham_rules.SubmissionError, match="prepared for"):
        kkpham_rules.compare(submission, ["22/2021"])


def test_small_decimals_are_written_plainly() -> None:
    """Regression: a translated share of 0.0000001 is not written as 1E-7."""
    assert decimal_text(Fraction(1, 10**7)) == "0.0000001"
    submission = {
        "region": {"code": "16.01", "name": "X"},
        "assessment_year": 2019,
        "dimensions": {"kesehatan": {"hasil": "0.0000001"}},
    }
    outcome = kkpham_rules.compare(submission, ["34/2016", "22/2021"]).outcomes[1]
    assert outcome.translated_submission is not None
    assert outcome.translated_submission["dimensions"]["kesehatan"]["hasil"] == "0.0000001"


def test_every_name_not_installed_and_every_repeat_is_reported_at_once() -> None:
    with pytest.raises(kkpham_rules.RegulationNotFoundError) as caught:
        compared_regulations(["nope", "22/2021", "nada", "permenkumham-22-2021"])
    assert [(p.code, p.pointer) for p in caught.value.problems] == [
        ("regulation_not_found", "/regulations/0"),
        ("regulation_not_found", "/regulations/2"),
        ("duplicate_regulation", "/regulations/3"),
    ]
    assert [p.received for p in caught.value.problems] == ["nope", "nada", "permenkumham-22-2021"]
    # named twice, all installed: bad input, not a regulation that is missing
    with pytest.raises(kkpham_rules.InputError) as twice:
        kkpham_rules.compare(
            example("kota-contoh-2022.json"), ["22/2021", "34/2016", "permenkumham-22-2021"]
        )
    assert not isinstance(twice.value, kkpham_rules.RegulationNotFoundError)
    [problem] = twice.value.problems
    assert (problem.code, problem.pointer) == ("duplicate_regulation", "/regulations/2")
    assert render(problem, "id") == (
        "peraturan ini sudah disebut sebelumnya (tertulis: permenkumham-22-2021); "
        "setiap peraturan cukup disebut sekali"
    )
    assert [r.id for r in compared_regulations(["22/2021", "34/2016"])] == [
        "permenkumham-22-2021",
        "permenkumham-34-2016",
    ]
