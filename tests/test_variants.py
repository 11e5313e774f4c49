"""What-if variants as data (kkpham_rules.policy.variants)."""

from __future__ import annotations

import typing
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest

import kkpham_rules
from kkpham_rules.errors import PluginError
from kkpham_rules.fast import cohort_arrays, score_cohort
from kkpham_rules.messages import render
from kkpham_rules.policy.variants import (
    Change,
    VariantDocument,
    VariantError,
    apply_variant,
    load_variant,
)
from kkpham_rules.rules import TargetRule

from .strategies import evolved

VARIANTS = Path(__file__).parent.parent / "examples" / "variants"
NEW = kkpham_rules.get_regulation("22/2021")


def problems(source: Any, registry: Any = None) -> set[tuple[str, str]]:
    with pytest.raises(VariantError) as caught:
        load_variant(source, registry=registry)
    return {(p.pointer, p.code) for p in caught.value.problems}


def test_example_variants_load_with_lineage() -> None:
    loaded = {path.stem: load_variant(path) for path in sorted(VARIANTS.glob("*.yaml"))}
    assert set(loaded) == {"bound-80", "reweight", "drop-indicator"}
    bound = loaded["bound-80"].regulation
    assert [(c.code, c.lower) for c in bound.categories][:2] == [
        ("peduli-ham", Fraction(80)),
        ("cukup-peduli-ham", Fraction(65)),
    ]
    assert bound.id == "permenkumham-22-2021+bound-80"
    assert bound.content_hash != NEW.content_hash
    lineage = loaded["reweight"].lineage()
    assert lineage["base"] == {"id": NEW.id, "revision": NEW.revision, "hash": NEW.content_hash}
    assert lineage["changes"][0]["op"] == "set_dimension_points"
    assert len(loaded["drop-indicator"].regulation.rights) == 9
    assert len({v.regulation.content_hash for v in loaded.values()}) == 3


def test_a_variant_evaluates_like_a_regulation() -> None:
    variant = load_variant(VARIANTS / "bound-80.yaml")
    submission = {
        "region": {"code": "72.71", "name": "X"},
        "assessment_year": 2022,
        "dimensions": {r.id: {"struktur": 100, "proses": 100, "hasil": 60} for r in NEW.rights},
    }
    assert kkpham_rules.evaluate(submission).category.code == "peduli-ham"  # 76.00
    evaluation = kkpham_rules.evaluate(submission, variant.regulation)
    assert (evaluation.total_score, evaluation.category.code) == ("76.00", "cukup-peduli-ham")


def test_a_variant_has_its_own_hash_and_keeps_invariants() -> None:
    """Regression: an evolved regulation is hashed anew and checked as the loader checks."""
    official = kkpham_rules.get_regulation("34/2016")
    variant = evolved(official, bounds={Fraction(75): Fraction(80)})
    assert variant.content_hash != official.content_hash
    submission = {
        "region": {"code": "72.71", "name": "X"},
        "assessment_year": 2019,
        "dimensions": {
            r.id: {"struktur": 100, "proses": 100, "hasil": 60} for r in official.rights
        },
    }
    assert kkpham_rules.evaluate(submission, official).category.code == "peduli-ham"
    evaluation = kkpham_rules.evaluate(submission, variant)
    assert evaluation.category.code == "cukup-peduli-ham"
    assert evaluation.provenance.regulation_hash == variant.content_hash
    peduli, cukup, *rest = official.categories
    with pytest.raises(PluginError):  # a gap between the two top categories
        attrs.evolve(official, categories=(attrs.evolve(peduli, lower=Fraction(80)), cukup, *rest))


BASE = "format: kkpham-variant/1\nid: v\ntitle: t\nbase: 22/2021\n"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            "changes:\n  - {op: remove_right, right: hak-terbang}\n",
            {("/changes/0/right", "unknown_right")},
        ),
        (
            "changes:\n  - {op: remove_indicator, indicator: x.y}\n",
            {("/changes/0/indicator", "unknown_indicator")},
        ),
        (
            "changes:\n  - {op: set_category_bounds, categories: {emas: {lower: 90}}}\n",
            {("/changes/0/categories/emas", "unknown_category")},
        ),
        (
            "changes:\n  - {op: set_dimension_points, struktur: 10, proses: 30, hasil: 50}\n",
            {("/changes", "points_do_not_add_up")},
        ),
        (
            "changes:\n  - {op: set_category_bounds, categories: {peduli-ham: {lower: 80}}}\n",
            {("/changes/0", "invariant_broken")},
        ),
        (
            "changes:\n  - {op: set_right_weights, weights: {kesehatan: 0}}\n",
            {("/changes/0/weights/kesehatan", "greater_than")},
        ),
        ("changes:\n  - {op: teleport}\n", {("/changes/0/op", "union_tag_invalid")}),
        ("changes: []\nextra: 1\n", {("/changes", "too_short"), ("/extra", "extra_forbidden")}),
    ],
    ids=[
        "unknown-right",
        "unknown-indicator",
        "unknown-category",
        "points",
        "overlap",
        "zero-weight",
        "unknown-op",
        "empty-and-unknown-key",
    ],
)
def test_bad_variants_are_clear_errors(changes: str, expected: set[tuple[str, str]]) -> None:
    assert problems(BASE + changes) == expected


def test_an_unknown_kind_of_change_names_the_kind_given_and_the_kinds_known() -> None:
    with pytest.raises(VariantError) as caught:
        load_variant(BASE + "changes:\n  - {op: nope, struktur: 20}\n")
    [problem] = caught.value.problems
    assert (problem.code, problem.pointer, problem.received) == (
        "union_tag_invalid",
        "/changes/0/op",
        '"nope"',
    )
    members = typing.get_args(typing.get_args(Change)[0])
    kinds = [typing.get_args(member.model_fields["op"].annotation)[0] for member in members]
    assert problem.expected == ", ".join(kinds)
    assert render(problem, "id") == f'jenis "nope" tidak dikenal; yang dikenal: {problem.expected}'
    assert problem.message == f'the kind "nope" is not known; known: {problem.expected}'
    with pytest.raises(VariantError) as caught:
        load_variant(BASE + "changes:\n  - {op: remove_rigth, right: kesehatan}\n")
    assert render(caught.value.problems[0], "id") == (
        'jenis "remove_rigth" tidak dikenal; mungkin maksudnya "remove_right"?'
    )


@pytest.mark.parametrize(
    "text",
    [
        BASE + "changes: !!python/object/apply:os.system ['echo hacked']\n",
        BASE + "changes: !custom []\n",
        BASE + "changes: &a [*a]\n" + "x: 1\n" * 2,
        "a: &x [1]\nb: *x\n" + "c: " + "[" * 5000 + "]" * 5000 + "\n",
        BASE + "#" + "x" * (300 * 1024) + "\n",
    ],
    ids=["python-tag", "custom-tag", "self-alias", "deep-nesting", "huge"],
)
def test_hostile_variant_files_are_refused(text: str) -> None:
    found = problems(text)
    assert found
    assert all(pointer in ("", "/", "/changes") or pointer.startswith("/") for pointer, _ in found)


@pytest.mark.parametrize(
    "weight",
    ["1e-400", "1e999999999", "1" + "0" * 5000],
    ids=["tiny", "huge-exponent", "5000-digits"],
)
def test_variant_numbers_are_bounded(weight: str) -> None:
    """Regression: numbers too small, too large or too long for a weight are refused."""
    text = BASE + f"changes:\n  - op: set_right_weights\n    weights: {{kesehatan: {weight}}}\n"
    with pytest.raises(VariantError):
        load_variant(text)


def test_indicator_changes(all_rules: kkpham_rules.Regulation) -> None:
    document = VariantDocument.model_validate(
        {
            "format": "kkpham-variant/1",
            "id": "indicators",
            "title": "indicator changes",
            "base": "test-all-rules",
            "changes": [
                {"op": "set_indicator_target", "indicator": "alpha.anggaran", "target": 90},
                {"op": "set_indicator_weight", "indicator": "alpha.pelatihan", "weight": 3},
                {"op": "remove_indicator", "indicator": "alpha.layanan"},
                {
                    "op": "set_indicator_bands",
                    "indicator": "beta.cakupan",
                    "bands": [
                        {"points": 10, "lower": 80, "upper": 100, "upper_inclusive": True},
                        {"points": 0, "lower": 0, "upper": 80},
                    ],
                },
                {
                    "op": "add_indicator",
                    "indicator": {
                        "id": "beta.baru",
                        "right": "beta",
                        "dimension": "struktur",
                        "wording_id": "Indikator baru",
                        "wording_en": "A new indicator",
                        "unit": "ada/tidak",
                        "value_kind": "boolean",
                        "rule": {"kind": "presence"},
                        "citation": {"status": "inferred", "note": "what-if"},
                    },
                },
            ],
        }
    )
    variant = apply_variant(document, all_rules)
    regulation = variant.regulation
    assert regulation.indicator("alpha.layanan") is None
    assert regulation.indicator("beta.baru") is not None
    anggaran = regulation.indicator("alpha.anggaran")
    assert anggaran is not None
    assert isinstance(anggaran.rule, TargetRule)
    assert anggaran.rule.target == 90
    alpha = regulation.right("alpha")
    assert alpha is not None
    assert alpha.declared_count(kkpham_rules.Dimension.HASIL) == 1
    assert regulation.declared_indicator_total == 6


def test_bands_with_holes_are_refused(all_rules: kkpham_rules.Regulation) -> None:
    document = VariantDocument.model_validate(
        {
            "format": "kkpham-variant/1",
            "id": "holes",
            "title": "t",
            "base": "test-all-rules",
            "changes": [
                {
                    "op": "set_indicator_bands",
                    "indicator": "beta.cakupan",
                    "bands": [{"points": 10, "lower": 80}, {"points": 0, "lower": 0, "upper": 70}],
                }
            ],
        }
    )
    with pytest.raises(VariantError) as caught:
        apply_variant(document, all_rules)
    assert {p.code for p in caught.value.problems} == {"bad_bands"}


def rule_change(change: dict[str, Any]) -> VariantDocument:
    return VariantDocument.model_validate(
        {
            "format": "kkpham-variant/1",
            "id": "rule",
            "title": "t",
            "base": "test-all-rules",
            "changes": [change],
        }
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {
                "op": "set_indicator_bands",
                "indicator": "beta.cakupan",
                "bands": [{"points": 0, "lower": 0, "upper": 100, "upper_inclusive": True}],
            },
            ("bad_bands", "/changes/0/bands", "the best band must earn points"),
        ),
        (
            {"op": "set_indicator_target", "indicator": "alpha.anggaran", "target": 150},
            ("bad_target", "/changes/0/target", "a percentage target above 100 can never be met"),
        ),
        (
            {"op": "set_indicator_target", "indicator": "beta.cakupan", "target": 50},
            ("wrong_rule", "/changes/0/indicator", "beta.cakupan is scored by a bands rule"),
        ),
        (
            {"op": "set_indicator_bands", "indicator": "alpha.anggaran", "bands": [{"points": 1}]},
            ("wrong_rule", "/changes/0/indicator", "alpha.anggaran is scored by a target rule"),
        ),
    ],
    ids=["bands-worth-nothing", "percent-target-above-100", "target-of-bands", "bands-of-target"],
)
def test_a_changed_rule_is_checked_as_the_loader_checks_it(
    all_rules: kkpham_rules.Regulation, change: dict[str, Any], expected: tuple[str, str, str]
) -> None:
    # bands worth nothing once passed and divided by zero when scored
    with pytest.raises(VariantError) as caught:
        apply_variant(rule_change(change), all_rules)
    assert [(p.code, p.pointer, p.message) for p in caught.value.problems] == [expected]


def test_a_value_in_a_gap_of_a_variants_bands_is_refused_by_the_batch_path(
    all_rules: kkpham_rules.Regulation,
) -> None:
    bands = [
        {"points": 10, "lower": 80, "upper": 100, "upper_inclusive": True},
        {"points": 0, "lower": 0, "upper": 60},
    ]
    gaps = [{"lower": 60, "upper": 80, "lower_inclusive": True, "upper_inclusive": False}]
    change = {"op": "set_indicator_bands", "indicator": "beta.cakupan", "bands": bands}
    variant = apply_variant(rule_change({**change, "gaps": gaps}), all_rules).regulation
    submissions = [
        kkpham_rules.parse_submission(
            {
                "region": {"code": f"72.0{n}", "name": "X"},
                "assessment_year": 2095,
                "indicators": {"beta.cakupan": value},
            }
        )
        for n, value in enumerate(["95", "70"], start=1)
    ]
    arrays = cohort_arrays(submissions, all_rules)
    assert score_cohort(arrays, [all_rules])[0].totals
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        score_cohort(arrays, [variant])
    with pytest.raises(kkpham_rules.SubmissionError) as exact:
        kkpham_rules.evaluate(submissions[1], variant)
    [problem] = caught.value.problems
    assert problem.pointer == "/1/indicators/beta.cakupan"
    assert (problem.code, problem.message) == (
        exact.value.problems[0].code,
        exact.value.problems[0].message,
    )
