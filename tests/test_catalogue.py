"""The lampiran's indicator table: template, fill, import, evaluate, diff.

The worked example throughout is the one of ``docs/catalogue.rst``: a
regulation scored at dimension level only (``examples/catalogue/revisions/1.yaml``)
whose lampiran is the verified band tables of Permenkumham 25/2013, as the
example plugin ``examples/plugins/kkpham-permenkumham-25-2013`` encodes them.
The tests type that plugin's indicators into the template as a person would
(their own spelling of bands, Indonesian words), import them, and check that
the revision made scores the plugin's worked case exactly as the plugin does.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import kkpham_rules
from kkpham_rules._documents import read_yaml
from kkpham_rules.catalogue.diff import diff_revisions
from kkpham_rules.catalogue.importing import ImportedRevision, import_catalogue
from kkpham_rules.catalogue.notation import band_text, level_text, parse_bands, parse_levels
from kkpham_rules.catalogue.reading import read_table
from kkpham_rules.catalogue.revision import next_revision, regulation_data, revision_text
from kkpham_rules.catalogue.template import catalogue_csv, catalogue_workbook
from kkpham_rules.errors import (
    CatalogueError,
    InputError,
    Problem,
    RegulationNotFoundError,
    SubmissionError,
)
from kkpham_rules.loader import load_regulation_text, regulation_from_data
from kkpham_rules.messages import CATALOGUE, place, render
from kkpham_rules.model import Indicator, Regulation
from kkpham_rules.registry import Registry, default_registry
from kkpham_rules.rules import Band, BandsRule, Level

from .conftest import submission_with
from .strategies import dimension_levels, shares
from .test_cli import in_process

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "catalogue"
PLUGIN = (
    ROOT / "examples" / "plugins" / "kkpham-permenkumham-25-2013" / "kkpham_permenkumham_25_2013"
)
DATA = Path(__file__).parent / "data"
DATE = dt.date(2026, 12, 11)

SLOW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def load(path: Path, plugin: str = "tests") -> Regulation:
    return load_regulation_text(path.read_bytes(), plugin=plugin)


BASE = load(EXAMPLE / "revisions" / "1.yaml")
"""The worked example's regulation before its lampiran is imported (dimension level)."""
PLUGIN_25_2013 = load(PLUGIN / "revisions" / "1.yaml", "kkpham_permenkumham_25_2013")
"""The example plugin: the same rights, with the five verified band tables encoded."""
REGULATION_22_2021 = kkpham_rules.get_regulation("22/2021")
"""The shipped regulation, scored at dimension level: the catalogue's first user."""
CASE = read_yaml((PLUGIN / "cases" / "banded-indicators.yaml").read_bytes())
"""The example plugin's worked case, computed by hand."""


# --- typing the lampiran into the template, as a person would -------------------------------


def typed_number(value: Fraction | None) -> str:
    """A bound as a person types it: a decimal comma, no trailing zeros."""
    assert value is not None
    return str(Decimal(value.numerator) / value.denominator).replace(".", ",")


def typed_band(band: Band) -> str:
    """One band in the spellings a person may use: ``<=``, ``sampai``, ``->``."""
    low, high = band.lower, band.upper
    if low is None:
        where = f"{'<=' if band.upper_inclusive else '<'} {typed_number(high)}"
    elif high is None:
        where = f"{'>=' if band.lower_inclusive else '>'} {typed_number(low)}"
    elif band.lower_inclusive and band.upper_inclusive:
        where = f"{typed_number(low)} sampai {typed_number(high)}"
    else:
        left, right = (
            ("<=" if band.lower_inclusive else "<"),
            ("<=" if band.upper_inclusive else "<"),
        )
        where = f"{typed_number(low)} {left} x {right} {typed_number(high)}"
    return f"{where} -> {typed_number(band.points)}"


def typed_row(indicator: Indicator) -> dict[str, Any]:
    """The plugin's indicator as the workbook's Indonesian columns hold it."""
    rule = indicator.rule
    assert isinstance(rule, BandsRule)
    citation = indicator.citation
    return {
        "Hak": indicator.right_id,
        "Dimensi": indicator.dimension.value,
        "Nomor": indicator.number,
        "Kode indikator": indicator.id,
        "Uraian indikator": indicator.wording_id,
        "Uraian bahasa Inggris": indicator.wording_en,
        "Satuan": indicator.unit,
        "Jenis nilai": {"amount": "angka", "percent": "persen"}[indicator.value_kind.value],
        "Cara penilaian": "Pita",
        "Pita nilai": "\n".join(typed_band(band) for band in rule.bands),
        "Celah dibiarkan": "ya" if rule.gaps else "tidak",
        "Peraturan sumber": citation.instrument,
        "Lampiran (hlm./baris)": citation.lampiran,
        "Status": "terverifikasi",
        "Sumber": "\n".join(citation.sources),
    }


def fill(path: Path, rows: Sequence[Mapping[str, Any]], first: int = 2) -> None:
    """Type ``rows`` (values by the Indikator sheet's header) into the workbook at ``path``."""
    workbook = load_workbook(path)
    sheet = workbook["Indikator"]
    columns = {cell.value: cell.column for cell in sheet[1] if cell.column is not None}
    for number, row in enumerate(rows, start=first):
        for header, value in row.items():
            sheet.cell(number, columns[header]).value = value  # None empties the cell
    workbook.save(path)


def template(tmp_path: Path, regulation: Regulation = BASE, name: str = "lampiran.xlsx") -> Path:
    path = tmp_path / name
    catalogue_workbook(regulation, "id").save(path)
    return path


def imported(path: Path, base: Regulation = BASE, revision: int = 2) -> ImportedRevision:
    return import_catalogue(read_table(path), base, revision, DATE)


def problems(path: Path, base: Regulation = BASE) -> list[Problem]:
    with pytest.raises(CatalogueError) as caught:
        imported(path, base)
    return list(caught.value.problems)


def located(found: Sequence[Problem]) -> set[tuple[str, str | None]]:
    return {(p.code, p.location) for p in found}


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The worked example's template, filled in with the plugin's five indicators."""
    path = template(tmp_path_factory.mktemp("lampiran"))
    fill(path, [typed_row(indicator) for indicator in PLUGIN_25_2013.indicators])
    return path


@pytest.fixture(scope="module")
def revision_2(filled: Path) -> Regulation:
    return imported(filled).regulation


# --- the worked example: template -> fill -> import -> evaluate ------------------------------


def test_the_template_has_the_regulations_rights_dimensions_and_instructions(
    tmp_path: Path,
) -> None:
    workbook = load_workbook(template(tmp_path))
    assert workbook.sheetnames == ["Petunjuk", "Indikator", "Hak", "Info"]
    rights = workbook["Hak"]
    assert [rights.cell(row, 1).value for row in (2, 3)] == ["hak-hidup", "hak-mengembangkan-diri"]
    assert rights.cell(1, 3).value == "Indikator struktur"
    table = workbook["Indikator"]
    assert table.max_row == 1  # no indicator yet: the header only
    offered = {
        str(v.sqref).split(":")[0][0]: v.formula1 for v in table.data_validations.dataValidation
    }
    assert offered["B"] == '"struktur,proses,hasil"'
    assert offered["I"] == '"ada,target,pita,tingkat"'
    assert offered["A"] == "'Hak'!$A$2:$A$3"  # the rights of the regulation
    guide = [cell.value for row in workbook["Petunjuk"].iter_rows() for cell in row if cell.value]
    assert "Pita nilai" in guide  # every column explained
    assert any("111-140 → 8" in str(text) for text in guide)
    assert workbook["Info"]["B1"].value == "contoh-lampiran-25-2013"


def test_the_lampiran_typed_in_imports_as_the_plugin_encodes_it(filled: Path) -> None:
    revision = imported(filled)
    assert revision.regulation.indicators == PLUGIN_25_2013.indicators
    assert (revision.regulation.revision, revision.regulation.revision_date) == (2, DATE)
    assert revision.warnings == ()
    # everything but the indicators and a note comes from revision 1
    assert revision.regulation.rights == BASE.rights
    assert revision.regulation.scoring == BASE.scoring
    assert revision.regulation.notes[:-1] == BASE.notes


def test_the_revision_scores_the_plugins_worked_case_as_the_plugin_does(
    revision_2: Regulation,
) -> None:
    ours = kkpham_rules.evaluate(CASE["submission"], revision_2)
    theirs = kkpham_rules.evaluate(CASE["submission"], PLUGIN_25_2013)
    expected = CASE["expected"]
    for evaluation in (ours, theirs):
        assert evaluation.total_score == expected["total_score"]
        assert evaluation.category.code == expected["category"]
        assert {r.id: r.score for r in evaluation.rights} == expected["rights"]
        assert list(evaluation.missing_indicators) == expected["missing_indicators"]
    assert [(i.id, i.points_earned) for i in ours.indicators] == [
        (i.id, i.points_earned) for i in theirs.indicators
    ]


@SETTINGS
@given(share=shares(places=2), other=shares(places=2))
def test_dimension_level_input_scores_exactly_as_before_the_import(
    revision_2: Regulation, share: Decimal, other: Decimal
) -> None:
    submission = {
        "region": {"code": "35.78", "name": "Kota Surabaya"},
        "assessment_year": 2014,
        "dimensions": {"hak-hidup": {"hasil": share}, "hak-mengembangkan-diri": {"hasil": other}},
    }
    before = kkpham_rules.evaluate(submission, BASE)
    after = kkpham_rules.evaluate(submission, revision_2)
    assert (after.total_score, after.category.code) == (before.total_score, before.category.code)
    assert [r.score for r in after.rights] == [r.score for r in before.rights]


def test_one_right_by_indicators_the_other_by_its_dimension_share(revision_2: Regulation) -> None:
    mixed = {
        "region": {"code": "32.01", "name": "Kabupaten Bogor"},
        "assessment_year": 2014,
        "indicators": {"hak-hidup.aki": 150, "hak-hidup.akb": 21},  # 6 and 8 of 10
        "dimensions": {"hak-mengembangkan-diri": {"hasil": "90"}},
    }
    evaluation = kkpham_rules.evaluate(mixed, revision_2)
    assert {r.id: r.score for r in evaluation.rights} == {
        "hak-hidup": "70.00",
        "hak-mengembangkan-diri": "90.00",
    }
    alone = kkpham_rules.evaluate(
        {**mixed, "indicators": {}, "dimensions": mixed["dimensions"]}, BASE
    )
    assert alone.right("hak-mengembangkan-diri").score == "90.00"
    assert evaluation.total_score == "80.00"


def test_the_submission_templates_follow_the_imported_catalogue(revision_2: Regulation) -> None:
    from kkpham_rules.describe import submission_template
    from kkpham_rules.files.spreadsheet import template_workbook

    assert list(submission_template(revision_2)["indicators"]) == [
        i.id for i in PLUGIN_25_2013.indicators
    ]
    sheet = template_workbook(revision_2, 2014, "id")["Indikator"]
    assert [sheet.cell(row, 1).value for row in range(2, 7)] == [
        i.id for i in PLUGIN_25_2013.indicators
    ]


# --- 22/2021 with one right at indicator level, the others at dimension level -------------

KESEHATAN = """\
right,dimension,number,wording_id,unit,value_kind,rule,target,bands,gaps,status
kesehatan,struktur,1,UJI: ada perda layanan kesehatan,ada/tidak,,ada,,,,disimpulkan
kesehatan,proses,1,UJI: realisasi anggaran,persen,persen,target,80,,,disimpulkan
kesehatan,hasil,1,UJI: cakupan layanan,persen,persen,pita,,"≥ 90 → 10
50-89 → 5
< 50 → 0",ya,disimpulkan
"""
"""A made-up catalogue for one right of 22/2021 (a test, not the lampiran: marked UJI)."""


@pytest.fixture(scope="module")
def with_kesehatan(tmp_path_factory: pytest.TempPathFactory) -> Regulation:
    path = tmp_path_factory.mktemp("kesehatan") / "lampiran.csv"
    path.write_text(KESEHATAN, encoding="utf-8")
    made = imported(path, REGULATION_22_2021, 3).regulation
    assert [i.id for i in made.indicators] == [
        "kesehatan.struktur.1",
        "kesehatan.proses.1",
        "kesehatan.hasil.1",
    ]
    return made


def test_imported_words_are_never_a_formula_in_the_submission_template(tmp_path: Path) -> None:
    from kkpham_rules.files.spreadsheet import template_workbook

    wording = '=HYPERLINK("http://evil.example","Angka kematian ibu")'
    records = _lampiran()
    _set(records, 1, "wording_id", wording)
    regulation = imported(_written(tmp_path, records)).regulation
    path = tmp_path / "template.xlsx"
    template_workbook(regulation, 2014, "id").save(path)
    cell = load_workbook(path)["Indikator"]["D2"]
    assert (cell.value, cell.data_type) == (wording, "s")


@SETTINGS
@given(levels=dimension_levels(REGULATION_22_2021))
def test_22_2021_dimension_level_input_scores_exactly_as_before_one_right_is_encoded(
    with_kesehatan: Regulation, levels: dict[str, dict[str, Decimal]]
) -> None:
    submission = submission_with(REGULATION_22_2021, levels)
    before = kkpham_rules.evaluate(submission, REGULATION_22_2021)
    after = kkpham_rules.evaluate(submission, with_kesehatan)
    assert (after.total_score, after.category.code) == (before.total_score, before.category.code)
    assert [(r.id, r.score) for r in after.rights] == [(r.id, r.score) for r in before.rights]


@SETTINGS
@given(levels=dimension_levels(REGULATION_22_2021, every_dimension=True))
def test_22_2021_one_right_by_indicators_the_others_by_dimension_shares(
    with_kesehatan: Regulation, levels: dict[str, dict[str, Decimal]]
) -> None:
    others = {right: given for right, given in levels.items() if right != "kesehatan"}
    submission = submission_with(REGULATION_22_2021, others) | {
        "indicators": {
            "kesehatan.struktur.1": True,
            "kesehatan.proses.1": 60,  # 60/80 of the target: 3/4 of 30 points
            "kesehatan.hasil.1": 72,  # 5 of 10 points: half of 60
        }
    }
    before = kkpham_rules.evaluate(submission_with(REGULATION_22_2021, others), REGULATION_22_2021)
    after = kkpham_rules.evaluate(submission, with_kesehatan)
    assert after.right("kesehatan").score == "62.50"  # 10 + 22.5 + 30
    assert [(r.id, r.score) for r in after.rights if r.id != "kesehatan"] == [
        (r.id, r.score) for r in before.rights if r.id != "kesehatan"
    ]


# --- the table written and read back is the same catalogue ----------------------------------

TEXT = (
    st.text(
        st.characters(categories=("L", "N"), include_characters=" -/().,'éü"),
        min_size=1,
        max_size=24,
    )
    .map(str.strip)
    .filter(bool)
)
"""Text a cell holds: no line break, no ``|`` or ``;`` (the separators within a cell)."""
NUMBERS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(99), places=2)


@st.composite
def band_tables(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    """A valid band rule: cut points with bands between, some holes declared as the lampiran's.

    Counts are whole numbers: their cuts are too, and "... - 110" then "111 - ..." leaves
    nothing between the bands for a count to fall in, so no hole is declared for one.
    """
    whole = kind == "count"
    step = Decimal(1) if whole else Decimal("0.01")
    numbers = st.integers(1, 99).map(Decimal) if whole else NUMBERS
    cuts = sorted(draw(st.sets(numbers, min_size=1, max_size=4)))
    points = draw(st.lists(st.integers(0, 10), min_size=len(cuts) + 1, max_size=len(cuts) + 1))
    points[draw(st.integers(0, len(points) - 1))] = 10
    bands: list[dict[str, Any]] = []
    gaps: list[dict[str, Any]] = []
    lower: Decimal | None = None
    lower_inclusive = True
    for cut, earned in zip(cuts, points, strict=False):
        band = {"points": earned, "lower": lower, "upper": cut, "lower_inclusive": lower_inclusive}
        if draw(st.booleans()) and (lower is None or cut - lower >= 2 * step):
            # a hole as the lampiran leaves one: "... - 110" then "111 - ..."
            band["upper"], band["upper_inclusive"] = cut - step, True
            if not whole:
                gaps.append(
                    {"lower": cut - step, "upper": cut,
                     "lower_inclusive": False, "upper_inclusive": False}
                )  # fmt: skip
            lower, lower_inclusive = cut, True
        else:
            band["upper_inclusive"] = draw(st.booleans())
            lower, lower_inclusive = cut, not band["upper_inclusive"]
        bands.append(band)
    bands.append({"points": points[-1], "lower": lower, "lower_inclusive": lower_inclusive})
    if draw(st.booleans()):  # best first, as many lampiran tables are
        bands.reverse()
        gaps.reverse()
    return {"kind": "bands", "bands": bands, "gaps": gaps}


@st.composite
def indicators(draw: st.DrawFn, rights: Sequence[str], number: int) -> dict[str, Any]:
    kind = draw(st.sampled_from(["presence", "target", "bands", "ordinal"]))
    value_kind = {"presence": "boolean", "ordinal": "level"}.get(kind) or draw(
        st.sampled_from(["percent", "count", "amount"])
    )
    unit = "persen" if value_kind == "percent" else draw(st.sampled_from(["kegiatan", "per 1.000"]))
    if kind == "target":
        target = draw(NUMBERS) if value_kind != "count" else Decimal(draw(st.integers(1, 50)))
        rule: dict[str, Any] = {"kind": "target", "target": target}
        rule["better"] = draw(st.sampled_from(["higher", "lower"]))
    elif kind == "bands":
        rule = draw(band_tables(value_kind))
    elif kind == "ordinal":
        codes = draw(st.lists(st.from_regex(r"[a-z][a-z-]{0,8}", fullmatch=True), min_size=2,
                              max_size=4, unique=True))  # fmt: skip
        shares_ = [draw(st.decimals(0, 1, places=2)) for _ in codes]
        shares_[draw(st.integers(0, len(codes) - 1))] = Decimal(1)
        rule = {
            "kind": "ordinal",
            "levels": [
                {"code": c, "label_id": draw(TEXT), "label_en": draw(TEXT), "achievement": a}
                for c, a in zip(codes, shares_, strict=True)
            ],
        }
    else:
        rule = {"kind": "presence"}
    citation: dict[str, Any] = {"status": draw(st.sampled_from(["verified", "inferred"]))}
    for key, size in (("pasal", 20), ("ayat", 20), ("lampiran", 200), ("note", 200)):
        if draw(st.booleans()):
            citation[key] = draw(TEXT)[:size].strip() or "x"
    if draw(st.booleans()):
        citation["instrument"] = "permenkumham-34-2016"
    citation["sources"] = draw(st.lists(TEXT, max_size=2))
    data: dict[str, Any] = {
        "id": f"{draw(st.sampled_from(rights))}.{number}",
        "dimension": draw(st.sampled_from(["struktur", "proses", "hasil"])),
        "wording_id": draw(TEXT),
        "wording_en": draw(TEXT),
        "unit": unit,
        "value_kind": value_kind,
        "rule": rule,
        "evidence": draw(st.lists(TEXT, max_size=3)),
        "citation": citation,
    }
    data["right"] = data["id"].rsplit(".", 1)[0]
    if draw(st.booleans()):
        data["number"] = str(number)
    if draw(st.booleans()):
        data["weight"] = draw(NUMBERS)
    return data


@st.composite
def catalogues(draw: st.DrawFn) -> Regulation:
    """Permenkumham 22/2021 with a made-up catalogue of every kind of rule (not law: a test)."""
    rights = [right.id for right in REGULATION_22_2021.rights]
    rows = [draw(indicators(rights, n)) for n in range(1, draw(st.integers(1, 5)) + 1)]
    return regulation_from_data({**regulation_data(REGULATION_22_2021), "indicators": rows}, "t")


@SETTINGS
@given(catalogue=catalogues(), lang=st.sampled_from(["id", "en"]))
def test_a_csv_table_written_and_imported_is_the_same_catalogue(
    tmp_path_factory: pytest.TempPathFactory, catalogue: Regulation, lang: Any
) -> None:
    path = tmp_path_factory.mktemp("csv") / "lampiran.csv"
    path.write_text(catalogue_csv(catalogue, lang), encoding="utf-8")
    made = imported(path, REGULATION_22_2021, 3).regulation
    assert made.indicators == catalogue.indicators


@SLOW
@given(catalogue=catalogues(), lang=st.sampled_from(["id", "en"]))
def test_a_workbook_written_and_imported_is_the_same_catalogue(
    tmp_path_factory: pytest.TempPathFactory, catalogue: Regulation, lang: Any
) -> None:
    path = tmp_path_factory.mktemp("xlsx") / "lampiran.xlsx"
    catalogue_workbook(catalogue, lang).save(path)
    made = imported(path, REGULATION_22_2021, 3).regulation
    assert made.indicators == catalogue.indicators


def test_every_rule_kind_and_declared_count_survives_the_workbook(tmp_path: Path) -> None:
    every_kind = load(DATA / "all-rules.yaml")
    path = template(tmp_path, every_kind)
    made = imported(path, every_kind).regulation
    assert made.indicators == every_kind.indicators
    assert made.rights == every_kind.rights  # the declared counts read back from the Hak sheet


def _encoded(rule: dict[str, Any], value_kind: str = "amount") -> BandsRule:
    """Return the band rule ``rule`` is, as the loader builds it."""
    indicator = {
        "id": "kesehatan.1", "right": "kesehatan", "dimension": "hasil", "wording_id": "x",
        "wording_en": "x", "unit": "kegiatan", "value_kind": value_kind, "rule": rule,
        "citation": {"status": "inferred"},
    }  # fmt: skip
    data = {**regulation_data(REGULATION_22_2021), "indicators": [indicator]}
    built = regulation_from_data(data, "t").indicators[0].rule
    assert isinstance(built, BandsRule)
    return built


def _fraction(value: Decimal | None) -> Fraction | None:
    return None if value is None else Fraction(value)


@SETTINGS
@given(rule=band_tables("amount"))
def test_the_band_notation_reads_back_what_it_writes(rule: dict[str, Any]) -> None:
    table = _encoded(rule)
    bands, unread = parse_bands(band_text(table.bands))
    assert unread == []
    read = [
        Band(
            Fraction(band["points"]),
            _fraction(band.get("lower")),
            _fraction(band.get("upper")),
            band.get("lower_inclusive", True),
            band.get("upper_inclusive", False),
        )
        for band in bands
    ]
    assert read == list(table.bands)


@pytest.mark.parametrize(
    ("line", "ends"),
    [
        ("111-140 → 8", (111, 140, True, True)),
        ("111\u2013140 -> 8", (111, 140, True, True)),
        ("5,1 sampai 6 -> 8", (Decimal("5.1"), 6, True, True)),
        ("≤ 110 → 10", (None, 110, True, True)),
        ("<110 → 10", (None, 110, True, False)),
        (">= 91 → 10", (91, None, True, False)),
        ("> 229 → 0 poin", (229, None, False, False)),
        ("0 ≤ x < 50 → 0", (0, 50, True, False)),
        ("x <= 19 -> 10", (None, 19, True, True)),
        ("X > 9 -> 0", (9, None, False, False)),
        ("semua → 10", (None, None, True, False)),
    ],
)
def test_a_band_line_in_each_spelling(line: str, ends: tuple[Any, ...]) -> None:
    [band], unread = parse_bands(line)
    assert unread == []
    got = (band.get("lower"), band.get("upper"))
    assert got == tuple(None if e is None else Decimal(e) for e in ends[:2])
    assert (band.get("lower_inclusive", True), band.get("upper_inclusive", False)) == ends[2:]


@pytest.mark.parametrize("line", ["111 to 140 = 8", "110 →", "→ 10", "1.000,5-2 → 3", "x → 1"])
def test_a_band_line_that_cannot_be_read_is_returned(line: str) -> None:
    assert parse_bands(line) == ([], [line])


def test_levels_take_percentages_or_shares_and_the_english_label_is_optional() -> None:
    levels, unread = parse_levels("a | 0% | Tidak\nb | 0,5 | Sebagian | Partly\nc | 80 | Penuh")
    assert unread == ["c | 80 | Penuh"]  # 80 is neither 0.8 nor 80 % until it says so
    assert [(x["code"], x["achievement"], x["label_en"]) for x in levels] == [
        ("a", Decimal(0), "Tidak"),
        ("b", Decimal("0.5"), "Partly"),
    ]
    written = level_text((Level("b", "Sebagian", "Partly", Fraction(1, 2)),))
    assert written == "b | 50% | Sebagian | Partly"


# --- every problem at its cell -----------------------------------------------------------------


GOOD = typed_row(PLUGIN_25_2013.indicators[0])


def test_every_problem_of_the_rows_is_named_at_its_cell_at_once(tmp_path: Path) -> None:
    path = template(tmp_path)
    fill(
        path,
        [
            GOOD | {"Hak": "hak-hidupp", "Pita nilai": "≤ 110 → 10\n111-140 → 8\n> 150 → 0",
                    "Celah dibiarkan": "tidak"},  # row 2
            GOOD | {"Kode indikator": None, "Nomor": "2", "Satuan": "persen",
                    "Pita nilai": "≤ 19 → 10\n≥ 15 → 0"},  # row 3
            GOOD | {"Kode indikator": None, "Nomor": "3", "Jenis nilai": "persen",
                    "Satuan": "persen", "Cara penilaian": "target", "Target": 120,
                    "Pita nilai": None, "Celah dibiarkan": None},  # row 4
            GOOD | {"Kode indikator": None, "Nomor": "4", "Cara penilaian": "tingkat",
                    "Jenis nilai": None, "Pita nilai": None, "Celah dibiarkan": None,
                    "Tingkat": "a | 50% | A\nb | 80 | B"},  # row 5
            GOOD | {"Kode indikator": None, "Nomor": "5", "Uraian indikator": None,
                    "Cara penilaian": "ada", "Jenis nilai": None, "Status": "terverifiksi"},
            GOOD | {"Kode indikator": None, "Nomor": "6", "Cara penilaian": "target",
                    "Jenis nilai": "jumlah", "Pita nilai": None, "Celah dibiarkan": None,
                    "Arah": "lebih-tingi", "Target": 5, "Satuan": "kegiatan"},  # row 7
            GOOD | {"Kode indikator": None, "Nomor": "7", "Cara penilaian": "ada",
                    "Pita nilai": None, "Celah dibiarkan": None},  # row 8
            GOOD | {"Kode indikator": "hak-hidup.aki", "Nomor": "7",
                    "Pita nilai": "≤ 110 → 10\n111 to 140 = 8\n> 110 → 0"},  # row 9
            GOOD | {"Kode indikator": None, "Nomor": "9", "Bobot": "dua"},  # row 10
            GOOD | {"Kode indikator": None, "Nomor": "10", "Bobot": 0},  # row 11
        ],
    )  # fmt: skip
    found = located(problems(path))
    assert found == {
        ("unknown_right", "Indikator!A2, column Hak"),
        ("band_gaps", "Indikator!L2, column Pita nilai"),  # a hole after 110, and after 140
        ("unit_not_percent", "Indikator!G3, column Satuan"),
        ("bad_band_table", "Indikator!L3, column Pita nilai"),  # bands overlap
        ("target_unreachable", "Indikator!J4, column Target"),
        ("bad_level", "Indikator!N5, column Tingkat"),
        ("missing_cell", "Indikator!E6, column Uraian indikator"),
        ("unused_cell", "Indikator!L6, column Pita nilai"),
        ("unused_cell", "Indikator!M6, column Celah dibiarkan"),
        ("bad_choice", "Indikator!U6, column Status"),
        ("bad_choice", "Indikator!K7, column Arah"),
        ("greater_than", "Indikator!O11, column Bobot"),
        ("wrong_value_kind", "Indikator!H8, column Jenis nilai"),
        ("bad_band", "Indikator!L9, column Pita nilai"),
        ("duplicate_number", "Indikator!C9, column Nomor"),
        ("bad_number", "Indikator!O10, column Bobot"),
    }


def test_a_repeated_id_and_a_number_repeated_in_another_dimension(tmp_path: Path) -> None:
    path = template(tmp_path)
    second = typed_row(PLUGIN_25_2013.indicators[1])
    fill(path, [GOOD, second | {"Kode indikator": GOOD["Kode indikator"]},
                GOOD | {"Kode indikator": None, "Dimensi": "proses"}])  # fmt: skip
    found = problems(path)
    assert located(found) == {("duplicate_indicator_id", "Indikator!D3, column Kode indikator")}
    # the same number under another dimension is another indicator: hak-hidup.proses.1
    assert found[0].received == "hak-hidup.aki"


def test_a_repeated_number_is_said_once_not_again_as_its_made_up_id(tmp_path: Path) -> None:
    path = template(tmp_path)
    fill(path, [GOOD | {"Kode indikator": None}, GOOD | {"Kode indikator": None}])
    [problem] = problems(path)
    assert (problem.code, problem.location) == ("duplicate_number", "Indikator!C3, column Nomor")
    assert problem.expected == "Indikator!C2, column Nomor"  # where it was used first
    assert render(problem, "id").startswith("nomor 1 sudah dipakai indikator lain")


def test_the_table_itself_unknown_missing_and_repeated_columns_stray_values(
    tmp_path: Path,
) -> None:
    path = template(tmp_path)
    fill(path, [GOOD | {"Uraian indikator": None, "Uraian bahasa Inggris": None}])
    workbook = load_workbook(path)
    sheet = workbook["Indikator"]
    sheet["C1"] = "Nomer"  # a misspelt header: its column is unknown
    sheet["Y1"] = "Satuan"  # the unit column twice
    sheet["Z3"] = "catatan di luar tabel"
    sheet["E2"] = dt.datetime(2021, 1, 2)  # typed 2.1, say, taken for a date
    sheet["F2"] = "=A1"  # a formula never calculated: no saved result
    sheet["G2"] = "#N/A"  # a formula's error, as a spreadsheet saves it
    assert sheet["G2"].data_type == "e"
    workbook.save(path)
    found = located(problems(path))
    assert ("error_in_cell", "Indikator!G2") in found
    assert ("missing_cell", "Indikator!G2, column Satuan") not in found  # said once
    assert ("missing_cell", "Indikator!E2, column Uraian indikator") not in found  # said once
    assert ("unknown_column", "Indikator!C1") in found
    assert ("duplicate_column", "Indikator!Y1") in found
    assert ("value_outside_template", "Indikator!Z3") in found
    assert ("date_in_cell", "Indikator!E2") in found
    assert ("formula_without_value", "Indikator!F2") in found
    unknown = next(p for p in problems(path) if p.code == "unknown_column")
    assert render(unknown, "id") == 'judul kolom "Nomer" tidak dikenal; mungkin maksudnya "Nomor"?'


def test_a_cell_far_below_the_table_is_not_read_cell_by_cell(tmp_path: Path) -> None:
    """A lone space at Z200000 once made millions of cells; a value there is refused by name."""
    path = template(tmp_path)
    fill(path, [GOOD])
    workbook = load_workbook(path)
    workbook["Indikator"]["Z200000"] = " "
    workbook.save(path)
    assert len(imported(path).regulation.indicators) == 1
    workbook["Indikator"]["Z200000"] = "x"
    workbook.save(path)
    found = problems(path)
    assert [(p.code, p.location) for p in found] == [("too_many_cells", "Indikator!Z200000")]
    assert render(found[0], "id").startswith("ada isian jauh di luar tabel")


def test_a_csv_table_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "lampiran.csv"
    text = catalogue_csv(PLUGIN_25_2013, "id").replace("angka,pita", "angka,pitta", 1)
    path.write_text(text.replace("hak-hidup,hasil,2,", "hak-hidup,hasill,2,", 1), encoding="utf-8")
    found = problems(path)
    assert located(found) == {
        ("bad_choice", "line 2, column rule"),
        ("bad_choice", "line 8, column dimension"),
    }
    assert place(found[0], "id") == "baris 2, kolom rule"
    assert render(found[0], "id").endswith('mungkin maksudnya "pita"?')


def test_a_semicolon_separated_csv_with_decimal_commas(tmp_path: Path) -> None:
    import csv
    import io

    lampiran = (EXAMPLE / "lampiran-25-2013.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(lampiran)))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")  # as a spreadsheet saves
    for row in rows:
        writer.writerow([cell.replace("5.1-6", "5,1-6") for cell in row])
    path = tmp_path / "lampiran.csv"
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode())
    assert imported(path).regulation.indicators == PLUGIN_25_2013.indicators


def test_an_empty_table_and_a_table_for_another_regulation(tmp_path: Path) -> None:
    path = template(tmp_path, REGULATION_22_2021)
    found = located(problems(path))
    assert found == {("empty_catalogue", None), ("wrong_catalogue_regulation", "Info!B1")}


HEADER = "right,dimension,number,wording_id,wording_en,unit,value_kind,rule,target,levels,status"


def _csv(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "lampiran.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _lampiran() -> list[list[str]]:
    """The example lampiran's CSV records, header first, to edit one cell at a time."""
    import csv
    import io

    text = (EXAMPLE / "lampiran-25-2013.csv").read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text)))


def _written(tmp_path: Path, records: Sequence[Sequence[str]]) -> Path:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(records)
    path = tmp_path / "lampiran.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _set(records: list[list[str]], record: int, column: str, value: str) -> None:
    """Type ``value`` into data record ``record`` (from 1), under the header ``column``."""
    records[record][records[0].index(column)] = value


def test_a_record_cut_short_is_refused_at_its_empty_cells(tmp_path: Path) -> None:
    records = _lampiran()
    records[5] = records[5][:20]  # the last record loses its last columns (status among them)
    assert "status" not in records[0][:20]
    found = problems(_written(tmp_path, records))
    assert [(p.code, p.pointer) for p in found] == [("missing_cell", "/rows/4/status")]
    assert found[0].location is not None
    assert found[0].location.endswith("column status")


@pytest.mark.parametrize(("rule", "column"), [("tingkat", "levels"), ("pita", "bands")])
@pytest.mark.parametrize("gaps", ["ya", "tidak"])
def test_a_band_or_level_cell_of_only_separators_is_refused(
    tmp_path: Path, rule: str, column: str, gaps: str
) -> None:
    records = _lampiran()
    for key, value in {"rule": rule, "value_kind": "", "unit": "tingkat", "bands": "",
                       "levels": "", "gaps": gaps if rule == "pita" else ""}.items():  # fmt: skip
        _set(records, 5, key, value)
    _set(records, 5, column, ";")
    found = problems(_written(tmp_path, records))
    code = {"levels": "bad_level", "bands": "bad_band"}[column]
    [wrong] = [p for p in found if p.pointer == f"/rows/4/{column}"]
    assert wrong.code == code
    assert render(wrong, "id").startswith("baris ")
    assert '";"' in render(wrong, "id")


def test_a_number_with_a_thousands_separator_is_refused_not_guessed(tmp_path: Path) -> None:
    records = _lampiran()
    _set(records, 1, "bands", "≤ 1.000 → 10\n1.001-5.000 → 5\n> 5.000 → 0")
    _set(records, 1, "gaps", "ya")
    for key, value in {"rule": "target", "value_kind": "jumlah", "unit": "kegiatan",
                       "bands": "", "gaps": "", "target": "1.500"}.items():  # fmt: skip
        _set(records, 2, key, value)
    _set(records, 3, "weight", "1,000")
    found = problems(_written(tmp_path, records))
    assert [(p.code, p.pointer, p.received) for p in found] == [
        ("ambiguous_number", "/rows/0/bands", "1.000"),
        ("ambiguous_number", "/rows/0/bands", "1.001"),
        ("ambiguous_number", "/rows/0/bands", "5.000"),
        ("ambiguous_number", "/rows/1/target", "1.500"),
        ("ambiguous_number", "/rows/2/weight", "1,000"),
    ]
    assert render(found[3], "id") == (
        "1.500 bisa berarti 1500 atau 1,5: pemisah ribuan tidak dipakai di sini; tulis angka "
        "ribuan tanpa titik atau koma (mis. 1000) dan pecahan dengan koma desimal (mis. 1,5)"
    )
    assert render(found[0], "en").startswith("1.000 may mean 1000 or 1: ")


def test_a_percentage_needs_a_percent_unit_and_a_scale_needs_a_full_level(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "hak-hidup,proses,1,Anggaran,,kegiatan,persen,target,80,,disimpulkan",
        'hak-hidup,hasil,2,Mutu,,tingkat,,tingkat,,"a | 0% | A\nb | 50% | B",disimpulkan',
    )
    found = problems(path)
    assert located(found) == {
        ("percent_unit", "line 2, column unit"),
        ("bad_level_table", "line 3, column levels"),
    }
    level = next(p for p in found if p.code == "bad_level_table")
    assert render(level, "id") == (
        "tingkat tidak dapat dipakai: tingkat terbaik harus bercapaian 100%"
    )


def test_a_missing_column_and_an_unknown_right_on_the_rights_sheet(tmp_path: Path) -> None:
    path = _csv(tmp_path, "hak-hidup,hasil,1,X,,kegiatan,jumlah,target,5,", header=HEADER[:-7])
    assert located(problems(path)) == {("missing_column", "line 1")}
    path = template(tmp_path)
    fill(path, [GOOD])
    workbook = load_workbook(path)
    workbook["Hak"]["A3"] = "hak-hidupp"
    workbook.save(path)
    assert located(problems(path)) == {("unknown_right", "Hak!A3")}


def test_the_rights_sheet_total_is_read_and_nothing_on_it_is_ignored(filled: Path) -> None:
    path = filled.parent / "hak.xlsx"
    shutil.copy(filled, path)
    workbook = load_workbook(path)
    hak = workbook["Hak"]
    assert hak["B5"].value == "Jumlah indikator menurut peraturan"  # the total's row
    hak["C5"], hak["G3"], hak["F5"] = 3, "catatan", 7
    hak["A4"], hak["E4"] = "hak-hidup", 1  # the right listed a second time
    workbook.save(path)
    found = problems(path)
    assert located(found) == {
        ("value_outside_template", "Hak!G3"),
        ("value_outside_template", "Hak!F5"),
        ("duplicate_right", "Hak!A4"),
        ("over_declared_total", "Hak!C5"),  # five rows, three declared
    }
    duplicate = next(p for p in found if p.code == "duplicate_right")
    assert render(duplicate, "id").startswith("hak hak-hidup sudah tercantum di Hak!A2")
    hak = workbook["Hak"]
    hak["G3"] = hak["F5"] = hak["A4"] = hak["E4"] = None
    hak["C5"] = 40
    workbook.save(path)
    assert imported(path).regulation.declared_indicator_total == 40
    hak["C5"] = "empat puluh"
    workbook.save(path)
    assert located(problems(path)) == {("bad_count", "Hak!C5")}


def test_rows_without_an_english_gloss_are_counted_in_a_warning(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "hak-hidup,proses,1,Anggaran,,persen,persen,target,80,,disimpulkan",
        "hak-hidup,proses,2,Pelatihan,Trainings,kegiatan,jumlah,target,12,,disimpulkan",
    )
    made = imported(path)
    [warning] = made.warnings
    assert (warning.code, warning.received) == ("no_english_gloss", "1")
    assert made.regulation.indicators[0].wording_en == "Anggaran"
    assert render(warning, "id").startswith("1 baris tanpa uraian atau label bahasa Inggris")


# --- counts against what the regulation declares -------------------------------------------


def test_counts_per_right_and_dimension_are_checked_at_the_rights_sheet(tmp_path: Path) -> None:
    every_kind = load(DATA / "all-rules.yaml")  # alpha declares 1 struktur indicator
    path = template(tmp_path, every_kind)
    workbook = load_workbook(path)
    table = workbook["Indikator"]
    for column in range(1, 24):  # one more struktur indicator for alpha
        table.cell(8, column, table.cell(2, column).value)
    table["D8"] = "alpha.perda-2"
    workbook["Hak"]["E3"] = "dua"
    workbook.save(path)
    assert located(problems(path, every_kind)) == {
        ("too_many_indicators", "Hak!C2, column Indikator struktur"),
        ("over_declared_total", "Hak!C5"),  # 7 rows, 6 declared
        ("bad_count", "Hak!E3, column Indikator hasil"),
    }


def test_declared_counts_must_add_up_to_the_regulations_total(tmp_path: Path) -> None:
    every_kind = load(DATA / "all-rules.yaml")  # 6 in all
    path = template(tmp_path, every_kind)
    workbook = load_workbook(path)
    workbook["Hak"]["D3"] = 4  # beta: 4 proses indicators now, 10 in all
    workbook.save(path)
    [problem] = problems(path, every_kind)
    assert (problem.code, problem.location, problem.received, problem.expected) == (
        "counts_do_not_add_up",
        "Hak!C5",
        "10",
        "6",
    )


def test_more_rows_than_the_declared_total(tmp_path: Path) -> None:
    path = tmp_path / "lampiran.csv"
    row = "kesehatan,hasil,{n},,Indikator {n},,ada/tidak,,ada,,,,,,,,,,,,disimpulkan,,"
    header = catalogue_csv(REGULATION_22_2021).splitlines()[0]
    path.write_text("\n".join([header, *(row.format(n=n) for n in range(1, 122))]) + "\n")
    [problem] = problems(path, REGULATION_22_2021)
    assert (problem.code, problem.received, problem.expected) == (
        "over_declared_total",
        "121",
        "120",
    )
    assert render(problem, "id").startswith("121 indikator terisi, lebih dari 120")


def test_every_catalogue_problem_reads_in_indonesian_and_english(tmp_path: Path) -> None:
    path = template(tmp_path)
    fill(path, [GOOD | {"Hak": "hak-hidupp", "Celah dibiarkan": "tidak"}, GOOD | {"Status": None}])
    for problem in problems(path):
        assert problem.code in CATALOGUE
        indonesian, english = render(problem, "id"), render(problem, "en")
        assert indonesian != english
        for english_word in ("values", "fall in", "declare the hole", "is used twice"):
            assert english_word not in indonesian
    holes = next(p for p in problems(path) if p.code == "band_gaps")
    assert render(holes, "id") == (
        "pita nilai meninggalkan celah (110, 111), (140, 141), (170, 171), (200, 201), "
        "(229, 230) yang tidak masuk pita mana pun; isi ya di kolom Celah dibiarkan bila "
        "lampiran memang membiarkannya (nilai di celah itu akan ditolak, tidak ditebak), atau "
        "rapatkan batas pitanya"
    )


# --- what changed between revisions ---------------------------------------------------------


def test_a_diff_lists_indicators_added_removed_and_changed(
    tmp_path: Path, revision_2: Regulation
) -> None:
    first = diff_revisions(BASE, revision_2)
    assert [i.id for i in first.added] == [i.id for i in PLUGIN_25_2013.indicators]
    assert (first.removed, first.changed, first.counts) == ((), (), ())
    assert first.other_changes == ("notes",)
    rows = [typed_row(i) for i in PLUGIN_25_2013.indicators]
    rows[0]["Pita nilai"] = rows[0]["Pita nilai"].replace("-> 8", "-> 9")
    rows[1] |= {"Satuan": "per 1000 kelahiran hidup", "Status": "disimpulkan"}
    del rows[4]
    presence = {"Cara penilaian": "ada", "Jenis nilai": None, "Pita nilai": None}
    rows.append(GOOD | presence | {"Kode indikator": None, "Nomor": "3", "Celah dibiarkan": None})
    path = template(tmp_path, revision_2)  # the latest revision's template
    fill(path, rows)
    third = imported(path, revision_2, 3).regulation
    diff = diff_revisions(revision_2, third)
    assert [i.id for i in diff.added] == ["hak-hidup.hasil.3"]
    assert [i.id for i in diff.removed] == ["hak-mengembangkan-diri.buta-aksara"]
    assert {c.id: [f.field for f in c.changes] for c in diff.changed} == {
        "hak-hidup.aki": ["rule"],
        "hak-hidup.akb": ["unit", "citation"],
    }
    [rule] = diff.changed[0].changes
    assert rule.before["bands"][1]["points"] == "8"
    assert rule.after["bands"][1]["points"] == "9"


def test_a_template_of_an_older_revision_is_refused(tmp_path: Path, revision_2: Regulation) -> None:
    """Imported as revision 3, revision 1's template would drop revision 2's five indicators."""
    path = template(tmp_path)  # made from revision 1
    fill(path, [GOOD])
    found = problems(path, revision_2)
    assert [(p.code, p.location, p.expected, p.received) for p in found] == [
        ("stale_catalogue_template", "Info!B2", "2", "1")
    ]
    assert render(found[0], "id").startswith(
        "templat ini dibuat dari revisi 1, padahal revisi terbaru peraturan ini adalah revisi 2"
    )


def test_a_diff_of_two_regulations_is_refused(
    revision_2: Regulation, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(InputError) as caught:
        diff_revisions(REGULATION_22_2021, revision_2)
    [problem] = caught.value.problems
    assert (problem.code, problem.expected, problem.received) == (
        "diff_of_two_regulations",
        REGULATION_22_2021.id,
        revision_2.id,
    )
    status, out, err = in_process(["catalogue", "diff", "22/2021", "34/2016"], capsys)
    assert (status, out) == (2, "")
    assert "permenkumham-22-2021 dan permenkumham-34-2016 adalah dua peraturan" in err
    assert "untuk membandingkan dua peraturan pakai `kkpham compare`" in err


def _cohort() -> list[kkpham_rules.Submission]:
    lines = (EXAMPLE / "kohort-2014.jsonl").read_text(encoding="utf-8").splitlines()
    return [kkpham_rules.parse_submission(json.loads(line)) for line in lines]


def test_a_diff_over_a_cohort_counts_regions_whose_score_and_category_change(
    revision_2: Regulation,
) -> None:
    cohort = _cohort()
    change = diff_revisions(BASE, revision_2, cohort).cohort
    assert change is not None
    assert (change.regions, change.score_changed, change.category_changed) == (3, 2, 2)
    # revision 1 cannot use the indicator values: set aside and counted, never scored
    assert (change.ignored_values_before, change.ignored_values_after) == (6, 0)
    assert {m.region_code: (m.base_score, m.variant_score) for m in change.movers} == {
        "35.78": ("0.00", "63.33"),
        "32.01": ("45.00", "80.00"),
    }
    assert change.transitions == {
        "kurang-peduli-ham": {"mulai-peduli-ham": 1, "peduli-ham": 1},
        "peduli-ham": {"peduli-ham": 1},
    }
    exact = diff_revisions(BASE, revision_2, cohort, fast=False).cohort
    assert exact is not None
    assert exact.model_dump(exclude={"path"}) == change.model_dump(exclude={"path"})


def test_a_value_neither_revision_knows_is_an_error(revision_2: Regulation) -> None:
    cohort = _cohort()
    typo = cohort[0].model_copy(
        update={
            "indicators": {
                **cohort[0].indicators,
                "hak-hidup.akii": cohort[0].indicators["hak-hidup.aki"],
            }
        }
    )
    with pytest.raises(SubmissionError) as caught:
        diff_revisions(BASE, revision_2, [typo, *cohort[1:]])
    assert [(p.code, p.pointer) for p in caught.value.problems] == [
        ("unknown_indicator", "/0/indicators/hak-hidup.akii")
    ]


# --- the revision file, and loading it from outside the plugin ------------------------------


@pytest.mark.parametrize(
    "regulation",
    [*default_registry().revisions, load(DATA / "all-rules.yaml"), PLUGIN_25_2013],
    ids=lambda r: f"{r.id}@{r.revision}",
)
def test_a_regulation_written_back_as_data_loads_with_the_same_hash(regulation: Regulation) -> None:
    text, loaded = revision_text(regulation_data(regulation), "t", ["a header"])
    assert loaded.content_hash == regulation.content_hash
    assert text.startswith(f"# a header\n# content_hash: {regulation.content_hash}\n")
    assert revision_text(regulation_data(loaded), "t", ["a header"])[0] == text  # same bytes


@pytest.fixture
def revisions(tmp_path: Path, filled: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder on KKPHAM_REGULATION_PATH with the example's revisions 1 and 2."""
    folder = tmp_path / "revisions"
    folder.mkdir()
    shutil.copy(EXAMPLE / "revisions" / "1.yaml", folder / "1.yaml")
    (folder / "2.yaml").write_text(imported(filled).text, encoding="utf-8")
    monkeypatch.setenv("KKPHAM_REGULATION_PATH", str(folder))
    default_registry.cache_clear()
    yield folder
    monkeypatch.delenv("KKPHAM_REGULATION_PATH")
    default_registry.cache_clear()


def test_revisions_on_the_path_join_the_installed_regulations(revisions: Path) -> None:
    registry = default_registry()
    assert registry.problems == ()
    assert registry.get("contoh-lampiran-25-2013").revision == 2
    assert registry.get("Contoh 25/2013@1").indicators == ()
    assert next_revision(registry, "contoh-lampiran-25-2013") == 3
    assert kkpham_rules.evaluate(CASE["submission"]).total_score == "63.33"  # in force in 2014


def test_an_edited_revision_file_is_refused(revisions: Path) -> None:
    path = revisions / "2.yaml"
    path.write_text(path.read_text().replace("points: 8", "points: 9", 1))
    default_registry.cache_clear()
    [broken] = default_registry().problems
    assert [p.code for p in broken.problems] == ["content_changed"]
    assert broken.plugin == str(revisions)
    with pytest.raises(RegulationNotFoundError):  # the folder is refused whole, as a plugin is
        default_registry().get("contoh-lampiran-25-2013")


def _edited(text: str) -> str:
    """The revision's first 10-point band given 0 points: a quiet edit that changes scores."""
    assert "points: 10\n" in text
    return text.replace("points: 10\n", "points: 0\n", 1)


def _unpinned(text: str) -> str:
    return "".join(line for line in text.splitlines(True) if "content_hash" not in line)


def _uppercased_pin(text: str) -> str:
    head, _, rest = text.partition("# content_hash: sha256:")
    digest, _, body = rest.partition("\n")
    return f"{head}# content_hash: sha256:{digest.upper()}\n{body}"


def _pin_after_a_long_header(text: str) -> str:
    return "".join(f"# note {n}: {'x' * 70}\n" for n in range(80)) + text


def _pin_twice(text: str) -> str:
    pin = next(line for line in text.splitlines(True) if line.startswith("# content_hash:"))
    return pin + text


@pytest.mark.parametrize(
    ("tamper", "code"),
    [
        (_unpinned, "content_unpinned"),
        (_uppercased_pin, "content_pin_malformed"),
        (_pin_twice, "content_pin_repeated"),
        (_pin_after_a_long_header, "content_changed"),  # found however long the header
    ],
)
def test_an_edited_revision_without_a_valid_pin_is_refused(
    revisions: Path, tamper: Callable[[str], str], code: str
) -> None:
    path = revisions / "2.yaml"
    path.write_text(tamper(_edited(path.read_text(encoding="utf-8"))), encoding="utf-8")
    default_registry.cache_clear()
    [broken] = default_registry().problems
    assert [(p.code, p.location) for p in broken.problems] == [(code, f"{revisions}/2.yaml")]
    with pytest.raises(RegulationNotFoundError):
        default_registry().get("contoh-lampiran-25-2013")
    for lang in ("id", "en"):
        assert "{" not in render(broken.problems[0], lang)


def test_a_long_header_keeps_a_valid_pin_valid(revisions: Path) -> None:
    path = revisions / "2.yaml"
    path.write_text(_pin_after_a_long_header(path.read_text(encoding="utf-8")), encoding="utf-8")
    default_registry.cache_clear()
    assert default_registry().problems == ()
    assert default_registry().get("contoh-lampiran-25-2013").revision == 2


def test_a_single_unpinned_file_on_the_path_is_refused(tmp_path: Path) -> None:
    data = regulation_data(kkpham_rules.get_regulation("22/2021")) | {"revision": 9}
    path = tmp_path / "9.yaml"
    path.write_text(_unpinned(revision_text(data, "t")[0]), encoding="utf-8")
    registry = Registry.from_entry_points(paths=[path])
    [error] = registry.problems
    assert [p.code for p in error.problems] == ["content_unpinned"]
    assert registry.get("22/2021").revision == kkpham_rules.get_regulation("22/2021").revision


def test_every_command_warns_of_a_refused_revision_on_the_path(
    revisions: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newer revision refused must not let a command go ahead quietly under the older one."""
    text = (revisions / "2.yaml").read_text(encoding="utf-8")
    third = revisions.parent / "3.yaml"
    third.write_text(_edited(text.replace("revision: 2\n", "revision: 3\n", 1)), "utf-8")
    monkeypatch.setenv("KKPHAM_REGULATION_PATH", f"{revisions}{os.pathsep}{third}")
    default_registry.cache_clear()
    case = str(EXAMPLE / "kota-contoh-2014.yaml")
    for argv in (
        ["evaluate", case],
        ["show", "contoh-lampiran-25-2013"],
        ["template", "contoh-lampiran-25-2013"],
    ):
        status, _, err = in_process(argv, capsys)
        assert status == 0, err
        assert f"peringatan: revisi peraturan di {third} (dari KKPHAM_REGULATION_PATH) " in err
        assert f"peringatan {third}: berkas revisi ini diubah setelah ditulis" in err
    status, out, err = in_process(["evaluate", case, "--json", "--lang", "en"], capsys)
    assert json.loads(out)["regulation"]["revision"] == 2
    warned = [(w["code"], w.get("location")) for w in json.loads(err)["warnings"]]
    assert warned == [("regulation_path_refused", None), ("content_changed", str(third))]
    keys = revisions.parent / "keys"
    status, _, err = in_process(["keys", "new", "--out", str(keys)], capsys)
    assert (status, "KKPHAM_REGULATION_PATH" in err) == (0, False)  # no regulation looked up


def test_a_revision_number_already_installed_with_other_content_is_refused(
    tmp_path: Path,
) -> None:
    shipped = kkpham_rules.get_regulation("22/2021")
    other = tmp_path / "2.yaml"
    data = regulation_data(shipped) | {"notes": ["edited"]}
    other.write_text(revision_text(data, "t")[0])
    same = tmp_path / "same.yaml"
    same.write_text(revision_text(regulation_data(shipped), "t")[0])
    registry = Registry.from_entry_points(paths=[same])
    assert registry.problems == ()  # the same content twice: one revision
    registry = Registry.from_entry_points(paths=[other])
    [clash] = registry.problems
    assert [(p.code, p.received) for p in clash.problems] == [("revision_clash", "2")]
    assert registry.get("22/2021").content_hash == shipped.content_hash


def test_a_broken_revision_on_the_path_is_named_by_its_path(tmp_path: Path) -> None:
    broken = tmp_path / "9.yaml"
    broken.write_text("format: kkpham-regulation/1\nid: x\n")
    registry = Registry.from_entry_points(paths=[tmp_path])
    [error] = registry.problems
    assert error.plugin == str(tmp_path)
    assert {p.code for p in error.problems} == {"missing"}


# --- the commands -------------------------------------------------------------------------------


def test_the_commands_end_to_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "revisions"
    folder.mkdir()
    shutil.copy(EXAMPLE / "revisions" / "1.yaml", folder)
    monkeypatch.setenv("KKPHAM_REGULATION_PATH", str(folder))
    default_registry.cache_clear()
    try:
        status, out, err = in_process(
            ["catalogue", "template", "contoh-lampiran-25-2013", "--out", str(tmp_path / "l.csv"),
             "--json"], capsys)  # fmt: skip
        assert (status, json.loads(out)["format"]) == (0, "csv"), err
        lampiran = EXAMPLE / "lampiran-25-2013.csv"
        argv = ["catalogue", "import", str(lampiran), "--regulation", "Contoh 25/2013",
                "--out", str(folder / "2.yaml"), "--date", "2026-12-11"]  # fmt: skip
        status, out, err = in_process([*argv, "--json"], capsys)
        assert status == 0, err
        written = json.loads(out)
        assert (written["revision"], written["indicators"]) == (2, 5)
        default_registry.cache_clear()
        assert (
            default_registry().get("contoh-lampiran-25-2013").content_hash
            == (written["content_hash"])
        )
        status, _, err = in_process([*argv, "--json"], capsys)  # again: 2.yaml exists
        assert status == 2
        assert [p["code"] for p in json.loads(err)["problems"]] == [
            "file_exists",
            "revision_file_name",
        ]
        status, out, _ = in_process(
            ["evaluate", str(EXAMPLE / "kota-contoh-2014.yaml"), "--json"], capsys
        )
        assert json.loads(out)["total_score"] == "63.33"
        status, out, _ = in_process(["template", "Contoh-25/2013"], capsys)
        assert len(json.loads(out)["indicators"]) == 5  # the submission template follows
        status, out, _ = in_process(
            ["catalogue", "diff", "contoh-lampiran-25-2013@1", "contoh-lampiran-25-2013@2",
             "--cohort", str(EXAMPLE / "kohort-2014.jsonl"), "--json"], capsys)  # fmt: skip
        diff = json.loads(out)
        assert (len(diff["added"]), diff["cohort"]["category_changed"]) == (5, 2)
        status, out, _ = in_process(
            ["catalogue", "diff", "contoh-lampiran-25-2013@1", "contoh-lampiran-25-2013@2",
             "--cohort", str(EXAMPLE / "kohort-2014.jsonl"), "--lang", "en"], capsys)  # fmt: skip
        assert "cohort: 3 region(s); score changes for 2, category for 2" in out
    finally:
        default_registry.cache_clear()


def test_import_problems_are_printed_at_their_cells_in_indonesian(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "lampiran.csv"
    path.write_text(catalogue_csv(PLUGIN_25_2013, "id").replace("angka,pita", "angka,pitta", 1))
    status, _, err = in_process(
        ["catalogue", "import", str(path), "--regulation", "22/2021",
         "--out", str(tmp_path / "3.yaml")], capsys)  # fmt: skip
    assert status == 2
    assert "baris 2, kolom rule: " in err
    assert 'mungkin maksudnya "pita"?' in err
    # the rights of another regulation, on every other row: said once, with the count
    assert 'hak "…" tidak ada dalam peraturan ini' in err
    assert "(4 kali: hak-hidup, hak-mengembangkan-diri;" in err


def test_the_documentation_explains_every_column() -> None:
    from kkpham_rules.catalogue.columns import COLUMN_KEYS, column_label

    page = (ROOT / "docs" / "catalogue.rst").read_text(encoding="utf-8")
    for key in COLUMN_KEYS:
        assert f"``{key}``" in page, key
        for lang in ("id", "en"):
            assert f"- {column_label(key, lang)}\n" in page, (key, lang)


def test_the_documented_import_is_what_the_import_writes() -> None:
    import re

    import attrs

    page = (ROOT / "docs" / "catalogue.rst").read_text(encoding="utf-8")
    [documented] = set(re.findall(r"revisi 2 \(2026-12-11\) .*; hash (sha256:[0-9a-f]{64})", page))
    # the page's workbook holds the example's CSV rows; the note names the file imported
    table = attrs.evolve(read_table(EXAMPLE / "lampiran-25-2013.csv"), name="lampiran.xlsx")
    made = import_catalogue(table, BASE, 2, DATE)
    assert made.regulation.content_hash == documented
    assert made.regulation.indicators == PLUGIN_25_2013.indicators


def test_a_revision_dated_before_its_base_is_refused(filled: Path) -> None:
    earlier = BASE.revision_date - dt.timedelta(days=1)
    with pytest.raises(CatalogueError) as caught:
        import_catalogue(read_table(filled), BASE, 2, earlier)
    [problem] = [p for p in caught.value.problems if p.code == "revision_date_before_base"]
    assert (problem.pointer, problem.received) == ("/date", earlier.isoformat())
    assert render(problem, "id").startswith(f"tanggal revisi ({earlier.isoformat()}) lebih awal")
    assert import_catalogue(read_table(filled), BASE, 2, BASE.revision_date).regulation


def test_a_renamed_indicator_sheet_is_named_with_the_catalogue_template(
    filled: Path, tmp_path: Path
) -> None:
    renamed = tmp_path / "lampiran.xlsx"
    workbook = load_workbook(filled)
    workbook["Indikator"].title = "Indikator (2)"
    workbook.save(renamed)
    with pytest.raises(CatalogueError) as caught:
        read_table(renamed)
    [problem] = caught.value.problems
    assert (problem.code, problem.expected) == ("not_a_catalogue_template", "Indikator")
    said = render(problem, "id")
    assert "lembar Indikator" in said
    assert "kkpham catalogue template" in said


def test_a_workbook_with_macros_is_read_and_old_formats_are_named(
    filled: Path, tmp_path: Path
) -> None:
    macros = tmp_path / "lampiran.xlsm"
    macros.write_bytes(filled.read_bytes())
    assert read_table(macros).rows == read_table(filled).rows
    for suffix in (".xls", ".ods"):
        old = tmp_path / f"lampiran{suffix}"
        old.write_bytes(b"\xd0\xcf\x11\xe0 not read")
        with pytest.raises(CatalogueError) as caught:
            read_table(old)
        [problem] = caught.value.problems
        assert (problem.code, problem.received) == ("spreadsheet_format", suffix)
        assert ".xlsx" in render(problem, "id")


# --- the review's second round: wording, sizes, every problem of a row --------------------------


def test_numbers_beyond_the_data_formats_sizes_are_said_in_the_tables_words(
    tmp_path: Path,
) -> None:
    records = _lampiran()
    _set(records, 1, "bands", "≤ 110 → " + "1" + "0" * 44 + "\n111-140 → 8\n> 140 → 0")
    tiny = "0." + "0" * 30 + "1"
    _set(records, 2, "weight", tiny)
    found = problems(_written(tmp_path, records))
    assert [(p.code, p.pointer, p.received) for p in found] == [
        ("cell_number_out_of_range", "/rows/0/bands", "1" + "0" * 44),
        ("cell_number_out_of_range", "/rows/1/weight", tiny),  # as typed, never "1E-31"
    ]
    for problem in found:
        for lang in ("id", "en"):
            sentence = render(problem, lang)
            for internal in ("1e", '"points"', "E-"):
                assert internal not in sentence
    assert render(found[1], "id").startswith(f"angka {tiny} terlalu besar, terlalu kecil")


def test_a_bad_id_names_its_invisible_and_capital_characters_by_position(tmp_path: Path) -> None:
    records = _lampiran()
    _set(records, 1, "id", "Hak hidup\u200b.aki")
    _set(records, 2, "id", "hak-hidup\u00a0akb")
    found = problems(_written(tmp_path, records))
    assert [(p.code, p.pointer) for p in found] == [
        ("bad_indicator_id", "/rows/0/id"),  # said once: not again as the loader's pattern
        ("bad_indicator_id", "/rows/1/id"),
    ]
    first, second = (render(p, "id") for p in found)
    assert 'huruf besar "H" pada karakter ke-1' in first
    assert "spasi pada karakter ke-4" in first
    assert "spasi lebar nol (tidak terlihat) pada karakter ke-10" in first
    assert "spasi tak terputus (NBSP, tampak seperti spasi) pada karakter ke-10" in second
    assert "zero-width space (invisible) at character 10" in render(found[0], "en")
    for problem in found:
        assert "^[a-z0-9]" not in render(problem, "id") + render(problem, "en")


def test_a_number_with_a_no_break_space_is_named_without_a_python_repr(tmp_path: Path) -> None:
    records = _lampiran()
    _set(records, 1, "weight", "1\u00a0000")
    [problem] = problems(_written(tmp_path, records))
    assert problem.code == "bad_number"
    assert "\\xa0" not in problem.message
    assert "'" not in problem.message
    assert render(problem, "id").startswith(
        '"1\u00a0000" bukan angka; ada spasi tak terputus (NBSP, tampak seperti spasi) pada '
        "karakter ke-2; "
    )


def test_a_repeated_number_names_the_first_place_in_the_readers_words(tmp_path: Path) -> None:
    records = _lampiran()
    _set(records, 2, "number", "1")
    _set(records, 2, "dimension", "hasil")
    _set(records, 2, "right", "hak-hidup")
    found = problems(_written(tmp_path, records))
    repeated = next(p for p in found if p.code == "duplicate_number")
    assert "(di baris 2, kolom number)" in render(repeated, "id")
    assert "(at line 2, column number)" in render(repeated, "en")


def test_a_negative_weight_and_a_level_above_100_percent_say_what_is_wrong(
    tmp_path: Path,
) -> None:
    records = _lampiran()
    _set(records, 1, "weight", "-1")
    levels = "penuh | 150% | Penuh\nnol | 0% | Nol"
    edits = {"rule": "tingkat", "value_kind": "", "unit": "tingkat", "bands": "", "gaps": ""}
    for key, value in (edits | {"levels": levels}).items():
        _set(records, 2, key, value)
    found = problems(_written(tmp_path, records))
    assert [(p.code, p.pointer, p.received) for p in found] == [
        ("greater_than", "/rows/0/weight", "-1"),  # below 0, not "not a number"
        ("achievement_out_of_range", "/rows/1/levels", "150%"),
    ]
    assert render(found[1], "id").startswith("capaian tingkat 150% tidak mungkin")
    assert "1.5" not in render(found[1], "id")


def test_ids_made_alike_from_two_numbers_are_said_at_the_number(tmp_path: Path) -> None:
    records = _lampiran()
    for record, number in ((1, "1-a"), (2, "1 a")):
        _set(records, record, "number", number)
        _set(records, record, "id", "")
        _set(records, record, "dimension", "hasil")
        _set(records, record, "right", "hak-hidup")
    [problem] = problems(_written(tmp_path, records))
    assert (problem.code, problem.pointer, problem.received) == (
        "made_id_taken",
        "/rows/1/number",
        "hak-hidup.hasil.1-a",
    )
    sentence = render(problem, "id")
    assert "kosongkan kolom ini" not in sentence
    assert "(di baris 2, kolom number)" in sentence


def test_a_misspelt_status_does_not_hide_overlapping_bands(tmp_path: Path) -> None:
    records = _lampiran()
    _set(records, 1, "status", "terverifkasi")
    _set(records, 1, "wording_id", "")
    _set(records, 1, "bands", "≤ 110 → 10\n100-140 → 8\n> 140 → 0")
    found = problems(_written(tmp_path, records))
    assert [(p.code, p.pointer) for p in found] == [
        ("missing_cell", "/rows/0/wording_id"),
        ("bad_band_table", "/rows/0/bands"),  # the overlap, in the same run
        ("bad_choice", "/rows/0/status"),
    ]


def test_a_choice_without_a_close_word_lists_the_words_once(tmp_path: Path) -> None:
    records = _lampiran()
    _set(records, 1, "gaps", "zzz")
    [problem] = problems(_written(tmp_path, records))
    assert render(problem, "id") == (
        '"zzz" tidak dikenal di kolom ini; pilih salah satu: ya, tidak, yes, no'
    )


def test_unreadable_cells_come_first_and_the_gloss_warning_names_sheet_rows(
    tmp_path: Path,
) -> None:
    path = template(tmp_path)
    fill(path, [GOOD | {"Hak": "hak-hidupp"}, GOOD | {"Kode indikator": None, "Nomor": "2"}])
    workbook = load_workbook(path)
    workbook["Indikator"]["T3"] = dt.datetime(2021, 1, 2)  # the lampiran column, read as a date
    workbook.save(path)
    found = problems(path)
    assert [p.code for p in found] == ["date_in_cell", "unknown_right"]
    path = template(tmp_path, name="gloss.xlsx")
    second = {"Kode indikator": None, "Nomor": "2", "Uraian bahasa Inggris": None}
    fill(path, [GOOD | {"Uraian bahasa Inggris": None}, GOOD | second])
    [warning] = imported(path).warnings
    assert warning.location == "Indikator!F2, Indikator!F3"  # the sheet's rows, not 1 and 2
    assert place(warning, "id") == "Indikator!F2, Indikator!F3"
    assert render(warning, "en").startswith("2 row(s) have no English wording")


def test_the_exact_diff_lists_every_regions_unscorable_values_as_the_fast_one(
    revision_2: Regulation,
) -> None:
    cohort = _cohort()
    gap = [
        submission.model_copy(
            update={
                "indicators": {
                    **submission.indicators,
                    "hak-hidup.aki": submission.indicators["hak-hidup.aki"].model_copy(
                        update={"value": Decimal("110.5")}
                    ),
                }
            }
        )
        for submission in cohort
        if "hak-hidup.aki" in submission.indicators
    ]
    assert len(gap) >= 2
    listed = []
    for fast in (True, False):
        with pytest.raises(SubmissionError) as caught:
            diff_revisions(BASE, revision_2, gap, fast=fast)
        listed.append(sorted((p.code, p.pointer) for p in caught.value.problems))
    assert listed[0] == listed[1]
    assert [pointer for _, pointer in listed[1]] == [
        f"/{n}/indicators/hak-hidup.aki" for n in range(len(gap))
    ]


def test_a_percentage_with_many_decimals_is_a_share_exactly() -> None:
    thirds = "33," + "3" * 37 + "%"  # 39 digits: within the data format's 40
    [level], unread = parse_levels(f"sebagian | {thirds} | S")
    assert unread == []
    assert level["achievement"] == Decimal("0.33" + "3" * 37)
