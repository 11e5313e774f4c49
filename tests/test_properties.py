"""Invariants, checked with hypothesis: bounds, monotonicity, determinism, round-trips."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kkpham_rules
from kkpham_rules.result import Evaluation

from .strategies import dimension_submissions, shares

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# a shipped regulation and a submission naming it, for any year from 2016 to 2030
submissions = dimension_submissions(years=st.integers(2016, 2030))


@SETTINGS
@given(submissions)
def test_scores_stay_within_bounds(case: tuple[kkpham_rules.Regulation, dict[str, Any]]) -> None:
    _, submission = case
    evaluation = kkpham_rules.evaluate(submission)
    assert Decimal(0) <= Decimal(evaluation.total_score) <= Decimal(100)
    for right in evaluation.rights:
        assert Decimal(0) <= Decimal(right.score) <= Decimal(right.max_score)
    lower = Decimal(evaluation.category.lower)
    upper = evaluation.category.upper
    assert lower <= Decimal(evaluation.total_score)
    assert upper is None or Decimal(evaluation.total_score) < Decimal(upper)


@SETTINGS
@given(submissions, st.data())
def test_raising_one_share_never_lowers_a_score(
    case: tuple[kkpham_rules.Regulation, dict[str, Any]], data: st.DataObject
) -> None:
    regulation, submission = case
    right = data.draw(st.sampled_from([r.id for r in regulation.rights]))
    dimension = data.draw(st.sampled_from(["struktur", "proses", "hasil"]))
    before = kkpham_rules.evaluate(submission)
    current = Decimal(submission["dimensions"][right].get(dimension, 0))
    raised = data.draw(shares(3, low=current))
    submission["dimensions"][right][dimension] = raised
    after = kkpham_rules.evaluate(submission)
    assert Decimal(after.right(right).score) >= Decimal(before.right(right).score)
    assert Decimal(after.total_score) >= Decimal(before.total_score)
    order = [c.code for c in regulation.categories]  # best first
    assert order.index(after.category.code) <= order.index(before.category.code)


@SETTINGS
@given(submissions)
def test_evaluation_is_deterministic_and_round_trips(
    case: tuple[kkpham_rules.Regulation, dict[str, Any]],
) -> None:
    _, submission = case
    first = kkpham_rules.evaluate(submission)
    second = kkpham_rules.evaluate(submission)
    assert first.to_json() == second.to_json()
    parsed = Evaluation.model_validate_json(first.to_json())
    assert parsed == first
    assert parsed.to_json() == first.to_json()
    # the submission itself survives a trip through its JSON form
    again = kkpham_rules.parse_submission(submission).model_dump_json(by_alias=True)
    reread = kkpham_rules.load_submission(again.encode())
    assert kkpham_rules.evaluate(reread).total_score == first.total_score


@SETTINGS
@given(st.data())
def test_indicator_level_monotonic(data: st.DataObject) -> None:
    """Raising a higher-is-better value, or lowering a lower-is-better one, never hurts."""
    from pathlib import Path

    from kkpham_rules.loader import load_regulation_text
    from kkpham_rules.registry import Registry

    regulation = load_regulation_text(
        (Path(__file__).parent / "data" / "all-rules.yaml").read_bytes(), "tests"
    )
    registry = Registry.from_regulations([regulation])
    values: dict[str, Any] = {
        "alpha.perda": data.draw(st.booleans()),
        "alpha.anggaran": data.draw(shares()),
        "alpha.pelatihan": data.draw(st.integers(0, 50)),
        "alpha.kematian": data.draw(st.decimals(min_value=0, max_value=1000, places=2)),
        "alpha.layanan": data.draw(st.sampled_from(["tidak-ada", "sebagian", "penuh"])),
        "beta.cakupan": data.draw(shares()),
    }
    better = dict(values)
    better["alpha.perda"] = values["alpha.perda"] or data.draw(st.booleans())
    better["alpha.anggaran"] = data.draw(shares(3, low=values["alpha.anggaran"]))
    better["alpha.kematian"] = data.draw(
        st.decimals(min_value=0, max_value=values["alpha.kematian"], places=2)
    )
    better["beta.cakupan"] = data.draw(shares(3, low=values["beta.cakupan"]))

    def total(indicators: dict[str, Any]) -> Decimal:
        evaluation = kkpham_rules.evaluate(
            {
                "region": {"code": "72.71", "name": "X"},
                "assessment_year": 2095,
                "indicators": indicators,
                "dimensions": {"beta": {"struktur": 50, "proses": 50}},
            },
            registry=registry,
        )
        return Decimal(evaluation.total_score)

    assert Decimal(0) <= total(values) <= total(better) <= Decimal(100)
