"""Plain dimension-level input, read without the general validator, reads the same.

:func:`kkpham_rules.parse_submission` and :func:`kkpham_rules.fast.prepare_cohort`
read the common form of a submission (plain dicts of shares) on a short path.
Whatever that path accepts must be exactly what the pydantic model accepts,
with the same values; whatever it does not must go to the model, so bad input
is reported the same either way.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

import kkpham_rules
from kkpham_rules.errors import SubmissionError
from kkpham_rules.fast import cohort_arrays, prepare_cohort, score_cohort
from kkpham_rules.submission import Submission, _plain_dimension_level

from .strategies import share_texts

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
REGULATION = kkpham_rules.get_regulation("22/2021")
RIGHTS = [right.id for right in REGULATION.rights]

# shares as people send them: mostly good ones, and near misses of every kind
good_shares = st.one_of(
    share_texts(2),
    share_texts(6),
    st.integers(0, 100),
    st.floats(min_value=0, max_value=100),
    st.none(),
)
odd_shares = st.one_of(
    st.integers(-5, 105),
    st.floats(min_value=-1, max_value=101),
    st.sampled_from([float("nan"), float("inf"), -0.0, 1e-7, 1e-30, 100.0]),
    st.sampled_from(["100", "100.00", "007", "0", "00.5", "1e2", "-0", " 50", "50 ", "100.01"]),
    st.sampled_from(["", "\u0665\u0660", "0." + "0" * 30 + "1", "1" * 25, True, False, [], {}]),
    st.sampled_from(["50\x0060", "\x00", "5\x00", "\x005"]),  # the separator of the joined check
)
# one odd share in a cohort-sized submission spoils it: keep them rare
share_values = st.one_of(*[good_shares] * 30, odd_shares)
text = st.one_of(
    st.text(max_size=5), st.sampled_from(["72.71", "11.01", "7271", "72.7", "x" * 201])
)
regions = st.one_of(
    st.just({"code": "72.71", "name": "Kota Palu"}),
    st.just({"code": "11.01", "name": "Kabupaten Simeulue"}),
    st.builds(lambda c, n: {"code": c, "name": n}, st.sampled_from(["11.01", "72.71"]), text),
    st.fixed_dictionaries({"code": text, "name": text}),
    st.sampled_from([{"code": "72.71"}, {"code": "72.71", "name": "Kota Palu", "extra": 1}]),
)
years = st.one_of(
    st.integers(2016, 2030),
    st.integers(2016, 2030),
    st.integers(1985, 2205),
    st.sampled_from([True, "2022"]),
)
right_ids = st.one_of(*[st.just(r) for r in RIGHTS], st.sampled_from(["", "x" * 81, "lain"]))
dimension_keys = st.sampled_from(["struktur", "proses", "hasil", "struktur", "proses", "extra"])


@st.composite
def submissions(draw: st.DrawFn) -> Any:
    data: dict[str, Any] = {
        "region": draw(regions),
        "assessment_year": draw(years),
        "dimensions": {
            right: draw(st.dictionaries(dimension_keys, share_values))
            for right in draw(st.lists(right_ids, unique=True))
        },
    }
    extras = st.dictionaries(
        st.sampled_from(["$schema", "regulation", "indicators", "dimensions", "other"]),
        st.one_of(st.none(), text, st.just({}), st.just({"x": 1})),
        max_size=2,
    )
    data.update(draw(st.one_of(st.just({}), st.just({}), extras)))
    return draw(st.one_of(st.just(data), st.just(data), st.just(data), st.just([data])))


def field_sets(model: BaseModel) -> list[object]:
    """Every nested model's fields set, in order: what ``exclude_unset`` would see."""
    sets: list[object] = [sorted(model.model_fields_set)]
    for value in model.__dict__.values():
        children = value.values() if isinstance(value, dict) else [value]
        sets += [field_sets(child) for child in children if isinstance(child, BaseModel)]
    return sets


@SETTINGS
@given(submissions())
def test_the_short_path_accepts_only_what_the_model_accepts_with_the_same_values(
    data: Any,
) -> None:
    short = _plain_dimension_level(data)
    try:
        model = Submission.model_validate(data)
    except ValidationError:
        assert short is None
        return
    if short is None:
        return  # the model reads it: a longer path, the same answer
    assert short == model
    assert short.model_dump(by_alias=True) == model.model_dump(by_alias=True)
    assert short.model_dump_json(by_alias=True) == model.model_dump_json(by_alias=True)
    assert field_sets(short) == field_sets(model)


def test_the_usual_submission_takes_the_short_path() -> None:
    data = {
        "region": {"code": "72.71", "name": "Kota Palu"},
        "assessment_year": 2022,
        "dimensions": {RIGHTS[0]: {"struktur": "85.50", "proses": 90, "hasil": 72.25}},
    }
    short = _plain_dimension_level(data)
    assert short is not None
    assert short == Submission.model_validate(data)


def cohort(size: int) -> list[dict[str, Any]]:
    from kkpham_rules.policy.synth import synthetic_cohort

    return [
        s.model_dump(mode="json", by_alias=True, exclude_none=True)
        for s in synthetic_cohort(REGULATION, regions=size, seed=3)
    ]


def test_a_cohort_of_dicts_lays_out_as_its_parsed_submissions_do() -> None:
    items = cohort(60)
    items[5]["dimensions"][RIGHTS[1]]["hasil"] = 77.125  # a float
    items[6]["dimensions"][RIGHTS[2]]["proses"] = 40  # an int
    items[7]["dimensions"][RIGHTS[3]].pop("struktur")  # a share not given
    fast = prepare_cohort(items, REGULATION)
    parsed = cohort_arrays([kkpham_rules.parse_submission(i) for i in items], REGULATION)
    assert fast.share_places == parsed.share_places == 3
    assert np.array_equal(fast.shares, parsed.shares)
    assert np.array_equal(fast.given, parsed.given)
    assert fast.region_codes == parsed.region_codes
    [scored] = score_cohort(fast, [REGULATION])
    exact = [kkpham_rules.evaluate(i, REGULATION) for i in items]
    assert scored.totals == tuple(e.total_score for e in exact)
    assert scored.categories == tuple(e.category.code for e in exact)


def test_every_bad_record_of_a_cohort_is_reported_at_once() -> None:
    items: list[Any] = cohort(5)
    items[1]["region"]["code"] = "7271"
    items[3]["dimensions"]["hak-tak-ada"] = {"struktur": 50}
    items[4] = "not a submission"
    with pytest.raises(SubmissionError) as caught:
        kkpham_rules.evaluate_cohort(items, REGULATION)
    pointers = [p.pointer for p in caught.value.problems]
    assert pointers == ["/1/region/code", "/3/dimensions/hak-tak-ada", "/4"]


def test_a_share_holding_the_separator_is_not_read_as_two() -> None:
    data = {
        "region": {"code": "72.71", "name": "Kota Palu"},
        "assessment_year": 2022,
        "dimensions": {RIGHTS[0]: {"struktur": "50\x0060", "proses": "70"}},
    }
    assert _plain_dimension_level(data) is None
    with pytest.raises(SubmissionError):
        prepare_cohort([data], REGULATION)
