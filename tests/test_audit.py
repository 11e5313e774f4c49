"""Audit records: golden suite, tamper detection, fail-closed verification."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import kkpham_rules
from kkpham_rules.audit import RecordError, load_record, make_record, verify
from kkpham_rules.loader import load_regulation_text
from kkpham_rules.registry import Registry, default_registry

GOLDEN = sorted((Path(__file__).parent / "golden" / "records").glob("*.json"))
REGULATIONS = Path(__file__).parent.parent / "regulations"


def test_golden_suite_covers_both_regulations() -> None:
    names = {path.name for path in GOLDEN}
    assert any(name.startswith("permenkumham-34-2016--") for name in names)
    assert any(name.startswith("permenkumham-22-2021--") for name in names)


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_golden_record_reproduces_byte_for_byte(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    record = load_record(text)
    report = verify(record)
    assert report.status == "reproduced", report.model_dump()
    assert all(check.passed for check in report.checks)
    again = make_record(record.submission, kkpham_rules.evaluate(record.submission))
    assert again.to_json() == text


def golden(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        next(p for p in GOLDEN if name in p.name).read_text(encoding="utf-8")
    )
    return data


def test_one_edited_byte_in_the_submission_is_detected_and_explained() -> None:
    data = golden("ten-rights-76-90")
    data["submission"]["dimensions"]["kesehatan"]["hasil"] = "71.6"  # was 71.5
    report = verify(data)
    assert report.status == "not_reproduced"
    assert report.causes == ["record_altered", "submission_altered", "result_differs"]
    changed = {d.pointer: (d.recorded, d.recomputed) for d in report.differences}
    assert changed["/total_score"] == ("76.90", "76.91")
    assert changed["/rights/5/score"] == ("76.90", "76.96")


def test_edited_result_is_detected() -> None:
    data = golden("ten-rights-76-90")
    data["evaluation"]["total_score"] = "99.00"
    report = verify(data)
    assert report.causes == ["record_altered", "result_differs"]
    assert [d.pointer for d in report.differences] == ["/total_score"]


def test_changed_regulation_data_is_detected_and_explained() -> None:
    text = (REGULATIONS / "kkpham_permenkumham_22_2021" / "revisions" / "2.yaml").read_bytes()
    edited = text.replace(
        b"dimension_points: {struktur: 10, proses: 30, hasil: 60}",
        b"dimension_points: {struktur: 20, proses: 20, hasil: 60}",
    )
    assert edited != text
    changed = load_regulation_text(edited, "edited")
    others = [r for r in default_registry().revisions if r.id != changed.id]
    report = verify(
        golden("ten-rights-76-90"), registry=Registry.from_regulations([*others, changed])
    )
    assert report.status == "not_reproduced"
    assert "regulation_changed" in report.causes
    hash_check = next(c for c in report.checks if c.name == "regulation_hash")
    assert not hash_check.passed
    assert changed.content_hash in hash_check.detail


def test_missing_regulation_revision_fails_closed() -> None:
    data = golden("ten-rights-76-90")
    data["regulation"]["revision"] = 7
    report = verify(data)
    assert report.status == "not_reproduced"
    assert "regulation_missing" in report.causes


@pytest.mark.parametrize("field", ["digest", "submission", "evaluation", "regulation"])
def test_record_missing_a_field_is_refused(field: str) -> None:
    data = golden("ten-rights-76-90")
    del data[field]
    with pytest.raises(RecordError) as caught:
        verify(data)
    assert caught.value.problems[0].pointer == f"/{field}"


def test_record_must_match_its_evaluation() -> None:
    data = golden("ten-rights-76-90")
    other = kkpham_rules.evaluate(golden("uneven-mulai-peduli")["submission"])
    with pytest.raises(ValueError, match="not computed from this submission"):
        make_record(data["submission"], other)


def test_record_under_an_old_revision_verifies_when_a_new_one_exists() -> None:
    current = kkpham_rules.get_regulation("22/2021")
    text = (REGULATIONS / "kkpham_permenkumham_22_2021" / "revisions" / "2.yaml").read_bytes()
    newer = load_regulation_text(text.replace(b"revision: 2\n", b"revision: 3\n"), "newer")
    registry = Registry.from_regulations([*default_registry().revisions, newer])
    assert registry.get("22/2021").revision == 3
    report = verify(golden("ten-rights-76-90"), registry=registry)
    assert report.status == "reproduced"
    assert current.revision == 2


def test_digest_covers_the_record_as_written() -> None:
    """Regression: the digest covers the record's text, not the values the model reads from it."""
    data = golden("ten-rights")
    data["regulation"]["revision"] = "1"  # coerced to 1 by the model, but not what was written
    report = verify(data)
    assert report.status == "not_reproduced"
    assert "record_altered" in report.causes
    data = golden("ten-rights")
    data["submission"]["dimensions"]["kesehatan"]["hasil"] = "101"
    report = verify(data)
    assert report.causes[:2] == ["record_altered", "submission_altered"]
    input_check = next(check for check in report.checks if check.name == "input_hash")
    assert "/submission/dimensions/kesehatan/hasil" in input_check.detail


EARLIER = sorted((Path(__file__).parent / "golden" / "earlier").glob("*.json"))


@pytest.mark.parametrize("path", EARLIER, ids=[p.stem for p in EARLIER])
def test_records_made_under_an_earlier_revision_still_verify(path: Path) -> None:
    """A record names the revision it was computed under; a later revision never breaks it."""
    record = load_record(path.read_text(encoding="utf-8"))
    assert record.evaluation.regulation.revision == 1
    report = verify(record)
    assert report.status == "reproduced", report.model_dump()


def nested(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


def written(data: dict[str, Any]) -> bytes:
    """Return ``data`` as a record file (a lone surrogate written as its escape, as JSON may)."""
    return json.dumps(data, indent=2).encode("ascii")


@pytest.mark.parametrize(
    ("edit", "code", "pointer"),
    [
        (lambda d: d["submission"]["region"].update(name="Kota \ud800 Contoh"),
         "lone_surrogate", "/submission/region/name"),
        (lambda d: d["submission"].update({"x\udfff": 1}), "lone_surrogate", "/submission/x\udfff"),
        (lambda d: d["submission"].update(indicators={"x": nested(300)}), "too_deep", None),
    ],
)  # fmt: skip
def test_text_and_nesting_no_reader_can_hold_are_problems_of_the_record(
    edit: Any, code: str, pointer: str | None
) -> None:
    data = golden("kota-contoh-2022")
    edit(data)
    raw = written(data)
    for reading in (lambda: verify(raw), lambda: load_record(raw), lambda: verify(json.loads(raw))):
        with pytest.raises(RecordError) as caught:
            reading()
        [problem] = caught.value.problems
        assert problem.code == code
        if pointer is not None:
            assert problem.pointer == pointer
        else:
            assert problem.pointer.startswith("/submission/indicators/x/0/0/")
        json.dumps(caught.value.to_dict()).encode("utf-8")  # the error itself can be written


def test_nesting_well_past_any_real_record_is_still_read_and_verified() -> None:
    data = golden("kota-contoh-2022")
    data["submission"]["region"]["deep"] = nested(40)  # a real record nests under 10 deep
    assert load_record(written(data)).submission["region"]["deep"] == nested(40)
    report = verify(written(data))  # read, and found changed: not refused as unreadable
    assert report.causes[0] == "record_altered"
