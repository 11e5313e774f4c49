"""Spreadsheets: fill-in workbook templates and reading them back, cell by cell.

Regional staff work in spreadsheets. :func:`template_workbook` writes a
workbook per regulation: a *Petunjuk* sheet of instructions, an *Info* sheet
for the region and year, an *Indikator* sheet with one row per indicator and a
*Dimensi* sheet with one row per right. The cells to fill in are yellow,
unlocked and carry an input prompt and data validation; every other cell is
locked (the sheets are protected without a password, so staff can lift it),
and the ids the reader needs stand in hidden columns.

:func:`read_workbook` reads it back into a submission; every problem names its
sheet and cell, and nothing typed in is dropped silently: a value in a row the
reader does not know is an error, not ignored. A template that was not filled
in (no value typed, or the placeholders ``00.00`` and ``NAMA KABUPATEN/KOTA``
left in) is refused, and the region code is checked against the Kemendagri
list (:mod:`kkpham_rules.regions`). Templates written before the *Petunjuk*
sheet existed are read the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from attrs import frozen
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ..describe import describe_rule
from ..engine import PLACEHOLDER_REGION_CODE, check_submission
from ..errors import Problem, SubmissionError, json_pointer
from ..messages import Lang, labels
from ..model import Dimension, Indicator, Regulation
from ..registry import Registry, default_registry
from ..rules import ValueKind
from ..submission import Submission, parse_submission
from .cohort import CSV_COLUMNS, _share, from_rows
from .regions import LIST_INSTRUMENT, PLACEHOLDER_NAME, check_region, emit_warnings

__all__ = [
    "LABELS",
    "default_data_year",
    "is_template_workbook",
    "read_cohort_workbook",
    "read_workbook",
    "template_workbook",
]


LABELS: dict[str, dict[Lang, str]] = labels("workbook")
"""Sheet and column labels in Indonesian and English (the ``workbook.`` labels of
:data:`kkpham_rules.messages.LABELS`)."""

_INFO_KEYS = ("region_code", "region_name", "assessment_year", "regulation")
_INDICATOR_COLUMNS = (
    "id", "right", "dimension", "wording", "unit", "rule", "evidence_asked",
    "value", "evidence", "note",
)  # fmt: skip
_DIMENSION_COLUMNS = ("right", "right_name", "struktur", "proses", "hasil")
_FILL = PatternFill("solid", fgColor="FFF2CC")  # the cells to fill in
_GREY = PatternFill("solid", fgColor="EDEDED")  # given elsewhere: not to fill in here
_UNLOCKED = Protection(locked=False)
_EDGE = Side(style="thin", color="BFBFBF")
_BOX = Border(left=_EDGE, right=_EDGE, top=_EDGE, bottom=_EDGE)  # one input cell from the next
_WRAP = Alignment(wrap_text=True, vertical="top")


def _label(key: str, lang: Lang) -> str:
    return LABELS[key][lang] if key in LABELS else key


def default_data_year(regulation: Regulation, today: date | None = None) -> int:
    """Return the data year a template is made for: the year before ``today``, within reach.

    A kabupaten/kota is assessed on a finished year: the data of year N are
    gathered and scored in year N+1 (the results for KKP HAM 2022 were decided
    in November 2023), so in 2026 staff fill in 2025. The year is kept within
    the years ``regulation`` governs: a template for Permenkumham 34/2016 made
    today is for 2020, its last year. ``today`` defaults to the system date;
    pass it for a reproducible template.
    """
    year = (today or date.today()).year - 1
    year = max(year, regulation.governs.first)
    if regulation.governs.last is not None:
        year = min(year, regulation.governs.last)
    return year


# Prompts and messages shown in the spreadsheet program, in the template's language.
# A prompt's title is at most 32 characters and its text at most 255 (Excel's limits).
_TEXT: dict[str, dict[Lang, str]] = {
    "code_title": {"id": "Kode wilayah", "en": "Region code"},
    "code_prompt": {
        "id": "Kode Kemendagri kabupaten/kota: dua angka, titik, dua angka, mis. 72.71 "
        "(Kota Palu). Ganti 00.00.",
        "en": "The Kemendagri code of the regency/city: two digits, a point, two digits, "
        "e.g. 72.71 (Kota Palu). Replace 00.00.",
    },
    "code_error": {
        "id": "Kode terdiri dari dua angka, titik, dua angka, mis. 72.71.",
        "en": "A code is two digits, a point and two digits, e.g. 72.71.",
    },
    "name_title": {"id": "Nama kabupaten/kota", "en": "Regency/city name"},
    "name_prompt": {
        "id": "Nama seperti dalam daftar Kemendagri, mis. Kota Palu atau Kabupaten Sigi. "
        f"Ganti {PLACEHOLDER_NAME}.",
        "en": "The name as on the Kemendagri list, e.g. Kota Palu or Kabupaten Sigi. "
        f"Replace {PLACEHOLDER_NAME}.",
    },
    "year_title": {"id": "Tahun data", "en": "Data year"},
    "year_prompt": {
        "id": "Tahun kegiatan yang dinilai (Januari sampai Desember), bukan tahun "
        "penilaian atau penghargaan.",
        "en": "The year whose work is assessed (January to December), not the year of "
        "the assessment or award.",
    },
    "year_error": {
        "id": "Tahun data yang diatur peraturan ini: {span}.",
        "en": "The data years this regulation governs: {span}.",
    },
    "onwards": {"id": "{year} dan sesudahnya", "en": "{year} onwards"},
    "share_title": {"id": "Capaian {dimension} (%)", "en": "{dimension} achieved (%)"},
    "share_prompt": {
        "id": "Persen, 0 sampai 100, mis. 85,5. Kosongkan jika tidak ada data.",
        "en": "A percentage from 0 to 100, e.g. 85.5. Leave it empty if there are no data.",
    },
    "share_error": {
        "id": "Ketik angka 0 sampai 100 (persen), mis. 85,5.",
        "en": "Type a number from 0 to 100 (a percentage), e.g. 85.5.",
    },
    "bad_title": {"id": "Nilai tidak sah", "en": "Not a valid value"},
    "value_title": {"id": "Nilai indikator", "en": "Indicator value"},
    "boolean": {
        "id": "Pilih TRUE (ada) atau FALSE (tidak ada).",
        "en": "Choose TRUE (in place) or FALSE (not in place).",
    },
    "levels": {"id": "Pilih salah satu: {codes}.", "en": "Choose one of: {codes}."},
    "percent": {
        "id": "Persen, 0 sampai 100, mis. 85,5.",
        "en": "A percentage from 0 to 100, e.g. 85.5.",
    },
    "count": {"id": "Bilangan bulat, 0 atau lebih.", "en": "A whole number, 0 or more."},
    "number": {
        "id": "Angka, 0 atau lebih (satuan: {unit}).",
        "en": "A number, 0 or more (unit: {unit}).",
    },
    "evidence_title": {"id": "Data dukung", "en": "Evidence"},
    "evidence_prompt": {
        "id": "Nama dokumen data dukung; pisahkan beberapa dokumen dengan titik koma (;).",
        "en": "The evidence documents' names; separate several with a semicolon (;).",
    },
    "note_title": {"id": "Catatan", "en": "Note"},
    "note_prompt": {"id": "Catatan bila perlu; boleh kosong.", "en": "A note if needed; optional."},
}


def _text(key: str, lang: Lang, **values: object) -> str:
    return _TEXT[key][lang].format(**values)


def _prompt(title: str, prompt: str, **kwargs: Any) -> DataValidation:
    """Return a validation that shows ``prompt`` when its cell is selected."""
    return DataValidation(
        promptTitle=title[:32], prompt=prompt[:255], showInputMessage=True, **kwargs
    )


def _lines(text: object, width: float) -> int:
    """Return how many lines ``text`` wraps to in a column ``width`` characters wide (about)."""
    # a width unit is one "0"; ordinary text runs a little narrower, so this errs on more lines
    per_line = max(int(width * 1.1), 1)
    return sum(max(-(-len(part) // per_line), 1) for part in str(text or "").split("\n"))


def _fit_height(sheet: Worksheet, row: int, widths: dict[int, float], points: float = 15) -> None:
    """Set a row tall enough for its wrapped text: openpyxl does not measure text."""
    lines = max(_lines(sheet.cell(row, column).value, width) for column, width in widths.items())
    sheet.row_dimensions[row].height = points * lines + 3


def _print_setup(sheet: Worksheet) -> None:
    """Print landscape on A4, all columns on one page wide."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _protect(sheet: Worksheet) -> None:
    """Lock the sheet without a password: labels stay put, staff can still unprotect it."""
    protection = sheet.protection
    protection.sheet = True
    # widening a column or formatting a cell (e.g. as 85.5%) stays allowed
    protection.formatColumns = False
    protection.formatRows = False
    protection.formatCells = False


def template_workbook(
    regulation: Regulation,
    year: int | None = None,
    lang: Lang = "id",
    *,
    today: date | None = None,
) -> Workbook:
    """Return a fill-in workbook for ``regulation`` (labels and prompts in ``lang``).

    The data year is ``year``, or :func:`default_data_year` of ``today``. The
    first sheet, *Petunjuk*, says what to fill in, where, in which units, what
    a region code looks like and how to save and import (in Indonesian, with an
    English gloss beside each line).
    """
    year = year if year is not None else default_data_year(regulation, today)
    workbook = Workbook()
    guide = workbook.active
    assert isinstance(guide, Worksheet)
    guide.title = _label("instructions", lang)
    info = workbook.create_sheet(_label("info", lang))
    sheet = workbook.create_sheet(_label("indicators", lang))
    dims = workbook.create_sheet(_label("dimensions", lang))
    _write_info(info, regulation, year, lang)
    _write_indicators(sheet, regulation, lang)
    _write_dimensions(dims, regulation, lang)
    _write_instructions(guide, regulation, year, lang)
    for each in workbook.worksheets:
        _protect(each)
        _print_setup(each)
    return workbook


def _write_info(info: Worksheet, regulation: Regulation, year: int, lang: Lang) -> None:
    values: dict[str, str | int] = {
        "region_code": PLACEHOLDER_REGION_CODE,
        "region_name": PLACEHOLDER_NAME,
        "assessment_year": year,
        "regulation": regulation.id,
    }
    first, last = regulation.governs.first, regulation.governs.last
    span = f"{first}-{last}" if last else _text("onwards", lang, year=first)
    prompts = {
        "region_code": _prompt(
            _text("code_title", lang),
            _text("code_prompt", lang),
            type="textLength",
            operator="equal",
            formula1="5",
            showErrorMessage=True,
            errorTitle=_text("bad_title", lang),
            error=_text("code_error", lang),
        ),
        "region_name": _prompt(_text("name_title", lang), _text("name_prompt", lang)),
        "assessment_year": _prompt(
            _text("year_title", lang),
            _text("year_prompt", lang),
            type="whole",
            operator="between",
            formula1=str(first),
            formula2=str(last or 2200),
            showErrorMessage=True,
            errorTitle=_text("bad_title", lang),
            error=_text("year_error", lang, span=span),
        ),
    }
    for row, key in enumerate(_INFO_KEYS, start=1):
        info.cell(row, 1, _label(key, lang)).font = Font(bold=True)
        cell = _put_text(info, row, 2, values[key])
        info.cell(row, 3, key)  # machine key, read back; hidden below
        if key in prompts:  # the regulation is what the template was made for: not an input
            cell.fill, cell.protection, cell.border = _FILL, _UNLOCKED, _BOX
            info.add_data_validation(prompts[key])
            prompts[key].add(cell)
    info["B1"].number_format = "@"  # text: 11.10 must not become the number 11.1
    info["B3"].number_format = "0"
    info.column_dimensions["A"].width = 32
    info.column_dimensions["B"].width = 44
    info.column_dimensions["C"].hidden = True


def _put_text(sheet: Worksheet, row: int, column: int, value: Any) -> Any:
    """Write ``value`` into a cell, text always as text: "=HYPERLINK(...)" is never a formula.

    The regulation's words (an imported lampiran's wording, say) come from a
    file someone typed; a workbook must not run them.
    """
    cell = sheet.cell(row, column, value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _write_indicators(sheet: Worksheet, regulation: Regulation, lang: Lang) -> None:
    for column, key in enumerate(_INDICATOR_COLUMNS, start=1):
        sheet.cell(1, column, _label(key, lang)).font = Font(bold=True)
    evidence = _prompt(_text("evidence_title", lang), _text("evidence_prompt", lang))
    note = _prompt(_text("note_title", lang), _text("note_prompt", lang))
    sheet.add_data_validation(evidence)
    sheet.add_data_validation(note)
    for row, indicator in enumerate(regulation.indicators, start=2):
        cells = [
            indicator.id, indicator.right_id, indicator.dimension.value,
            indicator.wording_id if lang == "id" else indicator.wording_en, indicator.unit,
            describe_rule(indicator.rule, indicator.unit), "; ".join(indicator.evidence),
        ]  # fmt: skip
        for column, value in enumerate(cells, start=1):
            _put_text(sheet, row, column, value).alignment = _WRAP
        for column in (8, 9, 10):
            target = sheet.cell(row, column)
            target.fill, target.protection, target.border = _FILL, _UNLOCKED, _BOX
        validation = _validation(indicator, lang)
        sheet.add_data_validation(validation)
        validation.add(sheet.cell(row, 8))
        evidence.add(sheet.cell(row, 9))
        note.add(sheet.cell(row, 10))
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].hidden = True  # the indicator id, read back
    widths = {4: 48.0, 6: 32.0, 7: 28.0, 8: 14.0, 9: 32.0, 10: 24.0}
    for column, width in widths.items():
        sheet.column_dimensions["ABCDEFGHIJ"[column - 1]].width = width
    for row in range(2, len(regulation.indicators) + 2):
        _fit_height(sheet, row, widths)


def _write_dimensions(dims: Worksheet, regulation: Regulation, lang: Lang) -> None:
    for column, key in enumerate(_DIMENSION_COLUMNS, start=1):
        dims.cell(1, column, _label(key, lang)).font = Font(bold=True)
    shares = {
        dimension: _prompt(
            _text("share_title", lang, dimension=dimension.value),
            _text("share_prompt", lang),
            type="decimal",
            operator="between",
            formula1="0",
            formula2="100",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_text("bad_title", lang),
            error=_text("share_error", lang),
        )
        for dimension in Dimension
    }
    for validation in shares.values():
        dims.add_data_validation(validation)
    widths = {2: 56.0, 3: 16.0, 4: 16.0, 5: 16.0}
    for row, right in enumerate(regulation.rights, start=2):
        _put_text(dims, row, 1, right.id)
        _put_text(dims, row, 2, right.name_id if lang == "id" else right.name_en).alignment = _WRAP
        for column, dimension in enumerate(Dimension, start=3):
            cell = dims.cell(row, column)
            cell.border = _BOX
            if regulation.indicators_for(right.id, dimension):
                cell.fill = _GREY  # given through its indicators; locked
            else:
                cell.fill, cell.protection = _FILL, _UNLOCKED
                shares[dimension].add(cell)
        _fit_height(dims, row, {2: widths[2]})
    dims.freeze_panes = "C2"
    dims.column_dimensions["A"].hidden = True  # the right's id, read back
    for column, width in widths.items():
        dims.column_dimensions["ABCDE"[column - 1]].width = width


def _validation(indicator: Indicator, lang: Lang) -> DataValidation:
    kind, rule = indicator.value_kind, indicator.rule
    common: dict[str, Any] = {
        "allow_blank": True,
        "showErrorMessage": True,
        "errorTitle": _text("bad_title", lang),
    }
    title = _text("value_title", lang)
    if kind is ValueKind.BOOLEAN:
        text = _text("boolean", lang)
        return _prompt(title, text, type="list", formula1='"TRUE,FALSE"', error=text, **common)
    codes = rule.level_codes()
    if codes:
        text = _text("levels", lang, codes=", ".join(codes))
        return _prompt(
            title, text, type="list", formula1=f'"{",".join(codes)}"', error=text, **common
        )
    if kind is ValueKind.PERCENT:
        text = _text("percent", lang)
        return _prompt(
            title,
            text,
            type="decimal",
            operator="between",
            formula1="0",
            formula2="100",
            error=text,
            **common,
        )
    if kind is ValueKind.COUNT:
        text = _text("count", lang)
        return _prompt(
            title,
            text,
            type="whole",
            operator="greaterThanOrEqual",
            formula1="0",
            error=text,
            **common,
        )
    text = _text("number", lang, unit=indicator.unit)
    return _prompt(
        title,
        text,
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        error=text,
        **common,
    )


# The Petunjuk sheet, line by line: (style, Indonesian, English). Style is ``title``,
# ``heading`` (a blank line goes before it) or ``text``. The fields in braces are filled
# in by _instructions: the sheet names in the template's language, the regulation, the
# data year, and the indicator sheet's line (which depends on whether the regulation
# has indicators).
_GUIDE: tuple[tuple[str, str, str], ...] = (
    ("title", "Petunjuk pengisian templat KKPHAM", "How to fill in this KKPHAM template"),
    (
        "text",
        "Penilaian Kabupaten/Kota Peduli Hak Asasi Manusia menurut {title}.",
        "The assessment of human-rights-caring regencies and cities (Kabupaten/Kota "
        "Peduli HAM) under Permenkumham {short_name}.",
    ),
    ("heading", "1. Yang diisi", "1. What to fill in"),
    (
        "text",
        "Isi hanya sel berwarna kuning. Sel lain berisi keterangan dan dikunci agar "
        "tidak berubah tanpa sengaja.",
        "Fill in the yellow cells only. The other cells are labels, locked so that they "
        "are not changed by accident.",
    ),
    (
        "text",
        "Lembar {info}: kode wilayah, nama kabupaten/kota, dan tahun data yang dinilai.",
        "Sheet {info}: the region code, the regency/city name and the data year assessed.",
    ),
    (
        "text",
        "Lembar {dims}: capaian (%) dimensi struktur, proses, dan hasil untuk setiap "
        "hak, satu baris per hak.",
        "Sheet {dims}: the achievement (%) of the structure (struktur), process "
        "(proses) and outcome (hasil) dimensions of each right, one row per right.",
    ),
    ("text", "{indicator_sheet_id}", "{indicator_sheet_en}"),
    (
        "text",
        "Pilih sebuah sel kuning untuk melihat keterangan isinya.",
        "Select a yellow cell to see what it takes.",
    ),
    ("heading", "2. Kode wilayah dan nama", "2. Region code and name"),
    (
        "text",
        "Kode wilayah adalah kode Kemendagri kabupaten/kota: dua angka kode provinsi, "
        "titik, lalu dua angka, mis. 72.71 untuk Kota Palu dan 32.01 untuk Kabupaten "
        "Bogor. Kode kabupaten berakhir 01 sampai 69, kode kota 71 sampai 99.",
        "The region code is the Kemendagri code of the regency/city: the province's two "
        "digits, a point, then two digits, e.g. 72.71 for Kota Palu and 32.01 for "
        "Kabupaten Bogor. Regencies end in 01 to 69, cities in 71 to 99.",
    ),
    (
        "text",
        "Daftar kode yang dipakai: {list_instrument}. Kode yang tidak ada dalam daftar "
        "ditolak saat impor.",
        "The list of codes used: {list_instrument}. A code not on the list is refused on import.",
    ),
    (
        "text",
        "Ganti isian contoh {placeholder_code} dan {placeholder_name} dengan kode "
        "dan nama daerah Anda. Berkas yang masih berisi isian contoh ditolak.",
        "Replace the placeholders {placeholder_code} and {placeholder_name} with "
        "your region's code and name. A file that still holds them is refused.",
    ),
    ("heading", "3. Tahun data", "3. Data year"),
    (
        "text",
        "Tahun data adalah tahun kegiatan yang dinilai (Januari sampai Desember), bukan "
        "tahun penilaian atau penghargaan. Templat ini sudah terisi {year}; ubah bila "
        "menilai tahun lain.",
        "The data year is the year whose work is assessed (January to December), not "
        "the year of the assessment or award. This template has {year}; change it to "
        "assess another year.",
    ),
    ("heading", "4. Cara menulis angka", "4. How to write numbers"),
    (
        "text",
        "Capaian ditulis dalam persen, dari 0 sampai 100, mis. 85,5 untuk 85,5%. "
        "Jangan menulis 0,855.",
        "Achievements are percentages from 0 to 100, e.g. 85.5 for 85.5%. Do not write 0.855.",
    ),
    (
        "text",
        "Pakai tanda desimal yang biasa dipakai komputer Anda (koma atau titik). Sel "
        "yang diformat sebagai persen (85,5%) juga dibaca dengan benar.",
        "Use your computer's decimal sign (a comma or a point). A cell formatted as a "
        "percentage (85.5%) is read correctly too.",
    ),
    (
        "text",
        "Sel yang dibiarkan kosong berarti tidak ada data: dimensi itu dinilai tidak "
        "tercapai, dan hasilnya mencatat hal itu.",
        "A cell left empty means there are no data: that dimension is scored as not "
        "achieved, and the result says so.",
    ),
    (
        "text",
        "Rumus boleh dipakai, asalkan berkas disimpan sesudah dihitung (buka, lalu "
        "simpan kembali).",
        "Formulas are allowed, provided the file is saved after they are calculated "
        "(open it, then save it again).",
    ),
    ("heading", "5. Menyimpan dan mengimpor", "5. Saving and importing"),
    (
        "text",
        "Simpan sebagai buku kerja Excel (.xlsx). Jangan mengganti nama lembar, menambah "
        "atau menghapus baris, atau mengubah kolom yang disembunyikan: kolom itu berisi "
        "kode yang dibaca aplikasi.",
        "Save as an Excel workbook (.xlsx). Do not rename the sheets, add or delete rows, "
        "or change the hidden columns: they hold the codes the application reads.",
    ),
    (
        "text",
        "Impor dengan perintah: kkpham import NAMA-BERKAS.xlsx --out hasil.json",
        "Import with the command: kkpham import FILE.xlsx --out result.json",
    ),
    (
        "text",
        "Setiap kesalahan disebut bersama lembar dan selnya, mis. {dims}!C5: perbaiki "
        "sel itu, simpan, lalu impor lagi.",
        "Every problem is reported with its sheet and cell, e.g. {dims}!C5: correct "
        "that cell, save, and import again.",
    ),
    ("heading", "6. Sel yang dikunci", "6. Locked cells"),
    (
        "text",
        "Lembar dikunci tanpa kata sandi. Jika sel yang dikunci memang perlu diubah: di "
        "Excel pilih Tinjau > Buka Proteksi Lembar; di LibreOffice pilih Alat > Proteksi "
        "Lembar.",
        "The sheets are protected without a password. If a locked cell really must "
        "change: in Excel choose Review > Unprotect Sheet; in LibreOffice choose Tools > "
        "Protect Sheet.",
    ),
)

# The Indikator sheet's line of the guide, with and without indicators encoded ({inds}
# is that sheet's name): (Indonesian, English).
_INDICATOR_SHEET_LINE: dict[bool, tuple[str, str]] = {
    True: (
        "Lembar {inds}: nilai setiap indikator, data dukungnya, dan catatan bila perlu.",
        "Sheet {inds}: each indicator's value, its evidence and a note if needed.",
    ),
    False: (
        "Lembar {inds}: peraturan ini belum memiliki daftar indikator di aplikasi ini; "
        "biarkan lembar ini kosong.",
        "Sheet {inds}: no indicator of this regulation is encoded yet; leave it empty.",
    ),
}


def _instructions(regulation: Regulation, year: int, lang: Lang) -> list[tuple[str, str, str]]:
    """Return the Petunjuk sheet's lines: (style, Indonesian, English).

    Style is ``title``, ``heading`` or ``text``. The sheet names are those the
    template has in ``lang``.
    """
    info, inds, dims = (_label(k, lang) for k in ("info", "indicators", "dimensions"))
    sheet_line_id, sheet_line_en = _INDICATOR_SHEET_LINE[bool(regulation.indicators)]
    fields: dict[str, object] = {
        "info": info,
        "dims": dims,
        "title": regulation.title,
        "short_name": regulation.short_name,
        "year": year,
        "list_instrument": LIST_INSTRUMENT,
        "placeholder_code": PLACEHOLDER_REGION_CODE,
        "placeholder_name": PLACEHOLDER_NAME,
        # filled in first: str.format does not look into the values it puts in
        "indicator_sheet_id": sheet_line_id.format(inds=inds),
        "indicator_sheet_en": sheet_line_en.format(inds=inds),
    }
    return [
        (style, indonesian.format(**fields), english.format(**fields))
        for style, indonesian, english in _GUIDE
    ]


def _write_instructions(guide: Worksheet, regulation: Regulation, year: int, lang: Lang) -> None:
    fonts = {"title": Font(bold=True, size=14), "heading": Font(bold=True), "text": Font()}
    widths = {1: 70.0, 2: 60.0}
    row = 1
    for style, indonesian, english in _instructions(regulation, year, lang):
        if style == "heading":
            row += 1  # a blank line before each section
        for column, text in ((1, indonesian), (2, english)):
            cell = guide.cell(row, column, text)
            cell.font = fonts[style] if column == 1 else Font(italic=True, bold=style != "text")
            cell.alignment = _WRAP
        _fit_height(guide, row, widths, 20 if style == "title" else 15)
        row += 1
    for column, width in widths.items():
        guide.column_dimensions["AB"[column - 1]].width = width


def _cell_value(value: Any) -> Any:
    """Return a spreadsheet cell's value as submission data (numbers exact)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        return value
    text = str(value).strip()
    if text.upper() in ("TRUE", "YA", "ADA"):
        return True
    if text.upper() in ("FALSE", "TIDAK", "TIDAK ADA"):
        return False
    return text or None


@frozen
class _Book:
    """A workbook opened twice: cached values, and formulas (to catch unsaved results)."""

    values: Any
    formulas: Any

    def sheet(self, key: str) -> tuple[Any, Any] | None:
        """Return (values, formulas) of the sheet titled ``key`` in either language."""
        titles = {LABELS[key]["id"], LABELS[key]["en"]}
        for values, formulas in zip(self.values.worksheets, self.formulas.worksheets, strict=True):
            if values.title in titles:
                return values, formulas
        return None


def _open(path: Path) -> _Book:
    try:
        return _Book(load_workbook(path, data_only=True), load_workbook(path, data_only=False))
    except Exception as error:  # openpyxl raises many kinds for a non-workbook
        raise SubmissionError(
            f"cannot read {path} as a workbook",
            [Problem("not_a_workbook", "", f"{type(error).__name__}: {error}")],
        ) from error


def is_template_workbook(path: Path) -> bool:
    """Return whether a workbook is a filled-in template (it has an Info sheet)."""
    return _open(path).sheet("info") is not None


def _read(sheet: tuple[Any, Any], row: int, column: int, problems: list[Problem]) -> Any:
    """Return one cell's value as data; a formula without a saved result is a problem."""
    values, formulas = sheet
    cell = values.cell(row, column)
    where = f"{values.title}!{cell.coordinate}"
    if cell.value is None and formulas.cell(row, column).data_type == "f":
        problems.append(
            Problem(
                "formula_without_value",
                "",
                "a formula with no saved result: open and save the file in a "
                "spreadsheet program, or type the value",
                location=where,
            )
        )
        return None
    value = _cell_value(cell.value)
    if isinstance(value, Decimal) and "%" in str(cell.number_format):
        value = value * 100  # a cell shown as 85.5% holds 0.855
    return value


def _stray(sheet: tuple[Any, Any], first_column: int, rows: range, problems: list[Problem]) -> None:
    """Report every non-empty cell from ``first_column`` on: nothing typed is ignored."""
    values, formulas = sheet
    for row in rows:
        for column in range(first_column, values.max_column + 1):
            cell = values.cell(row, column)
            # a formula saved without its result has no value but was typed all the same
            if cell.value not in (None, "") or formulas.cell(row, column).value not in (None, ""):
                problems.append(
                    Problem(
                        "value_outside_template",
                        "",
                        "a value outside the cells the template reads",
                        location=f"{values.title}!{cell.coordinate}",
                    )
                )


def _code_text(value: Any, where: str, warned: list[Problem]) -> Any:
    """Return a region code cell as text; a number that lost its last zero gets it back.

    A cell not formatted as text turns ``11.10`` into the number 11.1: a
    number with one decimal is read as the code with a trailing zero, and a
    warning says so (the Kemendagri list check follows). Anything else is
    returned as it is, for the submission's own check.
    """
    if isinstance(value, Decimal) and value.as_tuple().exponent == -1 and 10 <= value < 100:
        code = f"{value:.2f}"
        warned.append(
            Problem(
                "region_code_number",
                "/region/code",
                f"the region code is the number {value}, read as {code}: format the cell "
                "as text so that the code is kept as typed",
                code,
                str(value),
                where,
            )
        )
        return code
    return value


def read_cohort_workbook(path: Path, *, notices: list[Problem] | None = None) -> list[Submission]:
    """Return the submissions in a workbook whose first sheet has the dimension-level layout.

    The first row holds :data:`~kkpham_rules.files.cohort.CSV_COLUMNS`; every
    problem's ``location`` is the cell (``"Sheet1!G7"``). Region codes are
    checked as in :func:`~kkpham_rules.files.cohort.from_rows`; warnings go to
    ``notices`` if given, else are issued as Python warnings.
    """
    book = _open(path)
    sheet = (book.values.worksheets[0], book.formulas.worksheets[0])
    title = sheet[0].title
    header = tuple(sheet[0].cell(1, c).value for c in range(1, sheet[0].max_column + 1))
    if header != CSV_COLUMNS:
        raise SubmissionError(
            f"{path.name}: the first row must be exactly {','.join(CSV_COLUMNS)}",
            [
                Problem(
                    "bad_header",
                    "",
                    "unexpected header",
                    ",".join(CSV_COLUMNS),
                    ",".join(str(h) for h in header),
                    f"{title}!A1",
                )
            ],
        )
    problems: list[Problem] = []
    warned: list[Problem] = []
    rows, row_numbers = [], []
    for row in range(2, sheet[0].max_row + 1):
        data = {key: _read(sheet, row, c, problems) for c, key in enumerate(CSV_COLUMNS, start=1)}
        if any(value is not None for value in data.values()):
            data["region_code"] = _code_text(data["region_code"], f"{title}!A{row}", warned)
            rows.append(data)
            row_numbers.append(row)
    if problems:
        raise SubmissionError(f"{path.name}: {len(problems)} problem(s)", problems)
    letters = {name: "ABCDEFG"[i] for i, name in enumerate(CSV_COLUMNS)}
    submissions = from_rows(
        rows,
        lambda index, column: f"{title}!{letters[column]}{row_numbers[index]}",
        notices=warned,
    )
    emit_warnings(warned, notices)
    return submissions


_Sheet = tuple[Any, Any]  # (values, formulas) of one sheet, as _Book.sheet returns it


def read_workbook(
    path: Path, *, registry: Registry | None = None, notices: list[Problem] | None = None
) -> Submission:
    """Return the submission in a filled-in template workbook.

    Raises :class:`SubmissionError`; each problem's ``location`` is
    ``"Sheet!A1"``. Sheets are found by their titles in either language; the
    *Petunjuk* sheet is not read. Nothing typed is ignored: a value outside the
    cells the template reads, a row given twice, a formula without a saved
    result, or an edited indicator row is an error; a cell formatted as a
    percentage is read as shown (85.5%, not 0.855), and a share typed as text
    with a decimal comma (``85,5``) is read as 85.5.

    A template that was not filled in is refused: the placeholders ``00.00``
    and ``NAMA KABUPATEN/KOTA``, an empty name, or no value typed in any
    indicator or dimension cell are each an error at its cell. The region code
    is checked against the Kemendagri list (:func:`kkpham_rules.files.regions.check_region`):
    a code on no list is an error; a replaced code or a name other than the
    list's is a warning, appended to ``notices`` if given, else issued as a
    :class:`~kkpham_rules.files.regions.RegionWarning`.
    """
    info, indicators, dimensions = _template_sheets(path)
    # every problem is gathered, not just the first, so that one import names them all
    problems: list[Problem] = []
    warned: list[Problem] = []
    fields, where = _read_info(info, problems)
    region, reported = _checked_region(fields, where, problems, warned)
    indicator_values, listed = _read_indicators(indicators, where, problems)
    shares, any_right = _read_dimensions(dimensions, where, problems)
    data: dict[str, Any] = {
        "region": region,
        "assessment_year": _whole_year(fields.get("assessment_year")),
        "indicators": indicator_values,
        "dimensions": shares,
    }
    if fields.get("regulation"):
        data["regulation"] = str(fields["regulation"])
    where |= {
        "/region/code": where.get("region_code", ""),
        "/region/name": where.get("region_name", ""),
        "/assessment_year": where.get("assessment_year", ""),
        "/regulation": where.get("regulation", ""),
    }
    if not indicator_values and not shares:
        first_input = f"{dimensions[0].title}!C2" if any_right else f"{indicators[0].title}!H2"
        problems.append(_empty_template(first_input))
    submission = _parse(data, path, where, reported, problems)
    regulation = _regulation_for(submission, registry or default_registry())
    problems += _edited_indicator_rows(listed, regulation, indicators[0].title)
    _, found = check_submission(submission, regulation)
    problems += [_located(p, where) for p in found]
    if problems:
        raise SubmissionError(f"{path.name}: {len(problems)} problem(s)", problems)
    emit_warnings(warned, notices)
    return submission


def _template_sheets(path: Path) -> tuple[_Sheet, _Sheet, _Sheet]:
    """Return the Info, indicator and dimension sheets; a workbook without one is refused."""
    book = _open(path)
    sheets = {key: book.sheet(key) for key in ("info", "indicators", "dimensions")}
    info, indicators, dimensions = sheets.values()
    if info is None or indicators is None or dimensions is None:
        absent = [LABELS[key]["id"] for key, sheet in sheets.items() if sheet is None]
        raise SubmissionError(
            f"{path.name} is not a kkpham template",
            [Problem("not_a_template", "", f"no sheet called {', '.join(absent)}")],
        )
    return info, indicators, dimensions


def _duplicate_row(message: str, location: str) -> Problem:
    return Problem("duplicate_row", "", message, location=location)


def _read_info(info: _Sheet, problems: list[Problem]) -> tuple[dict[str, Any], dict[str, str]]:
    """Return the Info sheet's values by key, and the cell each came from.

    Each row is found by its hidden key in column C (the label beside it is in
    the template's language); a row without a known key must be empty, and a
    key given twice is an error.
    """
    fields: dict[str, Any] = {}
    where: dict[str, str] = {}
    for row in range(1, info[0].max_row + 1):
        key = info[0].cell(row, 3).value
        if key not in _INFO_KEYS:
            _stray(info, 1, range(row, row + 1), problems)
            continue
        if key in fields:
            problems.append(_duplicate_row(f"{key} is given twice", f"{info[0].title}!B{row}"))
        fields[str(key)] = _read(info, row, 2, problems)
        where[str(key)] = f"{info[0].title}!B{row}"
    _stray(info, 4, range(1, info[0].max_row + 1), problems)
    return fields, where


def _checked_region(
    fields: dict[str, Any], where: dict[str, str], problems: list[Problem], warned: list[Problem]
) -> tuple[dict[str, str], set[str]]:
    """Return the region the Info sheet gives, and the pointers of its refused cells.

    The code and name are checked here, at their cells; the pointers refused
    are returned so that the submission's own check does not say it twice.
    """
    warn_at = where.get("region_code", "")
    code = str(_code_text(fields.get("region_code"), warn_at, warned) or "")
    name = str(fields.get("region_name") or "").strip()
    reported = _check_region_cells(code, name, where, problems, warned)
    return {"code": code, "name": name}, reported


def _whole_year(year: Any) -> Any:
    """Return a year cell's number as an int (cells hold 2025 as 2025.0); else as it is."""
    return int(year) if isinstance(year, Decimal) and year == year.to_integral() else year


def _data_rows(sheet: _Sheet, problems: list[Problem]) -> Iterator[tuple[int, str]]:
    """Yield (row, id) of each row below the header that has an id in hidden column A.

    A row without an id is one the template did not write: any value in it is
    reported as stray rather than read.
    """
    for row in range(2, sheet[0].max_row + 1):
        row_id = sheet[0].cell(row, 1).value
        if row_id is None:
            _stray(sheet, 2, range(row, row + 1), problems)
        else:
            yield row, str(row_id)


def _read_indicators(
    sheet: _Sheet, where: dict[str, str], problems: list[Problem]
) -> tuple[dict[str, Any], dict[str, tuple[str, str, int]]]:
    """Return the indicator values typed in, and every listed indicator's (right, dimension, row).

    The right and dimension are returned as the sheet has them, to be checked
    against the regulation once it is known (:func:`_edited_indicator_rows`).
    """
    values: dict[str, Any] = {}
    listed: dict[str, tuple[str, str, int]] = {}
    title = sheet[0].title
    for row, indicator_id in _data_rows(sheet, problems):
        value, evidence, note = (_read(sheet, row, column, problems) for column in (8, 9, 10))
        _stray(sheet, 11, range(row, row + 1), problems)
        if indicator_id in listed:
            message = f"indicator {indicator_id} is listed twice"
            problems.append(_duplicate_row(message, f"{title}!A{row}"))
            continue
        right, dimension = (str(sheet[0].cell(row, column).value) for column in (2, 3))
        listed[indicator_id] = (right, dimension, row)
        if value is None and evidence is None and note is None:
            continue
        values[indicator_id] = _indicator_entry(value, evidence, note)
        where[json_pointer(["indicators", indicator_id])] = f"{title}!H{row}"
    return values, listed


def _indicator_entry(value: Any, evidence: Any, note: Any) -> dict[str, Any]:
    """Return one indicator's submission entry; evidence is typed as ``a; b``."""
    entry: dict[str, Any] = {"value": value}
    if evidence:
        entry["evidence"] = [part.strip() for part in str(evidence).split(";") if part.strip()]
    if note:
        entry["note"] = str(note)
    return entry


def _read_dimensions(
    sheet: _Sheet, where: dict[str, str], problems: list[Problem]
) -> tuple[dict[str, dict[str, Any]], bool]:
    """Return the shares typed in by right, and whether the sheet lists any right."""
    shares: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    title = sheet[0].title
    for row, right_id in _data_rows(sheet, problems):
        typed = {
            d.value: _read(sheet, row, column, problems)
            for column, d in enumerate(Dimension, start=3)
        }
        _stray(sheet, 6, range(row, row + 1), problems)
        if right_id in seen:
            problems.append(_duplicate_row(f"right {right_id} is listed twice", f"{title}!A{row}"))
            continue
        seen.add(right_id)
        given = {k: _share_text(v) for k, v in typed.items() if v is not None}
        if given:  # a right with no share typed stays out of the submission
            shares[right_id] = given
            for letter, dimension in zip("CDE", Dimension, strict=True):
                where[json_pointer(["dimensions", right_id, dimension.value])] = (
                    f"{title}!{letter}{row}"
                )
            where[json_pointer(["dimensions", right_id])] = f"{title}!A{row}"
    return shares, bool(seen)


def _empty_template(first_input: str) -> Problem:
    return Problem(
        "empty_template",
        "/dimensions",
        "nothing is filled in: type each right's achievement (0-100) in the yellow "
        "cells, or the indicators' values",
        location=first_input,
    )


def _parse(
    data: dict[str, Any],
    path: Path,
    where: dict[str, str],
    reported: set[str],
    problems: list[Problem],
) -> Submission:
    """Return the submission the data make; refuse it with every problem found so far."""
    try:
        return parse_submission(data)
    except SubmissionError as error:
        found = [p for p in error.problems if p.pointer not in reported]  # said once, above
        problems += [_located(p, where) for p in found]
        raise SubmissionError(f"{path.name}: {len(problems)} problem(s)", problems) from error


def _regulation_for(submission: Submission, registry: Registry) -> Regulation:
    """Return the regulation the submission names, else the one in force in its year."""
    if submission.regulation:
        return registry.get(submission.regulation)
    return registry.in_force(submission.assessment_year)


def _edited_indicator_rows(
    listed: dict[str, tuple[str, str, int]], regulation: Regulation, title: str
) -> list[Problem]:
    """Return a problem for each indicator row whose right or dimension was changed.

    The reader goes by the hidden id: a row whose visible right or dimension
    no longer matches it was edited, and which one was meant cannot be told.
    """
    problems: list[Problem] = []
    for indicator_id, (right_text, dimension_text, row) in listed.items():
        indicator = regulation.indicator(indicator_id)
        declared = (indicator.right_id, indicator.dimension.value) if indicator else None
        if declared is not None and (right_text, dimension_text) != declared:
            problems.append(
                Problem(
                    "edited_template",
                    "",
                    f"the right or dimension of {indicator_id} was changed",
                    " / ".join(declared),
                    f"{right_text} / {dimension_text}",
                    f"{title}!B{row}",
                )
            )
    return problems


def _check_region_cells(
    code: str, name: str, where: dict[str, str], problems: list[Problem], warned: list[Problem]
) -> set[str]:
    """Check the Info sheet's code and name; return the pointers reported (not to repeat)."""
    reported: set[str] = set()
    for finding in check_region(code, name):
        pointer = f"/region/{finding.field}"
        problem = Problem(
            finding.code,
            pointer,
            finding.message,
            finding.expected,
            finding.received,
            where.get(f"region_{finding.field}"),
        )
        if finding.severity == "error":
            problems.append(problem)
            reported.add(pointer)
        else:
            warned.append(problem)
    if not name:
        problems.append(
            Problem(
                "missing",
                "/region/name",
                "the region name is empty: type the name of the kabupaten/kota",
                location=where.get("region_name"),
            )
        )
        reported.add("/region/name")
    return reported


def _share_text(value: Any) -> Any:
    """Return a share typed as text with a decimal comma (``"85,5"``) as ``"85.5"``."""
    return _share(value) if isinstance(value, str) else value


def _located(problem: Problem, where: dict[str, str]) -> Problem:
    """Return the problem with the cell its pointer came from (longest match)."""
    pointer = problem.pointer
    while pointer and pointer not in where:
        pointer = pointer.rsplit("/", 1)[0]
    location = where.get(pointer) or None
    return Problem(
        problem.code, problem.pointer, problem.message, problem.expected, problem.received, location
    )
