"""HTML reports, looked at in a real headless browser where one is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import kkpham_rules
from kkpham_rules.report import cohort_report, scorecard
from kkpham_rules.synth import synthetic_cohort

EXAMPLE = Path(__file__).parent.parent / "examples" / "kota-contoh-2022.json"
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
    assert "81.22" in page
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
    for name, html in pages.items():
        page = tmp_path / f"{name}.html"
        page.write_text(html, encoding="utf-8")
        shot = tmp_path / f"{name}.png"
        subprocess.run(
            [
                str(BROWSER),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
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
        "from kkpham_rules.report import cohort_report, scorecard\n"
        "from kkpham_rules.synth import synthetic_cohort\n"
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
    assert ">struktur</text>" in page
    assert ">hasil</text>" in page


def test_points_lost_are_listed_biggest_first() -> None:
    page = scorecard(kkpham_rules.evaluate(kkpham_rules.load_submission(EXAMPLE)), NEW)
    section = page.split("Poin yang hilang</h2>")[1].split("</table>")[0]
    lost = [float(cell.split("</td>")[0]) for cell in section.split('<td class="num">')[1:]]
    assert lost == sorted(lost, reverse=True)
    assert "nilai dimensi" in section
