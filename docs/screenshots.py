"""Remake the pictures of the regional-staff guide (docs/panduan-daerah.rst).

Run from the repository root, in the project's environment::

    python docs/screenshots.py

It does what the guide tells regional staff to do (``kkpham template``, fill in
the workbook, ``kkpham import``, ``kkpham report``) with plausible made-up
values for Kota Palu, then photographs the results into ``docs/_static/``:

* the workbook's sheets, printed to PDF by LibreOffice (``libreoffice``) and
  turned into PNG by ``pdftoppm`` (poppler-utils);
* the scorecard, one section at a time, in headless Chromium (``chromium``).

Pillow trims and scales the pictures to about 1000 pixels wide. None of these
tools is needed to build the documentation: the pictures are committed. Look
at every picture after remaking it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "docs" / "_static"
YEAR = "2024"
"""The data year of the pictures (fixed, so that they do not change every January)."""

REGION = ("72.71", "Kota Palu")
SHARES = {
    # right id: (struktur, proses, hasil) in percent; None is a cell left empty
    "bantuan-hukum": (100, 85.5, 80),
    "informasi": (100, 90, 75.25),
    "pemerintahan": (80, 70, 66),
    "keberagaman": (50, 85.5, 90),
    "kependudukan": (100, 95, 92.5),
    "kesehatan": (100, None, 81),
    "pendidikan": (100, 92, 85),
    "pekerjaan": (100, 60, 55),
    "lingkungan-perumahan": (100, 75, 70),
    "perempuan-anak": (100, 90, 88),
}
WIDTH = 1000

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
"""Headless Chromium as this machine runs it: no network of its own, no scroll bars."""
"""The widest a picture may be, in pixels."""

LOCALE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">
<value>id-ID</value></prop></item>
</oor:items>
"""
"""LibreOffice settings: numbers shown as on an Indonesian computer (85,5)."""


def run(tool: str, *args: str, ok: tuple[int, ...] = (0,)) -> str:
    """Run ``tool`` (a program on the PATH) and return what it printed."""
    program = tool if Path(tool).is_absolute() else shutil.which(tool)
    if program is None:
        raise SystemExit(f"{tool} is needed to remake the pictures; install it first")
    # fixed programs, arguments of this script's own making: no untrusted input
    result = subprocess.run(  # noqa: S603
        [program, *args], capture_output=True, text=True, check=False, timeout=180
    )
    if result.returncode not in ok:
        raise SystemExit(f"{tool} {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout + result.stderr


def kkpham(*args: str) -> str:
    """Run the ``kkpham`` command in Indonesian and return what it printed."""
    return run(sys.executable, "-m", "kkpham_rules", *args, "--lang", "id", ok=(0, 2))


def fill(template: Path, filled: Path) -> None:
    """Fill the template's yellow cells as a legal bureau would, and save it."""
    book = openpyxl.load_workbook(template)
    info = book["Info"]
    info["B1"], info["B2"], info["B3"] = REGION[0], REGION[1], int(YEAR)
    sheet = book["Dimensi"]
    for row in range(2, sheet.max_row + 1):
        shares = SHARES[str(sheet.cell(row, 1).value)]
        for column, share in zip((3, 4, 5), shares, strict=True):
            sheet.cell(row, column).value = share
    book.save(filled)


def sheet_picture(workbook: Path, sheet: str, out: Path, work: Path, rows: int) -> None:
    """Print the first ``rows`` rows of one sheet, with gridlines and column letters."""
    book = openpyxl.load_workbook(workbook)
    for other in [name for name in book.sheetnames if name != sheet]:
        del book[other]
    page = book[sheet]
    page.print_options.gridLines = True
    page.print_options.headings = True  # column letters: the tool names cells as Dimensi!D7
    page.print_area = f"A1:{get_column_letter(page.max_column)}{rows}"
    page.page_setup.paperSize = page.PAPERSIZE_A3  # tall enough for every row at 100 %
    page.page_setup.orientation = "portrait"
    if sheet == "Petunjuk":  # the text wraps in its columns, as on screen
        for row in page.iter_rows():
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    single = work / f"{sheet}.xlsx"
    book.save(single)
    profile = work / "libreoffice"  # its own profile: the locale, and no clash with one running
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(LOCALE, encoding="utf-8")
    run(
        "libreoffice",
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(work),
        str(single),
    )
    pdf, prefix = work / f"{sheet}.pdf", work / sheet
    run("pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", str(pdf), str(prefix))
    shot = next(work.glob(f"{sheet}-*1.png"))
    save(trim(Image.open(shot)), out)


def scorecard_pictures(report: Path, work: Path) -> None:
    """Photograph the scorecard's sections in headless Chromium."""
    browser = "chromium" if shutil.which("chromium") else "chromium-browser"
    page = report.read_text(encoding="utf-8")
    views = {
        "rapor-ringkasan.png": ("summary", "per-right"),
        "rapor-grafik.png": ("chart",),
        "rapor-poin-hilang.png": ("lost", "warnings"),
    }
    for name, sections in views.items():
        shown = ", ".join(f"#{section}" for section in sections)
        style = f"<style>body > *:not({shown}) {{ display: none; }}</style></head>"
        view = work / f"{name}.html"
        view.write_text(page.replace("</head>", style, 1), encoding="utf-8")
        shot = work / name
        with tempfile.TemporaryDirectory() as profile:
            run(
                browser,
                "--headless",
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={WIDTH},2400",
                f"--screenshot={shot}",
                view.as_uri(),
            )
        save(trim(Image.open(shot)), STATIC / name)


def trim(image: Image.Image, height: int | None = None) -> Image.Image:
    """Cut the white margins away (keeping a little), then the picture's top ``height``."""
    image = image.convert("RGB")
    background = Image.new("RGB", image.size, (255, 255, 255))
    box = ImageChops.difference(image, background).getbbox()
    if box:
        left, top, right, bottom = box
        image = image.crop(
            (
                max(left - 12, 0),
                max(top - 12, 0),
                min(right + 12, image.width),
                min(bottom + 12, image.height),
            )
        )
    if height is not None and image.height > height:
        image = image.crop((0, 0, image.width, height))
    return image


def save(image: Image.Image, out: Path, colors: int = 48) -> None:
    """Scale to at most WIDTH pixels wide and save as a small palette PNG of ``colors``."""
    if image.width > WIDTH:
        image = image.resize(
            (WIDTH, round(image.height * WIDTH / image.width)), Image.Resampling.LANCZOS
        )
    image.quantize(colors=colors, method=Image.Quantize.MEDIANCUT).save(out, optimize=True)
    print(f"{out.relative_to(ROOT)}: {image.width}x{image.height}, {out.stat().st_size // 1024} KB")


def main() -> None:
    """Remake every picture of the guide."""
    STATIC.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        template, filled = work / "templat.xlsx", work / "templat-terisi.xlsx"
        kkpham("template", "22/2021", "--year", YEAR, "--format", "xlsx", "--out", str(template))
        fill(template, filled)
        sheet_picture(filled, "Petunjuk", STATIC / "templat-petunjuk.png", work, 23)
        sheet_picture(filled, "Info", STATIC / "templat-info.png", work, 4)
        sheet_picture(filled, "Dimensi", STATIC / "templat-dimensi.png", work, 11)
        data = work / "templat.json"
        print(kkpham("import", str(filled), "--out", str(data)), end="")
        print(kkpham("report", str(data), "--out", str(work / "hasil")), end="")
        scorecard_pictures(work / "hasil" / "scorecard.html", work)


if __name__ == "__main__":
    main()
