"""Reports people can read: an HTML scorecard per region and a cohort report.

Pages are rendered with Jinja2 (autoescaped) from the templates in
``kkpham_rules/templates``; they are self-contained (charts embedded as images,
needing the ``[plot]`` extra; without it the bars are plain HTML) and print
cleanly. Labels follow ``lang`` (Indonesian by default; names taken from the
regulation stay in Indonesian in both languages where no gloss exists).
"""

from __future__ import annotations

import base64
import tempfile
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Literal

from jinja2 import Environment, PackageLoader, select_autoescape

from ._version import __version__
from .model import Regulation
from .result import Evaluation, RightResult

__all__ = ["TEXTS", "cohort_report", "scorecard"]

Lang = Literal["id", "en"]

TEXTS: dict[str, dict[Lang, str]] = {
    "generated": {"id": "Dibuat dengan", "en": "Made with"},
    "data_year": {"id": "Tahun data", "en": "Data year"},
    "revision": {"id": "revisi", "en": "revision"},
    "per_right": {"id": "Nilai per hak", "en": "Score per right"},
    "right": {"id": "Hak", "en": "Right"},
    "score": {"id": "Nilai", "en": "Score"},
    "lost": {"id": "Poin yang hilang", "en": "Points lost"},
    "dimension": {"id": "Dimensi", "en": "Dimension"},
    "points_lost": {"id": "Poin hilang", "en": "Points lost"},
    "source": {"id": "Sumber nilai", "en": "Scored from"},
    "nothing_lost": {"id": "Tidak ada poin yang hilang.", "en": "No points were lost."},
    "missing": {"id": "Data dukung yang belum ada", "en": "Evidence missing"},
    "indicator": {"id": "Indikator", "en": "Indicator"},
    "evidence_asked": {"id": "Data dukung", "en": "Evidence asked"},
    "warnings": {"id": "Peringatan", "en": "Warnings"},
    "provenance": {"id": "Jejak", "en": "Provenance"},
    "input": {"id": "masukan", "en": "input"},
    "cohort_title": {"id": "Hasil penilaian", "en": "Assessment results"},
    "regions": {"id": "kabupaten/kota", "en": "regions"},
    "categories": {"id": "Jumlah per kategori", "en": "Regions per category"},
    "category": {"id": "Kategori", "en": "Category"},
    "distribution": {"id": "Sebaran nilai", "en": "Score distribution"},
    "by_province": {"id": "Kategori per provinsi", "en": "Categories per province"},
    "province": {"id": "Provinsi (kode)", "en": "Province (code)"},
    "ranking": {"id": "Peringkat", "en": "Ranking"},
    "region": {"id": "Kabupaten/kota", "en": "Region"},
    "struktur": {"id": "struktur", "en": "structure"},
    "proses": {"id": "proses", "en": "process"},
    "hasil": {"id": "hasil", "en": "outcome"},
}
"""Report labels in Indonesian and English."""

_ENVIRONMENT = Environment(
    loader=PackageLoader("kkpham_rules", "templates"),
    autoescape=select_autoescape(["j2", "html"]),
    keep_trailing_newline=True,
)


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def _percent(part: str, whole: str) -> str:
    return str((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1")))


def _chart_png(draw: object, *args: object) -> str | None:
    """Return a chart as base64 PNG, or None without the ``[plot]`` extra."""
    from .charts import PlotUnavailableError

    try:
        with tempfile.TemporaryDirectory() as folder:
            paths = draw(*args, Path(folder) / "chart")  # type: ignore[operator]
            return base64.b64encode(paths[0].read_bytes()).decode("ascii")
    except PlotUnavailableError:
        return None


def scorecard(
    evaluation: Evaluation, regulation: Regulation, lang: Lang = "id", charts: bool = True
) -> str:
    """Return one region's scorecard as a self-contained HTML page."""
    from .charts import contribution_chart

    def right_name(right: RightResult) -> str:
        return right.name_id if lang == "id" else right.name_en

    lost = [
        {
            "right": right_name(right),
            "dimension": d.dimension,
            "lost": _trim(str(Decimal(d.points_available) - Decimal(d.points_earned))),
            "source": d.source,
        }
        for right in evaluation.rights
        for d in right.dimensions
        if Decimal(d.points_earned) < Decimal(d.points_available)
    ]
    missing = []
    for result in evaluation.indicators:
        indicator = regulation.indicator(result.id)
        if result.status == "missing" or (result.status == "scored" and not result.evidence):
            missing.append(
                {
                    "id": result.id,
                    "wording": result.wording_id if lang == "id" else result.wording_en,
                    "evidence": "; ".join(indicator.evidence) if indicator else "",
                }
            )
    category = evaluation.category
    return _ENVIRONMENT.get_template("scorecard.html.j2").render(
        e=evaluation,
        lang=lang,
        title=f"{evaluation.region.name}: {evaluation.total_score}",
        category_label=category.label_id if lang == "id" else category.label_en,
        lost=lost,
        missing=missing,
        chart=_chart_png(contribution_chart, evaluation) if charts else None,
        right_name=right_name,
        percent=_percent,
        trim=_trim,
        t=lambda key: TEXTS[key][lang],
        version=__version__,
    )


def cohort_report(
    evaluations: Sequence[Evaluation],
    regulation: Regulation,
    lang: Lang = "id",
    charts: bool = True,
) -> str:
    """Return a cohort's report (categories, per province, ranking) as HTML."""
    ordered = sorted(evaluations, key=lambda e: (-Decimal(e.total_score), e.region.code))
    label = {c.code: (c.label_id if lang == "id" else c.label_en) for c in regulation.categories}
    counts = Counter(e.category.code for e in evaluations)
    provinces: dict[str, Counter[str]] = {}
    for e in evaluations:
        provinces.setdefault(e.region.code[:2], Counter())[e.category.code] += 1
    chart = None
    if charts:
        chart = _chart_png(_histogram, [Decimal(e.total_score) for e in evaluations])
    return _ENVIRONMENT.get_template("cohort.html.j2").render(
        regulation=regulation,
        lang=lang,
        title=f"{TEXTS['cohort_title'][lang]}: {regulation.short_name}",
        rows=[
            {
                "name": e.region.name,
                "code": e.region.code,
                "total": e.total_score,
                "label": label.get(e.category.code, e.category.code),
            }
            for e in ordered
        ],
        category_counts=[
            (c.code, label[c.code], counts.get(c.code, 0)) for c in regulation.categories
        ],
        provinces=sorted(provinces.items()),
        chart=chart,
        t=lambda key: TEXTS[key][lang],
        version=__version__,
    )


def _histogram(scores: Sequence[Decimal], stem: Path) -> list[Path]:
    from .charts import _pyplot, _save

    plt = _pyplot()
    figure, axis = plt.subplots(figsize=(8, 3.5))
    axis.hist([float(s) for s in scores], bins=[i * 2.5 for i in range(41)])
    axis.set_xlabel("total")
    axis.set_ylabel("n")
    return _save(figure, stem)
