"""Bad input gets every problem at once, each with a JSON pointer."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

import kkpham_rules
from kkpham_rules.registry import Registry

from .test_cli import KKPHAM, run

BASE = {"region": {"code": "72.71", "name": "X"}, "assessment_year": 2022}


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


def test_problems_say_what_was_expected() -> None:
    """Regression: a problem gives what was expected and what was received."""
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        kkpham_rules.evaluate({**BASE, "dimensions": {"kesehatan": {"hasil": 120}}})
    [problem] = caught.value.problems
    assert (problem.expected, problem.received) == ("<= 100", "120")


# input limits: sizes no real submission has are refused quickly, never worked through


def test_huge_indicator_value_is_rejected(test_registry: Registry) -> None:
    """Regression: an indicator value of more digits than the limit is a problem, not work."""
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        kkpham_rules.evaluate(
            {
                **BASE,
                "assessment_year": 2095,
                "regulation": "test-all-rules",
                "indicators": {"alpha.kematian": "1" + "0" * 30, "alpha.anggaran": "1e2"},
            },
            registry=test_registry,
        )
    messages = [p.message for p in caught.value.problems]
    assert any("at most 40 digits" in m or "digits" in m for m in messages)
    assert len(messages) == 2


@pytest.mark.parametrize(
    "text",
    [
        b'{"region": {"code": "72.71", "name": "X"}, "assessment_year": 2022,'
        b' "dimensions": {"kesehatan": {"hasil": 1e-99999999}}}',
        b'{"region": {"code": "72.71", "name": "X"}, "assessment_year": 2022,'
        b' "dimensions": {"kesehatan": {"hasil": ' + b"9" * 5000 + b"}}}",
        b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    ],
    ids=["tiny-exponent", "5000-digit-integer", "deep-nesting"],
)
def test_hostile_numbers_and_nesting_exit_2_quickly(tmp_path: Path, text: bytes) -> None:
    """Regression: hostile exponents, digits and nesting exit 2 with problems, in time."""
    path = tmp_path / "hostile.json"
    path.write_bytes(text)
    result = subprocess.run(
        [KKPHAM, "evaluate", str(path), "--json"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert json.loads(result.stderr)["problems"]


def test_oversized_file_is_refused_without_reading_it_all() -> None:
    """Regression: an endless input file is refused as too large, not read to the end."""
    result = run("evaluate", "/dev/zero", "--json")
    assert result.returncode == 2
    assert json.loads(result.stderr)["problems"][0]["code"] == "too_large"
