"""Scoring (kkpham_rules.engine): levels, selection, boundaries, trace."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pytest

import kkpham_rules
from kkpham_rules import engine
from kkpham_rules.describe import submission_template
from kkpham_rules.model import Regulation
from kkpham_rules.registry import Registry

from .conftest import dimension_submission

BASE = {"region": {"code": "72.71", "name": "X"}, "assessment_year": 2022}


def fill_template(regulation: Regulation, best: bool) -> dict[str, Any]:
    """Fill `kkpham template` with every best (or worst) value."""
    template = submission_template(regulation)
    template["region"] = {"code": "72.71", "name": "Kota Uji"}
    for indicator in regulation.indicators:
        value = indicator.rule.best_value() if best else indicator.rule.worst_value()
        template["indicators"][indicator.id]["value"] = (
            value if isinstance(value, bool | str) else Decimal(value.numerator) / value.denominator
        )
    for right_id, right in template["dimensions"].items():
        for dimension in right:
            # a cell with encoded indicators is given through them, never both
            if not regulation.indicators_for(right_id, kkpham_rules.Dimension(dimension)):
                right[dimension] = 100 if best else 0
    return template


def test_filled_template_best_gives_100_and_top_category(shipped: Regulation) -> None:
    evaluation = kkpham_rules.evaluate(fill_template(shipped, best=True))
    assert evaluation.total_score == "100.00"
    assert evaluation.category.code == "peduli-ham"
    assert evaluation.category.awarded


def test_filled_template_worst_gives_0_and_lowest_category(shipped: Regulation) -> None:
    evaluation = kkpham_rules.evaluate(fill_template(shipped, best=False))
    assert evaluation.total_score == "0.00"
    assert evaluation.category.code == "kurang-peduli-ham"


def test_indicator_template_extremes(all_rules: Regulation, test_registry: Registry) -> None:
    best = kkpham_rules.evaluate(fill_template(all_rules, True), registry=test_registry)
    assert best.total_score == "100.00"
    assert best.category.code == "top"
    worst = kkpham_rules.evaluate(fill_template(all_rules, False), registry=test_registry)
    # a lower-is-better target never reaches 0: its worst value, 1000 x the target,
    # keeps 1/1000 of alpha.kematian's 30 points -> alpha 0.03, beta 0, mean 0.015 -> 0.02
    assert worst.total_score == "0.02"
    assert worst.category.code == "bottom"


@pytest.mark.parametrize(
    ("hasil", "total", "category"),
    [
        ("58.325", "75.00", "peduli-ham"),
        ("58.32", "74.99", "cukup-peduli-ham"),
        ("41.65", "64.99", "mulai-peduli-ham"),
        ("41.675", "65.01", "cukup-peduli-ham"),
        ("41.6667", "65.00", "cukup-peduli-ham"),
        ("16.65", "49.99", "kurang-peduli-ham"),
        ("16.6667", "50.00", "mulai-peduli-ham"),
    ],
)
def test_category_boundaries(shipped: Regulation, hasil: str, total: str, category: str) -> None:
    submission = dimension_submission(
        shipped, lambda right, dim: {"struktur": 100, "proses": 100, "hasil": hasil}[dim]
    )
    evaluation = kkpham_rules.evaluate(submission)
    assert evaluation.total_score == total
    assert evaluation.category.code == category


def test_regulation_in_force_by_year() -> None:
    assert kkpham_rules.regulation_in_force(2016).id == "permenkumham-34-2016"
    assert kkpham_rules.regulation_in_force(2020).id == "permenkumham-34-2016"
    assert kkpham_rules.regulation_in_force(2021).id == "permenkumham-22-2021"
    assert kkpham_rules.regulation_in_force(2030).id == "permenkumham-22-2021"
    with pytest.raises(kkpham_rules.NoRegulationInForceError) as caught:
        kkpham_rules.regulation_in_force(2015)
    assert caught.value.year == 2015
    assert "2015" in str(caught.value)


def test_aliases_resolve() -> None:
    for name in (
        "22/2021",
        "permenkumham-22-2021",
        "Permenkumham 22/2021",
        " PERMENKUMHAM_22_2021 ",
    ):
        assert kkpham_rules.get_regulation(name).id == "permenkumham-22-2021"
    with pytest.raises(kkpham_rules.RegulationNotFoundError) as caught:
        kkpham_rules.get_regulation("99/2099")
    assert caught.value.problems[0].pointer == "/regulation"


def test_an_alias_cannot_take_over_another_regulations_name(all_rules: Regulation) -> None:
    """Regression: a plugin's alias that is another regulation's name is refused, not used."""
    impostor = attrs.evolve(all_rules, aliases=("22/2021",))
    registry = Registry.from_regulations([*kkpham_rules.available_regulations(), impostor])
    assert registry.get("22/2021").id == "permenkumham-22-2021"
    assert registry.in_force(2022).id == "permenkumham-22-2021"
    [problem] = registry.problems
    assert problem.plugin == "test-all-rules"
    assert problem.problems[0].pointer == "/aliases/0"


def test_api_type_errors() -> None:
    """Regression: a year or name of the wrong type is a TypeError, not a lookup."""
    with pytest.raises(TypeError):
        kkpham_rules.regulation_in_force("2022")  # type: ignore[arg-type]  # the wrong type on purpose
    with pytest.raises(TypeError):
        kkpham_rules.get_regulation(None)  # type: ignore[arg-type]  # the wrong type on purpose


def test_selection_by_year_submission_and_argument() -> None:
    old = kkpham_rules.get_regulation("34/2016")
    submission = dimension_submission(old, lambda r, d: 50)
    del submission["regulation"]
    by_year = kkpham_rules.evaluate(submission)
    assert (by_year.regulation.id, by_year.regulation.selected_by) == (
        "permenkumham-34-2016",
        "year",
    )
    submission["regulation"] = "34/2016"
    assert kkpham_rules.evaluate(submission).regulation.selected_by == "submission"


def test_argument_overrides_with_warnings() -> None:
    old = kkpham_rules.get_regulation("34/2016")
    submission = dimension_submission(old, lambda r, d: 50, year=2019)
    submission["dimensions"] = {"kesehatan": {"struktur": 50}}
    evaluation = kkpham_rules.evaluate(submission, "22/2021")
    assert evaluation.regulation.id == "permenkumham-22-2021"
    assert evaluation.regulation.selected_by == "argument"
    codes = [w.code for w in evaluation.warnings]
    assert codes[:2] == ["regulation_overridden", "regulation_not_in_force"]


def test_submission_naming_an_unknown_regulation_is_overridden_by_the_caller() -> None:
    """Regression: the caller's regulation wins over an unknown one the submission names."""
    evaluation = kkpham_rules.evaluate({**BASE, "regulation": "nope"}, "22/2021")
    assert evaluation.warnings[0].code == "regulation_overridden"


def test_indicator_level_trace(all_rules: Regulation, test_registry: Registry) -> None:
    submission = {
        "region": {"code": "72.71", "name": "Kota Uji"},
        "assessment_year": 2095,
        "regulation": "test-all-rules",
        "indicators": {
            "alpha.perda": {"value": True, "evidence": ["Perda 3/2094"], "note": "dilampirkan"},
            "alpha.anggaran": 60,  # 60/80 = 0.75, weight 2 of 3
            "alpha.pelatihan": 24,  # capped at 1, weight 1 of 3
            "alpha.kematian": 10,  # lower better: 5/10 = 0.5
            "beta.cakupan": "90",  # band [90, 100] -> 10 of 10
        },
        "dimensions": {"beta": {"struktur": 40, "proses": 20}},
    }
    evaluation = kkpham_rules.evaluate(submission, registry=test_registry)
    # alpha: struktur 10; proses 30 x (2/3 x 0.75 + 1/3 x 1) = 25; hasil 60 x (0.5/2 + 0) = 15
    assert evaluation.right("alpha").score == "50.00"
    # beta: struktur 10 x 0.4 = 4; proses 30 x 0.2 = 6; hasil 60 x 1 = 60
    assert evaluation.right("beta").score == "70.00"
    assert evaluation.total_score == "60.00"
    assert evaluation.category.code == "middle"
    assert evaluation.missing_indicators == ("alpha.layanan",)
    trace = {i.id: i for i in evaluation.indicators}
    assert trace["alpha.anggaran"].points_earned == "15.000000"
    assert trace["alpha.anggaran"].weight_share == "0.666667"
    assert trace["alpha.anggaran"].value == "60"
    assert trace["alpha.perda"].evidence == ("Perda 3/2094",)
    assert trace["alpha.layanan"].status == "missing"
    assert trace["alpha.layanan"].points_available == "30.000000"
    sources = [d.source for d in evaluation.right("beta").dimensions]
    assert sources == ["dimension", "dimension", "indicators"]


def test_unencoded_indicators_count_as_not_met(all_rules: Regulation) -> None:
    """Regression: declared indicators the data does not encode earn nothing, with a warning."""
    alpha = all_rules.right("alpha")
    assert alpha is not None
    counts = tuple(
        (d, 4 if d is kkpham_rules.Dimension.STRUKTUR else n) for d, n in alpha.declared_counts
    )
    partial = attrs.evolve(
        all_rules,
        rights=(attrs.evolve(alpha, declared_counts=counts), *all_rules.rights[1:]),
    )
    evaluation = kkpham_rules.evaluate(
        {**BASE, "assessment_year": 2095, "indicators": {"alpha.perda": True}},
        partial,
        registry=Registry.from_regulations([partial]),
    )
    struktur = evaluation.right("alpha").dimensions[0]
    assert struktur.points_earned == "2.500000"  # 1 of 4 declared indicators met
    assert struktur.indicators_unencoded == 3
    assert "unencoded_indicators" in [w.code for w in evaluation.warnings]


def test_null_value_is_missing_not_an_error(all_rules: Regulation, test_registry: Registry) -> None:
    submission = {
        "region": {"code": "72.71", "name": "Kota Uji"},
        "assessment_year": 2095,
        "regulation": "test-all-rules",
        "indicators": {
            "alpha.perda": None,
            "alpha.layanan": {"value": None, "note": "belum ada data"},
        },
    }
    evaluation = kkpham_rules.evaluate(submission, registry=test_registry)
    assert "alpha.perda" in evaluation.missing_indicators
    assert "alpha.layanan" in evaluation.missing_indicators


def test_provenance_names_rules_and_input() -> None:
    new = kkpham_rules.get_regulation("22/2021")
    evaluation = kkpham_rules.evaluate(dimension_submission(new, lambda r, d: 70))
    provenance = evaluation.provenance
    assert provenance.regulation_hash == new.content_hash
    assert provenance.library_version == kkpham_rules.__version__
    assert provenance.input_hash.startswith("sha256:")
    other = kkpham_rules.evaluate(dimension_submission(new, lambda r, d: 71))
    assert other.provenance.input_hash != provenance.input_hash


def test_evaluation_does_not_reload_the_regulation(monkeypatch: pytest.MonkeyPatch) -> None:
    import kkpham_rules.loader as loader

    new = kkpham_rules.get_regulation("22/2021")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("regulation data re-validated during evaluation")

    monkeypatch.setattr(loader, "regulation_from_data", refuse)
    monkeypatch.setattr(loader, "load_regulation_text", refuse)
    for share in (10, 50, 90):

        def everywhere(right: str, dimension: str, share: int = share) -> int:
            return share

        kkpham_rules.evaluate(dimension_submission(new, everywhere))


def test_evaluate_each_reports_every_record_at_once(shipped: Regulation) -> None:
    good = dimension_submission(shipped, lambda right, dimension: 80)
    unknown = {**good, "dimensions": {**good["dimensions"], "no-such-right": {"hasil": 1}}}
    orphan_year = {**BASE, "assessment_year": 1990, "dimensions": {}}
    with pytest.raises(kkpham_rules.SubmissionError) as raised:
        engine.evaluate_each([good, unknown, good, orphan_year], shipped.id)
    problems = raised.value.problems
    assert [p.pointer for p in problems if p.code == "unknown_right"] == [
        "/1/dimensions/no-such-right"
    ]
    # a regulation named by the caller scores any year (a what-if), so this one is scored
    assert not [p for p in problems if p.pointer.startswith("/3")]
    with pytest.raises(kkpham_rules.SubmissionError) as unchosen:
        engine.evaluate_each([good, orphan_year])
    [year] = unchosen.value.problems
    assert (year.code, year.pointer, year.received) == (
        "year_not_governed",
        "/1/assessment_year",
        "1990",
    )


def test_evaluate_each_equals_evaluate_record_by_record(shipped: Regulation) -> None:
    def level(share: int) -> dict[str, Any]:
        return dimension_submission(shipped, lambda right, dimension: share)

    records = [level(40 + 10 * n) for n in range(4)]
    done: list[int] = []
    each = engine.evaluate_each(records, shipped, progress=done.append)
    assert [e.to_json() for e in each] == [
        kkpham_rules.evaluate(r, shipped).to_json() for r in records
    ]
    assert done == [1, 2, 3, 4]


def test_evaluate_each_refuses_an_unknown_regulation_once() -> None:
    with pytest.raises(kkpham_rules.RegulationNotFoundError):
        engine.evaluate_each([BASE, BASE], "99/1999")
