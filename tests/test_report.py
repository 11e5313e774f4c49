"""HTML reports, looked at in a real headless browser where one is installed."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import kkpham_rules
from kkpham_rules.files.report import (
    cohort_report,
    format_number,
    scorecard,
    simulation_report,
    simulation_text,
)
from kkpham_rules.messages import render
from kkpham_rules.policy.simulate import simulate
from kkpham_rules.policy.synth import synthetic_cohort

from .conftest import CHROMIUM_FLAGS

EXAMPLE = Path(__file__).parent.parent / "examples" / "kota-contoh-2022.json"
VARIANT = Path(__file__).parent.parent / "examples" / "variants" / "bound-80.yaml"
NEW = kkpham_rules.get_regulation("22/2021")
BROWSER = next(
    (
        found
        for name in ("chromium", "chromium-browser", "google-chrome")
        if (found := shutil.which(name))
    ),
    None,
)


def test_scorecard_content_and_escaping() -> None:
    submission = kkpham_rules.load_submission(EXAMPLE).model_copy(
        update={"region": kkpham_rules.submission.Region(code="72.71", name="Kota <b>Uji</b> & Co")}
    )
    page = scorecard(kkpham_rules.evaluate(submission), NEW, charts=False)
    assert "Kota &lt;b&gt;Uji&lt;/b&gt; &amp; Co" in page
    assert "<b>Uji</b>" not in page
    assert ">81,22<" in page
    assert 'data-value="81.22"' in page
    assert "Poin yang hilang" in page
    english = scorecard(kkpham_rules.evaluate(submission), NEW, lang="en", charts=False)
    assert "Points lost" in english
    assert "Right to legal aid" in english


def test_cohort_report_counts_and_ranks() -> None:
    evaluations = [kkpham_rules.evaluate(s) for s in synthetic_cohort(NEW, regions=40, seed=2)]
    page = cohort_report(evaluations, NEW, charts=False)
    best = max(evaluations, key=lambda e: float(e.total_score))
    assert page.index(best.region.name) < page.index("</table>", page.index("Peringkat"))
    assert page.count('<tr><td class="num">') == 40


@pytest.mark.skipif(
    BROWSER is None, reason="no Chromium installed (Debian: apt-get install chromium)"
)
def test_pages_render_in_headless_chromium(tmp_path: Path) -> None:
    from PIL import Image

    pages = {
        "scorecard": scorecard(kkpham_rules.evaluate(kkpham_rules.load_submission(EXAMPLE)), NEW),
        "cohort": cohort_report([kkpham_rules.evaluate(s) for s in synthetic_cohort(NEW, 30)], NEW),
    }
    for name, text in pages.items():
        page = tmp_path / f"{name}.html"
        page.write_text(text, encoding="utf-8")
        shot = tmp_path / f"{name}.png"
        subprocess.run(
            [
                str(BROWSER),
                "--headless",
                *CHROMIUM_FLAGS,
                f"--user-data-dir={tmp_path / 'profile'}",
                "--window-size=1200,1600",
                f"--screenshot={shot}",
                page.as_uri(),
            ],
            capture_output=True,
            timeout=120,
            check=True,
        )
        image = Image.open(shot).convert("RGB")
        colours = image.getcolors(maxcolors=1_000_000) or []
        assert image.size == (1200, 1600)
        assert len(colours) > 50, f"{name} rendered blank"
        white = sum(count for count, colour in colours if colour == (255, 255, 255))
        assert white < 0.97 * image.size[0] * image.size[1]


def test_charts_are_inline_svg_without_a_plotting_library() -> None:
    code = (
        "import sys; sys.modules['matplotlib'] = None\n"  # as on a plain install
        "import kkpham_rules\n"
        "from kkpham_rules.files.report import cohort_report, scorecard\n"
        "from kkpham_rules.policy.synth import synthetic_cohort\n"
        "from pathlib import Path\n"
        "r = kkpham_rules.get_regulation('22/2021')\n"
        f"e = kkpham_rules.evaluate(kkpham_rules.load_submission(Path({str(EXAMPLE)!r})))\n"
        "print(scorecard(e, r))\n"
        "print(cohort_report([kkpham_rules.evaluate(s, r)"
        " for s in synthetic_cohort(r, regions=50, seed=1)], r))\n"
    )
    import sys

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    page = result.stdout
    assert page.count('<svg class="chart"') == 2
    assert "data:image/png" not in page
    # the category bounds are drawn on the histogram, the dimensions in the bars' legend
    assert page.count('stroke="#8a1c1c"') == len(NEW.categories) - 1
    assert ">Struktur</text>" in page
    assert ">Hasil</text>" in page


def test_points_lost_are_listed_biggest_first() -> None:
    page = scorecard(kkpham_rules.evaluate(kkpham_rules.load_submission(EXAMPLE)), NEW)
    section = page.split("Poin yang hilang</h2>")[1].split("</table>")[0]
    lost = [float(value) for value in re.findall(r'data-value="([0-9.]+)"', section)]
    assert len(lost) > 5
    assert lost == sorted(lost, reverse=True)
    assert "nilai dimensi" in section


def visible_text(page: str) -> str:
    """Return what a reader of ``page`` sees: its text, without tags or attributes."""
    body = re.sub(r"<style>.*?</style>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


ENGLISH = (
    "score", "scores", "right", "rights", "points", "lost", "total score", "structure", "process",
    "outcome", "dimension", "share", "source", "scored", "from", "indicator", "indicators",
    "evidence", "missing", "warnings", "provenance", "input", "regulation", "revision",
    "data year", "made with", "no data", "categories", "category", "awarded", "below",
    "above", "catalogue", "incomplete", "encoded", "given", "the", "and", "of", "is", "are",
)  # fmt: skip
"""Words of the English page that must not show on the Indonesian one."""


def test_indonesian_scorecard_is_indonesian_throughout() -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    del data["dimensions"]["kesehatan"]["proses"]  # a warning naming a right and a dimension
    evaluation = kkpham_rules.evaluate(data)
    page = scorecard(evaluation, NEW, lang="id")
    shown = visible_text(page)
    # the decimal comma everywhere a number is shown, the exact strings in the attributes
    assert '<html lang="id">' in page
    assert "Nilai total" in shown
    assert f" {evaluation.total_score.replace('.', ',')} " in shown
    assert "25,5 / 30" in shown
    assert f'data-value="{evaluation.total_score}"' in page
    assert 'data-earned="25.500000"' in page
    assert ">83,50</text>" in page  # the chart's score labels too
    # a number with a decimal point shows only in the region code and the version
    numbers = set(re.findall(r"\b\d+\.\d+(?:\.\d+)?\b", shown))
    assert numbers <= {evaluation.region.code, kkpham_rules.__version__}, numbers
    words = {word for word in ENGLISH if re.search(rf"\b{word}\b", shown, re.IGNORECASE)}
    assert not words, f"English on the Indonesian page: {sorted(words)}"
    assert "Kurang Peduli HAM: di bawah 50" in shown  # the category bounds


def test_scorecard_warnings_are_localized() -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    del data["dimensions"]["kesehatan"]["proses"]
    evaluation = kkpham_rules.evaluate(data)
    assert len(evaluation.warnings) == 2
    indonesian = html.unescape(scorecard(evaluation, NEW, lang="id", charts=False))
    english = html.unescape(scorecard(evaluation, NEW, lang="en", charts=False))
    for warning in evaluation.warnings:
        sentence = render(warning, "id", evaluation=evaluation)
        assert f'<li class="warning">{sentence[0].upper()}{sentence[1:]}</li>' in indonesian
        assert warning.message not in indonesian
        assert render(warning, "en", evaluation=evaluation)[1:] in english
    assert "Hak atas Kesehatan" in indonesian.split("Peringatan</h2>")[1]
    assert "Katalog indikator 22/2021 belum lengkap" in indonesian


def test_english_scorecard_keeps_the_decimal_point() -> None:
    evaluation = kkpham_rules.evaluate(kkpham_rules.load_submission(EXAMPLE))
    page = scorecard(evaluation, NEW, lang="en")
    shown = visible_text(page)
    assert '<html lang="en">' in page
    assert " 81.22 " in shown
    assert "25.5 / 30" in shown
    assert ">83.50</text>" in page
    assert not re.search(r"\d,\d", shown)
    assert "Points lost" in shown
    assert "Poin " not in shown


def test_numbers_as_each_language_writes_them() -> None:
    assert format_number("81.22", "id") == "81,22"
    assert format_number("81.22", "en") == "81.22"
    assert format_number("25.500000", "id", trim=True) == "25,5"
    assert format_number("60.000000", "id", trim=True) == "60"
    assert format_number(514, "id") == "514"
    assert format_number(12345, "id") == "12.345"
    assert format_number(12345, "en") == "12,345"
    assert format_number("-1234.50", "id") == "-1.234,50"
    assert format_number("+58", "id") == "+58"


def test_cohort_and_simulation_pages_in_indonesian() -> None:
    cohort = synthetic_cohort(NEW, regions=60, seed=3)
    evaluations = [kkpham_rules.evaluate(s) for s in cohort]
    page = cohort_report(evaluations, NEW, lang="id")
    shown = visible_text(page)
    best = max(evaluations, key=lambda e: float(e.total_score))
    assert f" {best.total_score.replace('.', ',')} " in shown
    assert f'data-value="{best.total_score}"' in page
    assert "Jumlah kabupaten/kota" in shown
    for e in evaluations:  # synthetic names hold the region code
        shown = shown.replace(f"{e.region.name} ({e.region.code})", "")
    numbers = set(re.findall(r"\b\d+\.\d+(?:\.\d+)?\b", shown))
    assert numbers <= {kkpham_rules.__version__}, numbers

    simulation = simulate(cohort, NEW, [VARIANT])
    report = visible_text(simulation_report(simulation, NEW, lang="id"))
    mean = simulation.variants[0].delta_distribution.mean
    assert f"rata-rata selisih nilai {format_number(mean, 'id')}." in report
    assert "Perpindahan kategori" in report
    assert "Category transitions" not in report
    movers = simulation.variants[0].movers
    if movers:
        assert f" {movers[0].base_score.replace('.', ',')} " in report
        assert movers[0].base_score.replace(".", ",") in simulation_text(simulation, NEW)
    english = visible_text(simulation_report(simulation, NEW, lang="en"))
    assert f"mean score change {mean}." in english


GUIDE = Path(__file__).parent.parent / "docs" / "panduan-daerah.rst"


def test_the_regional_guide_shows_what_the_tool_prints(tmp_path: Path) -> None:
    """The messages pasted into docs/panduan-daerah.rst are the ones ``kkpham`` prints."""
    import sys

    import openpyxl

    guide = " ".join(GUIDE.read_text(encoding="utf-8").split())

    def kkpham(*args: str) -> list[str]:
        result = subprocess.run(
            [sys.executable, "-m", "kkpham_rules", *args, "--lang", "id"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        return [line.strip() for line in (result.stdout + result.stderr).splitlines()]

    def shown(lines: list[str]) -> None:
        assert lines
        for line in lines:
            assert line in guide, line

    shown(kkpham("template", "22/2021", "--format", "xlsx", "--out", "templat.xlsx"))
    shown(kkpham("import", "templat.xlsx", "--out", "templat.json"))  # not filled in
    book = openpyxl.load_workbook(tmp_path / "templat.xlsx")
    book["Info"]["B1"], book["Info"]["B2"] = "7271", "Kota Palu"
    dimensions = book["Dimensi"]
    for row in range(2, 12):
        for column in "CDE":
            dimensions[f"{column}{row}"] = 90
    dimensions["D5"], dimensions["E9"], dimensions["D7"] = "delapan puluh lima", 550, None
    book.save(tmp_path / "templat.xlsx")
    shown(kkpham("import", "templat.xlsx", "--out", "templat.json"))
    book["Info"]["B1"], dimensions["D5"], dimensions["E9"] = "72.99", 85.5, 55
    book.save(tmp_path / "templat.xlsx")
    shown(kkpham("import", "templat.xlsx", "--out", "templat.json"))
    book["Info"]["B1"] = "72.71"
    book.save(tmp_path / "templat.xlsx")
    shown(kkpham("import", "templat.xlsx", "--out", "templat.json"))
    shown(kkpham("validate", "templat.json"))
    shown(kkpham("report", "templat.json", "--out", "hasil/"))
