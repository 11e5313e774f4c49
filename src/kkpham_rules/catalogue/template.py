"""The table to fill in: a workbook (or CSV) in the shape the lampiran has.

:func:`catalogue_workbook` writes four sheets, labelled in Indonesian (or
English):

* *Petunjuk*: every column, what it holds, whether it is required and an
  example; how bands and levels are written; one example row per kind of rule;
  how to import the table;
* *Indikator*: one row per indicator, the columns of
  :data:`~kkpham_rules.catalogue.columns.COLUMNS`, pre-filled with the
  indicators the regulation already has (none for a regulation scored at
  dimension level); the coded columns offer their words in a drop-down list;
* *Hak*: the regulation's rights, with how many indicators each declares per
  dimension (blank where the count is not known; fill it in from the lampiran),
  and the total the regulation declares;
* *Info*: the regulation and revision the template was made from.

:func:`catalogue_csv` writes the same indicator table as CSV (the instructions
are in the documentation and ``kkpham catalogue template --help``).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..messages import Lang, label
from ..model import Dimension, Indicator, Regulation
from ..rounding import decimal_text
from ..rules import BandsRule, OrdinalRule, PresenceRule, TargetRule
from .columns import COLUMN_KEYS, COLUMNS, allowed_words, column_label, written
from .notation import band_text, level_text

__all__ = ["catalogue_csv", "catalogue_workbook", "indicator_cells"]

Cell = str | Decimal | None
"""A cell's value: text, an exact number, or empty."""

_HEAD = Font(bold=True)
_FILL = PatternFill("solid", fgColor="FFF2CC")  # cells to fill in
_WRAP = Alignment(wrap_text=True, vertical="top")
_ROWS_OFFERED = 500
"""Rows below the pre-filled ones that get the drop-down lists."""


def _number(value: Any) -> Decimal:
    return Decimal(decimal_text(value))


def indicator_cells(indicator: Indicator, regulation_id: str, lang: Lang) -> dict[str, Cell]:
    """Return one indicator as a row of the table: each column's value, by key.

    Coded columns are written in ``lang``'s words; numbers are exact decimals;
    lists (evidence, sources) one item a line. Reading the row back gives the
    same indicator (see :mod:`kkpham_rules.catalogue.importing`).
    """
    rule = indicator.rule
    citation = indicator.citation
    cells: dict[str, Cell] = dict.fromkeys(COLUMN_KEYS)
    cells.update(
        right=indicator.right_id,
        dimension=indicator.dimension.value,
        number=indicator.number,
        id=indicator.id,
        wording_id=indicator.wording_id,
        wording_en=indicator.wording_en,
        unit=indicator.unit,
        value_kind=written("value_kind", indicator.value_kind.value, lang),
        rule=written("rule", rule.kind, lang),
        weight=None if indicator.weight == 1 else _number(indicator.weight),
        evidence="\n".join(indicator.evidence) or None,
        instrument=None if citation.instrument == regulation_id else citation.instrument,
        pasal=citation.pasal,
        ayat=citation.ayat,
        lampiran=citation.lampiran,
        status=written("status", citation.status, lang),
        source="\n".join(citation.sources) or None,
        note=citation.note,
    )
    if isinstance(rule, TargetRule):
        cells["target"] = _number(rule.target)
        cells["better"] = written("better", rule.better, lang)
    elif isinstance(rule, BandsRule):
        cells["bands"] = band_text(rule.bands)
        cells["gaps"] = written("gaps", "yes" if rule.gaps else "no", lang)
    elif isinstance(rule, OrdinalRule):
        cells["levels"] = level_text(rule.levels)
    else:
        assert isinstance(rule, PresenceRule)
    return cells


def catalogue_csv(regulation: Regulation, lang: Lang = "id") -> str:
    """Return the indicator table as CSV text: the column keys, then one row per indicator.

    The header is :data:`~kkpham_rules.catalogue.columns.COLUMN_KEYS` whatever
    ``lang`` is; coded columns are written in ``lang``'s words.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMN_KEYS)
    for indicator in regulation.indicators:
        cells = indicator_cells(indicator, regulation.id, lang)
        writer.writerow(["" if value is None else str(value) for value in cells.values()])
    return buffer.getvalue()


def catalogue_workbook(regulation: Regulation, lang: Lang = "id") -> Workbook:
    """Return the workbook to fill in for ``regulation``, labelled in ``lang``."""
    workbook = Workbook()
    guide = workbook.active
    assert isinstance(guide, Worksheet)
    guide.title = label("catalogue.sheet.instructions", lang)
    table = workbook.create_sheet(label("catalogue.sheet.indicators", lang))
    rights = workbook.create_sheet(label("catalogue.sheet.rights", lang))
    info = workbook.create_sheet(label("catalogue.sheet.info", lang))
    _write_rights(rights, regulation, lang)
    _write_table(table, regulation, lang, rights.title)
    _write_info(info, regulation, lang)
    _write_guide(guide, regulation, lang)
    workbook.active = 1  # open on the table
    return workbook


def _put(sheet: Worksheet, row: int, column: int, value: Cell) -> Any:
    """Write a value as a number or as text, never as a formula."""
    cell = sheet.cell(row, column)
    if isinstance(value, Decimal) and float(value) == value:
        cell.value = value  # exact in the file's binary number, read back the same
    elif value is not None:
        cell.value = str(value)
        cell.data_type = "s"  # "=..." stays text
    return cell


def _write_table(sheet: Worksheet, regulation: Regulation, lang: Lang, rights: str) -> None:
    for column, spec in enumerate(COLUMNS, start=1):
        head = sheet.cell(1, column, column_label(spec.key, lang))
        head.font, head.alignment = _HEAD, _WRAP
        head.fill = _FILL if spec.required else PatternFill()
        sheet.column_dimensions[get_column_letter(column)].width = spec.width
    for row, indicator in enumerate(regulation.indicators, start=2):
        for column, value in enumerate(indicator_cells(indicator, regulation.id, lang).values(), 1):
            _put(sheet, row, column, value).alignment = _WRAP
    last = len(regulation.indicators) + 1 + _ROWS_OFFERED
    offered = {
        key: ",".join(allowed_words(key, lang))
        for key in ("dimension", "value_kind", "rule", "better", "gaps", "status")
    }
    # the rights come from the Hak sheet: its list may be longer than a list formula allows
    count = len(regulation.rights)
    lists = {"right": f"{quote_sheetname(rights)}!$A$2:$A${count + 1}"}
    lists |= {key: f'"{words}"' for key, words in offered.items()}
    for key, formula in lists.items():
        letter = get_column_letter(COLUMN_KEYS.index(key) + 1)
        validation = DataValidation(type="list", formula1=formula, allow_blank=True)
        validation.promptTitle = column_label(key, lang)[:32]
        validation.prompt = label(f"catalogue.help.{key}", lang)[:255]
        validation.showInputMessage = True
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{last}")
    sheet.freeze_panes = "C2"


def _write_rights(sheet: Worksheet, regulation: Regulation, lang: Lang) -> None:
    heads = ["id", "name", *(dimension.value for dimension in Dimension)]
    for column, key in enumerate(heads, start=1):
        cell = sheet.cell(1, column, label(f"catalogue.rights.{key}", lang))
        cell.font, cell.alignment = _HEAD, _WRAP
    for row, right in enumerate(regulation.rights, start=2):
        sheet.cell(row, 1, right.id)
        sheet.cell(row, 2, right.name_id if lang == "id" else right.name_en).alignment = _WRAP
        for column, dimension in enumerate(Dimension, start=3):
            count = right.declared_count(dimension)
            cell = sheet.cell(row, column, count)
            cell.fill, cell.protection = _FILL, Protection(locked=False)
    total = len(regulation.rights) + 3
    sheet.cell(total, 2, label("catalogue.rights.total", lang)).font = _HEAD
    sheet.cell(total, 3, regulation.declared_indicator_total)
    for letter, width in zip("ABCDE", (24, 56, 14, 14, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.protection.sheet = True  # only the counts are typed in; no password
    sheet.protection.formatColumns = False


def _write_info(sheet: Worksheet, regulation: Regulation, lang: Lang) -> None:
    values: dict[str, str | int] = {
        "regulation": regulation.id,
        "revision": regulation.revision,
        "title": regulation.title,
    }
    for row, (key, value) in enumerate(values.items(), start=1):
        sheet.cell(row, 1, label(f"catalogue.info.{key}", lang)).font = _HEAD
        sheet.cell(row, 2, value).alignment = _WRAP
        sheet.cell(row, 3, key)  # the key read back
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 80
    sheet.column_dimensions["C"].hidden = True
    sheet.protection.sheet = True


# The Petunjuk sheet's text, line by line: (style, Indonesian, English); a table of the
# columns and the example rows follow it. {indicators}, {rights} are the sheet names.
_GUIDE: tuple[tuple[str, str, str], ...] = (
    ("title", "Petunjuk: lampiran indikator {short_name}", "The {short_name} indicator table"),
    (
        "text",
        "Lembar {indicators} memuat satu baris per indikator lampiran {title}. Setelah "
        "diisi, tabel ini diimpor menjadi revisi baru data peraturan; setiap kesalahan "
        "disebut bersama lembar dan selnya.",
        "Sheet {indicators} holds one row per indicator of the lampiran. Once filled in, "
        "it is imported as the regulation data's next revision; every problem is named "
        "with its sheet and cell.",
    ),
    (
        "text",
        "Kolom berjudul kuning wajib diisi di setiap baris. Kolom Target, Arah, Pita nilai, "
        "Celah dibiarkan dan Tingkat diisi hanya untuk cara penilaian yang memakainya; "
        "biarkan kosong untuk yang lain.",
        "Columns with a yellow header are required on every row. Target, Direction, Bands, "
        "Gaps and Levels are filled in only for the rule that uses them; leave them empty "
        "otherwise.",
    ),
    (
        "text",
        "Lembar {rights}: jumlah indikator tiap hak per dimensi menurut lampiran. Kosong "
        "berarti belum diketahui. Hak yang belum punya indikator tetap dinilai dengan nilai "
        "dimensi (struktur, proses, hasil).",
        "Sheet {rights}: how many indicators each right has per dimension, by the lampiran; "
        "empty means not known. A right without indicators is still scored from dimension "
        "shares.",
    ),
    ("heading", "Pita nilai", "Bands"),
    (
        "text",
        "Satu pita per baris di dalam sel (Alt+Enter untuk baris baru, atau ; di antara pita): "
        "RENTANG → POIN. Rentang: 111-140 (keduanya termasuk), ≤ 110, < 50, ≥ 91, > 229, "
        "0 ≤ x < 50 (x = nilainya), atau semua.",
        "One band a line in the cell (Alt+Enter for a new line, or ; between bands): "
        "RANGE → POINTS. Ranges: 111-140 (both included), ≤ 110, < 50, ≥ 91, > 229, "
        "0 ≤ x < 50 (x is the value), or all.",
    ),
    (
        "text",
        "Angka memakai titik atau koma desimal, tanpa pemisah ribuan. Pita harus menutup "
        "semua nilai tanpa tumpang tindih; bila lampiran membiarkan celah (mis. antara 110 "
        "dan 111), isi ya di kolom Celah dibiarkan.",
        "Numbers take a decimal point or comma, no thousands separator. The bands must "
        "cover every value without overlapping; where the lampiran leaves holes (between "
        "110 and 111, say), write yes under Gaps left.",
    ),
    ("heading", "Tingkat", "Levels"),
    (
        "text",
        "Satu tingkat per baris: kode | capaian | label | label bahasa Inggris, mis. "
        "sebagian | 50% | Sebagian terpenuhi | Partly met. Tingkat terbaik bercapaian 100%.",
        "One level a line: code | achievement | label | English label, e.g. "
        "sebagian | 50% | Sebagian terpenuhi | Partly met. The best level achieves 100%.",
    ),
    ("heading", "Mengimpor", "Importing"),
    (
        "text",
        "kkpham catalogue import BERKAS.xlsx --regulation {id} --out revisions/N.yaml",
        "kkpham catalogue import FILE.xlsx --regulation {id} --out revisions/N.yaml",
    ),
    (
        "text",
        "Letakkan berkas hasil di folder yang disebut KKPHAM_REGULATION_PATH (atau di folder "
        "revisions plugin) agar kkpham evaluate, template dan simulate memakainya.",
        "Put the file written in a folder KKPHAM_REGULATION_PATH lists (or the plugin's "
        "revisions folder) for kkpham evaluate, template and simulate to use it.",
    ),
    ("heading", "Kolom", "Columns"),
)

_EXAMPLES: tuple[dict[str, str], ...] = (
    # one row per kind of rule; the bands row is Permenkumham 25/2013's verified AKI table,
    # the others are made up to show the form (marked so in their wording)
    {
        "dimension": "struktur",
        "number": "1",
        "wording_id": "CONTOH: tersedia peraturan daerah tentang layanan",
        "unit": "ada/tidak",
        "rule": "presence",
        "evidence": "Salinan perda",
        "status": "inferred",
    },
    {
        "dimension": "proses",
        "number": "2",
        "wording_id": "CONTOH: realisasi anggaran layanan",
        "unit": "persen",
        "value_kind": "percent",
        "rule": "target",
        "target": "80",
        "better": "higher",
        "status": "inferred",
    },
    {
        "dimension": "hasil",
        "number": "3",
        "wording_id": "Angka kematian ibu",
        "wording_en": "Maternal mortality ratio",
        "unit": "per 100.000 kelahiran hidup",
        "value_kind": "amount",
        "rule": "bands",
        "bands": "≤ 110 → 10\n111-140 → 8\n141-170 → 6\n171-200 → 4\n201-229 → 2\n≥ 230 → 0",
        "gaps": "yes",
        "instrument": "permenkumham-25-2013",
        "lampiran": "huruf A, a. Hak Hidup, angka 1",
        "status": "verified",
        "source": "https://123dok.com/document/y87m5nwz-a-hak-hidup-cara-penilaian-nilai.html",
    },
    {
        "dimension": "hasil",
        "number": "4",
        "wording_id": "CONTOH: mutu layanan",
        "unit": "tingkat",
        "value_kind": "level",
        "rule": "ordinal",
        "levels": "tidak-ada | 0% | Tidak ada | None\nsebagian | 50% | Sebagian | Partly\n"
        "penuh | 100% | Penuh | Fully",
        "status": "inferred",
    },
)
"""The example rows of the Petunjuk sheet, with the canonical words of coded columns."""

_CODED = ("value_kind", "rule", "better", "gaps", "status")


def _example_cells(example: dict[str, str], right: str, lang: Lang) -> list[str]:
    cells = {key: example.get(key, "") for key in COLUMN_KEYS} | {"right": right}
    for key in _CODED:
        if cells[key]:
            cells[key] = written(key, cells[key], lang)
    return list(cells.values())


def _write_guide(sheet: Worksheet, regulation: Regulation, lang: Lang) -> None:
    fields = {
        "short_name": regulation.short_name,
        "title": regulation.title,
        "id": regulation.id,
        "indicators": label("catalogue.sheet.indicators", lang),
        "rights": label("catalogue.sheet.rights", lang),
    }
    row = 1
    for style, indonesian, english in _GUIDE:
        if style == "heading":
            row += 1
        cell = sheet.cell(row, 1, (indonesian if lang == "id" else english).format(**fields))
        cell.font = Font(bold=style != "text", size=14 if style == "title" else 11)
        row += 1
    heads = ("column", "required", "meaning", "example")
    for column, key in enumerate(heads, start=1):
        sheet.cell(row, column, label(f"catalogue.guide.{key}", lang)).font = _HEAD
    for spec in COLUMNS:
        row += 1
        required = label(f"catalogue.guide.{'yes' if spec.required else 'no'}", lang)
        values = (
            column_label(spec.key, lang),
            required,
            label(f"catalogue.help.{spec.key}", lang),
            label(f"catalogue.example.{spec.key}", lang),
        )
        for column, value in enumerate(values, start=1):
            sheet.cell(row, column, value).alignment = _WRAP
    row += 2
    for column, spec in enumerate(COLUMNS, start=1):
        sheet.cell(row, column, column_label(spec.key, lang)).font = _HEAD
    right = regulation.rights[0].id
    for example in _EXAMPLES:
        row += 1
        for column, value in enumerate(_example_cells(example, right, lang), start=1):
            sheet.cell(row, column, value or None).alignment = _WRAP
    for letter, width in zip("ABCD", (22, 9, 70, 30), strict=True):
        sheet.column_dimensions[letter].width = width
