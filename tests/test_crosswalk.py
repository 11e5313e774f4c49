"""The 34/2016 <-> 22/2021 crosswalk: coverage, basis, translation with gaps."""

from __future__ import annotations

from decimal import Decimal

import pytest

import kkpham_rules
from kkpham_rules.versions.crosswalk import (
    available_crosswalks,
    find_crosswalk,
    load_crosswalk_text,
)

OLD = kkpham_rules.get_regulation("34/2016")
NEW = kkpham_rules.get_regulation("22/2021")


def test_every_right_of_both_versions_is_mapped_explicitly() -> None:
    crosswalk = find_crosswalk(OLD, NEW)
    old, new = crosswalk.coverage(OLD, NEW)
    assert (old.rights_mapped, old.rights_total, old.rights_share) == (7, 7, Decimal(1))
    assert (new.rights_mapped, new.rights_total, new.rights_share) == (10, 10, Decimal(1))
    assert old.indicators_share is None  # no indicator encoded on either side
    assert crosswalk.problems_with(OLD, NEW) == []


def test_every_mapping_cites_its_basis_and_flags_judgements() -> None:
    [crosswalk] = available_crosswalks()
    for mapping in crosswalk.rights:
        assert mapping.basis.sources, mapping
        if mapping.relation == "similar":
            assert mapping.judgement
    new_rights = {m.b[0] for m in crosswalk.rights if m.relation == "none"}
    assert new_rights == {"bantuan-hukum", "informasi", "pemerintahan", "keberagaman"}


def test_translation_lists_gaps_and_estimates_never_silent_zeros() -> None:
    crosswalk = find_crosswalk(OLD, NEW)
    submission = kkpham_rules.parse_submission(
        {
            "region": {"code": "16.01", "name": "Kabupaten Uji"},
            "assessment_year": 2019,
            "dimensions": {
                "kesehatan": {"struktur": 100, "proses": 80, "hasil": 70},
                "perumahan": {"struktur": 100, "proses": 60},
                "lingkungan": {"struktur": 50, "proses": 40, "hasil": 30},
            },
        }
    )
    translation = crosswalk.translate(submission, OLD, NEW)
    dims = translation.submission["dimensions"]
    assert dims["kesehatan"] == {"struktur": "100", "proses": "80", "hasil": "70"}
    assert dims["lingkungan-perumahan"] == {"struktur": "75", "proses": "50", "hasil": "30"}
    assert "bantuan-hukum" not in dims
    gaps = {(g.pointer, g.code) for g in translation.gaps}
    assert ("/dimensions/bantuan-hukum", "no_counterpart") in gaps
    assert ("/dimensions/lingkungan-perumahan/hasil", "partial_source") in gaps
    assert ("/dimensions/pendidikan/hasil", "no_source_data") in gaps
    assert any("a judgement" in e for e in translation.estimates)


def test_reverse_translation_ignores_new_rights() -> None:
    crosswalk = find_crosswalk(NEW, OLD)
    submission = kkpham_rules.parse_submission(
        {
            "region": {"code": "72.71", "name": "Kota Uji"},
            "assessment_year": 2022,
            "dimensions": {
                "informasi": {"struktur": 100},
                "lingkungan-perumahan": {"struktur": 80, "proses": 70, "hasil": 60},
            },
        }
    )
    translation = crosswalk.translate(submission, NEW, OLD)
    assert translation.ignored == ("/dimensions/informasi",)
    dims = translation.submission["dimensions"]
    assert (
        dims["perumahan"] == dims["lingkungan"] == {"struktur": "80", "proses": "70", "hasil": "60"}
    )


def test_crosswalk_naming_unknown_rights_is_refused() -> None:
    text = b"""
format: kkpham-crosswalk/1
id: broken-crosswalk
revision: 1
revision_date: 2026-11-23
a: permenkumham-34-2016
b: permenkumham-22-2021
rights:
  - {a: [kesehatan], b: [hak-terbang], relation: same, judgement: false, basis: {status: inferred}}
  - {a: [kesehatan], b: [kesehatan], relation: same, judgement: false, basis: {status: inferred}}
"""
    crosswalk = load_crosswalk_text(text, "test")
    with pytest.raises(kkpham_rules.PluginError) as caught:
        find_crosswalk(OLD, NEW, [crosswalk])
    found = {(p.pointer, p.code) for p in caught.value.problems}
    assert {("/rights/0/b", "unknown_id"), ("/rights/1/a", "mapped_twice")} <= found
    unmapped = [p.message for p in caught.value.problems if p.code == "unmapped_right"]
    assert len(unmapped) == 6 + 9  # every right but kesehatan, on each side
