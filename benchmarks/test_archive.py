"""Signature and archive benchmarks (pytest-benchmark).

Run with ``python -m pytest benchmarks/test_archive.py --benchmark-only``.
Compare within a group: what a signature adds to ``verify``, what the integrity
checks ``archive add`` makes cost beside the full re-computation, and the
archive's add and verify of a cohort's records on SQLite.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import kkpham_rules
from kkpham_rules.archive import Archive
from kkpham_rules.audit import check_integrity, make_record, verify
from kkpham_rules.policy.synth import synthetic_cohort
from kkpham_rules.signing import new_key, sign_record

KEY = new_key()
COHORT = 200


@pytest.fixture(scope="module")
def records() -> list[bytes]:
    """A synthetic cohort's audit records, as written."""
    regulation = kkpham_rules.get_regulation("22/2021")
    made = []
    for submission in synthetic_cohort(regulation, COHORT, 1, None):
        evaluation = kkpham_rules.evaluate(submission, regulation)
        made.append(make_record(submission, evaluation).to_json().encode())
    return made


@pytest.fixture(scope="module")
def signed(records: list[bytes]) -> bytes:
    return sign_record(kkpham_rules.load_record(records[0]), KEY).to_json().encode()


@pytest.mark.benchmark(group="one record")
def test_verify_unsigned(benchmark: Any, records: list[bytes]) -> None:
    assert benchmark(verify, records[0]).reproduced


@pytest.mark.benchmark(group="one record")
def test_verify_signed_with_trusted_key(benchmark: Any, signed: bytes) -> None:
    report = benchmark(lambda: verify(signed, trusted=[KEY.public_key]))
    assert report.signature == "valid"


@pytest.mark.benchmark(group="one record")
def test_integrity_checks_only(benchmark: Any, signed: bytes) -> None:
    assert benchmark(lambda: check_integrity(signed, trusted=[KEY.public_key])).intact


@pytest.mark.benchmark(group="one record")
def test_sign(benchmark: Any, records: list[bytes]) -> None:
    record = kkpham_rules.load_record(records[0])
    assert benchmark(sign_record, record, KEY).signature is not None


@pytest.fixture
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as made:
        yield Path(made)


@pytest.mark.benchmark(group=f"archive of {COHORT} records, SQLite")
def test_open_and_add_all(benchmark: Any, records: list[bytes], folder: Path) -> None:
    numbers = iter(range(1_000_000))

    def add() -> int:
        with Archive(f"sqlite:///{folder}/{next(numbers)}.sqlite3") as archive:
            return sum(o.status == "added" for o in archive.add_all(records))

    assert benchmark.pedantic(add, rounds=5, iterations=1) == COHORT


@pytest.mark.benchmark(group=f"archive of {COHORT} records, SQLite")
def test_verify_all(benchmark: Any, records: list[bytes], folder: Path) -> None:
    with Archive(f"sqlite:///{folder}/a.sqlite3") as archive:
        archive.add_all(records)
        checked = benchmark.pedantic(archive.verify_all, rounds=5, iterations=1)
    assert [c.status for c in checked] == ["reproduced"] * COHORT
