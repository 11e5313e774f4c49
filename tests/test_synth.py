"""Synthetic cohorts: unchanged where they fitted before, and of any size."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path

import pytest

import kkpham_rules
from kkpham_rules.cli import main
from kkpham_rules.model import Regulation
from kkpham_rules.policy.synth import (
    CODES_PER_ROUND,
    PROVINCE_CODES,
    _region_codes,
    synthetic_cohort,
)
from kkpham_rules.submission import Submission

CODE = re.compile(r"^[0-9]{2}\.[0-9]{2}$")
OLD = kkpham_rules.get_regulation("34/2016")
NEW = kkpham_rules.get_regulation("22/2021")


def _jsonl_digest(cohort: list[Submission]) -> str:
    """Return the SHA-256 of the JSON Lines ``kkpham synth`` writes for ``cohort``."""
    lines = [
        json.dumps(s.model_dump(mode="json", by_alias=True, exclude_none=True), ensure_ascii=False)
        for s in cohort
    ]
    return hashlib.sha256(("\n".join(lines) + "\n").encode()).hexdigest()


# digests of the cohorts as made before cohorts could outgrow the 3,762 codes
PINNED = {
    ("22/2021", 514, 1): "bf61f6977576007a04734b29ce5ae2c599e9d3e544efe1565a91aa2d6b1e4d5e",
    ("34/2016", 100, 1): "567efdd3874bd0320140532aa3f41136ecb744a25cf2b33367e1cbc1683938e4",
}
OLD_3762_SEED_2 = "8dfe8d53ae766cbe92a85eaaa81ab67abbb7e57af1941f60bcb0d47c9286068a"
ALL_RULES_300_SEED_5 = "65397e60302454ef11a0763defed72800aacbeb215466d5031f2eb1e969f9492"


@pytest.mark.parametrize(("name", "regions", "seed"), sorted(PINNED))
def test_cohorts_that_fitted_before_are_unchanged(name: str, regions: int, seed: int) -> None:
    cohort = synthetic_cohort(kkpham_rules.get_regulation(name), regions, seed)
    assert _jsonl_digest(cohort) == PINNED[(name, regions, seed)]


def test_indicator_values_are_unchanged(all_rules: Regulation) -> None:
    assert _jsonl_digest(synthetic_cohort(all_rules, 300, 5)) == ALL_RULES_300_SEED_5


def test_a_cohort_larger_than_the_codes_repeats_them_in_named_rounds() -> None:
    cohort = synthetic_cohort(OLD, CODES_PER_ROUND + 40, seed=2)
    assert len(cohort) == CODES_PER_ROUND + 40
    # the first round is the largest cohort that fitted before, unchanged
    assert _jsonl_digest(cohort[:CODES_PER_ROUND]) == OLD_3762_SEED_2
    assert all(CODE.match(s.region.code) for s in cohort)
    assert all(s.region.name.endswith("(SINTETIS)") for s in cohort)
    assert len({(s.region.code, s.region.name) for s in cohort}) == len(cohort)
    second = cohort[CODES_PER_ROUND:]
    assert [s.region.code for s in second[:3]] == ["11.01", "11.02", "12.01"]
    assert second[0].region.name == "Kabupaten 11.01 ulangan 2 (SINTETIS)"
    assert all(" ulangan 2 " in s.region.name for s in second)
    assert all(" ulangan " not in s.region.name for s in cohort[:CODES_PER_ROUND])


def test_region_values_do_not_depend_on_the_cohort_size() -> None:
    small, large = synthetic_cohort(NEW, 7, seed=9), synthetic_cohort(NEW, 60, seed=9)
    for a, b in zip(small, large, strict=False):
        assert (a.dimensions, a.indicators) == (b.dimensions, b.indicators)


@pytest.mark.parametrize("regions", [1, 37, 38, 514, CODES_PER_ROUND, CODES_PER_ROUND + 1, 100_000])
def test_codes_are_valid_and_unique_within_each_round(regions: int) -> None:
    codes = _region_codes(regions)
    assert len(codes) == regions
    assert all(CODE.match(code) for code, _ in codes)
    assert len(set(codes)) == regions
    rounds = [number for _, number in codes]
    assert rounds == sorted(rounds)
    assert rounds[-1] == (regions - 1) // CODES_PER_ROUND + 1
    # each round spreads its regions evenly over the provinces
    counts = Counter((number, code[:2]) for code, number in codes)
    for number in set(rounds):
        per_province = [counts[(number, province)] for province in PROVINCE_CODES]
        assert max(per_province) - min(per_province) <= 1


def test_synth_command_writes_a_cohort_beyond_the_codes(tmp_path: Path) -> None:
    out = tmp_path / "cohort.jsonl"
    regions = CODES_PER_ROUND + 1
    argv = ["synth", "--regulation", "34/2016", "--regions", str(regions), "--out", str(out)]
    assert main(argv) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == regions
    assert json.loads(lines[-1])["region"] == {
        "code": "11.01",
        "name": "Kabupaten 11.01 ulangan 2 (SINTETIS)",
    }
