"""Messages for people: every problem and warning in plain Indonesian or English.

The library's errors carry machine-readable :class:`~kkpham_rules.errors.Problem`
values (a stable ``code``, a JSON ``pointer``, ``expected``, ``received``,
``location``) and an English ``message``. This module turns them into the
sentence a person reads, in Indonesian (``"id"``, the default: regional staff
read these first) or English (``"en"``), with the field named in words and a
suggestion where one helps (an example value, the key probably meant):

>>> from kkpham_rules.errors import Problem
>>> problem = Problem("string_pattern_mismatch", "/region/code", "", received='"7271"')
>>> render(problem, "id")
'kode wilayah harus berbentuk 2 digit titik 2 digit, misalnya 72.71 (tertulis: "7271")'
>>> render(problem, "en")
'the region code must be 2 digits, a dot and 2 digits, e.g. 72.71 (given: "7271")'

The sentence is built from the problem's machine-readable fields, never from a
validation library's wording, so it survives the wrapping cohort and workbook
readers do (they copy those fields and prefix the pointer). Warnings of an
evaluation are rendered the same way, their details taken from the evaluation
(:func:`render` with ``evaluation=``). :func:`collapse` folds repeated problems
(the same problem in 514 records) into one line with a count and example places;
:func:`headline` says what an error is about in one line.

The labels people read outside messages (reports, workbook templates, charts,
the command line's listings) are in one table too, :data:`LABELS`, read with
:func:`label`.

The language comes from the caller (``kkpham --lang``), else the ``KKPHAM_LANG``
environment variable, else Indonesian (:func:`default_lang`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:
    from .errors import KkphamError
    from .result import Evaluation

__all__ = [
    "CATALOGUE",
    "JSON_HINTS",
    "LABELS",
    "LANGS",
    "LANG_VARIABLE",
    "NOTICES",
    "NO_SUCH_KEY",
    "Lang",
    "check_detail",
    "citation_text",
    "collapse",
    "default_lang",
    "gap_text",
    "headline",
    "label",
    "labels",
    "place",
    "render",
    "text",
]

Lang = Literal["id", "en"]
"""A message language: Indonesian or English."""

LANGS: tuple[Lang, ...] = ("id", "en")
"""The languages messages are written in, the default first."""

LANG_VARIABLE = "KKPHAM_LANG"
"""The environment variable that sets the default language (``id`` or ``en``)."""


class _Located(Protocol):
    """What :func:`render` reads of a problem or a warning."""

    @property
    def code(self) -> str: ...  # pragma: no cover

    @property
    def pointer(self) -> str: ...  # pragma: no cover

    @property
    def message(self) -> str: ...  # pragma: no cover


def default_lang(environ: Mapping[str, str] | None = None) -> Lang:
    """Return the language ``KKPHAM_LANG`` names (``id``, ``en``, ``en_US.UTF-8``...), else ``id``.

    >>> default_lang({"KKPHAM_LANG": "en_GB"}), default_lang({})
    ('en', 'id')
    """
    value = (os.environ if environ is None else environ).get(LANG_VARIABLE, "")
    first = re.split(r"[_.\-@]", value.strip().lower(), maxsplit=1)[0]
    return "en" if first == "en" else "id"


# --- the catalogue ---------------------------------------------------------------
#
# One entry per problem code: (Indonesian, English). The templates are lower case
# (the CLI prints them after the place and a colon) and are filled from the
# problem's fields:
#
#   {field}    the field at the pointer, in words ("kode wilayah", "the data year")
#   {key}      the pointer's last step; {right}, {dimension}, {indicator} from it
#   {value}    ``received`` as given; {given} is " (tertulis: ...)" or "" without it
#   {expected} ``expected`` in words; {wanted} is " (yang diharapkan: ...)" or ""
#   {bound}    the number in ``expected`` (a range bound, a length)
#   {suggest}  "; mungkin maksudnya ...?" from the names at hand, else the names
#   {hint}     advice read from ``expected`` (a broken JSON file, an unreadable one)
#   {detail}   the English message the code's author wrote (record prefix removed);
#              used only where its specifics are in no other field
#
# Codes emitted by the library's own modules, the pydantic error types a document
# can raise, and the custom types of the submission's validators all have an entry
# (tests/test_messages.py walks the sources); anything else gets _FALLBACK.

CATALOGUE: dict[str, tuple[str, str]] = {
    # reading a document
    "not_json": (
        "berkas ini bukan JSON yang sah{hint}",
        "the file is not valid JSON{hint}",
    ),
    "not_utf8": (
        'berkas ini bukan teks UTF-8; simpan ulang dengan pengodean UTF-8 (di Excel: "CSV UTF-8")',
        'the file is not UTF-8 text; save it again as UTF-8 (in Excel: "CSV UTF-8")',
    ),
    "not_yaml": (
        "berkas YAML ini tidak dapat dibaca: ada salah tulis, kunci ganda, atau fitur YAML "
        "yang tidak diizinkan; periksa di sekitar tempat itu",
        "{detail}",
    ),
    "too_large": (
        "berkas terlalu besar untuk dibaca{wanted}; pecah menjadi beberapa berkas",
        "the file is too large to read{wanted}; split it into several files",
    ),
    # the HTTP service (kkpham serve)
    "no_such_resource": (
        "alamat ini tidak ada di layanan{given}; periksa ejaannya",
        "there is no such address in the service{given}; check its spelling",
    ),
    "method_not_allowed": (
        "alamat ini tidak menerima metode itu{given}{wanted}; baca dokumen OpenAPI layanan",
        "this address does not take that method{given}{wanted}; see the service's OpenAPI document",
    ),
    "no_such_schema": (
        'tidak ada skema JSON bernama "{value}"; yang diterbitkan: {expected}',
        'no JSON Schema is called "{value}"; published: {expected}',
    ),
    "bad_request": (
        "permintaan ini tidak dapat diterima{given}; baca dokumen OpenAPI layanan",
        "the request cannot be accepted{given}; see the service's OpenAPI document",
    ),
    "too_many_regions": (
        "data ini berisi {value} kabupaten/kota, lebih dari yang diterima layanan ini sekali "
        "kirim ({expected}); pecah menjadi beberapa bagian",
        "this holds {value} regions, more than this service takes at once ({expected}); "
        "split it into parts",
    ),
    "too_slow": (
        "pekerjaan ini butuh lebih dari {expected} detik sehingga dihentikan; coba lagi "
        "sebentar lagi, atau kirim data dalam bagian yang lebih kecil",
        "the work took longer than {expected} seconds and was stopped; try again shortly, "
        "or send the data in smaller parts",
    ),
    "bad_setting": (
        "pengaturan {key} harus {expected}{given}; perbaiki di lingkungan server",
        "the setting {key} must be {expected}{given}; fix it in the server's environment",
    ),
    "api_key_missing": (
        "permintaan ini mengubah data dan memerlukan kunci API; kirim header "
        "Authorization: Bearer <kunci>",
        "this request writes and needs an API key; send the header Authorization: Bearer <key>",
    ),
    "api_key_refused": (
        "kunci API ini tidak dikenal server; periksa kuncinya, atau minta kunci kepada "
        "pengelola server",
        "the server does not know this API key; check it, or ask the server's administrator "
        "for one",
    ),
    "no_api_keys": (
        "server ini belum diberi kunci API, jadi tidak menerima perubahan data; pengelola "
        "server perlu mengisi KKPHAM_API_KEYS atau KKPHAM_API_KEYS_FILE",
        "this server has no API keys configured, so it accepts no writes; its administrator "
        "sets KKPHAM_API_KEYS or KKPHAM_API_KEYS_FILE",
    ),
    "no_archive_configured": (
        "layanan ini tidak menyimpan arsip; pengelola server perlu menjalankannya dengan "
        "`kkpham serve --database URL` atau mengisi KKPHAM_DATABASE_URL",
        "this service keeps no archive; its administrator starts it with "
        "`kkpham serve --database URL` or sets KKPHAM_DATABASE_URL",
    ),
    "refused_record_altered": (
        "arsip menolak catatan ini: isinya berubah setelah dibuat (digest tidak cocok); kirim "
        "berkas catatan asli seperti yang ditulis `kkpham evaluate --record`",
        "the archive refused this record: it was changed after it was made (the digest does "
        "not match); send the original file `kkpham evaluate --record` wrote",
    ),
    "refused_submission_altered": (
        "arsip menolak catatan ini: data masukan di dalamnya tidak cocok dengan hash "
        "masukannya; kirim berkas catatan asli",
        "the archive refused this record: its submission does not match its input hash; "
        "send the original record file",
    ),
    "refused_unsigned": (
        "arsip ini hanya menerima catatan yang ditandatangani; tandatangani dengan "
        "`kkpham evaluate --record BERKAS --sign KUNCI`",
        "this archive admits signed records only; sign it with "
        "`kkpham evaluate --record FILE --sign KEY`",
    ),
    "refused_unknown_key": (
        "arsip menolak catatan ini: penandatangannya tidak termasuk kunci tepercaya server; "
        "minta pengelola server menambahkan kunci publiknya",
        "the archive refused this record: its signer is not one of the server's trusted keys; "
        "ask the server's administrator to add its public key",
    ),
    "refused_bad_signature": (
        "arsip menolak catatan ini: tanda tangannya tidak sah untuk isinya; kirim berkas "
        "catatan asli yang ditandatangani",
        "the archive refused this record: its signature is not valid for its content; send "
        "the original signed record file",
    ),
    "record_refused": (
        "arsip menolak catatan ini (rincian: {detail}); periksa dengan `kkpham verify`",
        "the archive refused this record: {detail}; check it with `kkpham verify`",
    ),
    "bad_form": (
        "isi formulir tidak dapat dibaca; kirim sebagai multipart/form-data (misalnya dengan "
        "curl -F)",
        "the form cannot be read; send it as multipart/form-data (e.g. with curl -F)",
    ),
    "unsupported_media_type": (
        "jenis isi permintaan ini tidak dapat dibaca di sini{given}; kirim formulir "
        "multipart/form-data atau JSON",
        "content of this type cannot be read here{given}; send a multipart/form-data form or JSON",
    ),
    "repeated_field": (
        "{field} diisi lebih dari sekali{given}; isi sekali saja",
        "{field} is given more than once{given}; give it once",
    ),
    "missing_cohort": (
        "data kabupaten/kota belum diberikan: unggah berkas di bagian cohort, atau isi "
        "synthetic dengan jumlah wilayah sintetis",
        "no regions are given: upload a file as the cohort part, or set synthetic to a "
        "number of synthetic regions",
    ),
    "two_cohorts": (
        "berikan berkas cohort atau synthetic, jangan keduanya",
        "give the cohort file or synthetic, not both",
    ),
    "too_deep": (
        "isi berkas bersarang terlalu dalam (objek di dalam objek berulang-ulang); "
        "periksa apakah ini memang berkas data KKPHAM",
        "the document nests objects or arrays too deeply; check that it is a KKPHAM data file",
    ),
    "nul_character": (
        "teks di sini memuat karakter NUL (\\u0000), yang tidak dapat disimpan di arsip; "
        "berkas ini tidak ditulis oleh kkpham: periksa asalnya",
        "the text here holds a NUL character (\\u0000), which no archive can store; kkpham "
        "did not write this file: check where it came from",
    ),
    "lone_surrogate": (
        "teks di sini memuat karakter yang tidak sah (separuh pasangan surrogate UTF-16, "
        "mis. \\ud800), yang tidak dapat disimpan sebagai UTF-8; berkas ini tidak ditulis "
        "oleh kkpham: periksa asalnya",
        "the text here holds an invalid character (half a UTF-16 surrogate pair, e.g. "
        "\\ud800) that cannot be stored as UTF-8; kkpham did not write this file: check "
        "where it came from",
    ),
    "not_a_number": (
        "{value} bukan angka yang dapat dipakai; tulis angka biasa, misalnya 85.5",
        "{value} is not a usable number; write a plain number, e.g. 85.5",
    ),
    "duplicate_key": (
        "kunci {value} ditulis dua kali dalam satu objek; hapus salah satunya",
        "the key {value} is given twice in one object; remove one of them",
    ),
    "unreadable_file": (
        "berkas {value} tidak dapat dibuka{hint}; periksa nama, folder dan izin bacanya",
        "the file {value} cannot be opened{hint}; check its name, folder and permissions",
    ),
    "unwritable_file": (
        "berkas tidak dapat ditulis{given}; periksa bahwa foldernya ada dan boleh ditulisi",
        "the file cannot be written{given}; check that its folder exists and is writable",
    ),
    # the shape of a document (pydantic error types, and the submission's own)
    "missing": ("{field} belum diisi", "{field} is missing"),
    "extra_forbidden": (
        'kunci "{key}" tidak dikenal di sini{suggest}',
        'the key "{key}" is not known here{suggest}',
    ),
    "string_pattern_mismatch": (
        "{field} tidak sesuai bentuk yang diharapkan{wanted}{given}",
        "{field} does not have the expected form{wanted}{given}",
    ),
    "string_type": (
        "{field} harus berupa teks dalam tanda kutip{given}",
        "{field} must be text in quotes{given}",
    ),
    "string_too_short": (
        "{field} terlalu pendek, paling sedikit {bound} karakter{given}",
        "{field} is too short: at least {bound} character(s){given}",
    ),
    "string_too_long": (
        "{field} terlalu panjang, paling banyak {bound} karakter",
        "{field} is too long: at most {bound} character(s)",
    ),
    "too_short": (
        "{field} terlalu sedikit isinya, paling sedikit {bound}",
        "{field} has too few items: at least {bound}",
    ),
    "too_long": (
        "{field} terlalu banyak isinya, paling banyak {bound}",
        "{field} has too many items: at most {bound}",
    ),
    "int_type": (
        "{field} harus berupa bilangan bulat tanpa tanda kutip{given}",
        "{field} must be a whole number without quotes{given}",
    ),
    "int_parsing": (
        "{field} harus berupa bilangan bulat{given}",
        "{field} must be a whole number{given}",
    ),
    "int_from_float": (
        "{field} harus berupa bilangan bulat, tanpa angka desimal{given}",
        "{field} must be a whole number, without decimals{given}",
    ),
    "greater_than_equal": (
        "{field} tidak boleh kurang dari {bound}{given}",
        "{field} must not be less than {bound}{given}",
    ),
    "greater_than": (
        "{field} harus lebih dari {bound}{given}",
        "{field} must be more than {bound}{given}",
    ),
    "less_than_equal": (
        "{field} tidak boleh lebih dari {bound}{given}",
        "{field} must not be more than {bound}{given}",
    ),
    "less_than": (
        "{field} harus kurang dari {bound}{given}",
        "{field} must be less than {bound}{given}",
    ),
    "multiple_of": (
        "{field} harus kelipatan {bound}{given}",
        "{field} must be a multiple of {bound}{given}",
    ),
    "dict_type": (
        "{field} harus berupa objek {{...}}{given}",
        "{field} must be an object {{...}}{given}",
    ),
    "model_type": (
        "{field} harus berupa objek {{...}}{given}",
        "{field} must be an object {{...}}{given}",
    ),
    "model_attributes_type": (
        "{field} harus berupa objek {{...}}{given}",
        "{field} must be an object {{...}}{given}",
    ),
    "list_type": (
        "{field} harus berupa daftar [...]{given}",
        "{field} must be a list [...]{given}",
    ),
    "tuple_type": (
        "{field} harus berupa daftar [...]{given}",
        "{field} must be a list [...]{given}",
    ),
    "set_type": (
        "{field} harus berupa daftar [...]{given}",
        "{field} must be a list [...]{given}",
    ),
    "bool_type": (
        "{field} harus true atau false, tanpa tanda kutip{given}",
        "{field} must be true or false, without quotes{given}",
    ),
    "bool_parsing": (
        "{field} harus true atau false{given}",
        "{field} must be true or false{given}",
    ),
    "decimal_type": ("{field} harus berupa angka{given}", "{field} must be a number{given}"),
    "decimal_parsing": ("{field} harus berupa angka{given}", "{field} must be a number{given}"),
    "decimal_max_digits": (
        "{field} memakai terlalu banyak digit{given}",
        "{field} has too many digits{given}",
    ),
    "decimal_max_places": (
        "{field} memakai terlalu banyak angka di belakang titik{given}",
        "{field} has too many decimal places{given}",
    ),
    "decimal_whole_digits": (
        "{field} memakai terlalu banyak digit di depan titik{given}",
        "{field} has too many digits before the point{given}",
    ),
    "float_type": ("{field} harus berupa angka{given}", "{field} must be a number{given}"),
    "float_parsing": ("{field} harus berupa angka{given}", "{field} must be a number{given}"),
    "finite_number": (
        "{field} harus berupa angka biasa (bukan tak hingga atau NaN){given}",
        "{field} must be a finite number{given}",
    ),
    "literal_error": (
        "{field} harus salah satu dari: {expected}{given}",
        "{field} must be one of: {expected}{given}",
    ),
    "enum": (
        "{field} harus salah satu dari: {expected}{given}",
        "{field} must be one of: {expected}{given}",
    ),
    "union_tag_invalid": (
        "jenis {value} tidak dikenal{suggest}",
        "the kind {value} is not known{suggest}",
    ),
    "union_tag_not_found": (
        "{field} tidak menyebut jenisnya; tambahkan kunci {expected}",
        "{field} does not say what kind it is; add the key {expected}",
    ),
    "date_type": (
        "{field} harus berupa tanggal TTTT-BB-HH, misalnya 2021-12-31{given}",
        "{field} must be a date YYYY-MM-DD, e.g. 2021-12-31{given}",
    ),
    "date_parsing": (
        "{field} harus berupa tanggal TTTT-BB-HH, misalnya 2021-12-31{given}",
        "{field} must be a date YYYY-MM-DD, e.g. 2021-12-31{given}",
    ),
    "date_from_datetime_parsing": (
        "{field} harus berupa tanggal TTTT-BB-HH, misalnya 2021-12-31{given}",
        "{field} must be a date YYYY-MM-DD, e.g. 2021-12-31{given}",
    ),
    "date_from_datetime_inexact": (
        "{field} harus berupa tanggal saja, tanpa jam{given}",
        "{field} must be a date without a time{given}",
    ),
    "value_error": (
        "{field} tidak dapat diterima (rincian: {detail})",
        "{field} is not acceptable: {detail}",
    ),
    "assertion_error": (
        "{field} tidak dapat diterima (rincian: {detail})",
        "{field} is not acceptable: {detail}",
    ),
    "percent_type": (
        "{field} harus berupa persentase dari 0 sampai 100{given}",
        "{field} must be a percentage from 0 to 100{given}",
    ),
    "percent_string": (
        "{field} harus berupa persentase dari 0 sampai 100 yang ditulis dengan angka, "
        'misalnya 85 atau "85.5"{given}',
        '{field} must be a percentage from 0 to 100 written in digits, e.g. 85 or "85.5"{given}',
    ),
    "number_out_of_range": (
        "{field} terlalu besar, terlalu kecil atau terlalu banyak digitnya{wanted}{given}",
        "{field} is too large, too small or has too many digits{wanted}{given}",
    ),
    "indicator_value": (
        "{field} harus berupa true/false, angka, atau kode tingkat (teks){given}",
        "{field} must be true/false, a number, or a level code (text){given}",
    ),
    # a submission against its regulation
    "unknown_right": (
        'hak "{value}" tidak ada dalam peraturan ini{suggest}',
        'right "{value}" is not in this regulation{suggest}',
    ),
    "unknown_indicator": (
        'indikator "{value}" tidak ada dalam peraturan ini; '
        "lihat id indikator yang dikenal dengan `kkpham template`",
        'indicator "{value}" is not in this regulation; '
        "see the known indicator ids with `kkpham template`",
    ),
    "invalid_value": (
        'nilai {value} tidak dapat dipakai untuk indikator "{indicator}"; '
        "yang diharapkan: {expected}{hint}",
        'the value {value} cannot be used for indicator "{indicator}": {detail}',
    ),
    "conflicting_levels": (
        'dimensi {dimension} hak "{right}" diisi dua kali, sebagai nilai dimensi dan sebagai '
        "nilai indikator; isi salah satunya saja",
        'the {dimension} of right "{right}" is given twice, as a dimension share and as '
        "indicator values; give one or the other",
    ),
    # cohorts and workbooks
    "conflicting_name": (
        "kode wilayah ini sudah dipakai dengan nama lain ({expected}); "
        "tulis nama yang sama di setiap baris{given}",
        "this region code has another name elsewhere ({expected}); "
        "use the same name on every row{given}",
    ),
    "duplicate_row": (
        "data ini sudah ada di baris lain; hapus salah satunya",
        "{detail}; remove one of the rows",
    ),
    "bad_header": (
        "baris judul kolom tidak sesuai; harus tepat: {expected}{given}",
        "the header row must be exactly: {expected}{given}",
    ),
    "extra_cells": (
        "baris ini punya lebih banyak sel daripada judul kolom; hapus isi di luar tabel",
        "this row has more cells than the header; remove what is outside the table",
    ),
    "mixed_delimiters": (
        "pemisah kolom bercampur (titik koma ; dan koma ,); pakai satu jenis pemisah "
        "di seluruh berkas",
        "{detail}",
    ),
    "region_code_number": (
        "kode wilayah terbaca sebagai angka {value} dan dipakai sebagai {expected}; "
        "format sel itu sebagai teks agar kode tersimpan persis seperti diketik",
        "{detail}",
    ),
    "empty_template": (
        "templat belum diisi; ketik nilai (0-100) tiap hak di sel kuning, atau nilai indikatornya",
        "{detail}",
    ),
    "unknown_region_code": (
        "kode {value} tidak ada dalam daftar kode kabupaten/kota Kemendagri{hint}",
        "{detail}",
    ),
    "former_region_code": (
        "{value} adalah kode lama, sebelum provinsinya dimekarkan; kode sekarang {expected}",
        "{detail}",
    ),
    "region_name_differs": (
        'dalam daftar Kemendagri kode ini milik {expected}, bukan "{value}"; periksa kode '
        "dan namanya",
        "{detail}",
    ),
    "placeholder_region": (
        "kode wilayah masih kode contoh dari templat ({value}); ketik kode Kemendagri "
        "kabupaten/kota, misalnya 72.71 untuk Kota Palu",
        "{detail}",
    ),
    "placeholder_name": (
        "nama kabupaten/kota masih nama contoh dari templat ({value}); ketik nama kabupaten/kota",
        "{detail}",
    ),
    "empty_cohort": (
        "tidak ada data kabupaten/kota yang dapat dibaca; periksa berkas atau foldernya",
        "there is no kabupaten/kota data to read; check the file or folder",
    ),
    "not_a_workbook": (
        "berkas ini tidak dapat dibaca sebagai buku kerja Excel; simpan ulang sebagai .xlsx",
        "the file cannot be read as an Excel workbook; save it again as .xlsx",
    ),
    "not_a_catalogue_template": (
        "buku kerja ini tidak punya lembar {expected}, tempat tabel indikator; kembalikan "
        "nama lembarnya, atau buat templat dengan `kkpham catalogue template PERATURAN`",
        "the workbook has no sheet called {expected}, where the indicator table goes; "
        "rename the sheet back, or make a template with `kkpham catalogue template REG`",
    ),
    "spreadsheet_format": (
        "berkas {value} tidak dibaca; simpan ulang sebagai buku kerja .xlsx (atau CSV UTF-8) "
        "di program lembar kerja",
        "{value} files are not read; save it again as an .xlsx workbook (or UTF-8 CSV) in "
        "the spreadsheet program",
    ),
    "not_a_template": (
        "buku kerja ini bukan templat kkpham (ada lembar yang hilang); "
        "buat templat dengan `kkpham template PERATURAN --format xlsx`",
        "the workbook is not a kkpham template ({detail}); "
        "make one with `kkpham template REG --format xlsx`",
    ),
    "formula_without_value": (
        "sel ini berisi rumus tanpa hasil tersimpan; buka dan simpan berkas di program "
        "lembar kerja, atau ketik nilainya",
        "the cell holds a formula with no saved result; open and save the file in a "
        "spreadsheet program, or type the value",
    ),
    "value_outside_template": (
        "ada isian di luar sel yang dibaca templat; pindahkan ke kolom yang benar atau hapus",
        "a value lies outside the cells the template reads; move it or remove it",
    ),
    "edited_template": (
        "hak atau dimensi indikator ini diubah dari templat (seharusnya: {expected}); "
        "kembalikan seperti semula",
        "the right or dimension of this indicator was changed from the template "
        "(it should be {expected}); put it back",
    ),
    # what a file holds (the reader, kkpham_rules.files.reading)
    "wrong_document": (
        "ini {document}, bukan {expected}{hint}",
        "this is {document}, not {expected}{hint}",
    ),
    "not_one_submission": (
        "berkas ini berisi {value} data kabupaten/kota, padahal di sini hanya satu yang dapat "
        "dipakai; pisahkan datanya, atau baca sebagai kohort",
        "the source holds {value} submissions where only one can be used; split it, "
        "or read it as a cohort",
    ),
    "unsupported_format": (
        "berkas {value} tidak dapat dibaca di sini; berikan {expected}",
        "a {value} file cannot be read here; give {expected}",
    ),
    "json_needs_out": (
        "--json mencetak JSON; tulis templat {value} ke berkas dengan --out NAMA",
        "--json prints JSON: write the {value} template to a file with --out NAME",
    ),
    # command options
    "bad_option": (
        "opsi --{key} harus {expected}{given}",
        "the option --{key} must be {expected}{given}",
    ),
    "year_out_of_range": (
        "tahun data harus dari {expected}{given}",
        "the data year must be from {expected}{given}",
    ),
    "missing_out": (
        "buku kerja harus ditulis ke berkas; tambahkan --out NAMA.xlsx",
        "a workbook is written to a file; add --out NAME.xlsx",
    ),
    "year_not_governed": (
        "tahun data {value} tidak diatur oleh tepat satu peraturan yang terpasang; periksa "
        "tahun datanya, atau pilih peraturannya",
        "no single installed regulation governs data year {value}; check the year, "
        "or name the regulation",
    ),
    "mixed_regulations": (
        "data ini akan dinilai dengan peraturan yang berbeda-beda; pilih satu dengan {expected}",
        "these submissions would be scored under different regulations; name one with {expected}",
    ),
    "mixed_years": (
        "laporan kohort hanya untuk satu tahun data; pisahkan data per tahun",
        "a cohort report covers one data year; split the data by year",
    ),
    "repeated_region": (
        "{value} ada lebih dari sekali di kohort, sehingga akan dihitung dua kali; setiap "
        "kabupaten/kota cukup sekali per tahun data: hapus salinannya",
        "{value} is in the cohort more than once, so it would be counted twice; give each "
        "kabupaten/kota once per data year: remove the copy",
    ),
    "duplicate_region": (
        "kode wilayah {value} muncul lebih dari sekali; setiap kabupaten/kota cukup sekali",
        "the region code {value} appears more than once; give each kabupaten/kota once",
    ),
    "wrong_regulation": (
        "kategori {value} bukan kategori peraturan ini; hasil ini dinilai dengan peraturan lain "
        "(kategori yang dikenal: {expected})",
        "{detail}",
    ),
    "duplicate_regulation": (
        "peraturan ini sudah disebut sebelumnya{given}; setiap peraturan cukup disebut sekali",
        "this regulation is named already{given}; name each regulation once",
    ),
    # finding a regulation
    "regulation_not_found": (
        'tidak ada peraturan terpasang bernama "{value}"{suggest}',
        'no installed regulation is called "{value}"{suggest}',
    ),
    "revision_not_found": (
        "peraturan ini tidak punya revisi {value}; revisi yang terpasang: {expected}",
        "the regulation has no revision {value}; installed revisions: {expected}",
    ),
    "bad_revision": (
        "nomor revisi ditulis sebagai bilangan bulat positif setelah @, misalnya 22/2021@1{given}",
        "a revision is a positive whole number after @, as in 22/2021@1{given}",
    ),
    # regulation data and plugins (for the people who maintain them)
    "inconsistent_regulation": (
        "data peraturan tidak konsisten (rincian: {detail})",
        "the regulation data is inconsistent: {detail}",
    ),
    "invalid_regulation": (
        "peraturan ini melanggar aturan dasarnya (rincian: {detail})",
        "the regulation breaks an invariant: {detail}",
    ),
    "revision_mismatch": (
        "nama berkas {value} tidak sama dengan nomor revisi di dalamnya; berkas revisi ini "
        "harus bernama {expected} (salinan berkas tidak disimpan di folder revisi)",
        "the file name {value} differs from the revision inside it; this revision file must "
        "be named {expected} (copies of a file are not kept in a revisions folder)",
    ),
    "no_revisions": (
        "plugin ini tidak menyediakan peraturan apa pun (rincian: {detail})",
        "the plugin provides no regulation: {detail}",
    ),
    "id_mismatch": (
        "id peraturan tidak sesuai dengan nama plugin-nya (rincian: {detail})",
        "the regulation's id does not match its plugin: {detail}",
    ),
    "name_clash": (
        "nama atau alias ini sudah dipakai peraturan lain (rincian: {detail})",
        "the name or alias is already taken: {detail}",
    ),
    "not_a_regulation": (
        "plugin ini tidak mengembalikan peraturan (rincian: {detail})",
        "the plugin did not return a regulation: {detail}",
    ),
    "plugin_failed": (
        "plugin gagal dimuat (rincian: {detail})",
        "the plugin failed to load: {detail}",
    ),
    # crosswalks between regulations
    "unknown_id": (
        "id ini tidak ada dalam peraturan yang dipetakan (rincian: {detail})",
        "the id is not in the regulation mapped: {detail}",
    ),
    "mapped_twice": (
        "id ini dipetakan dua kali (rincian: {detail})",
        "the id is mapped twice: {detail}",
    ),
    "unmapped_right": (
        'sebuah hak belum dipetakan; tulis "none" bila memang tidak ada padanannya '
        "(rincian: {detail})",
        "{detail}",
    ),
    # variants (policy what-ifs)
    "points_do_not_add_up": (
        "jumlah poin dimensi harus {expected}, sama seperti peraturan dasarnya{given}",
        "the dimension points must add up to {expected}, as in the base{given}",
    ),
    "invariant_broken": (
        "varian ini membuat peraturan tidak konsisten (rincian: {detail})",
        "the variant breaks the regulation's invariants: {detail}",
    ),
    "duplicate_indicator": (
        "peraturan dasar sudah punya indikator dengan id ini; pakai id lain (rincian: {detail})",
        "{detail}; use another id",
    ),
    "wrong_rule": (
        "perubahan ini tidak cocok dengan jenis aturan indikatornya (rincian: {detail})",
        "the change does not fit the indicator's kind of rule: {detail}",
    ),
    "unknown_category": (
        "peraturan dasar tidak punya kategori ini (rincian: {detail})",
        "{detail}",
    ),
    "bad_target": (
        "target baru tidak dapat dipakai (rincian: {detail})",
        "the new target cannot be used: {detail}",
    ),
    "bad_bands": (
        "pita nilai baru tidak dapat dipakai (rincian: {detail})",
        "the new bands cannot be used: {detail}",
    ),
    "bad_levels": (
        "tingkat baru tidak dapat dipakai (rincian: {detail})",
        "the new levels cannot be used: {detail}",
    ),
    "wrong_base": (
        "varian ini dibuat untuk peraturan {value}, bukan untuk peraturan dasar simulasi ini "
        "({expected}); pilih {value} sebagai peraturan dasar, atau pakai varian yang dibuat "
        "untuk {expected}",
        "{detail}; make {value} the base, or use a variant made for {expected}",
    ),
    "duplicate_variant": (
        "dua varian memakai id yang sama; beri id yang berbeda",
        "{detail}; give each variant its own id",
    ),
    # signing keys and signatures (kkpham keys, evaluate --sign, verify --trusted)
    "not_a_private_key": (
        "berkas ini bukan kunci privat Ed25519 yang dapat dipakai{given}; pakai berkas kunci "
        "yang ditulis `kkpham keys new` (bukan berkas .pub-nya)",
        "this file is not a usable Ed25519 private key{given}; use the key file "
        "`kkpham keys new` wrote (not its .pub file)",
    ),
    "encrypted_private_key": (
        "kunci privat ini dikunci dengan kata sandi; pakai kunci tanpa kata sandi seperti "
        "yang ditulis `kkpham keys new`, dan simpan berkasnya di tempat yang aman",
        "this private key is encrypted with a password; use a key without one, as "
        "`kkpham keys new` writes it, and keep the file somewhere safe",
    ),
    "not_a_public_key": (
        "baris ini bukan kunci publik{given}; satu kunci adalah satu baris "
        "`ed25519 <kunci base64> <id kunci>`, seperti isi berkas .pub dari `kkpham keys new`",
        "this line is not a public key{given}; a key is one line "
        "`ed25519 <base64 key> <key id>`, as in the .pub file `kkpham keys new` writes",
    ),
    "key_id_mismatch": (
        "id kunci di baris ini bukan sidik jari kuncinya{given}; seharusnya {expected}; "
        "salin ulang baris itu dari berkas .pub",
        "the key id on this line is not the key's fingerprint{given}; it should be "
        "{expected}; copy the line from the .pub file again",
    ),
    "weak_public_key": (
        "kunci di baris ini tidak dapat dipercaya: kunci lemah atau tidak ditulis baku, yang "
        "atas namanya siapa pun dapat menandatangani; minta baris .pub yang benar dari "
        "penandatangannya",
        "the key on this line cannot be trusted ({detail}); ask its signer for the right .pub line",
    ),
    "private_key_as_trusted": (
        "berkas ini kunci PRIVAT, bukan kunci publik; untuk --trusted berikan berkas .pub-nya "
        "({expected}), dan jaga agar kunci privat tetap rahasia",
        "this file is a PRIVATE key, not public keys; give its .pub file to --trusted "
        "({expected}), and keep the private key secret",
    ),
    "no_trusted_keys": (
        "berkas kunci tepercaya tidak berisi satu kunci pun; tambahkan baris dari berkas .pub "
        "penandatangan yang Anda percayai",
        "the file of trusted keys holds no key; add the line of each trusted signer's .pub file",
    ),
    "digest_mismatch": (
        "digest catatan tidak cocok dengan isinya: catatan diubah setelah ditulis, "
        "jadi tidak ditandatangani",
        "the record's digest does not match its content: it was changed after it was "
        "written, so it is not signed",
    ),
    "record_is_key": (
        "--record {value} adalah berkas kunci itu sendiri; catatan akan menimpa kunci. "
        "Tulis catatan ke berkas lain",
        "--record {value} is the key file itself: the record would overwrite the key; "
        "write the record to another file",
    ),
    "key_path_is_folder": (
        "{value} adalah folder; kunci ditulis ke berkas: beri nama berkasnya, misalnya "
        "--out kunci/penerbit",
        "{value} is a folder; a key is written to a file: give its name, e.g. --out keys/issuer",
    ),
    "sign_needs_record": (
        "--sign menandatangani catatan audit; tambahkan --record BERKAS",
        "--sign signs the audit record; add --record FILE",
    ),
    # the archive (kkpham archive)
    "bad_database_url": (
        "alamat basis data arsip tidak dikenali{given}; contohnya sqlite:///arsip.sqlite3 "
        "atau postgresql://pengguna@host/nama_db",
        "the archive database address is not understood{given}; e.g. "
        "sqlite:///archive.sqlite3 or postgresql://user@host/dbname",
    ),
    "database_unreachable": (
        "basis data arsip tidak dapat dibuka{given}; periksa alamat dan izinnya, dan bahwa "
        'servernya berjalan (kata-kata basis data itu sendiri, dalam bahasa Inggris: "{detail}")',
        "the archive database cannot be opened{given}; check its address and permissions, "
        'and that its server is running (the database\'s own words: "{detail}")',
    ),
    "archive_in_memory": (
        "alamat arsip ini{given} adalah basis data di memori, yang hilang begitu perintah "
        "selesai; arsip harus berupa berkas, misalnya sqlite:///arsip.sqlite3",
        "this archive address{given} is an in-memory database, lost as soon as the command "
        "ends; an archive must be a file, e.g. sqlite:///archive.sqlite3",
    ),
    "file_uri_without_uri": (
        "alamat arsip ini{given} diawali file: tetapi tanpa ?uri=true, sehingga SQLite akan "
        'membuat berkas yang namanya diawali "file:"; tulis jalur berkasnya saja, atau '
        "tambahkan ?uri=true",
        "this archive address{given} begins with file: but has no ?uri=true, so SQLite would "
        'make a file named "file:..."; give the plain path, or add ?uri=true',
    ),
    "export_file_exists": (
        "berkas {value} sudah ada dengan isi lain dan tidak ditimpa; ekspor ke folder lain "
        "(--out), atau pindahkan berkas itu dulu",
        "the file {value} exists with other content and is not overwritten; export to another "
        "folder (--out), or move that file first",
    ),
    "no_record_files": (
        "folder {value} tidak berisi berkas .json satu pun; berikan berkas catatan audit "
        "atau folder berisi catatan",
        "the folder {value} holds no .json file; give audit record files or a folder of them",
    ),
    "no_archive": (
        "belum ada arsip di {value}; tambahkan catatan dengan `kkpham archive add`, atau "
        "pilih arsip lain dengan --database",
        "there is no archive at {value}; add records with `kkpham archive add`, or choose "
        "another archive with --database",
    ),
    "no_records": (
        "arsip tidak berisi catatan yang dipilih{given}; periksa --year dan --regulation, "
        "atau tambahkan catatan dengan `kkpham archive add`",
        "the archive holds no record chosen{given}; check --year and --regulation, or add "
        "records with `kkpham archive add`",
    ),
    # revisions kept outside the plugins (KKPHAM_REGULATION_PATH, kkpham catalogue import)
    "content_changed": (
        "berkas revisi ini diubah setelah ditulis (isinya tidak lagi sesuai hash {expected}); "
        "perbaikan dibuat sebagai revisi baru dengan `kkpham catalogue import`, bukan dengan "
        "mengubah berkas yang sudah terbit",
        "the revision file was changed after it was written (it no longer has the hash "
        "{expected}); a correction is a new revision made with `kkpham catalogue import`, "
        "not an edit of a published file",
    ),
    "content_unpinned": (
        'berkas revisi ini tidak mencantumkan hash isinya (baris "# content_hash: sha256:..." '
        "di bagian atas berkas); hanya revisi yang ditulis `kkpham catalogue import` yang dibaca "
        "dari KKPHAM_REGULATION_PATH, agar perubahan diam-diam ketahuan",
        'the revision file does not state its content hash (a line "# content_hash: '
        'sha256:..." at the top of the file); only revisions written by `kkpham catalogue '
        "import` are read from KKPHAM_REGULATION_PATH, so that a quiet edit is caught",
    ),
    "content_pin_malformed": (
        "baris hash di bagian atas berkas revisi ini rusak{given}; yang diharapkan "
        '"sha256:" lalu 64 karakter heksadesimal huruf kecil, seperti yang ditulis '
        "`kkpham catalogue import`",
        "the hash line at the top of this revision file is damaged{given}; expected "
        '"sha256:" and 64 lowercase hexadecimal characters, as `kkpham catalogue import` '
        "writes it",
    ),
    "content_pin_repeated": (
        "bagian atas berkas revisi ini memuat {value} baris hash; sebuah revisi hanya "
        "mencantumkan satu",
        "the top of this revision file has {value} hash lines; a revision states one",
    ),
    "regulation_path_refused": (
        "revisi peraturan di {value} (dari KKPHAM_REGULATION_PATH) ditolak dan TIDAK dipakai; "
        "perintah ini memakai revisi lain yang terpasang. Alasannya di bawah; "
        "`kkpham regulations` menampilkan semuanya",
        "the regulation revisions at {value} (from KKPHAM_REGULATION_PATH) were refused and "
        "are NOT used; this command uses the other installed revisions. The reasons follow; "
        "`kkpham regulations` lists them all",
    ),
    "revision_clash": (
        "revisi {value} peraturan ini sudah ada dengan isi lain; revisi yang sudah terbit "
        "tidak diganti, beri nomor revisi berikutnya (rincian: {detail})",
        "{detail}",
    ),
    "file_exists": (
        "berkas {value} sudah ada dan tidak ditimpa (kunci dan revisi yang sudah terbit tidak "
        "pernah diganti); tulis ke berkas lain{wanted}",
        "the file {value} exists and is not overwritten (keys and published revisions are "
        "never replaced); write another file{wanted}",
    ),
    "revision_file_name": (
        "berkas revisi dinamai menurut nomornya; revisi ini bernomor {expected}, jadi tulis "
        "ke {expected}.yaml, bukan {value}",
        "a revision file is named after its number: this is revision {expected}, so write "
        "{expected}.yaml, not {value}",
    ),
    # the lampiran's indicator table (kkpham catalogue import)
    "missing_cell": ("kolom ini wajib diisi{hint}", "this column must be filled in{hint}"),
    "bad_choice": (
        '"{value}" tidak dikenal di kolom ini; pilih salah satu: {expected}{suggest}',
        '"{value}" is not known in this column; choose one of: {expected}{suggest}',
    ),
    "bad_number": (
        '"{value}" bukan angka{hint}; tulis angka biasa tanpa pemisah ribuan, mis. 80 atau 12,5',
        '"{value}" is not a number{hint}; write a plain number without thousands separators, '
        "e.g. 80 or 12.5",
    ),
    "cell_number_out_of_range": (
        "angka {value} terlalu besar, terlalu kecil atau terlalu panjang; tulis angka dengan "
        "paling banyak 40 digit, kurang dari 10 pangkat 16 (10.000.000.000.000.000) dan, bila "
        "bukan 0, paling kecil 10 pangkat -30 (0,000…1 dengan 30 angka di belakang koma)",
        "the number {value} is too large, too small or too long; write numbers of at most 40 "
        "digits, below 10 to the power 16 (10,000,000,000,000,000) and, unless 0, at least 10 "
        "to the power -30 (0.000…1 with 30 digits after the point)",
    ),
    "bad_indicator_id": (
        'kode indikator "{value}" tidak dapat dipakai{hint}; kode indikator hanya berisi huruf '
        "kecil a-z, angka, titik dan tanda hubung, diawali huruf atau angka, paling panjang 80 "
        "karakter (mis. kesehatan.hasil.1), atau kosongkan kolom ini agar kode dibuat dari hak, "
        "dimensi dan nomor",
        'the indicator id "{value}" cannot be used{hint}; an id holds only lowercase letters '
        "a-z, digits, dots and hyphens, begins with a letter or a digit and is at most 80 "
        "characters long (e.g. kesehatan.hasil.1), or leave it empty to make it from the "
        "right, dimension and number",
    ),
    "achievement_out_of_range": (
        "capaian tingkat {value} tidak mungkin; capaian ditulis dari 0% sampai 100% (atau "
        "sebagai bagian dari 0 sampai 1)",
        "an achievement of {value} cannot be; write it from 0% to 100% (or as a share from 0 to 1)",
    ),
    "made_id_taken": (
        'kode indikator "{value}", yang dibuat dari hak, dimensi dan nomor baris ini, sudah '
        "dipakai baris lain (di {expected}); ubah nomornya, atau isi kolom Kode indikator "
        "dengan kode sendiri",
        'the indicator id "{value}", made from this row\'s right, dimension and number, is '
        "already used on another row (at {expected}); change the number, or give the row its "
        "own id under Indicator id",
    ),
    "bad_count": (
        "jumlah indikator harus bilangan bulat 0 atau lebih, atau kosong bila belum "
        "diketahui{given}",
        "a count of indicators is a whole number, 0 or more, or empty if not known{given}",
    ),
    "ambiguous_number": (
        "{value} bisa berarti {expected}: pemisah ribuan tidak dipakai di sini; tulis angka "
        "ribuan tanpa titik atau koma (mis. 1000) dan pecahan dengan koma desimal (mis. 1,5)",
        "{value} may mean {expected}: no thousands separator is used here; write thousands "
        "without a point or comma (e.g. 1000) and a fraction with a decimal comma or point "
        "(e.g. 1,5)",
    ),
    "bad_band": (
        'baris pita "{value}" tidak dapat dibaca; tulis satu pita per baris sebagai '
        'RENTANG → POIN, mis. "111-140 → 8", "≤ 110 → 10", "> 229 → 0" atau "0 ≤ x < 50 → 0"',
        'the band "{value}" cannot be read; write one band a line as RANGE → POINTS, e.g. '
        '"111-140 → 8", "≤ 110 → 10", "> 229 → 0" or "0 ≤ x < 50 → 0"',
    ),
    "bad_level": (
        'baris tingkat "{value}" tidak dapat dibaca; tulis satu tingkat per baris sebagai '
        '"kode | capaian | label | label Inggris", mis. "sebagian | 50% | Sebagian | Partly"',
        'the level "{value}" cannot be read; write one level a line as "code | achievement | '
        'label | English label", e.g. "sebagian | 50% | Sebagian | Partly"',
    ),
    "unused_cell": (
        'cara penilaian "{expected}" tidak memakai kolom ini; kosongkan, atau ganti cara '
        "penilaiannya{given}",
        'a "{expected}" rule does not use this column; empty it, or change the rule{given}',
    ),
    "percent_unit": (
        'jenis nilai persen memerlukan satuan persen, mis. "persen" atau "%"{given}; '
        "atau pilih jenis nilai lain",
        'a percentage needs a percent unit, e.g. "persen" or "%"{given}; or choose another '
        "value kind",
    ),
    "unit_not_percent": (
        'satuan "{value}" adalah persen, tetapi jenis nilainya {expected}; pilih jenis nilai '
        "persen, atau tulis satuan yang sebenarnya",
        'the unit "{value}" is a percentage but the value kind is {expected}; choose the '
        "percent kind, or write the actual unit",
    ),
    "duplicate_number": (
        "nomor {value} sudah dipakai indikator lain pada hak dan dimensi yang sama "
        "(di {expected}); setiap indikator perlu nomor sendiri",
        "the number {value} is already used in the same right and dimension (at {expected}); "
        "give each indicator its own number",
    ),
    "too_many_cells": (
        "ada isian jauh di luar tabel (sampai sel ini): lembar ini mencakup {value} sel, "
        "lebih dari {expected} yang dibaca; hapus isian di luar tabel (juga spasi) lalu "
        "simpan lagi",
        "something is typed far outside the table (as far as this cell): the sheet spans "
        "{value} cells, more than the {expected} read; clear what lies outside the table "
        "(spaces too) and save again",
    ),
    "diff_of_two_regulations": (
        "{value} bukan revisi dari peraturan {expected}: `kkpham catalogue diff` "
        "membandingkan dua revisi satu peraturan (mis. {expected}@1 dan {expected}@2); "
        "untuk membandingkan dua peraturan pakai `kkpham compare`",
        "{value} is not a revision of {expected}: `kkpham catalogue diff` compares two "
        "revisions of one regulation (e.g. {expected}@1 and {expected}@2); to compare two "
        "regulations use `kkpham compare`",
    ),
    "error_in_cell": (
        "sel ini berisi galat lembar kerja {value} (hasil rumus yang gagal), bukan nilai; "
        "perbaiki rumusnya atau ketik nilainya langsung",
        "the cell holds the spreadsheet error {value} (a formula that failed), not a value; "
        "correct the formula or type the value in",
    ),
    "revision_date_before_base": (
        "tanggal revisi ({value}) lebih awal dari tanggal revisi sebelumnya ({expected}); "
        "beri tanggal {expected} atau sesudahnya dengan --date",
        "the revision's date ({value}) is earlier than the revision before it ({expected}); "
        "date it {expected} or later with --date",
    ),
    "stale_catalogue_template": (
        "templat ini dibuat dari revisi {value}, padahal revisi terbaru peraturan ini adalah "
        "revisi {expected}: mengimpornya akan membuang indikator revisi {expected}. Buat "
        "templat baru dengan `kkpham catalogue template` (berisi indikator revisi terbaru), "
        "salin isian Anda ke sana, lalu impor templat itu",
        "this template was made from revision {value}, but the regulation's latest revision "
        "is {expected}: importing it would drop revision {expected}'s indicators. Make a new "
        "template with `kkpham catalogue template` (it holds the latest revision's "
        "indicators), copy your entries into it and import that",
    ),
    "duplicate_right": (
        "hak {value} sudah tercantum di {expected} pada lembar Hak; tiap hak satu baris saja, "
        "hapus baris ini atau gabungkan jumlahnya ke baris itu",
        "the right {value} is already listed at {expected} on the Hak sheet; each right has "
        "one row: remove this row or merge its counts into that one",
    ),
    "duplicate_indicator_id": (
        'kode indikator "{value}" sudah dipakai di baris lain; setiap indikator perlu kode '
        "sendiri (kosongkan kolom ini agar kode dibuat dari hak, dimensi dan nomor)",
        'the indicator id "{value}" is used on another row; give each indicator its own id '
        "(or leave it empty to make it from the right, dimension and number)",
    ),
    "unknown_column": (
        'judul kolom "{value}" tidak dikenal{suggest}',
        'no column is called "{value}"{suggest}',
    ),
    "missing_column": (
        'tabel tidak punya kolom "{value}"; tambahkan kolom dengan judul itu (lihat templat '
        "dari `kkpham catalogue template`)",
        'the table has no column "{value}"; add it (see the template from '
        "`kkpham catalogue template`)",
    ),
    "duplicate_column": (
        'kolom "{value}" ada dua kali; hapus salah satunya',
        'the column "{value}" is given twice; remove one of them',
    ),
    "date_in_cell": (
        "sel ini terbaca sebagai tanggal ({value}); format sel sebagai teks, lalu ketik ulang "
        "isinya",
        "the cell holds a date ({value}); format it as text and type its content again",
    ),
    "empty_catalogue": (
        "tabel indikator masih kosong; isi satu baris per indikator lampiran",
        "the indicator table is empty; fill in one row per indicator of the lampiran",
    ),
    "wrong_catalogue_regulation": (
        "tabel ini dibuat untuk peraturan {value}, bukan {expected}; pakai --regulation {value}, "
        "atau buat templat baru dengan `kkpham catalogue template {expected}`",
        "the table was made for {value}, not {expected}: use --regulation {value}, or make "
        "a new template with `kkpham catalogue template {expected}`",
    ),
    "bad_band_table": (
        "pita nilai tidak dapat dipakai{hint}",
        "the bands cannot be used: {detail}{hint}",
    ),
    "band_gaps": (
        "pita nilai meninggalkan celah {value} yang tidak masuk pita mana pun; isi ya di kolom "
        "Celah dibiarkan bila lampiran memang membiarkannya (nilai di celah itu akan ditolak, "
        "tidak ditebak), atau rapatkan batas pitanya",
        "the bands leave the holes {value}, which fall in no band; write yes under Gaps left "
        "if the lampiran leaves them (a value in one is then refused, not guessed), or close "
        "them",
    ),
    "bad_level_table": (
        "tingkat tidak dapat dipakai{hint}",
        "the levels cannot be used: {detail}",
    ),
    "target_unreachable": (
        "target persentase di atas 100 tidak akan pernah tercapai; tulis target 0 sampai 100",
        "a percentage target above 100 can never be met; write a target from 0 to 100",
    ),
    "wrong_value_kind": (
        "jenis nilai {value} tidak cocok dengan cara penilaian ini; pakai {expected}",
        "the value kind {value} does not suit this rule; use {expected}",
    ),
    "too_many_indicators": (
        "{value} indikator terisi untuk hak dan dimensi ini, padahal peraturan menyatakan "
        "{expected}; periksa baris yang berlebih, atau jumlah di lembar Hak",
        "{value} indicators are filled in for this right and dimension, but the regulation "
        "declares {expected}; check the extra rows, or the count on the Rights sheet",
    ),
    "counts_do_not_add_up": (
        "jumlah indikator per hak dan dimensi di lembar Hak ({value}) tidak sama dengan "
        "jumlah menurut peraturan ({expected})",
        "the counts per right and dimension on the Rights sheet add up to {value}, not the "
        "{expected} the regulation declares",
    ),
    "over_declared_total": (
        "{value} indikator terisi, lebih dari {expected} yang dinyatakan peraturan; periksa "
        "baris yang berlebih",
        "{value} indicators are filled in, more than the {expected} the regulation declares; "
        "check the extra rows",
    ),
    "no_english_gloss": (
        "{value} baris tanpa uraian atau label bahasa Inggris; teks bahasa Indonesia dipakai "
        "juga di tempatnya",
        "{value} row(s) have no English wording or level label; the Indonesian stands in",
    ),
    "invalid_catalogue": ("plugin gagal dimuat (rincian: {detail})", "{detail}"),
    # a plugin that raised one of the library's own errors (registry)
    "kkpham_error": ("plugin gagal dimuat (rincian: {detail})", "{detail}"),
    "invalid_input": ("plugin gagal dimuat (rincian: {detail})", "{detail}"),
    "invalid_submission": ("plugin gagal dimuat (rincian: {detail})", "{detail}"),
    "invalid_record": ("plugin gagal dimuat (rincian: {detail})", "{detail}"),
    "invalid_variant": ("plugin gagal dimuat (rincian: {detail})", "{detail}"),
    "invalid_key": ("plugin gagal dimuat (rincian: {detail})", "{detail}"),
    "archive_unavailable": ("plugin gagal dimuat (rincian: {detail})", "{detail}"),
    "plugin_error": ("plugin gagal dimuat (rincian: {detail})", "{detail}"),
    "no_regulation_in_force": ("plugin gagal dimuat (rincian: {detail})", "{detail}"),
    "no_crosswalk": ("plugin gagal dimuat (rincian: {detail})", "{detail}"),
    "plot_unavailable": ("plugin gagal dimuat (rincian: {detail})", "{detail}"),
    "dataframe_unavailable": ("plugin gagal dimuat (rincian: {detail})", "{detail}"),
}
"""Per problem code: the Indonesian and the English template (see the comment above)."""

_FALLBACK = (
    "{field} tidak dapat diterima{wanted}{given}",
    "{field} is not acceptable{wanted}{given}",
)
"""For a validation error type no entry names (none the shipped documents raise)."""

_BARE: dict[str, tuple[str, str]] = {
    # the same codes raised with nothing in ``received`` (variants, crosswalks)
    "unknown_right": (
        "peraturan dasar tidak punya hak ini (rincian: {detail})",
        "{detail}",
    ),
    "unknown_indicator": (
        "peraturan dasar tidak punya indikator ini (rincian: {detail})",
        "{detail}",
    ),
    "missing": ("{field} belum diisi", "{field} is missing"),
    "unreadable_file": (
        "berkas tidak dapat dibuka; periksa nama, folder dan izin bacanya",
        "{detail}",
    ),
    "wrong_base": (
        "varian ini dibuat untuk peraturan dasar lain; pakai varian yang dibuat untuk "
        "peraturan dasar simulasi ini",
        "{detail}",
    ),
    "not_a_number": (
        "ada angka yang terlalu panjang untuk dibaca; tulis angka dengan paling banyak 40 digit",
        "a number is too long to read; write numbers of at most 40 digits",
    ),
}
"""Templates for a code raised without ``received``, where the usual one needs it."""

_FIELD_TEXTS: dict[tuple[str, str], tuple[str, str]] = {
    # (code, field kind): what to say instead, where the field changes the advice
    ("string_pattern_mismatch", "region_code"): (
        "kode wilayah harus berbentuk 2 digit titik 2 digit, misalnya 72.71{given}",
        "the region code must be 2 digits, a dot and 2 digits, e.g. 72.71{given}",
    ),
    ("string_type", "region_code"): (
        'kode wilayah harus berupa teks dalam tanda kutip, misalnya "72.71"{given}',
        'the region code must be text in quotes, e.g. "72.71"{given}',
    ),
    ("missing", "region_code"): (
        "kode wilayah belum diisi; tulis kode Kemendagri kabupaten/kota, misalnya 72.71",
        "the region code is missing; give the kabupaten/kota's Kemendagri code, e.g. 72.71",
    ),
    ("missing", "region_name"): (
        'nama kabupaten/kota belum diisi, misalnya "Kota Palu"',
        'the region name is missing, e.g. "Kota Palu"',
    ),
    ("string_too_short", "region_name"): (
        'nama kabupaten/kota tidak boleh kosong, misalnya "Kota Palu"',
        'the region name must not be empty, e.g. "Kota Palu"',
    ),
    ("missing", "region"): (
        'wilayah belum diisi; tulis "region": {{"code": "72.71", "name": "Kota Palu"}}',
        'the region is missing; write "region": {{"code": "72.71", "name": "Kota Palu"}}',
    ),
    ("model_type", "region"): (
        'wilayah harus berupa objek, misalnya {{"code": "72.71", "name": "Kota Palu"}}{given}',
        'the region must be an object, e.g. {{"code": "72.71", "name": "Kota Palu"}}{given}',
    ),
    ("missing", "assessment_year"): (
        "tahun data belum diisi; tulis tahun yang dinilai (bukan tahun penghargaan), misalnya 2022",
        "the data year is missing; give the year assessed (not the award year), e.g. 2022",
    ),
    ("int_type", "assessment_year"): (
        "tahun data harus berupa angka tahun tanpa tanda kutip, misalnya 2022{given}",
        "the data year must be a year in digits without quotes, e.g. 2022{given}",
    ),
    ("int_parsing", "assessment_year"): (
        "tahun data harus berupa angka tahun tanpa tanda kutip, misalnya 2022{given}",
        "the data year must be a year in digits without quotes, e.g. 2022{given}",
    ),
    ("int_from_float", "assessment_year"): (
        "tahun data harus berupa angka tahun tanpa desimal, misalnya 2022{given}",
        "the data year must be a year without decimals, e.g. 2022{given}",
    ),
    ("greater_than_equal", "assessment_year"): (
        "tahun data tidak boleh sebelum {bound}{given}",
        "the data year cannot be before {bound}{given}",
    ),
    ("less_than_equal", "assessment_year"): (
        "tahun data tidak boleh sesudah {bound}{given}",
        "the data year cannot be after {bound}{given}",
    ),
    ("greater_than_equal", "share"): (
        "{field} harus berupa persentase dari 0 sampai 100{given}",
        "{field} must be a percentage from 0 to 100{given}",
    ),
    ("less_than_equal", "share"): (
        "{field} harus berupa persentase dari 0 sampai 100{given}",
        "{field} must be a percentage from 0 to 100{given}",
    ),
    ("model_type", "right"): (
        '{field} harus berupa objek, misalnya {{"struktur": 100, "proses": 90, "hasil": 85}}'
        "{given}",
        '{field} must be an object, e.g. {{"struktur": 100, "proses": 90, "hasil": 85}}{given}',
    ),
    ("dict_type", "dimensions"): (
        "{field} harus berupa objek: id hak, lalu nilai struktur, proses dan hasil{given}",
        "{field} must be an object: right id to struktur, proses and hasil shares{given}",
    ),
    ("dict_type", "indicators"): (
        "{field} harus berupa objek: id indikator, lalu nilainya{given}",
        "{field} must be an object: indicator id to value{given}",
    ),
    ("model_type", "document"): (
        "isi berkas harus berupa satu objek JSON {{...}}{given}",
        "the document must be one JSON object {{...}}{given}",
    ),
    ("missing", "row"): (
        "baris ini belum lengkap; isi kolom yang kosong",
        "{detail}",
    ),
}
"""Field-aware templates: (code, field kind) -> (Indonesian, English)."""

# --- fields named in words -------------------------------------------------------

# Patterns are kept as text and compiled on first use (re caches them): compiling
# them all at import would cost the command's start-up several milliseconds.
_FIELDS: tuple[tuple[str, str], ...] = tuple(
    (pattern, kind)
    for pattern, kind in (
        # matched on the pointer's end: cohort readers prefix a record's position
        (r"/region/code$", "region_code"),
        (r"^/path/region_code$", "region_code"),  # GET /archive/regions/{region_code}
        (r"/region/name$", "region_name"),
        (r"(^|/)region$", "region"),
        (r"(^|/)assessment_year$", "assessment_year"),
        (r"(^|/)regulation$", "regulation"),
        (r"/dimensions/(?P<right>[^/]+)/(?P<dimension>struktur|proses|hasil)$", "share"),
        (r"/dimensions/(?P<right>[^/]+)$", "right"),
        (r"(^|/)dimensions$", "dimensions"),
        (r"/indicators/(?P<indicator>[^/]+)/evidence(/\d+)?$", "evidence"),
        (r"/indicators/(?P<indicator>[^/]+)/note$", "note"),
        (r"/indicators/(?P<indicator>[^/]+)(/value)?$", "indicator"),
        (r"(^|/)indicators$", "indicators"),
        (r"^/\d+$", "row"),
        (r"^/signature/(?P<part>[^/]+)$", "signature"),
        (r"^/signature$", "signature"),
        (r"^/rows/\d+/[a-z_]+$", "cell"),
        (r"^(/variants/\d+)?$", "document"),  # a variant of POST /simulate is a document
    )
)

_FIELD_LABELS: dict[str, tuple[str, str]] = {
    "region_code": ("kode wilayah", "the region code"),
    "region_name": ("nama kabupaten/kota", "the region name"),
    "region": ("wilayah (region)", "the region"),
    "assessment_year": ("tahun data", "the data year"),
    "regulation": ("nama peraturan", "the regulation"),
    "share": (
        'nilai dimensi {dimension} untuk hak "{right}"',
        'the {dimension} share of right "{right}"',
    ),
    "right": ('isian hak "{right}"', 'the entry of right "{right}"'),
    "dimensions": ("bagian dimensi (dimensions)", "the dimensions"),
    "evidence": ('data dukung indikator "{indicator}"', 'the evidence of indicator "{indicator}"'),
    "note": ('catatan indikator "{indicator}"', 'the note of indicator "{indicator}"'),
    "indicator": ('nilai indikator "{indicator}"', 'the value of indicator "{indicator}"'),
    "indicators": ("bagian indikator (indicators)", "the indicators"),
    "row": ("baris ini", "this row"),
    "cell": ("isi sel ini", "this cell"),
    "document": ("isi berkas", "the document"),
    "signature": ('tanda tangan catatan ("{key}")', 'the record\'s signature ("{key}")'),
    "other": ('"{key}"', '"{key}"'),
}

# --- ``expected`` in words -------------------------------------------------------

_EXPECTED_WORDS: dict[str, str] = {
    # documents.py's words for an expected kind of value, and what they are in Indonesian
    "a value": "sebuah nilai",
    "no such key": "tidak ada kunci ini",
    "an integer": "bilangan bulat",
    "a string": "teks",
    "true or false": "true atau false",
    "an object": "objek",
    "an array": "daftar",
    "a number": "angka",
    "a date (YYYY-MM-DD)": "tanggal (TTTT-BB-HH)",
    "a finite number": "angka biasa",
    "a readable file": "berkas yang dapat dibaca",
    "a positive whole number": "bilangan bulat positif",
    "an existing file": "berkas yang ada",
    "a file you may read": "berkas yang boleh dibaca",
    "a file, not a folder": "berkas, bukan folder",
    # what a record's signature fields hold (kkpham_rules.audit)
    "ed25519:sha256: and 64 hexadecimal digits": "ed25519:sha256: dan 64 digit heksadesimal",
    "base64 of 32 bytes (44 characters, the last one =)": (
        "base64 dari 32 bita (44 karakter, yang terakhir =)"
    ),
    "base64 of 64 bytes (88 characters, the last two ==)": (
        "base64 dari 64 bita (88 karakter, dua yang terakhir ==)"
    ),
    # where a choice is made: an option of the command line, a field of a request
    "the regulation field": "isian regulation",
    # the kinds of document a reader asks for (kkpham_rules.files.reading)
    "a submission": "data penilaian",
    "a variant": "berkas varian",
    "a simulation summary": "ringkasan simulasi",
    "an audit record": "catatan audit",
    "a submission or a simulation summary": "data penilaian atau ringkasan simulasi",
    "one submission": "satu data kabupaten/kota",
    "JSON or YAML": "berkas JSON atau YAML",
    # value kinds of indicators (rules.ValueKind)
    "boolean": "true atau false (ada/tidak)",
    "percent": "persentase dari 0 sampai 100",
    "count": "bilangan bulat 0 atau lebih",
    "amount": "angka 0 atau lebih",
    "level": "kode tingkat (teks)",
}

_EXPECTED_FORMS: tuple[tuple[str, str], ...] = tuple(
    (pattern, indonesian)
    for pattern, indonesian in (
        (r"^>= (?P<n>.+)$", "paling sedikit {n}"),
        (r"^> (?P<n>.+)$", "lebih dari {n}"),
        (r"^<= (?P<n>.+)$", "paling banyak {n}"),
        (r"^< (?P<n>.+)$", "kurang dari {n}"),
        (r"^text matching (?P<n>.+)$", "teks dengan pola {n}"),
        (r"^at least (?P<n>\S+) (character|item)\(s\)$", "paling sedikit {n}"),
        (r"^at most (?P<n>\S+) (character|item)\(s\)$", "paling banyak {n}"),
        (r"^at most (?P<n>\d+) bytes$", "paling besar {n} bita"),
        (r"^(?P<a>\S+) to (?P<b>\S+)$", "{a} sampai {b}"),
        (
            r"^a number of at most (?P<n>\d+) digits between (?P<a>\S+) and (?P<b>\S+)$",
            "angka paling banyak {n} digit, antara {a} dan {b}",
        ),
    )
)

_BOUND = r"(-?[0-9][0-9.]*)"

# json's messages for a broken document, as what was expected there and a hint
JSON_HINTS: dict[str, tuple[str, str, str]] = {
    "Expecting ',' delimiter": (
        "a comma",
        "mungkin ada tanda koma yang kurang di antara dua isian",
        "a comma may be missing between two entries",
    ),
    "Expecting ':' delimiter": (
        "a colon",
        "setelah nama kunci harus ada titik dua",
        "a key must be followed by a colon",
    ),
    "Expecting value": (
        "a value",
        "di sini seharusnya ada nilai (mungkin ada koma berlebih, atau berkasnya kosong)",
        "a value should be here (there may be a comma too many, or the file is empty)",
    ),
    "Expecting property name enclosed in double quotes": (
        "a key in double quotes",
        "nama kunci harus dalam tanda kutip ganda, dan tidak boleh ada koma sebelum }",
        "keys must be in double quotes, with no comma before }",
    ),
    "Unterminated string starting at": (
        "a closing quote",
        "ada teks yang tanda kutip penutupnya hilang",
        "a text's closing quote is missing",
    ),
    "Extra data": (
        "the end of the document",
        "ada isi lagi setelah akhir dokumen; satu berkas berisi satu objek",
        "there is more after the end of the document; a file holds one object",
    ),
    "Invalid control character at": (
        "no line break or tab inside a text",
        "teks tidak boleh berisi baris baru atau tab; tulis \\n untuk baris baru",
        "a text may not hold a line break or a tab; write \\n for a line break",
    ),
    "Invalid \\escape": (
        "a valid escape",
        "garis miring terbalik \\ di dalam teks harus ditulis \\\\",
        "a backslash \\ inside a text must be written \\\\",
    ),
    "Invalid \\uXXXX escape": (
        "a valid escape",
        "garis miring terbalik \\ di dalam teks harus ditulis \\\\",
        "a backslash \\ inside a text must be written \\\\",
    ),
}
"""``json`` error message -> (what was expected, Indonesian hint, English hint)."""

_JSON_HINT_BY_EXPECTED = {expected: (id_, en) for expected, id_, en in JSON_HINTS.values()}

_VALUE_HINTS: tuple[tuple[str, str], ...] = tuple(
    (pattern, indonesian)
    for pattern, indonesian in (
        # the specifics an indicator's rule gives in English, said in Indonesian
        (r"the levels are (?P<x>.+)$", "; kode tingkat yang dikenal: {x}"),
        (r"falls in a gap", "; nilai ini jatuh di celah antar-pita yang tidak diatur peraturan"),
        (r"at most (?P<x>\d+) digits", "; paling banyak {x} digit"),
    )
)

_UNREADABLE: dict[str, tuple[str, str]] = {
    # documents.py's ``expected`` of a file that could not be read, as the reason
    "an existing file": ("tidak ditemukan", "not found"),
    "a file you may read": ("tidak ada izin membacanya", "permission denied"),
    "a file, not a folder": ("itu sebuah folder, bukan berkas", "it is a folder, not a file"),
}

_SUGGEST_FROM: dict[str, str] = {
    # codes whose ``expected`` lists the names the given one should be among
    "extra_forbidden": "key",
    "unknown_right": "value",
    "regulation_not_found": "value",
    "bad_choice": "value",
    "unknown_column": "value",
    "union_tag_invalid": "value",
}

NO_SUCH_KEY = "no such key"
"""``expected`` of an unknown key when the names known at that level are not at hand."""


def _suggest(name: str, known: str, lang: Lang, code: str, *, guess: bool = True) -> str:
    """Return "; maybe you meant X?" from the names in ``known``, else the names, else advice."""
    if known in ("", NO_SUCH_KEY):
        if code == "extra_forbidden":
            return (
                "; hapus kunci ini atau perbaiki ejaannya"
                if lang == "id"
                else "; remove it or correct its spelling"
            )
        return ""
    names = list(dict.fromkeys(re.findall(r"[^\s,()]+", known)))
    lowered = {candidate.lower(): candidate for candidate in names}
    wanted = name.strip('"').lower()
    # a name that is part of a known one ("perumahan" of "lingkungan-perumahan") first,
    # then one spelt nearly alike; a loose match would point at an unrelated name
    parts = [c for c in lowered if wanted in re.split(r"[-_.]", c) or c in wanted.split("-")]
    import difflib  # only when a name is not known: the usual run never needs it

    close = parts[:1] or difflib.get_close_matches(wanted, list(lowered), n=1, cutoff=0.75)
    close = close if guess else []
    if close:
        match = lowered[close[0]]
        return f'; mungkin maksudnya "{match}"?' if lang == "id" else f'; did you mean "{match}"?'
    if code == "bad_choice":  # the words allowed are the message's own: not said twice
        return ""
    if code == "unknown_right":
        return (
            f"; hak yang dikenal: {known} (apakah data ini disiapkan untuk peraturan lain?)"
            if lang == "id"
            else f"; known rights: {known} (was the data prepared for another regulation?)"
        )
    return f"; yang dikenal: {known}" if lang == "id" else f"; known: {known}"


def _expected_words(expected: str, lang: Lang) -> str:
    if lang == "en":
        return expected
    if expected in _EXPECTED_WORDS:
        return _EXPECTED_WORDS[expected]
    for pattern, indonesian in _EXPECTED_FORMS:
        match = re.match(pattern, expected)
        if match:
            return indonesian.format(**match.groupdict())
    # pydantic's lists of allowed literals ("'a', 'b' or 'c'") are values: only "or" is words
    return expected.replace(" or ", " atau ")


def _unescape(step: str) -> str:
    return step.replace("~1", "/").replace("~0", "~")


def _record_prefix_removed(message: str, pointer: str, location: str | None = None) -> str:
    """Return a message without the record prefix a cohort reader put before it.

    The prefix is the record's step in the pointer (``72.71: ``), or for a
    line of JSON Lines its line (``line 5: ``, the start of ``location``).
    """
    first = pointer.split("/")[1] if pointer.count("/") >= 1 else ""
    line = (location or "").split(",")[0]
    for prefix in (_unescape(first), line):
        if prefix and message.startswith(f"{prefix}: "):
            return message[len(prefix) + 2 :]
    return message


def _params(item: _Located, lang: Lang) -> tuple[str, dict[str, str]]:
    """Return the field kind at ``item``'s pointer and the template parameters."""
    pointer = item.pointer
    expected: str | None = getattr(item, "expected", None)
    received: str | None = getattr(item, "received", None)
    steps = [_unescape(step) for step in pointer.split("/")[1:]]
    params: dict[str, str] = {"key": steps[-1] if steps else "", "right": "", "dimension": ""}
    params["indicator"] = ""
    kind = "other"
    for pattern, candidate in _FIELDS:
        match = re.search(pattern, pointer)
        if match:
            kind = candidate
            params.update({k: _unescape(v) for k, v in match.groupdict().items() if v})
            break
    language = 0 if lang == "id" else 1
    params["field"] = _FIELD_LABELS[kind][language].format(**params)
    params["value"] = received or ""
    word = "tertulis" if lang == "id" else "given"
    params["given"] = f" ({word}: {received})" if received else ""
    params["expected"] = _expected_words(expected, lang) if expected else ""
    word = "yang diharapkan" if lang == "id" else "expected"
    params["wanted"] = f" ({word}: {params['expected']})" if expected else ""
    bound = re.search(_BOUND, expected or "")
    params["bound"] = bound.group(1) if bound else (expected or "")
    detail = _record_prefix_removed(item.message, pointer, getattr(item, "location", None))
    params["detail"] = detail
    params["suggest"] = params["names"] = ""
    if item.code in _SUGGEST_FROM:
        name = params[_SUGGEST_FROM[item.code]]
        params["suggest"] = _suggest(name, expected or "", lang, item.code)
        # what a folded line says when the guesses differ: the names known
        params["names"] = _suggest(name, expected or "", lang, item.code, guess=False)
    params["hint"] = _hint(item.code, expected, detail, lang, received)
    if item.code in _EXPECTED_PLACES and expected:  # a place in the file, in the reader's words
        params["expected"] = _place_words(expected, lang)
    params["document"] = ""
    if item.code == "wrong_document":
        params["document"], params["hint"] = _document_words(received, lang)
    return kind, params


_DOCUMENT_KINDS: dict[str, tuple[str, str, str, str]] = {
    # a kind of document (its format without the version, or its maker) -> the words
    # for it and what to do with it instead: (Indonesian, English, Indonesian, English)
    "submission": (
        "data penilaian",
        "a submission",
        "; nilai dengan `kkpham evaluate`",
        "; score it with `kkpham evaluate`",
    ),
    "kkpham-evaluation": (
        "hasil penilaian",
        "an evaluation",
        "; berkas ini keluaran `kkpham evaluate --json`, bukan data yang dinilai",
        "; it is what `kkpham evaluate --json` writes, not the data scored",
    ),
    "kkpham-simulation": (
        "ringkasan simulasi",
        "a simulation summary",
        "; berkas ini dibaca oleh `kkpham report`",
        "; `kkpham report` reads it",
    ),
    "kkpham-audit-record": (
        "catatan audit",
        "an audit record",
        "; periksa dengan `kkpham verify`",
        "; check it with `kkpham verify`",
    ),
    "kkpham-comparison": (
        "hasil perbandingan",
        "a comparison",
        "; berkas ini keluaran `kkpham compare --json`",
        "; it is what `kkpham compare --json` writes",
    ),
    "kkpham-variant": (
        "berkas varian",
        "a variant",
        "; pakai dengan `kkpham simulate --variant`",
        "; use it with `kkpham simulate --variant`",
    ),
    "kkpham-sensitivity": (
        "hasil analisis sensitivitas",
        "a sensitivity run",
        "; berkas ini keluaran `kkpham sensitivity`",
        "; it is what `kkpham sensitivity` writes",
    ),
    "kkpham-regulation": (
        "data peraturan",
        "regulation data",
        "; data peraturan dipasang sebagai plugin, bukan dinilai",
        "; regulation data is installed as a plugin, not scored",
    ),
    "kkpham-crosswalk": (
        "crosswalk antarperaturan",
        "a crosswalk between regulations",
        "; crosswalk dipasang sebagai plugin",
        "; crosswalks are installed as plugins",
    ),
}
"""What a ``wrong_document`` problem's ``received`` kind is called, and what to do instead."""


def _document_words(received: str | None, lang: Lang) -> tuple[str, str]:
    """Return the words for a kind of document and the hint of what to do with it."""
    language = 0 if lang == "id" else 1
    if not received:
        return ("dokumen jenis lain", "another kind of document")[language], ""
    known = _DOCUMENT_KINDS.get(received.split("/")[0])
    if known is not None:
        return known[language], known[language + 2]
    if received.startswith("kkpham "):  # the JSON output of a command (no format of its own)
        return (f"keluaran `{received}`", f"the output of `{received}`")[language], ""
    return (f"dokumen berformat {received}", f"a document of format {received}")[language], ""


_TABLE_DETAILS: tuple[tuple[str, str, str], ...] = (
    # the English details of a band or level table the loader refuses (kkpham_rules.rules),
    # in Indonesian, and the advice for whoever fills in the lampiran's table:
    # (pattern, Indonesian, English advice); holes between bands are "band_gaps"
    (r"^band (?P<b>.+) is empty$", "pita {b} kosong: batas bawahnya melewati batas atasnya", ""),
    (
        r"^values above (?P<b>.+) fall in no band$",
        "nilai di atas pita {b} tidak masuk pita mana pun; pita teratas perlu tanpa batas atas, "
        'mis. "> 229 → 0"',
        '; the top band needs no upper end, e.g. "> 229 → 0"',
    ),
    (
        r"^bands (?P<a>.+) and (?P<b>.+) overlap$",
        "pita {a} dan {b} bertumpang tindih; ubah batasnya agar setiap nilai masuk tepat satu pita",
        "; change the ends so that each value falls in exactly one band",
    ),
    (
        r"^band (?P<b>.+) lies outside the values an? (?P<k>\S+) can take$",
        "pita {b} berada di luar nilai yang mungkin untuk jenis nilai {k}",
        "",
    ),
    (r"^the best band must earn points$", "pita terbaik harus bernilai lebih dari 0 poin", ""),
    (
        r"^declared gap (?P<g>.+) is not a hole between the bands$",
        "celah {g} bukan celah di antara pita",
        "",
    ),
    (r"^level codes must be unique$", "kode tingkat harus berbeda satu sama lain", ""),
    (r"^the best level must have achievement 1$", "tingkat terbaik harus bercapaian 100%", ""),
)


def _table_hint(detail: str, lang: Lang) -> str:
    """Return a band or level table's problem in Indonesian, or the English advice for it."""
    for pattern, indonesian, advice in _TABLE_DETAILS:
        match = re.search(pattern, detail)
        if match:
            return ": " + indonesian.format(**match.groupdict()) if lang == "id" else advice
    return f" (rincian: {detail})" if lang == "id" else ""


def _cell_hint(expected: str | None, lang: Lang) -> str:
    """Return what a required cell of the lampiran's table takes, by its column key."""
    if expected == "number_or_id":
        return (
            "; isi nomor indikator seperti di lampiran, atau kode indikatornya"
            if lang == "id"
            else "; give the indicator's number as in the lampiran, or its id"
        )
    key = f"catalogue.example.{expected}"
    if key not in LABELS:
        return ""
    return ("; mis. " if lang == "id" else "; e.g. ") + label(key, lang)


_CHARACTER_NAMES: dict[str, tuple[str, str]] = {
    # characters a cell may hold unseen, or that look like another, by what people call them
    " ": ("spasi", "a space"),
    "\t": ("tab", "a tab"),
    "\u00a0": ("spasi tak terputus (NBSP, tampak seperti spasi)", "a no-break space (NBSP)"),
    "\u202f": ("spasi tak terputus sempit (tampak seperti spasi)", "a narrow no-break space"),
    "\u2009": ("spasi tipis", "a thin space"),
    "\u200b": ("spasi lebar nol (tidak terlihat)", "a zero-width space (invisible)"),
    "\u200c": ("pemisah lebar nol (tidak terlihat)", "a zero-width non-joiner (invisible)"),
    "\u200d": ("penyambung lebar nol (tidak terlihat)", "a zero-width joiner (invisible)"),
    "\u2060": ("penyambung kata (tidak terlihat)", "a word joiner (invisible)"),
    "\ufeff": ("tanda BOM (tidak terlihat)", "a byte order mark (invisible)"),
    "\u2212": ("tanda minus tipografis", "a typographic minus sign"),
}


def _unseen(character: str) -> bool:
    """Return whether a character shows as nothing, or as a plain space."""
    import unicodedata

    return character in _CHARACTER_NAMES or unicodedata.category(character)[0] in "CZ"


def _character_name(character: str, lang: Lang) -> str:
    language = 0 if lang == "id" else 1
    if character in _CHARACTER_NAMES:
        return _CHARACTER_NAMES[character][language]
    if _unseen(character):  # named by its code point: there is nothing to see
        word = ("karakter tak terlihat", "an invisible character")[language]
        return f"{word} U+{ord(character):04X}"
    if character.isupper():
        return (f'huruf besar "{character}"', f'the capital "{character}"')[language]
    return f'"{character}"'


def _characters_named(text: str, lang: Lang, wrong: Callable[[str], bool], most: int = 5) -> str:
    """Return "; ada spasi pada karakter ke-4, ..." naming each character ``wrong`` picks."""
    found = [(at, ch) for at, ch in enumerate(text, start=1) if wrong(ch)]
    if not found:
        return ""
    if lang == "id":
        named = [f"{_character_name(ch, lang)} pada karakter ke-{at}" for at, ch in found[:most]]
    else:
        named = [f"{_character_name(ch, lang)} at character {at}" for at, ch in found[:most]]
    more = ", …" if len(found) > most else ""
    return ("; ada " if lang == "id" else "; it holds ") + ", ".join(named) + more


_ID_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-")


def _id_hint(text: str, lang: Lang) -> str:
    """Return what in an indicator id is not allowed: characters by name and place, its length."""
    hint = _characters_named(text, lang, lambda ch: ch not in _ID_CHARACTERS)
    if text[:1] in (".", "-"):
        hint += f'; kode diawali "{text[0]}"' if lang == "id" else f'; it begins with "{text[0]}"'
    if len(text) > 80:
        hint += (
            f"; panjangnya {len(text)} karakter" if lang == "id" else f"; it is {len(text)} long"
        )
    return hint


def _hint(
    code: str, expected: str | None, detail: str, lang: Lang, received: str | None = None
) -> str:
    language = 0 if lang == "id" else 1
    if code == "bad_indicator_id" and received:
        return _id_hint(received, lang)
    if code == "bad_number" and received:
        return _characters_named(received, lang, _unseen)
    if code in ("bad_band_table", "bad_level_table"):
        return _table_hint(detail, lang)
    if code == "missing_cell":
        return _cell_hint(expected, lang)
    if code == "not_json" and expected in _JSON_HINT_BY_EXPECTED:
        return "; " + _JSON_HINT_BY_EXPECTED[expected][language]
    if code == "unreadable_file" and expected in _UNREADABLE:
        return f" ({_UNREADABLE[expected][language]})"
    if code == "unknown_region_code" and lang == "id":
        if expected and " is " in expected:  # the codes of the region named, from the list
            return "; di daftar itu " + expected.replace(" is ", " berkode ").replace(
                " or ", " atau "
            )
        return "; periksa kodenya, misalnya 72.71 untuk Kota Palu"
    if code == "invalid_value" and lang == "id":
        return "".join(
            hint.format(**match.groupdict())
            for pattern, hint in _VALUE_HINTS
            if (match := re.search(pattern, detail))
        )
    return ""


def _template(item: _Located, kind: str, lang: Lang) -> str:
    language = 0 if lang == "id" else 1
    code = item.code
    if (code, kind) in _FIELD_TEXTS:
        return _FIELD_TEXTS[code, kind][language]
    if code in _BARE and getattr(item, "received", None) is None:
        return _BARE[code][language]
    return CATALOGUE.get(code, _FALLBACK)[language]


def render(item: _Located, lang: Lang = "id", *, evaluation: Evaluation | None = None) -> str:
    """Return the sentence a person reads for a problem, or for a warning of ``evaluation``.

    ``item`` is a :class:`~kkpham_rules.errors.Problem` or a warning
    (:class:`~kkpham_rules.result.Notice`); a warning's details (the right's
    name, the counts) are read from ``evaluation``, and without it an English
    warning is its own message. The place (pointer or location) is not part of
    the sentence: see :func:`place`.
    """
    if item.code in NOTICES and not hasattr(item, "expected"):
        return _render_notice(item, lang, evaluation)
    kind, params = _params(item, lang)
    return _template(item, kind, lang).format(**params)


def place(item: _Located, lang: Lang = "id") -> str:
    """Return where a problem is: its location in a sheet or CSV file, else its pointer.

    The empty pointer is the whole document: nothing more precise is known.

    >>> from kkpham_rules.errors import Problem
    >>> place(Problem("missing", "/3", "", location="line 5, column right"), "id")
    'baris 5, kolom right'
    """
    location: str | None = getattr(item, "location", None)
    if not location:
        return item.pointer
    return _place_words(location, lang)


def _place_words(location: str, lang: Lang) -> str:
    """Return a place in a sheet or CSV file (``line 4, column bands``) in ``lang``'s words."""
    if lang == "id":
        location = re.sub(r"\bline (\d+)", r"baris \1", location)
        location = re.sub(r"\bcolumn\b", "kolom", location)
    return location


_EXPECTED_PLACES = frozenset({"duplicate_number", "duplicate_right", "made_id_taken"})
"""Codes whose ``expected`` is another place in the file (where a value was used first)."""


# --- warnings of an evaluation ---------------------------------------------------

NOTICES: dict[str, tuple[str, str]] = {
    "no_input": (
        "tidak ada nilai untuk {right_name} ({right}), dan {regulation} belum punya "
        "indikator terkode untuk hak itu: nilai hak ini 0; isi nilai struktur, proses dan "
        "hasil bila datanya ada",
        "no share is given for the {right_name} ({right}) and {regulation} has no encoded "
        "indicator for it: the right scores 0; give its struktur, proses and hasil shares "
        "if the data exist",
    ),
    "no_input_dimension": (
        "nilai dimensi {dimension} untuk {right_name} ({right}) tidak diisi, dan {regulation} "
        "belum punya indikator terkode untuk itu: dimensi ini bernilai 0",
        "no {dimension} share is given for the {right_name} ({right}) and {regulation} "
        "has no encoded indicator for it: that dimension scores 0",
    ),
    "unencoded_indicators": (
        "dimensi {dimension} {right_name} ({right}): {unencoded} dari {declared} indikator "
        "peraturan belum terkode dan dihitung tidak terpenuhi",
        "the {dimension} of the {right_name} ({right}): {unencoded} of the regulation's "
        "{declared} indicators are not encoded and count as not met",
    ),
    "missing_indicators": (
        "{missing_count} indikator tidak diisi dan dihitung tidak terpenuhi: {missing}",
        "{missing_count} indicator(s) were not given and count as not met: {missing}",
    ),
    "catalogue_incomplete": (
        "katalog indikator {regulation} belum lengkap: baru {encoded} dari {declared} indikator "
        "yang terkode; hak dan dimensi tanpa indikator perlu diisi dengan nilai dimensi",
        "{regulation}'s indicator catalogue is incomplete: {encoded} of {declared} indicators "
        "are encoded; rights and dimensions without them need dimension-level shares",
    ),
    "placeholder_region": (
        "kode wilayah masih kode contoh dari templat (00.00); ganti dengan kode Kemendagri "
        "kabupaten/kota sebelum hasil ini dipakai",
        "the region code is still the template's placeholder (00.00); give the kabupaten/kota's "
        "Kemendagri code before this result is used",
    ),
    "regulation_overridden": (
        "berkas menyebut peraturan lain; dinilai dengan {regulation} sesuai permintaan",
        "the submission names another regulation; scored under {regulation} as asked",
    ),
    "regulation_not_in_force": (
        "{regulation} tidak berlaku untuk tahun data {year}; hasil ini hanya simulasi, "
        "bukan dasar resmi",
        "{regulation} does not govern data year {year}; the result is a what-if, "
        "not the official basis",
    ),
}
"""Per warning code: the Indonesian and English templates, filled from the evaluation."""


def _render_notice(item: _Located, lang: Lang, evaluation: Evaluation | None) -> str:
    if evaluation is None:
        # without the evaluation the specifics are only in the English message
        return item.message if lang == "en" else _notice_without_details(item)
    steps = [_unescape(step) for step in item.pointer.split("/")[1:]]
    code = item.code
    params: dict[str, Any] = {
        "regulation": evaluation.regulation.short_name,
        "year": evaluation.assessment_year,
        "encoded": evaluation.regulation.indicators_encoded,
        "declared": evaluation.regulation.indicators_declared
        if evaluation.regulation.indicators_declared is not None
        else ("?" if lang == "en" else "(jumlah tidak diketahui)"),
        "missing": ", ".join(evaluation.missing_indicators),
        "missing_count": len(evaluation.missing_indicators),
    }
    if len(steps) >= 2 and steps[0] == "dimensions":
        right_id = steps[1]
        params["right"] = right_id
        right = next((r for r in evaluation.rights if r.id == right_id), None)
        params["right_name"] = right_id if right is None else _right_name(right, lang)
        if len(steps) >= 3:
            params["dimension"] = steps[2]
            if code == "no_input":
                code = "no_input_dimension"
            cell = (
                None
                if right is None
                else next((d for d in right.dimensions if d.dimension == steps[2]), None)
            )
            if cell is not None:
                params["unencoded"] = cell.indicators_unencoded
                params["declared"] = cell.indicators_declared
    try:
        return NOTICES[code][0 if lang == "id" else 1].format(**params)
    except KeyError:  # a warning whose pointer lacks what the template names
        return item.message if lang == "en" else _notice_without_details(item)


def _right_name(right: Any, lang: Lang) -> str:
    return str(right.name_en if lang == "en" else right.name_id)


def _notice_without_details(item: _Located) -> str:
    return f"peringatan {item.code} (rincian: {item.message})"


# --- many problems at once -------------------------------------------------------

_VARYING = ("key", "right", "indicator", "value", "given", "suggest", "detail", "hint", "field")
"""Parameters that name the particular record or value: masked when problems are folded."""

_PRIMARY = ("key", "right", "indicator", "value")
"""The parameters whose differing values a folded line lists, the first that differs."""

_DROPPED = ("given", "suggest", "hint")


def collapse(
    problems: Iterable[Any], lang: Lang = "id", *, fold_above: int = 3, examples: int = 3
) -> list[str]:
    """Return the lines that show ``problems``: one each, or one per repeated problem.

    Problems with the same code and the same sentence once the record's own
    names and values are masked (514 submissions scored under the wrong
    regulation give the same "right X is not in this regulation" 2,570 times)
    are folded into one line when there are more than ``fold_above`` of them:
    the sentence, how many times, the names that differ, and a few example
    places. Fewer are listed one by one, each with its place.

    >>> from kkpham_rules.errors import Problem
    >>> many = [Problem("unknown_right", f"/{n}/dimensions/{right}", "", "kesehatan", right)
    ...         for n in range(514) for right in ("informasi", "keberagaman")]
    >>> collapse(many, "en")  # doctest: +NORMALIZE_WHITESPACE
    ['right "…" is not in this regulation; known rights: kesehatan (was the data prepared for
      another regulation?) (1,028 times: informasi, keberagaman; e.g. /0/dimensions/informasi,
      /0/dimensions/keberagaman, /1/dimensions/informasi)']
    """
    groups: dict[tuple[str, str], list[tuple[Any, str, dict[str, str]]]] = {}
    for problem in problems:
        kind, params = _params(problem, lang)
        template = _template(problem, kind, lang)
        masked = template.format(**{**params, **dict.fromkeys(_VARYING, "…")})
        groups.setdefault((problem.code, masked), []).append((problem, template, params))
    lines: list[str] = []
    for members in groups.values():
        if len(members) <= fold_above:
            lines += [
                _placed(p, template.format(**params), lang) for p, template, params in members
            ]
            continue
        _, template, first = members[0]
        shown = dict(first)
        values: list[str] = []
        for name in _VARYING:
            distinct = list(dict.fromkeys(params[name] for _, _, params in members))
            if len(distinct) > 1:
                # a value or a hint that differs is left out, a guess becomes the names
                # known, and a record's own name is masked
                shown[name] = "" if name in _DROPPED else "…"
                if name == "suggest":
                    shown[name] = first["names"]
                if not values and name in _PRIMARY and f"{{{name}}}" in template:
                    values = distinct
        count = _count(len(members), lang)
        if values:
            listed = ", ".join(values[:6]) + (", …" if len(values) > 6 else "")
            count = f"{count}: {listed}"
        where = ", ".join(place(p, lang) for p, _, _ in members[:examples])
        example = "mis." if lang == "id" else "e.g."
        lines.append(f"{template.format(**shown)} ({count}; {example} {where})")
    return lines


def _placed(problem: Any, sentence: str, lang: Lang) -> str:
    where = place(problem, lang)
    return f"{where}: {sentence}" if where else sentence  # the whole document: no place


def _count(number: int, lang: Lang) -> str:
    if lang == "id":
        return f"{number:,} kali".replace(",", ".")  # Indonesian groups thousands with dots
    return f"{number:,} times"


# --- what an error is about, in one line -----------------------------------------

_NOT_FIT = "data tidak sesuai dengan peraturan {x}"
_CANNOT_READ = "tidak dapat membaca {x}"
_REFUSED = "isi {x} tidak dapat diterima"
_COHORT = "data kohort tidak dapat diterima"
_NOT_JSON = "berkas data bukan JSON yang dapat dibaca"
_NOT_YAML = "berkas data bukan YAML yang dapat dibaca"
_NOT_SIMULATION = "{x} bukan ringkasan simulasi yang dapat dibaca"
_NO_CROSSWALK = "tidak ada crosswalk terpasang antara {x} dan {y}"
_NOT_KEY = "{x} bukan kunci penandatangan yang dapat dipakai"

_HEADLINES: tuple[tuple[str, str, str], ...] = tuple(
    (code, pattern, indonesian)
    for code, pattern, indonesian in (
        # the English headlines the library writes, in Indonesian; the code's generic
        # headline (below) serves any other
        ("invalid_submission", r"^the submission does not fit (?P<x>\S+)", _NOT_FIT),
        ("invalid_submission", r"^(?P<x>.+): not a submission$", "{x} bukan data penilaian"),
        (
            "invalid_submission",
            r"^(?P<x>.+): not a submission or a simulation summary$",
            "{x} bukan data penilaian ataupun ringkasan simulasi",
        ),
        (
            "invalid_submission",
            r"^(?P<x>.+) holds (?P<n>\d+) submissions, not one$",
            "{x} berisi {n} data kabupaten/kota, bukan satu",
        ),
        (
            "invalid_submission",
            r"^(?P<x>.+): not one JSON or YAML document$",
            "{x} bukan satu dokumen JSON atau YAML",
        ),
        ("invalid_submission", r"^the submission is not readable YAML", _NOT_YAML),
        ("invalid_variant", r"^(?P<x>.+): not a variant$", "{x} bukan berkas varian"),
        (
            "invalid_input",
            r"^--record writes",
            "--record menulis catatan audit untuk satu data kabupaten/kota saja",
        ),
        ("invalid_input", r"^--json prints JSON", "--json mencetak JSON"),
        (
            "invalid_input",
            r"a revision is a positive whole number",
            "nomor revisi peraturan tidak dapat dibaca",
        ),
        ("invalid_input", r"^--sign needs --record", "--sign memerlukan --record"),
        ("invalid_input", r"^(?P<x>.+): a key is never overwritten$", "{x}: kunci tidak ditimpa"),
        ("invalid_key", r"^(?P<x>.+) is not a usable signing key$", _NOT_KEY),
        ("invalid_key", r"^(?P<x>.+): not a file of public keys$", "{x} bukan berkas kunci publik"),
        ("invalid_key", r"^the trusted keys cannot be read", "kunci tepercaya tidak dapat dibaca"),
        ("invalid_key", r"^cannot read (?P<x>.+)$", _CANNOT_READ),
        (
            "invalid_record",
            r"^the record was changed after it was written",
            "catatan diubah setelah ditulis: tidak ditandatangani",
        ),
        ("invalid_record", r"^the archive refused the record", "arsip menolak catatan ini"),
        ("archive_unavailable", r"^no archive at (?P<x>.+)$", "belum ada arsip di {x}"),
        ("archive_unavailable", r"^no record in the archive", "tidak ada catatan yang cocok"),
        (
            "archive_unavailable",
            r"^the archive database address",
            "alamat basis data arsip tidak dikenali",
        ),
        ("archive_unavailable", r"^cannot open the archive", "arsip tidak dapat dibuka"),
        ("invalid_submission", r"^cannot read (?P<x>.+?)( as a workbook)?$", _CANNOT_READ),
        ("invalid_submission", r"^(?P<x>\S+?):? (is not a kkpham|\d+ problem)", _REFUSED),
        ("invalid_submission", r"^the cohort|^the rows|^no submission", _COHORT),
        ("invalid_submission", r"^the submission is not readable JSON", _NOT_JSON),
        ("invalid_input", r"^cannot write (?P<x>.+)$", "tidak dapat menulis {x}"),
        ("invalid_input", r"^cannot read (?P<x>.+)$", _CANNOT_READ),
        ("invalid_catalogue", r"^cannot read (?P<x>.+?)( as a workbook)?$", _CANNOT_READ),
        ("invalid_catalogue", r"^cannot write (?P<x>.+)$", "tidak dapat menulis {x}"),
        ("invalid_input", r"^(?P<x>\S+) is not a readable simulation", _NOT_SIMULATION),
        (
            "invalid_input",
            r"^(?P<x>\S+) and (?P<y>\S+) are two regulations, not two revisions of one$",
            "{x} dan {y} adalah dua peraturan, bukan dua revisi satu peraturan",
        ),
        ("no_crosswalk", r"joins (?P<x>\S+) and (?P<y>\S+)$", _NO_CROSSWALK),
    )
)

_GENERIC_HEADLINES: dict[str, str] = {
    "invalid_submission": "data tidak dapat diterima",
    "invalid_input": "masukan tidak dapat diterima",
    "regulation_not_found": "peraturan tidak ditemukan",
    "invalid_record": "catatan audit tidak dapat dibaca",
    "invalid_variant": "berkas varian tidak dapat diterima",
    "invalid_key": "berkas kunci tidak dapat dipakai",
    "archive_unavailable": "arsip tidak dapat dibuka",
    "invalid_catalogue": "tabel indikator tidak dapat dijadikan revisi peraturan",
    "plugin_error": 'plugin peraturan "{plugin}" rusak',
    "no_crosswalk": "tidak ada crosswalk terpasang yang menghubungkan kedua peraturan",
    "plot_unavailable": "grafik memerlukan matplotlib: pip install 'kkpham-rules[plot]'",
    "dataframe_unavailable": "DataFrame memerlukan pandas: pip install 'kkpham-rules[dataframe]'",
}


def headline(error: KkphamError, lang: Lang = "id") -> str:
    """Return the one line that says what ``error`` is about (its problems follow it)."""
    message = str(error.args[0]) if error.args else str(error)
    problems: Sequence[Any] = getattr(error, "problems", ())
    if lang == "en":
        return message
    code = error.code
    if code == "no_regulation_in_force":
        year = getattr(error, "year", "?")
        candidates = getattr(error, "candidates", ())
        if candidates:
            return (
                f"{len(candidates)} peraturan berlaku untuk tahun data {year} "
                f"({', '.join(candidates)}); pilih satu dengan --regulation"
            )
        return (
            f"tidak ada peraturan terpasang yang berlaku untuk tahun data {year}; "
            "periksa tahun datanya, atau pilih peraturan dengan --regulation"
        )
    line = None
    for owner, pattern, indonesian in _HEADLINES:
        match = re.search(pattern, message) if owner == code else None
        if match:
            line = indonesian.format(**match.groupdict())
            break
    if line is None:
        generic = _GENERIC_HEADLINES.get(code)
        if generic is None:
            return f"{message} ({code})"
        line = generic.format(plugin=getattr(error, "plugin", "?"))
    if len(problems) > 1:
        line += f" ({len(problems):,} masalah)".replace(",", ".")
    return line


# --- labels: the words of reports, workbooks, charts and command output ----------
#
# One table for every label a person reads outside a message: keys are namespaced by
# where they are shown ("report.", "workbook.", "chart.", and one namespace per
# command), each (Indonesian, English). A template may name fields ({year}, with a
# format spec where columns line up). :func:`label` returns one; :func:`labels`
# returns a namespace as ``{key: {"id": ..., "en": ...}}`` (the shape of
# ``files.report.TEXTS`` and ``files.spreadsheet.LABELS``).

LABELS: dict[str, tuple[str, str]] = {
    # the HTML reports and simulate's text summary (files.report)
    "report.generated": ("Dibuat dengan", "Made with"),
    "report.data_year": ("Tahun data", "Data year"),
    "report.revision": ("revisi", "revision"),
    "report.per_right": ("Nilai per hak", "Score per right"),
    "report.per_right_chart": ("Poin per hak menurut dimensi", "Points per right by dimension"),
    "report.right": ("Hak", "Right"),
    "report.score": ("Nilai", "Score"),
    "report.lost": ("Poin yang hilang", "Points lost"),
    "report.dimension": ("Dimensi", "Dimension"),
    "report.points_lost": ("Poin hilang", "Points lost"),
    "report.source": ("Sumber nilai", "Scored from"),
    "report.source_dimension": ("nilai dimensi", "dimension share"),
    "report.source_indicators": ("indikator", "indicators"),
    "report.source_none": ("tidak ada data", "no data"),
    "report.nothing_lost": ("Tidak ada poin yang hilang.", "No points were lost."),
    "report.missing": ("Data dukung yang belum ada", "Evidence missing"),
    "report.indicator": ("Indikator", "Indicator"),
    "report.evidence_asked": ("Data dukung", "Evidence asked"),
    "report.warnings": ("Peringatan", "Warnings"),
    "report.provenance": ("Jejak perhitungan", "Provenance"),
    "report.regulation_hash": ("peraturan", "regulation"),
    "report.input": ("data masukan", "input"),
    "report.total": ("Nilai total", "Total score"),
    "report.bounds": ("Kategori menurut nilai total", "Categories by total score"),
    "report.bound_below": ("di bawah {high}", "below {high}"),
    "report.bound_between": ("{low} sampai di bawah {high}", "{low} to below {high}"),
    "report.bound_above": ("{low} ke atas", "{low} and above"),
    "report.awarded": ("mendapat penghargaan", "awarded"),
    "report.cohort_title": ("Hasil penilaian", "Assessment results"),
    "report.regions": ("kabupaten/kota", "regions"),
    "report.region_count": ("Jumlah kabupaten/kota", "Regions"),
    "report.categories": ("Jumlah per kategori", "Regions per category"),
    "report.category": ("Kategori", "Category"),
    "report.distribution": ("Sebaran nilai", "Score distribution"),
    "report.by_province": ("Kategori per provinsi", "Categories per province"),
    "report.province": ("Provinsi (kode)", "Province (code)"),
    "report.ranking": ("Peringkat", "Ranking"),
    "report.region": ("Kabupaten/kota", "Region"),
    "report.struktur": ("struktur", "structure"),
    "report.proses": ("proses", "process"),
    "report.hasil": ("hasil", "outcome"),
    "report.simulation_title": ("Simulasi perubahan", "What-if simulation"),
    "report.before": ("Sebelum", "Before"),
    "report.after": ("Sesudah", "After"),
    "report.change": ("Perubahan", "Change"),
    "report.transitions": ("Perpindahan kategori", "Category transitions"),
    "report.movers": ("Kabupaten/kota yang pindah kategori", "Regions that change category"),
    "report.no_movers": ("Tidak ada yang pindah kategori.", "No region changes category."),
    "report.delta": ("Selisih", "Delta"),
    "report.more": (
        "... dan {more} lainnya (semua di regions.csv)",
        "... and {more} more (all in regions.csv)",
    ),
    "report.moved_sentence": (
        "{moved} dari {regions} kabupaten/kota pindah kategori; rata-rata selisih nilai {mean}.",
        "{moved} of {regions} regions change category; mean score change {mean}.",
    ),
    # the workbook template's sheet and column labels (files.spreadsheet)
    "workbook.instructions": ("Petunjuk", "Instructions"),
    "workbook.info": ("Info", "Info"),
    "workbook.indicators": ("Indikator", "Indicators"),
    "workbook.dimensions": ("Dimensi", "Dimensions"),
    "workbook.region_code": ("Kode wilayah (Kemendagri)", "Region code (Kemendagri)"),
    "workbook.region_name": ("Nama kabupaten/kota", "Regency/city name"),
    "workbook.assessment_year": ("Tahun data yang dinilai", "Data year assessed"),
    "workbook.regulation": ("Peraturan", "Regulation"),
    "workbook.id": ("Kode", "Id"),
    "workbook.right": ("Hak", "Right"),
    "workbook.right_name": ("Nama hak", "Right name"),
    "workbook.dimension": ("Dimensi", "Dimension"),
    "workbook.wording": ("Uraian indikator", "Indicator"),
    "workbook.unit": ("Satuan", "Unit"),
    "workbook.rule": ("Cara penilaian", "Scoring rule"),
    "workbook.evidence_asked": ("Data dukung", "Evidence asked"),
    "workbook.value": ("Nilai", "Value"),
    "workbook.evidence": ("Bukti (pisahkan dengan ;)", "Evidence (separate with ;)"),
    "workbook.note": ("Catatan", "Note"),
    "workbook.struktur": ("Struktur (%)", "Structure, struktur (%)"),
    "workbook.proses": ("Proses (%)", "Process, proses (%)"),
    "workbook.hasil": ("Hasil (%)", "Outcome, hasil (%)"),
    # the charts' words (files.charts)
    "chart.total": ("nilai total", "total score"),
    "chart.regions": ("kabupaten/kota", "regions"),
    "chart.distribution": ("Sebaran nilai", "Score distribution"),
    "chart.base": ("dasar", "base"),
    "chart.transitions": ("Perpindahan kategori", "Category transitions"),
    "chart.before": ("sebelum (dasar)", "before (base)"),
    "chart.after": ("sesudah", "after"),
    # kkpham evaluate's lines
    "evaluate.year": ("tahun data", "data year"),
    "evaluate.regulation": ("peraturan", "regulation"),
    "evaluate.revision": ("revisi", "revision"),
    "evaluate.total": ("nilai total", "total"),
    "evaluate.awarded": ("  - mendapat penghargaan", "  - awarded"),
    # kkpham regulations
    "regulations.line": (
        "{id:<24} {short_name:<9} tahun data {years:<13} {rights:>2} hak  "
        "indikator {encoded}/{declared} terkode",
        "{id:<24} {short_name:<9} data years {years:<10} {rights:>2} rights  "
        "indicators {encoded}/{declared} encoded",
    ),
    "regulations.now": ("sekarang", "now"),
    # kkpham show
    "show.revision": (
        "id {id}, revisi {revision} ({date})",
        "id {id}, revision {revision} ({date})",
    ),
    "show.governs": (
        "berlaku untuk tahun data {years}  [{citation}]",
        "governs data years {years}  [{citation}]",
    ),
    "show.points": (
        "poin per hak: dimensi struktur {struktur}, proses {proses}, hasil {hasil}; "
        "nilai total = rata-rata nilai semua hak  [{citation}]",
        "points per right: struktur {struktur}, proses {proses}, hasil {hasil}; "
        "total = mean over rights  [{citation}]",
    ),
    "show.categories": ("kategori:", "categories:"),
    "show.category": (
        "  {label:<20} {lower:>4} <= nilai < {upper:<4}{awarded}  [{citation}]",
        "  {label:<20} {lower:>4} <= score < {upper:<4}{awarded}  [{citation}]",
    ),
    "show.max": ("maks", "max"),
    "show.awarded": ("  (mendapat penghargaan)", "  (awarded)"),
    "show.rights": ("hak:", "rights:"),
    "show.right": (
        "  {id:<22} {name}  (indikator {counts})",
        "  {id:<22} {name}  (indicators {counts})",
    ),
    "show.encoded": (
        "indikator terkode: {encoded} dari {declared}{incomplete}",
        "indicators encoded: {encoded} of {declared}{incomplete}",
    ),
    "show.incomplete": (" (katalog indikator belum lengkap)", " (catalogue incomplete)"),
    "show.note": ("catatan: {note}", "note: {note}"),
    # kkpham crosswalks
    "crosswalks.head": (
        "{id} (revisi {revision}): {judgements} penilaian ahli, {problems} masalah",
        "{id} (revision {revision}): {judgements} judgement(s), {problems} problem(s)",
    ),
    "crosswalks.side": (
        "  {regulation:<24} hak {rights_mapped}/{rights_total} terpetakan, "
        "indikator {indicators_mapped}/{indicators_total} terpetakan",
        "  {regulation:<24} rights {rights_mapped}/{rights_total} mapped, "
        "indicators {indicators_mapped}/{indicators_total} mapped",
    ),
    # kkpham compare
    "compare.region": (
        "{name} ({code}), tahun data {year}, disiapkan untuk {prepared_for}",
        "{name} ({code}), data year {year}, prepared for {prepared_for}",
    ),
    "compare.outcome": (
        "  {short_name:<9} {score:>6}  {category:<18} ({route}; {gaps} celah, "
        "{estimates} perkiraan, {ignored} diabaikan)",
        "  {short_name:<9} {score:>6}  {category:<18} ({route}; {gaps} gap(s), "
        "{estimates} estimate(s), {ignored} ignored)",
    ),
    "compare.direct": ("langsung", "direct"),
    "compare.via": ("melalui {crosswalk}", "via {crosswalk}"),
    "compare.gap": ("      celah {pointer}: {message}", "      gap {pointer}: {message}"),
    "compare.delta": (
        "  selisih {to} - {frm}: {delta}{changed}",
        "  delta {to} - {frm}: {delta}{changed}",
    ),
    "compare.changed": (" (kategori berubah)", " (category changes)"),
    # kkpham verify
    "verify.passed": ("ok", "ok"),
    "verify.failed": ("GAGAL", "FAIL"),
    "verify.digest": ("keutuhan catatan", "digest"),
    "verify.input_hash": ("data masukan", "input data"),
    "verify.library": ("versi pustaka", "library"),
    "verify.regulation_installed": ("peraturan terpasang", "regulation installed"),
    "verify.regulation_hash": ("data peraturan", "regulation data"),
    "verify.result": ("hasil hitung ulang", "recomputed result"),
    "verify.signature": ("tanda tangan", "signature"),
    # a record's signature (kkpham verify, kkpham archive)
    "signature.valid": (
        "sah: ditandatangani kunci tepercaya {key_id}",
        "valid: signed by trusted key {key_id}",
    ),
    "signature.unsigned": ("catatan tidak ditandatangani", "the record is not signed"),
    "signature.unknown_key": (
        "ditandatangani kunci yang tidak ada di daftar tepercaya: {key_id}",
        "signed by a key that is not among the trusted keys: {key_id}",
    ),
    "signature.bad_signature": (
        "TIDAK SAH: tanda tangan tidak cocok dengan catatan",
        "BAD: the signature does not match the record",
    ),
    "signature.signer_not_checked": (
        "cocok dengan kunci {key_id}, tetapi penandatangannya tidak diperiksa "
        "(beri --trusted untuk memeriksanya)",
        "consistent with key {key_id}, but the signer is not checked (give --trusted to check it)",
    ),
    # kkpham keys new
    "keys.wrote": (
        "ditulis: {private} (kunci privat: simpan rahasia) dan {public} (kunci publik, "
        "id {key_id}); berikan {public} kepada pemeriksa",
        "wrote {private} (the private key: keep it secret) and {public} (the public key, "
        "id {key_id}); give {public} to verifiers",
    ),
    # kkpham archive
    "archive.added": ("ditambahkan", "added"),
    "archive.already_archived": ("sudah ada di arsip", "already archived"),
    "archive.signed_count": (", {count} kini bertanda tangan", ", {count} now signed"),
    "archive.signature_added": (
        "sudah ada di arsip tanpa tanda tangan (atau dengan kunci tak tepercaya); salinan "
        "bertanda tangan ini kini disimpan menggantikannya",
        "already archived unsigned (or signed by a key not trusted); this signed copy is "
        "now kept in its place",
    ),
    "archive.refused": ("DITOLAK", "REFUSED"),
    "archive.not_added": (
        "tidak ditambahkan (ada catatan lain yang ditolak)",
        "not added (another record was refused)",
    ),
    "archive.record": (
        "{name} ({code}), tahun data {year}, {regulation} revisi {revision}, nilai {score}",
        "{name} ({code}), data year {year}, {regulation} revision {revision}, score {score}",
    ),
    "archive.add_summary": (
        "{count} catatan: {added} ditambahkan, {already} sudah ada, {refused} ditolak{signed} "
        "(arsip: {archive})",
        "{count} record(s): {added} added, {already} already archived, {refused} refused"
        "{signed} (archive: {archive})",
    ),
    "archive.nothing_added": (
        "tidak ada yang ditambahkan: perbaiki atau keluarkan catatan yang ditolak, lalu ulangi",
        "nothing was added: fix or leave out the refused records, then run again",
    ),
    "archive.verify_summary": (
        "{count} catatan: {reproduced} dapat diulang, {failed} TIDAK",
        "{count} record(s): {reproduced} reproduced, {failed} not reproduced",
    ),
    "archive.altered_columns": (
        "kolom arsip yang tidak sesuai dengan catatannya: {columns}",
        "archive columns that disagree with the record: {columns}",
    ),
    "archive.history_head": (
        "{name} ({code}): {count} catatan",
        "{name} ({code}): {count} record(s)",
    ),
    "archive.history_line": (
        "  tahun data {year}  {regulation} revisi {revision}  nilai {score}  {category}  {status}",
        "  data year {year}  {regulation} revision {revision}  score {score}  {category}  {status}",
    ),
    "archive.history_empty": (
        "arsip belum berisi catatan untuk kode wilayah {code}",
        "the archive holds no record for region code {code}",
    ),
    "archive.exported": (
        "{count} catatan ditulis ke {out}, masing-masing persis seperti tersimpan",
        "wrote {count} record(s) to {out}, each exactly as stored",
    ),
    # kkpham explain (kkpham_rules.explain)
    "explain.region": ("{name} ({code}), tahun data {year}", "{name} ({code}), data year {year}"),
    "explain.regulation": (
        "Peraturan {short_name} ({id}, revisi {revision})",
        "Regulation {short_name} ({id}, revision {revision})",
    ),
    "explain.worth": (
        "Setiap hak bernilai dimensi struktur {struktur} + proses {proses} + hasil {hasil} "
        "poin {cite}.",
        "Each right is worth struktur {struktur} + proses {proses} + hasil {hasil} points {cite}.",
    ),
    "explain.right": (
        "{name} ({id}): nilai {score} dari {max} {cite}",
        "{name} ({id}): {score} of {max} {cite}",
    ),
    "explain.dimension": (
        "  dimensi {dimension}: {earned} dari {available} poin, {lost} hilang; {how}",
        "  {dimension}: {earned} of {available} points, {lost} lost; {how}",
    ),
    "explain.source_dimension": (
        "capaian {share}% diisi sebagai nilai dimensi",
        "{share}% achievement given at dimension level",
    ),
    "explain.source_indicators": ("dari {count} indikator", "from {count} indicator(s)"),
    "explain.source_none": (
        "tidak diisi dan tidak ada indikator terkode: bernilai 0",
        "no input and no encoded indicator: scored 0",
    ),
    "explain.missing": (
        "    - {head}: tidak diisi, dianggap tidak terpenuhi: 0 dari {available} {cite}",
        "    - {head}: not given, scored as not met: 0 of {available} {cite}",
    ),
    "explain.superseded": (
        "    . {head}: tidak dipakai (dimensinya diisi sebagai nilai dimensi) {cite}",
        "    . {head}: not used (dimension given as a share) {cite}",
    ),
    "explain.indicator": (
        "    {sign} {head}: nilai {value} -> {achievement}% ({rule}) -> {earned} dari "
        "{available} {cite}",
        "    {sign} {head}: value {value} -> {achievement}% ({rule}) -> {earned} of "
        "{available} {cite}",
    ),
    "explain.mean": ("rata-rata nilai {count} hak", "mean of the {count} right scores"),
    "explain.weighted_mean": (
        "rata-rata tertimbang nilai hak (bobot {weights})",
        "weighted mean of the right scores (weights {weights})",
    ),
    "explain.total": (
        "Nilai total: {mean} = {total}, dibulatkan setengah ke atas menjadi {places} desimal "
        "{cite}",
        "Total: {mean} = {total}, rounded half up to {places} decimals {cite}",
    ),
    "explain.bound": ("{lower} <= nilai total{upper}", "{lower} <= total{upper}"),
    "explain.category": (
        "Kategori: {label} ({bound}){awarded} {cite}",
        "Category: {label} ({bound}){awarded} {cite}",
    ),
    "explain.awarded": (" - mendapat penghargaan", " - awarded"),
    "explain.warnings": ("Peringatan:", "Warnings:"),
    # citations as the command line shows them
    "citation.not_located": ("pasal belum ditemukan", "article not located"),
    "citation.verified": ("terverifikasi", "verified"),
    "citation.inferred": ("disimpulkan", "inferred"),
    # the page at / of kkpham serve (kkpham_rules.page, kkpham_rules/web/)
    "page.title": ("KKPHAM: penilaian dan simulasi", "KKPHAM: scoring and what-if"),
    "page.subtitle": (
        "Kabupaten/Kota Peduli Hak Asasi Manusia: hitung nilai satu daerah, atau uji "
        "perubahan aturan pada banyak daerah sekaligus.",
        "Human-rights-caring regencies and cities (Kabupaten/Kota Peduli HAM): score one "
        "region, or test a change of the rules on many regions at once.",
    ),
    "page.skip": ("Langsung ke isi", "Skip to the content"),
    "page.language": ("Bahasa", "Language"),
    "page.lang_id": ("Bahasa Indonesia", "Bahasa Indonesia"),
    "page.lang_en": ("English", "English"),
    "page.tabs": ("Bagian halaman", "Parts of the page"),
    "page.tab_evaluate": ("Nilai satu daerah", "Score one region"),
    "page.tab_whatif": ("Simulasi perubahan aturan", "What-if over a cohort"),
    "page.working": ("Sedang menghitung...", "Working..."),
    "page.version": ("kkpham-rules versi {version}", "kkpham-rules version {version}"),
    "page.unreachable": (
        "layanan tidak dapat dihubungi ({detail}); periksa apakah kkpham serve masih berjalan",
        "the service cannot be reached ({detail}); check that kkpham serve still runs",
    ),
    "page.not_offered": (
        "layanan ini belum menyediakan {path}; perbarui kkpham-rules di server",
        "this service does not offer {path} yet; update kkpham-rules on the server",
    ),
    "page.not_understood": (
        "jawaban layanan tidak dapat dibaca (status {status})",
        "the service's answer cannot be read (status {status})",
    ),
    "page.check": ("Periksa isian berikut:", "Please check the following:"),
    "page.whole_document": ("seluruh berkas", "the whole file"),
    "page.regulation_option": (
        "{short_name}, tahun data {years}",
        "{short_name}, data years {years}",
    ),
    "page.evaluate_heading": (
        "Hitung nilai satu kabupaten/kota",
        "Score one regency or city",
    ),
    "page.shares": (
        "Capaian per hak, dalam persen (0 sampai 100)",
        "Achievement per right, in percent (0 to 100)",
    ),
    "page.shares_hint": (
        "Kosongkan sel yang datanya tidak ada: dimensi itu bernilai 0. Desimal boleh ditulis "
        "dengan koma (85,5).",
        "Leave a cell empty where there is no data: that dimension scores 0. Decimals may be "
        "written with a point or a comma.",
    ),
    "page.share": ("{right}, {dimension} (%)", "{right}, {dimension} (%)"),
    "page.evaluate": ("Hitung nilai", "Score"),
    "page.upload_heading": ("Atau unggah berkas yang sudah diisi", "Or upload a filled-in file"),
    "page.upload_file": (
        "Berkas data (JSON, atau templat Excel atau CSV yang sudah diisi)",
        "Data file (JSON, or the filled-in Excel or CSV template)",
    ),
    "page.upload_hint": (
        "Peraturan dipilih menurut tahun data di dalam berkas; isian di atas diganti dengan "
        "isi berkas.",
        "The regulation is chosen by the data year in the file; the form above is filled "
        "with the file's values.",
    ),
    "page.upload": ("Unggah dan hitung", "Upload and score"),
    "page.templates": (
        "Templat kosong untuk peraturan ini:",
        "Empty templates for this regulation:",
    ),
    "page.template": ("templat {format}", "{format} template"),
    "page.no_file": ("pilih berkas dulu", "choose a file first"),
    "page.choose_file": ("Pilih berkas...", "Choose a file..."),
    "page.no_file_chosen": ("belum ada berkas dipilih", "no file chosen"),
    "page.first_of_many": (
        "Berkas ini berisi {count} kabupaten/kota; yang ditampilkan yang pertama. Untuk banyak "
        "daerah sekaligus, pakai bagian simulasi.",
        "The file holds {count} regions; the first is shown. For many regions at once, use the "
        "what-if part.",
    ),
    "page.scorecard": ("Rapor", "Scorecard"),
    "page.scored_under": (
        "dinilai menurut {regulation} revisi {revision}",
        "scored under {regulation} revision {revision}",
    ),
    "page.not_awarded": ("tidak mendapat penghargaan", "not awarded"),
    "page.points_of": ("{dimension} (poin dari {max})", "{dimension} (points of {max})"),
    "page.trace": ("Dasar hukum setiap angka", "The legal basis of every figure"),
    "page.trace_part": ("Bagian perhitungan", "Part of the calculation"),
    "page.trace_basis": ("Dasar hukum", "Legal basis"),
    "page.trace_status": ("Status", "Status"),
    "page.trace_sources": ("Sumber", "Sources"),
    "page.trace_points": (
        "Poin per dimensi: struktur {struktur}, proses {proses}, hasil {hasil}",
        "Points per dimension: struktur {struktur}, proses {proses}, hasil {hasil}",
    ),
    "page.trace_rounding": (
        "Pembulatan nilai: {places} desimal",
        "Rounding of the scores: {places} decimals",
    ),
    "page.trace_category": ("Kategori: {label}", "Category: {label}"),
    "page.download_evaluation": ("Unduh hasil penilaian (JSON)", "Download the evaluation (JSON)"),
    "page.download_record": ("Unduh catatan audit (JSON)", "Download the audit record (JSON)"),
    "page.whatif_heading": (
        "Uji perubahan aturan pada banyak kabupaten/kota",
        "Test a change of the rules on many regions",
    ),
    "page.cohort": ("Data kabupaten/kota", "The regions' data"),
    "page.cohort_upload": (
        "Unggah berkas (CSV, XLSX, JSONL atau JSON)",
        "Upload a file (CSV, XLSX, JSONL or JSON)",
    ),
    "page.cohort_synthetic": (
        "Buat data sintetis (contoh, bukan data nyata)",
        "Make synthetic data (an example, not real data)",
    ),
    "page.cohort_file": ("Berkas data", "Data file"),
    "page.synthetic_regions": ("Jumlah kabupaten/kota", "Number of regions"),
    "page.seed": (
        "Benih acak (angka yang sama memberi data yang sama)",
        "Random seed (the same number gives the same data)",
    ),
    "page.base": ("Peraturan dasar", "Base regulation"),
    "page.variant": ("Perubahan yang diuji", "The change to test"),
    "page.variant_id": (
        "Kode varian (huruf kecil, angka, titik, tanda hubung)",
        "Variant id (lower-case letters, digits, dots, hyphens)",
    ),
    "page.variant_title": ("Judul varian", "Variant title"),
    "page.variant_default_title": ("Uji perubahan dari halaman", "A what-if from the page"),
    "page.bounds": ("Batas bawah kategori (nilai total)", "Category lower bounds (total score)"),
    "page.bounds_hint": (
        "Batas atas kategori di bawahnya ikut bergeser, agar tidak ada celah.",
        "The upper bound of the category below moves with it, so that no gap opens.",
    ),
    "page.bound": ("{label} mulai dari", "{label} from"),
    "page.weights": ("Bobot hak dalam nilai total", "Weights of the rights in the total"),
    "page.weights_hint": (
        "Bobot 1 untuk semua hak berarti rata-rata biasa.",
        "A weight of 1 for every right is a plain mean.",
    ),
    "page.points": (
        "Poin per dimensi (jumlahnya harus {max})",
        "Points per dimension (they must add up to {max})",
    ),
    "page.points_sum": ("Jumlah sekarang: {sum}", "Sum now: {sum}"),
    "page.slider": ("{name} (penggeser)", "{name} (slider)"),
    "page.reset": ("Kembalikan ke aturan dasar", "Back to the base rules"),
    "page.yaml": (
        "Varian yang dibuat (format kkpham-variant/1)",
        "The variant built (kkpham-variant/1 format)",
    ),
    "page.yaml_hint": (
        "Simpan berkas ini untuk mengulang simulasi yang sama dengan perintah kkpham simulate.",
        "Save this file to run the same simulation again with the kkpham simulate command.",
    ),
    "page.no_changes": (
        "Belum ada perubahan: geser salah satu pengatur di atas.",
        "No change yet: move one of the controls above.",
    ),
    "page.download_yaml": ("Unduh varian (.yaml)", "Download the variant (.yaml)"),
    "page.run": ("Jalankan simulasi", "Run the simulation"),
    "page.results": ("Hasil simulasi", "Simulation results"),
    "page.matrix_caption": (
        "Baris: kategori menurut aturan dasar. Kolom: kategori menurut varian. Angka: jumlah "
        "kabupaten/kota.",
        "Rows: category under the base rules. Columns: category under the variant. Cells: "
        "number of regions.",
    ),
    "page.matrix_corner": ("dasar \u2193, varian \u2192", "base \u2193, variant \u2192"),
    "page.row_total": ("Jumlah", "Total"),
    "page.variant_series": ("varian {id}", "variant {id}"),
    "page.base_bounds": ("batas kategori (dasar)", "category bounds (base)"),
    "page.variant_bounds": ("batas kategori (varian)", "category bounds (variant)"),
    "page.statistics": ("Ringkasan nilai total", "Summary of the totals"),
    "page.stat_count": ("jumlah", "count"),
    "page.stat_mean": ("rata-rata", "mean"),
    "page.stat_minimum": ("terendah", "lowest"),
    "page.stat_quartile_1": ("kuartil 1", "1st quartile"),
    "page.stat_median": ("median", "median"),
    "page.stat_quartile_3": ("kuartil 3", "3rd quartile"),
    "page.stat_maximum": ("tertinggi", "highest"),
    "page.code": ("Kode", "Code"),
    "page.base_score": ("Nilai dasar", "Base score"),
    "page.base_category": ("Kategori dasar", "Base category"),
    "page.variant_score": ("Nilai varian", "Variant score"),
    "page.variant_category": ("Kategori varian", "Variant category"),
    "page.movers_more": (
        "... dan {more} lainnya: unduh tabel untuk melihat semuanya",
        "... and {more} more: download the table to see them all",
    ),
    "page.download_csv": (
        "Unduh tabel kabupaten/kota (CSV)",
        "Download the regions table (CSV)",
    ),
    "page.download_xlsx": (
        "Unduh tabel kabupaten/kota (Excel)",
        "Download the regions table (Excel)",
    ),
    "page.download_simulation": (
        "Unduh hasil simulasi (JSON)",
        "Download the simulation (JSON)",
    ),
    # the lampiran's indicator table (kkpham_rules.catalogue): sheets, columns, their help
    "catalogue.sheet.instructions": ("Petunjuk", "Instructions"),
    "catalogue.sheet.indicators": ("Indikator", "Indicators"),
    "catalogue.sheet.rights": ("Hak", "Rights"),
    "catalogue.sheet.info": ("Info", "Info"),
    "catalogue.column.right": ("Hak", "Right"),
    "catalogue.column.dimension": ("Dimensi", "Dimension"),
    "catalogue.column.number": ("Nomor", "Number"),
    "catalogue.column.id": ("Kode indikator", "Indicator id"),
    "catalogue.column.wording_id": ("Uraian indikator", "Wording (Indonesian)"),
    "catalogue.column.wording_en": ("Uraian bahasa Inggris", "English gloss"),
    "catalogue.column.unit": ("Satuan", "Unit"),
    "catalogue.column.value_kind": ("Jenis nilai", "Value kind"),
    "catalogue.column.rule": ("Cara penilaian", "Scoring rule"),
    "catalogue.column.target": ("Target", "Target"),
    "catalogue.column.better": ("Arah", "Direction"),
    "catalogue.column.bands": ("Pita nilai", "Bands"),
    "catalogue.column.gaps": ("Celah dibiarkan", "Gaps left"),
    "catalogue.column.levels": ("Tingkat", "Levels"),
    "catalogue.column.weight": ("Bobot", "Weight"),
    "catalogue.column.evidence": ("Data dukung", "Evidence asked"),
    "catalogue.column.instrument": ("Peraturan sumber", "Source regulation"),
    "catalogue.column.pasal": ("Pasal", "Article"),
    "catalogue.column.ayat": ("Ayat", "Paragraph"),
    "catalogue.column.lampiran": ("Lampiran (hlm./baris)", "Annex (page/row)"),
    "catalogue.column.status": ("Status", "Status"),
    "catalogue.column.source": ("Sumber", "Source"),
    "catalogue.column.note": ("Catatan sumber", "Source note"),
    "catalogue.help.right": (
        "Kode hak, seperti di lembar Hak.",
        "The right's id, as on the Rights sheet.",
    ),
    "catalogue.help.dimension": ("struktur, proses atau hasil.", "struktur, proses or hasil."),
    "catalogue.help.number": (
        "Nomor indikator di lampiran. Tidak boleh sama dalam satu hak dan dimensi.",
        "The indicator's number in the lampiran; unique within a right and dimension.",
    ),
    "catalogue.help.id": (
        "Boleh kosong: kode dibuat dari hak, dimensi dan nomor. Jangan diubah setelah terbit.",
        "May be empty: made from the right, dimension and number. Keep it once published.",
    ),
    "catalogue.help.wording_id": (
        "Bunyi indikator seperti di lampiran.",
        "The indicator as the lampiran words it, in Indonesian.",
    ),
    "catalogue.help.wording_en": (
        "Boleh kosong: uraian bahasa Indonesia dipakai juga.",
        "May be empty: the Indonesian wording stands in.",
    ),
    "catalogue.help.unit": (
        "Satuan nilai: persen, kegiatan, per 1.000 kelahiran hidup, ada/tidak...",
        "The value's unit: persen, kegiatan, per 1.000 kelahiran hidup, ada/tidak...",
    ),
    "catalogue.help.value_kind": (
        "ya-tidak, persen (0-100), jumlah (bilangan bulat), angka, tingkat. Boleh kosong "
        "untuk cara penilaian ada (ya-tidak) dan tingkat.",
        "boolean, percent (0-100), count (whole), amount, level. May be empty for the "
        "presence rule (boolean) and ordinal (level).",
    ),
    "catalogue.help.rule": (
        "ada (terpenuhi bila ada), target, pita (poin per rentang nilai), tingkat.",
        "presence (met if in place), target, bands (points per value range), ordinal.",
    ),
    "catalogue.help.target": (
        "Untuk target: nilai yang memberi poin penuh; di bawahnya poin sebanding.",
        "For target: the value earning full points; below it, points in proportion.",
    ),
    "catalogue.help.better": (
        "Untuk target: lebih-tinggi (bawaan) atau lebih-rendah (mis. angka kematian).",
        "For target: higher (the default) or lower is better (a death rate, say).",
    ),
    "catalogue.help.bands": (
        "Untuk pita: satu pita per baris (Alt+Enter), RENTANG → POIN, mis. 111-140 → 8.",
        "For bands: one band a line (Alt+Enter), RANGE → POINTS, e.g. 111-140 → 8.",
    ),
    "catalogue.help.gaps": (
        "Untuk pita: ya bila lampiran memang membiarkan celah di antara pita (mis. 110 dan "
        "111); nilai di celah ditolak, tidak ditebak.",
        "For bands: yes if the lampiran leaves holes between bands (110 and 111, say); a "
        "value in one is refused, not guessed.",
    ),
    "catalogue.help.levels": (
        "Untuk tingkat: satu per baris, kode | capaian | label | label Inggris.",
        "For ordinal: one a line, code | achievement | label | English label.",
    ),
    "catalogue.help.weight": (
        "Boleh kosong (1): bobot dalam dimensinya.",
        "May be empty (1): the weight within its dimension.",
    ),
    "catalogue.help.evidence": (
        "Data dukung yang diminta, satu per baris.",
        "The evidence asked for, one a line.",
    ),
    "catalogue.help.instrument": (
        "Boleh kosong: peraturan ini. Isi kode peraturan lain bila indikator dikutip darinya.",
        "May be empty: this regulation. Another regulation's id if quoted from it.",
    ),
    "catalogue.help.pasal": ("Pasal yang mengaturnya, bila ada.", "The article, if any."),
    "catalogue.help.ayat": ("Ayat, bila ada.", "The paragraph, if any."),
    "catalogue.help.lampiran": (
        "Letak di lampiran: bagian, halaman, baris.",
        "Where in the lampiran: section, page, row.",
    ),
    "catalogue.help.status": (
        "terverifikasi (dilihat di naskah) atau disimpulkan (bacaan terbaik).",
        "verified (seen in the text) or inferred (the best reading).",
    ),
    "catalogue.help.source": (
        "Alamat atau dokumen sumber, satu per baris.",
        "The source's address or document, one a line.",
    ),
    "catalogue.help.note": ("Catatan tentang sumber, bila perlu.", "A note on the source."),
    "catalogue.example.right": ("kesehatan", "kesehatan"),
    "catalogue.example.dimension": ("hasil", "hasil"),
    "catalogue.example.number": ("1", "1"),
    "catalogue.example.id": ("kesehatan.hasil.1", "kesehatan.hasil.1"),
    "catalogue.example.wording_id": ("Angka kematian ibu", "Angka kematian ibu"),
    "catalogue.example.wording_en": ("Maternal mortality ratio", "Maternal mortality ratio"),
    "catalogue.example.unit": ("per 100.000 kelahiran hidup", "per 100.000 kelahiran hidup"),
    "catalogue.example.value_kind": ("angka", "amount"),
    "catalogue.example.rule": ("pita", "bands"),
    "catalogue.example.target": ("80", "80"),
    "catalogue.example.better": ("lebih-tinggi", "higher"),
    "catalogue.example.bands": ("≤ 110 → 10; 111-140 → 8", "≤ 110 → 10; 111-140 → 8"),
    "catalogue.example.gaps": ("ya", "yes"),
    "catalogue.example.levels": ("sebagian | 50% | Sebagian", "sebagian | 50% | Sebagian"),
    "catalogue.example.weight": ("1", "1"),
    "catalogue.example.evidence": ("Profil Kesehatan", "Profil Kesehatan"),
    "catalogue.example.instrument": ("permenkumham-25-2013", "permenkumham-25-2013"),
    "catalogue.example.pasal": ("5", "5"),
    "catalogue.example.ayat": ("2", "2"),
    "catalogue.example.lampiran": ("huruf A, angka 1", "huruf A, angka 1"),
    "catalogue.example.status": ("terverifikasi", "verified"),
    "catalogue.example.source": ("https://...", "https://..."),
    "catalogue.example.note": ("dari salinan resmi", "from the official copy"),
    "catalogue.rights.id": ("Kode hak", "Right id"),
    "catalogue.rights.name": ("Nama hak", "Right"),
    "catalogue.rights.struktur": ("Indikator struktur", "Struktur indicators"),
    "catalogue.rights.proses": ("Indikator proses", "Proses indicators"),
    "catalogue.rights.hasil": ("Indikator hasil", "Hasil indicators"),
    "catalogue.rights.total": (
        "Jumlah indikator menurut peraturan",
        "Indicators the regulation declares",
    ),
    "catalogue.info.regulation": ("Peraturan", "Regulation"),
    "catalogue.info.revision": ("Dibuat dari revisi", "Made from revision"),
    "catalogue.info.title": ("Judul", "Title"),
    "catalogue.guide.column": ("Kolom", "Column"),
    "catalogue.guide.required": ("Wajib", "Required"),
    "catalogue.guide.meaning": ("Isi", "What it holds"),
    "catalogue.guide.example": ("Contoh", "Example"),
    "catalogue.guide.yes": ("ya", "yes"),
    "catalogue.guide.no": ("tidak", "no"),
    # kkpham catalogue import and diff
    "catalogue.imported": (
        "ditulis: {out}, revisi {revision} ({date}) {regulation}, {count} indikator; "
        "hash {content_hash}",
        "wrote {out}: revision {revision} ({date}) of {regulation}, {count} indicator(s); "
        "hash {content_hash}",
    ),
    "catalogue.diff_head": (
        "{regulation}: revisi {before} -> revisi {after}",
        "{regulation}: revision {before} -> revision {after}",
    ),
    "catalogue.diff_counts": (
        "indikator: {added} ditambah, {removed} dihapus, {changed} diubah",
        "indicators: {added} added, {removed} removed, {changed} changed",
    ),
    "catalogue.diff_changed_fields": ("bagian yang berubah: {fields}", "fields changed: {fields}"),
    "catalogue.diff_counts_changed": (
        "jumlah indikator yang dinyatakan berubah: {cells}",
        "declared indicator counts changed: {cells}",
    ),
    "catalogue.diff_other": (
        "bagian lain yang berubah: {parts}",
        "other parts changed: {parts}",
    ),
    "catalogue.diff_cohort": (
        "kohort: {regions} kabupaten/kota; nilai berubah {score_changed}, kategori berubah "
        "{category_changed}",
        "cohort: {regions} region(s); score changes for {score_changed}, category for "
        "{category_changed}",
    ),
    "catalogue.diff_ignored": (
        "nilai yang disisihkan karena tidak dinilai: {before} (revisi {a}), {after} (revisi {b})",
        "values set aside as not scored: {before} (revision {a}), {after} (revision {b})",
    ),
    "catalogue.diff_transition": (
        "  {before} -> {after}: {count}",
        "  {before} -> {after}: {count}",
    ),
    "catalogue.diff_mover": (
        "  {name} ({code}): {before} {before_category} -> {after} {after_category}",
        "  {name} ({code}): {before} {before_category} -> {after} {after_category}",
    ),
}
"""Every label outside messages, per namespaced key: (Indonesian, English)."""


def label(key: str, lang: Lang = "id", **params: object) -> str:
    """Return the label ``key`` in ``lang``, filled with ``params`` when given.

    >>> label("report.per_right", "id"), label("compare.via", "en", crosswalk="a--b@1")
    ('Nilai per hak', 'via a--b@1')
    """
    indonesian, english = LABELS[key]
    chosen = indonesian if lang == "id" else english
    return chosen.format(**params) if params else chosen


def labels(namespace: str) -> dict[str, dict[Lang, str]]:
    """Return the labels of ``namespace`` (``"report"``...), keyed without it, per language.

    >>> labels("chart")["before"]
    {'id': 'sebelum (dasar)', 'en': 'before (base)'}
    """
    prefix = namespace + "."
    return {
        key[len(prefix) :]: {"id": indonesian, "en": english}
        for key, (indonesian, english) in LABELS.items()
        if key.startswith(prefix)
    }


_GAPS: dict[str, tuple[str, str]] = {
    # the English sentence versions.crosswalk writes per gap code, and its Indonesian
    "no_counterpart": (
        r"^(?P<target>\S+)'s (?P<right>\S+) has no counterpart in (?P<source>\S+): "
        r"no data to translate$",
        "hak {right} dalam {target} tidak punya padanan dalam {source}: "
        "tidak ada data untuk diterjemahkan",
    ),
    "no_source_data": (
        r"^no (?P<dimension>\S+) share for (?P<rights>.+) in the (?P<source>\S+) submission$",
        "tidak ada nilai dimensi {dimension} untuk {rights} dalam data {source}",
    ),
    "partial_source": (
        r"^only (?P<given>\d+) of (?P<total>\d+) source rights \((?P<rights>.+)\) "
        r"give (?P<dimension>\S+)$",
        "hanya {given} dari {total} hak asal ({rights}) yang mengisi dimensi {dimension}",
    ),
    "not_translatable": (
        r"^no one-to-one 'same' mapping brings a value for (?P<indicator>\S+)$",
        "tidak ada pemetaan satu-satu ('same') yang membawa nilai untuk indikator {indicator}",
    ),
}

_CHECK_DETAILS: tuple[tuple[str, str], ...] = (
    # the English details of kkpham_rules.audit's checks, and their Indonesian
    (r"^matches$", "cocok"),
    (r"^identical$", "sama persis"),
    (r"^the record was changed after it was written$", "catatan diubah setelah ditulis"),
    (r"^invalid submission: (?P<x>.*)$", "data masukan tidak sah: {x}"),
    (r"^recorded (?P<a>\S+), submission hashes to (?P<b>\S+)$", "tercatat {a}, data masukan: {b}"),
    (
        r"^recorded (?P<a>\S+), installed data hashes to (?P<b>\S+)$",
        "tercatat {a}, data terpasang: {b}",
    ),
    (r"^recorded (?P<a>\S+), running (?P<b>\S+)$", "tercatat {a}, yang dipakai sekarang {b}"),
    (r"^(?P<n>\d+) figure\(s\) differ$", "{n} angka berbeda"),
    (r"^re-evaluation failed: (?P<x>.*)$", "penilaian ulang gagal: {x}"),
    (r"^(?P<id>\S+) revision (?P<revision>\d+)$", "{id} revisi {revision}"),
    # the signature check (kkpham_rules.signing)
    (r"^not signed$", "tidak ditandatangani"),
    (
        r"^not signed, but a signature by a trusted key is required$",
        "tidak ditandatangani, padahal tanda tangan kunci tepercaya diwajibkan",
    ),
    (r"^signed by trusted key (?P<k>\S+)$", "ditandatangani kunci tepercaya {k}"),
    (
        r"^signed by (?P<k>\S+), which is not among the trusted keys$",
        "ditandatangani {k}, yang tidak ada di daftar kunci tepercaya",
    ),
    (
        r"^consistent, by (?P<k>\S+); the signer is not checked \(no trusted keys given\)$",
        "cocok, oleh {k}; penandatangan tidak diperiksa (tidak ada kunci tepercaya)",
    ),
    (
        r"^the signature by (?P<k>\S+) does not match the record's digest$",
        "tanda tangan oleh {k} tidak cocok dengan digest catatan",
    ),
    (
        r"^the key id (?P<k>\S+) is not the fingerprint of the signature's key$",
        "id kunci {k} bukan sidik jari kunci tanda tangan itu",
    ),
    (
        r"^the record was changed after (?P<k>\S+) signed it: the signature does not cover it$",
        "catatan diubah setelah ditandatangani {k}: tanda tangan itu tidak berlaku untuk isinya",
    ),
    (
        r"^the signature's key is not a usable Ed25519 key: a point of small order, "
        r"which anyone can sign for$",
        "kunci tanda tangan ini kunci lemah yang atas namanya siapa pun dapat menandatangani",
    ),
    (
        r"^the signature's key is not a usable Ed25519 key: .*$",
        "kunci tanda tangan ini bukan kunci publik Ed25519 yang sah",
    ),
)


def _translated(english: str, pattern: str, indonesian: str) -> str | None:
    match = re.search(pattern, english)
    return None if match is None else indonesian.format(**match.groupdict())


def gap_text(code: str, message: str, lang: Lang = "id") -> str:
    """Return a translation gap's sentence in ``lang`` (the English one where none is known).

    >>> gap_text("not_translatable", "no one-to-one 'same' mapping brings a value for a.b")
    "tidak ada pemetaan satu-satu ('same') yang membawa nilai untuk indikator a.b"
    """
    if lang == "en" or code not in _GAPS:
        return message
    return _translated(message, *_GAPS[code]) or message


def check_detail(detail: str, lang: Lang = "id") -> str:
    """Return the detail of an audit check in ``lang`` (the English one where none is known).

    >>> check_detail("recorded 0.1.0, running 0.2.0")
    'tercatat 0.1.0, yang dipakai sekarang 0.2.0'
    """
    if lang == "en":
        return detail
    for pattern, indonesian in _CHECK_DETAILS:
        found = _translated(detail, pattern, indonesian)
        if found is not None:
            return found
    return detail


def citation_text(text: str, lang: Lang = "id") -> str:
    """Return a citation label or status (English words in places) in ``lang``.

    >>> citation_text("article not located [inferred]")
    'pasal belum ditemukan [disimpulkan]'
    """
    if lang == "en":
        return text
    for key in ("not_located", "verified", "inferred"):
        text = text.replace(LABELS["citation." + key][1], LABELS["citation." + key][0])
    return text


# --- the command line's own words ------------------------------------------------

_TEXTS: dict[str, tuple[str, str]] = {
    "error": ("kesalahan", "error"),
    "warning": ("peringatan", "warning"),
    "internal_error": (
        "kesalahan internal ({detail}); mohon laporkan ke pengembang",
        "internal error ({detail}); please report it",
    ),
    "valid": (
        "{file}: sah untuk {regulation} ({count} peringatan)",
        "{file}: valid for {regulation} ({count} warning(s))",
    ),
    "imported": (
        "{file}: {count} data kabupaten/kota ditulis ke {out} ({kind})",
        "{file}: {count} submission(s) written to {out} as {kind}",
    ),
    "exported": (
        "{count} hasil penilaian ditulis ke {out} ({format})",
        "{count} evaluation(s) written to {out} ({format})",
    ),
    "simulated": (
        "ditulis: {names}, dan {charts} berkas grafik",
        "wrote {names} and {charts} chart file(s)",
    ),
    "wrote": ("ditulis: {out}", "wrote {out}"),
    "valid_many": (
        "{file}: {count} data sah untuk {regulation} ({warnings} peringatan)",
        "{file}: {count} submission(s) valid for {regulation} ({warnings} warning(s))",
    ),
    "deprecated_option": (
        "opsi {old} sudah usang dan akan dihapus; pakai {new}",
        "the option {old} is deprecated; use {new}",
    ),
    "synthesized": (
        "{count} data sintetis untuk {regulation} ditulis ke {out}",
        "wrote {count} synthetic submissions for {regulation} to {out}",
    ),
    "sensitivity_done": (
        "{samples} sampel: {parameter} paling menggerakkan jumlah penerima penghargaan "
        "(r = {r}); ditulis: {out}, dan {charts} berkas grafik",
        "{samples} samples: {parameter} moves the awarded count most (r = {r}); "
        "wrote {out} and {charts} chart file(s)",
    ),
    "reproduced": ("dapat diulang: hasilnya sama", "reproduced"),
    "not_reproduced": ("TIDAK dapat diulang", "not reproduced"),
    "cause": ("penyebab", "cause"),
    "broken": ("RUSAK", "BROKEN"),
    "differs": (
        "berbeda {pointer}: tercatat {recorded}, dihitung ulang {recomputed}",
        "differs {pointer}: recorded {recorded}, recomputed {recomputed}",
    ),
    "record_altered": ("catatan diubah", "record altered"),
    "submission_altered": ("data masukan diubah", "submission altered"),
    "regulation_missing": ("peraturan tidak terpasang", "regulation missing"),
    "regulation_changed": ("data peraturan berubah", "regulation changed"),
    "result_differs": ("hasil berbeda", "result differs"),
    "library_changed": ("versi pustaka berubah", "library changed"),
    "unsigned": ("catatan tidak ditandatangani", "record not signed"),
    "unknown_key": ("penandatangan tidak tepercaya", "signer not trusted"),
    "bad_signature": ("tanda tangan tidak sah", "bad signature"),
    "invalid_record": ("bukan catatan audit yang dapat dibaca", "not a readable audit record"),
    "index_altered": ("kolom arsip diubah", "archive columns altered"),
    "other_signature_archived": (
        "arsip sudah menyimpan catatan ini dengan tanda tangan kunci lain",
        "the archive holds this record signed by another key",
    ),
    "charts_skipped": (
        "grafik dilewati: perlu matplotlib (pip install 'kkpham-rules[plot]')",
        "charts skipped: they need matplotlib (pip install 'kkpham-rules[plot]')",
    ),
}


def text(key: str, lang: Lang = "id", **params: object) -> str:
    """Return one of the command line's own phrases in ``lang``, filled with ``params``.

    >>> text("valid", "id", file="a.json", regulation="22/2021", count=2)
    'a.json: sah untuk 22/2021 (2 peringatan)'
    """
    indonesian, english = _TEXTS[key]
    return (indonesian if lang == "id" else english).format(**params)
