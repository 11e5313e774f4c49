"""An evaluation's trace, built when first read, is the trace of a fully built evaluation."""

from __future__ import annotations

import copy
import pickle
import threading
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import BaseModel

import kkpham_rules
from kkpham_rules.model import Regulation
from kkpham_rules.result import Evaluation

from .conftest import dimension_submission

REGULATION = kkpham_rules.get_regulation("22/2021")
SUBMISSION = dimension_submission(REGULATION, lambda r, d: "87.125" if d == "hasil" else 90)


def built(submission: Any = SUBMISSION, regulation: Regulation = REGULATION) -> Evaluation:
    """The same evaluation, validated from its JSON: every field built the ordinary way."""
    return Evaluation.model_validate_json(kkpham_rules.evaluate(submission, regulation).to_json())


READERS: dict[str, Callable[[Evaluation], object]] = {
    "attribute": lambda e: e.rights[3].dimensions[2].points_earned,
    "model_dump": lambda e: e.model_dump(),
    "model_dump_json": lambda e: e.model_dump_json(),
    "to_json": lambda e: e.to_json(),
    "repr": repr,
    "equality": lambda e: e == built(),
    "pickle": lambda e: pickle.loads(pickle.dumps(e)),  # noqa: S301 (our own bytes)
    "copy": copy.copy,
    "deepcopy": copy.deepcopy,
    "model_copy": lambda e: e.model_copy(update={"assessment_year": 2023}),
    "hash-free total": lambda e: (e.total_score, e.category.code),
}


@pytest.mark.parametrize("reader", list(READERS))
def test_every_way_of_reading_sees_the_full_trace(reader: str) -> None:
    evaluation = kkpham_rules.evaluate(SUBMISSION, REGULATION)
    READERS[reader](evaluation)  # whatever is read first, the result is the same after
    assert evaluation.to_json() == built().to_json()
    assert evaluation == built()
    assert built() == evaluation


def test_the_order_of_reading_does_not_matter() -> None:
    first = kkpham_rules.evaluate(SUBMISSION, REGULATION)
    second = kkpham_rules.evaluate(SUBMISSION, REGULATION)
    assert first.total_score == second.total_score
    assert first.warnings == second.warnings  # one completed through an attribute ...
    assert first.model_dump_json() == second.model_dump_json()  # ... both the same bytes


def test_nested_in_another_model_it_is_serialised_whole() -> None:
    class Envelope(BaseModel):
        evaluation: Evaluation

    envelope = Envelope(evaluation=kkpham_rules.evaluate(SUBMISSION, REGULATION))
    assert envelope.model_dump_json() == Envelope(evaluation=built()).model_dump_json()
    record = kkpham_rules.make_record(SUBMISSION, kkpham_rules.evaluate(SUBMISSION, REGULATION))
    assert kkpham_rules.verify(record.to_json()).status == "reproduced"


def test_threads_completing_one_evaluation_agree() -> None:
    evaluation = kkpham_rules.evaluate(SUBMISSION, REGULATION)
    texts: list[str] = []
    start = threading.Barrier(4)

    def read() -> None:
        start.wait()
        texts.append(evaluation.to_json())

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert texts == [built().to_json()] * 4


def test_indicator_level_traces_complete_too(all_rules: Regulation) -> None:
    best = {i.id: i.rule.best_value() for i in all_rules.indicators[:2]}
    submission = {
        "region": {"code": "72.71", "name": "Kota Uji"},
        "assessment_year": all_rules.governs.first,
        "indicators": {k: v if isinstance(v, bool | str) else str(v) for k, v in best.items()},
    }
    evaluation = kkpham_rules.evaluate(submission, all_rules)
    assert evaluation.missing_indicators  # read first: completes the trace
    assert evaluation.to_json() == built(submission, all_rules).to_json()
