"""The Kemendagri code list shipped with the package, and the region checks of the importers."""

from __future__ import annotations

import csv
import re
import warnings
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

import kkpham_rules
from kkpham_rules.describe import submission_template
from kkpham_rules.engine import PLACEHOLDER_REGION_CODE
from kkpham_rules.errors import Problem
from kkpham_rules.files.cohort import CSV_COLUMNS, from_rows, read_csv
from kkpham_rules.files.regions import (
    PLACEHOLDER_CODE,
    PLACEHOLDER_NAME,
    RegionWarning,
    check_region,
    former_codes,
    is_marked_not_real,
    listed_regions,
    same_region_name,
)
from kkpham_rules.policy.synth import synthetic_cohort

NEW = kkpham_rules.get_regulation("22/2021")
DATA = resources.files("kkpham_rules").joinpath("data")


def test_the_list_in_force_is_complete() -> None:
    regions = listed_regions()
    assert len(regions) == 514
    kinds = Counter("kota" if int(code[3:]) >= 71 else "kabupaten" for code in regions)
    assert kinds == {"kabupaten": 416, "kota": 98}
    assert len({r.province for r in regions.values()}) == 38
    for code, region in regions.items():
        assert re.fullmatch(r"[0-9]{2}\.[0-9]{2}", code)
        assert region.code == code
        # the numbering rule: kabupaten 01-69, kota 71-99
        prefix = "Kota " if int(code[3:]) >= 71 else "Kabupaten "
        assert region.name.startswith(prefix), region
        assert region.name == " ".join(region.name.split())  # spaces tidied
    assert regions["72.71"].name == "Kota Palu"
    assert regions["96.71"].province == "Papua Barat Daya"


def test_former_codes_point_to_the_same_region_under_its_code_in_force() -> None:
    former, regions = former_codes(), listed_regions()
    assert len(former) == 26
    assert not set(former) & set(regions)
    for code, region in former.items():
        assert code[:2] in ("91", "92")
        now = regions[str(region.replaced_by)]
        assert now.name == region.name
        assert now.code[:2] in ("93", "94", "95", "96")
    assert former["91.01"].replaced_by == "93.01"  # Kabupaten Merauke, now Papua Selatan


def test_the_data_files_name_their_sources() -> None:
    readme = DATA.joinpath("README.md").read_text(encoding="utf-8")
    for needed in (
        "Kepmendagri",
        "300.2.2-2138 Tahun 2025",
        "25 April 2025",
        "Permendagri",
        "72 Tahun 2019",
        "https://github.com/cahyadsn/wilayah/blob/",
        "https://github.com/kodewilayah/permendagri-72-2019/blob/",
        "514",
        "26",
    ):
        assert needed in readme, needed
    for name, header in (
        ("kemendagri-kabupaten-kota.csv", ["code", "name", "province"]),
        ("kemendagri-kode-lama.csv", ["code", "name", "province", "replaced_by"]),
    ):
        rows = list(csv.reader(DATA.joinpath(name).read_text(encoding="utf-8").splitlines()))
        assert rows[0] == header


def test_placeholders_agree_with_the_templates() -> None:
    assert PLACEHOLDER_CODE == PLACEHOLDER_REGION_CODE
    template = submission_template(NEW)
    assert template["region"] == {"code": PLACEHOLDER_CODE, "name": PLACEHOLDER_NAME}


@pytest.mark.parametrize(
    ("given", "listed", "same"),
    [
        ("Kota Palu", "Kota Palu", True),
        ("KOTA PALU", "Kota Palu", True),
        ("Palu", "Kota Palu", True),
        ("Kab. Toli-Toli", "Kabupaten Toli-Toli", True),
        ("Kabupaten Tolitoli", "Kabupaten Toli-Toli", True),
        ("Kota Baubau", "Kota Bau Bau", True),
        ("Kota Jakarta Pusat", "Kota Administrasi Jakarta Pusat", True),
        (
            "Kabupaten Kepulauan Siau Tagulandang Biaro",
            "Kabupaten Kep. Siau Tagulandang Biaro",
            True,
        ),
        ("Kabupaten Bogor", "Kota Bogor", False),
        ("Kabupaten Sigi", "Kota Palu", False),
    ],
)
def test_names_are_compared_as_people_write_them(given: str, listed: str, same: bool) -> None:
    assert same_region_name(given, listed) is same


def _codes(code: str, name: str) -> list[tuple[str, str, str]]:
    return [(f.code, f.field, f.severity) for f in check_region(code, name)]


def test_what_is_an_error_and_what_a_warning() -> None:
    assert _codes("72.71", "Kota Palu") == []
    assert _codes("72.71", "Palu") == []
    assert _codes("00.00", "Kota Palu") == [("placeholder_region", "code", "error")]
    assert _codes("72.71", "nama kabupaten/kota") == [("placeholder_name", "name", "error")]
    assert _codes("00.00", PLACEHOLDER_NAME) == [
        ("placeholder_region", "code", "error"),
        ("placeholder_name", "name", "error"),
    ]
    assert _codes("72.17", "Kota Palu") == [("unknown_region_code", "code", "error")]
    assert _codes("91.01", "Kabupaten Merauke") == [("former_region_code", "code", "warning")]
    assert _codes("72.71", "Kabupaten Sigi") == [("region_name_differs", "name", "warning")]
    assert (
        _codes("7271", "Kota Palu") == []
    )  # not a code at all: the submission's own check says so


def test_findings_give_the_listed_name_and_code_as_hints() -> None:
    [unknown] = check_region("72.17", "Kota Palu")
    assert unknown.message.endswith("; Kota Palu is 72.71")
    assert unknown.expected == "Kota Palu is 72.71"
    [nowhere] = check_region("99.01", "Kota Entah")
    assert nowhere.expected == "a code on the Kemendagri list, e.g. 72.71"


def test_findings_give_the_listed_name_and_code_as_hints_for_a_bare_name() -> None:
    assert check_region("32.71", "Bogor") == []
    [differs] = check_region("32.72", "Bogor")
    assert differs.expected == "Kota Sukabumi"
    assert "Kabupaten Bogor is 32.01 or Kota Bogor is 32.71" in differs.message
    [former] = check_region("92.71", "Kota Sorong")
    assert former.expected == "96.71"
    assert "Papua Barat Daya" in former.message


def test_synthetic_and_illustrative_regions_are_not_looked_up() -> None:
    assert is_marked_not_real("Kabupaten 11.99 (SINTETIS)")
    assert is_marked_not_real("Kota Contoh (data ilustrasi)")
    assert not is_marked_not_real("Kota Palu")
    assert check_region("11.99", "Kabupaten 11.99 (SINTETIS)") == []
    assert check_region("72.71", "Kota Contoh (data ilustrasi)") == []
    # the placeholders are refused all the same
    assert _codes("00.00", "Kota Contoh (data ilustrasi)") == [
        ("placeholder_region", "code", "error")
    ]


def _row(code: str, name: str, year: int = 2022, right: str = "kesehatan") -> dict[str, object]:
    return dict(zip(CSV_COLUMNS, [code, name, year, right, "100", "90", "80"], strict=True))


def test_rows_with_unknown_codes_are_refused_with_their_place() -> None:
    rows = [_row("72.71", "Kota Palu"), _row("72.17", "Kota Palu Baru"), _row("00.00", "X")]
    with pytest.raises(kkpham_rules.SubmissionError) as caught:
        from_rows(rows, lambda index, column: f"row {index + 1}, {column}")
    assert [(p.code, p.location, p.pointer) for p in caught.value.problems] == [
        ("unknown_region_code", "row 2, region_code", "/72.17/region/code"),
        ("placeholder_region", "row 3, region_code", "/00.00/region/code"),
    ]


def test_row_warnings_are_python_warnings_or_notices() -> None:
    rows = [_row("72.71", "Kabupaten Sigi", 2021), _row("72.71", "Kabupaten Sigi", 2022)]
    with pytest.warns(RegionWarning) as caught:
        submissions = from_rows(rows, lambda index, column: f"row {index + 1}, {column}")
    assert len(submissions) == 2
    [warning] = caught  # one region, two years: said once
    assert isinstance(warning.message, RegionWarning)
    problem = warning.message.problem
    assert (problem.code, problem.location) == ("region_name_differs", "row 1, region_name")
    notices: list[Problem] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # none is issued when the caller takes them as data
        from_rows(rows, notices=notices)
    assert [p.code for p in notices] == ["region_name_differs"]


def test_synthetic_cohorts_read_back_from_csv_without_a_word(tmp_path: Path) -> None:
    cohort = synthetic_cohort(NEW, regions=300, seed=4)
    assert any(s.region.code not in listed_regions() for s in cohort)  # codes that do not exist
    path = tmp_path / "synth.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(CSV_COLUMNS)
        for s in cohort:
            for right, shares in s.dimensions.items():
                region = [s.region.code, s.region.name, s.assessment_year]
                writer.writerow([*region, right, shares.struktur, shares.proses, shares.hasil])
    notices: list[Problem] = []
    read = read_csv(path, notices=notices)  # warnings would fail this test (filterwarnings)
    assert notices == []
    assert [s.region.code for s in read] == [s.region.code for s in cohort]
