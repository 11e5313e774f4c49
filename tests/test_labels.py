"""Labels in one place, and the command bodies that follow ``--lang``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kkpham_rules import messages
from kkpham_rules.files import charts, report, spreadsheet

from .test_cli import EXAMPLE, ROOT, run

OLDER = str(ROOT / "examples" / "kabupaten-contoh-2019.json")
_FIELD = re.compile(r"\{(\w+)")


def test_every_label_has_both_languages_with_the_same_fields() -> None:
    for key, (indonesian, english) in messages.LABELS.items():
        assert "." in key, key  # namespaced: where the label is shown
        assert indonesian, key
        assert english, key
        assert set(_FIELD.findall(indonesian)) == set(_FIELD.findall(english)), key


def test_the_modules_read_their_labels_from_the_one_table() -> None:
    assert messages.labels("report") == report.TEXTS
    assert messages.labels("workbook") == spreadsheet.LABELS
    assert messages.labels("chart") == charts._WORDS
    assert report.TEXTS["per_right"] == {"id": "Nilai per hak", "en": "Score per right"}
    assert spreadsheet.LABELS["struktur"]["en"] == "Structure, struktur (%)"
    assert messages.label("report.moved_sentence", "id", moved=3, regions=514, mean="0,5") == (
        "3 dari 514 kabupaten/kota pindah kategori; rata-rata selisih nilai 0,5."
    )


def test_gaps_and_check_details_fall_back_to_english() -> None:
    assert messages.gap_text("no_counterpart", "something new", "id") == "something new"
    assert messages.gap_text("unknown_code", "x", "id") == "x"
    assert messages.check_detail("a detail not known", "id") == "a detail not known"
    assert messages.check_detail("3 figure(s) differ", "id") == "3 angka berbeda"
    assert messages.check_detail("3 figure(s) differ", "en") == "3 figure(s) differ"


def test_show_in_indonesian_and_english() -> None:
    indonesian = run("show", "34/2016").stdout
    assert "berlaku untuk tahun data 2016-2020" in indonesian
    assert "poin per hak: dimensi struktur 10, proses 30, hasil 60" in indonesian
    assert "\nkategori:\n" in indonesian
    assert "\nhak:\n" in indonesian
    assert "75 <= nilai < maks  (mendapat penghargaan)" in indonesian
    assert "(indikator struktur 0/?, proses 0/?, hasil 0/?)" in indonesian
    assert "indikator terkode: 0 dari 83 (katalog indikator belum lengkap)" in indonesian
    assert "governs" not in indonesian
    assert "article not located" not in indonesian
    english = run("show", "34/2016", "--lang", "en").stdout
    assert "governs data years 2016-2020" in english
    assert "75 <= score < max   (awarded)" in english
    assert "indicators encoded: 0 of 83 (catalogue incomplete)" in english


def test_regulations_and_crosswalks_in_indonesian_and_english() -> None:
    listed = run("regulations").stdout
    assert re.search(
        r"22/2021\s+tahun data 2021-sekarang\s+10 hak  indikator 0/120 terkode", listed
    )
    assert "data years 2021-now   10 rights" in run("regulations", lang="en").stdout
    joined = run("crosswalks").stdout
    assert "(revisi 1): 1 penilaian ahli, 0 masalah" in joined
    assert "hak 7/7 terpetakan, indikator 0/0 terpetakan" in joined
    assert "1 judgement(s), 0 problem(s)" in run("crosswalks", lang="en").stdout


def test_compare_in_indonesian_with_gap_lines() -> None:
    said = run("compare", OLDER, str(EXAMPLE), "--regulation", "34/2016", "--regulation", "22/2021")
    assert said.returncode == 0, said.stderr
    out = said.stdout
    assert "(16.01), tahun data 2019, disiapkan untuk permenkumham-34-2016" in out
    assert "(langsung; 0 celah, 0 perkiraan, 0 diabaikan)" in out
    assert "melalui permenkumham-34-2016--permenkumham-22-2021@1; 4 celah, 3 perkiraan" in out
    assert (
        "      celah /dimensions/informasi: hak informasi dalam 22/2021 tidak punya padanan "
        "dalam 34/2016: tidak ada data untuk diterjemahkan"
    ) in out
    assert "selisih permenkumham-22-2021 - permenkumham-34-2016: -25.91 (kategori berubah)" in out
    english = run("compare", OLDER, "--regulation", "34/2016", "--regulation", "22/2021", lang="en")
    assert (
        "      gap /dimensions/informasi: 22/2021's informasi has no counterpart" in english.stdout
    )


def test_explain_in_indonesian_and_its_json_unchanged() -> None:
    out = run("explain", OLDER).stdout
    assert out.startswith("Kabupaten Contoh (data ilustrasi) (16.01), tahun data 2019\nPeraturan ")
    assert "Setiap hak bernilai dimensi struktur 10 + proses 30 + hasil 60 poin" in out
    assert "Hak atas Perumahan yang Layak (perumahan): nilai 60.00 dari 100.00" in out
    assert (
        "  dimensi struktur: 0 dari 10 poin, 10 hilang; capaian 0% diisi sebagai nilai dimensi"
    ) in out
    assert "Nilai total: rata-rata nilai 7 hak = 67.21" in out
    assert "Kategori: Cukup Peduli HAM (65 <= nilai total < 75)" in out
    assert "\nPeringatan:\n  - katalog indikator 34/2016 belum lengkap" in out
    # the JSON keeps the English account, whatever --lang says
    data = json.loads(run("explain", OLDER, "--json").stdout)
    assert "Category: Cukup Peduli HAM (65 <= total < 75)" in data["explanation"]


def test_verify_check_lines_in_indonesian_and_english(tmp_path: Path) -> None:
    record = tmp_path / "record.json"
    assert run("evaluate", str(EXAMPLE), "--record", str(record)).returncode == 0
    said = run("verify", str(record)).stdout
    assert "  ok    keutuhan catatan: cocok\n" in said
    assert "  ok    hasil hitung ulang: sama persis\n" in said
    assert re.search(r"  ok    peraturan terpasang: permenkumham-22-2021 revisi \d+\n", said)
    english = run("verify", str(record), "--lang", "en").stdout
    assert "  ok   digest: matches\n" in english
    record.write_text(record.read_text().replace('"hasil": "80"', '"hasil": "81"', 1))
    tampered = run("verify", str(record)).stdout
    assert "  GAGAL " in tampered
    assert "  FAIL " in run("verify", str(record), lang="en").stdout


@pytest.mark.parametrize("lang", ["id", "en"])
def test_kkpham_lang_sets_the_bodies_too(lang: str) -> None:
    word = {"id": "kategori:", "en": "categories:"}[lang]
    assert f"\n{word}\n" in run("show", "22/2021", lang=lang).stdout
