"""Bad input gets every problem at once, each with a JSON pointer."""

from __future__ import annotations

from typing import Any

import pytest

import kkpham_rules
from kkpham_rules.registry import Registry


def problems(
    submission: Any, registry: Registry | None = None, reg: str | None = None
) -> set[tuple[str, str]]:
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        kkpham_rules.evaluate(submission, reg, registry=registry)
    assert caught.value.problems, "an error must say what is wrong"
    return {(p.pointer, p.code) for p in caught.value.problems}


def test_shape_errors_are_all_listed() -> None:
    found = problems(
        {
            "region": {"code": "7271"},
            "assessment_year": "tahun lalu",
            "dimensions": {"kesehatan": {"struktur": 101, "proses": -1, "hasil": "NaN", "x": 1}},
            "indikator": {},
        }
    )
    assert found == {
        ("/region/code", "string_pattern_mismatch"),
        ("/region/name", "missing"),
        ("/assessment_year", "int_type"),
        ("/dimensions/kesehatan/struktur", "less_than_equal"),
        ("/dimensions/kesehatan/proses", "greater_than_equal"),
        ("/dimensions/kesehatan/hasil", "percent_string"),
        ("/dimensions/kesehatan/x", "extra_forbidden"),
        ("/indikator", "extra_forbidden"),
    }


def test_errors_against_the_regulation_are_all_listed(test_registry: Registry) -> None:
    found = problems(
        {
            "region": {"code": "72.71", "name": "Kota Uji"},
            "assessment_year": 2095,
            "regulation": "test-all-rules",
            "indicators": {
                "alpha.perda": 1,  # presence wants true/false
                "alpha.pelatihan": -3,  # negative count
                "alpha.anggaran": 120,  # percentage over 100
                "alpha.layanan": "luar biasa",  # unknown level
                "alpha/unknown": True,  # unknown id (pointer escapes "/")
                "alpha.kematian": 2.5,  # fine
            },
            "dimensions": {"gamma": {"struktur": 10}, "alpha": {"struktur": 50}},
        },
        test_registry,
    )
    assert found == {
        ("/indicators/alpha.perda", "invalid_value"),
        ("/indicators/alpha.pelatihan", "invalid_value"),
        ("/indicators/alpha.anggaran", "invalid_value"),
        ("/indicators/alpha.layanan", "invalid_value"),
        ("/indicators/alpha~1unknown", "unknown_indicator"),
        ("/dimensions/gamma", "unknown_right"),
    }


def test_both_levels_for_one_right_and_dimension_conflict(test_registry: Registry) -> None:
    found = problems(
        {
            "region": {"code": "72.71", "name": "Kota Uji"},
            "assessment_year": 2095,
            "regulation": "test-all-rules",
            "indicators": {"alpha.perda": True},
            "dimensions": {"alpha": {"struktur": 50}},
        },
        test_registry,
    )
    assert found == {("/dimensions/alpha/struktur", "conflicting_levels")}


def test_integer_one_is_a_number_not_true(test_registry: Registry) -> None:
    found = problems(
        {
            "region": {"code": "72.71", "name": "X"},
            "assessment_year": 2095,
            "regulation": "test-all-rules",
            "indicators": {"alpha.perda": 1},
        },
        test_registry,
    )
    assert found == {("/indicators/alpha.perda", "invalid_value")}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (b'{"region": 1, "region": 2}', "duplicate_key"),
        (b'{"assessment_year": NaN}', "not_a_number"),
        (b'{"assessment_year": Infinity}', "not_a_number"),
        (b"{not json", "not_json"),
        (b"\xff\xfe", "not_json"),
    ],
)
def test_unreadable_json(text: bytes, code: str) -> None:
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        kkpham_rules.load_submission(text)
    assert [p.code for p in caught.value.problems] == [code]


def test_exact_decimals_survive_json() -> None:
    submission = kkpham_rules.load_submission(
        b'{"region": {"code": "72.71", "name": "X"}, "assessment_year": 2022,'
        b' "dimensions": {"kesehatan": {"hasil": 0.1000000000000000055511151231257827}}}'
    )
    assert str(submission.dimensions["kesehatan"].hasil) == "0.1000000000000000055511151231257827"
