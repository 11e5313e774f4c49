"""Reports people can read: an HTML scorecard per region and a cohort report.

Pages are rendered with Jinja2 (autoescaped) from the templates in
``kkpham_rules/templates``; they are self-contained (charts drawn as inline SVG
by the templates, so no plotting library is needed) and print cleanly.
Labels follow ``lang`` (Indonesian by default; names taken from the
regulation stay in Indonesian in both languages where no gloss exists), and so
do the numbers shown: a decimal comma and thousands grouped with dots in
Indonesian (81,22; 1.028), a decimal point in English (:func:`format_number`).
Only what is displayed changes: the ``data-*`` attributes of the pages and the
JSON keep the exact decimal strings of the evaluation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, select_autoescape

from .._version import __version__
from ..messages import Lang, labels, render
from ..model import Regulation
from ..result import Evaluation, RightResult
from ..rounding import trimmed

if TYPE_CHECKING:
    from ..policy.simulate import Simulation, VariantOutcome

__all__ = [
    "TEXTS",
    "cohort_report",
    "format_number",
    "scorecard",
    "simulation_report",
    "simulation_text",
]


TEXTS: dict[str, dict[Lang, str]] = labels("report")
"""Report labels in Indonesian and English (the ``report.`` labels of
:data:`kkpham_rules.messages.LABELS`)."""

_ENVIRONMENT = Environment(
    loader=PackageLoader("kkpham_rules", "templates"),
    autoescape=select_autoescape(["j2", "html"]),
    keep_trailing_newline=True,
)


_SEPARATORS: dict[Lang, tuple[str, str]] = {"id": (",", "."), "en": (".", ",")}
"""Per language: the decimal sign and the thousands separator."""


def format_number(value: str | int | Decimal, lang: Lang = "id", *, trim: bool = False) -> str:
    """Return a number as a reader of ``lang`` writes it: the same digits, other signs.

    ``value`` is an exact decimal string (as an evaluation holds it), an ``int``
    or a ``Decimal``; nothing is rounded. Indonesian takes a decimal comma and
    groups thousands with dots, English a decimal point and commas. ``trim``
    drops trailing zeros after the decimal sign (points: ``25.50`` is 25,5).

    >>> format_number("81.22", "id"), format_number("81.22", "en")
    ('81,22', '81.22')
    >>> format_number("25.50", "id", trim=True), format_number("100.00", "id", trim=True)
    ('25,5', '100')
    >>> format_number(1028, "id"), format_number(1028, "en"), format_number("-1234.5", "id")
    ('1.028', '1,028', '-1.234,5')
    >>> format_number("+3", "id")
    '+3'
    """
    text = value if isinstance(value, str) else format(Decimal(value), "f")
    if trim:
        text = trimmed(text)
    sign = text[0] if text[:1] in ("-", "+") else ""
    whole, point, fraction = text[len(sign) :].partition(".")
    decimal_sign, thousands = _SEPARATORS[lang]
    groups: list[str] = []
    while len(whole) > 3:
        whole, group = whole[:-3], whole[-3:]
        groups.insert(0, group)
    whole = thousands.join([whole, *groups])
    return f"{sign}{whole}{decimal_sign if point else ''}{fraction}"


def _fraction(value: Fraction, lang: Lang) -> str:
    """Return a category bound (a fraction, in practice a short decimal) for display."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return format_number(format(exact.normalize(), "f"), lang, trim=True)


def _percent(part: str, whole: str) -> str:
    return str((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1")))


_DIMENSION_COLOURS = {"struktur": "#1f4e79", "proses": "#2e75b6", "hasil": "#8fbde6"}
"""Dark to light blue, readable on white and in greyscale print."""
_LOST_COLOUR = "#f0f0f0"


def _px(value: float) -> float:
    return round(value, 1)  # a tenth of a pixel: short SVG, the same text on every machine


_NAME_ONE_LINE, _NAME_TWO_LINES = 40, 46
"""How many letters of a right's name fit beside the chart's bars: on one line at 13 px,
on each of two lines at 11 px."""


def _name_lines(name: str) -> list[str]:
    """Return a right's name on one line, or on two (broken between words) if it is long."""
    if len(name) <= _NAME_ONE_LINE:
        return [name]
    first, rest = "", name
    for word in name.split(" "):
        if first and len(first) + 1 + len(word) > _NAME_TWO_LINES:
            break
        first = f"{first} {word}".strip()
    rest = name[len(first) :].strip()
    if len(rest) > _NAME_TWO_LINES:
        rest = rest[: _NAME_TWO_LINES - 1].rstrip() + "…"
    return [first, rest]


def _right_bars(
    evaluation: Evaluation, lang: Lang, name: Callable[[RightResult], str]
) -> dict[str, Any]:
    """Return the geometry of the per-right chart: earned points by dimension, then lost."""
    left, plot, bar, gap, top = 300, 380, 20, 8, 10
    right_max = float(Decimal(evaluation.max_score))
    scale = plot / right_max if right_max else 0.0
    rows = []
    for index, right in enumerate(evaluation.rights):
        x, parts = float(left), []
        for d in right.dimensions:
            width = float(Decimal(d.points_earned)) * scale
            earned = format_number(d.points_earned, lang, trim=True)
            available = format_number(d.points_available, lang, trim=True)
            label = f"{TEXTS[d.dimension][lang]}: {earned} / {available}"
            parts.append(
                {
                    "x": _px(x),
                    "width": _px(width),
                    "colour": _DIMENSION_COLOURS[d.dimension],
                    "label": label,
                    "lost": False,
                }
            )
            x += width
        lost = left + plot - x
        lost_points = Decimal(right.max_score) - Decimal(right.score)
        if lost_points > 0:
            parts.append(
                {
                    "x": _px(x),
                    "width": _px(lost),
                    "colour": _LOST_COLOUR,
                    "lost": True,
                    "label": f"{TEXTS['lost'][lang]}: "
                    f"{format_number(str(lost_points), lang, trim=True)}",
                }
            )
        full = name(right)
        rows.append(
            {
                # a long name takes two smaller lines beside its bar (cut only if longer
                # still); the full name is the tooltip
                "lines": _name_lines(full),
                "full_name": full,
                "y": top + index * (bar + gap),
                "parts": parts,
                "end": _px(left + plot),
                "score": format_number(right.score, lang),
            }
        )
    bottom = top + len(rows) * (bar + gap)
    ticks = [
        {
            "x": _px(left + plot * k / 4),
            "label": format_number(str(Decimal(evaluation.max_score) * k / 4), lang, trim=True),
        }
        for k in range(5)
    ]
    legend, x = [], float(left)
    for key, colour in [*_DIMENSION_COLOURS.items(), ("lost", _LOST_COLOUR)]:
        label = _sentence(TEXTS[key][lang])
        legend.append({"x": _px(x), "colour": colour, "label": label, "lost": key == "lost"})
        x += 44 + 7 * len(label)  # the box, the label (about 7 px a letter), a gap
    return {
        "width": 760,
        "height": bottom + 56,
        "left": left,
        "top": top,
        "bottom": bottom,
        "bar": bar,
        "rows": rows,
        "ticks": ticks,
        "legend": legend,
    }


_BAND_TINTS = ("#f6efe3", "#f7f7f7")
_AWARDED_TINT = "#e2f0e6"


def _histogram(scores: Sequence[Decimal], regulation: Regulation, lang: Lang) -> dict[str, Any]:
    """Return the geometry of the score histogram, with the category bands and bounds."""
    left, right, top, bottom, width = 48, 740, 48, 244, 760
    most = float(regulation.scoring.right_max)
    step = most / 40
    counts = [0] * 40
    for score in scores:
        counts[min(int(float(score) / step), 39) if step else 0] += 1
    highest = max(counts) or 1

    def x_of(value: float) -> float:
        return left + (right - left) * value / most if most else left

    bars = [
        {
            "x": _px(x_of(k * step) + 1),
            "width": _px(max(x_of(step) - left - 2, 1)),
            "y": _px(bottom - (bottom - top) * n / highest),
            "label": f"{format_number(f'{k * step:.2f}', lang, trim=True)}-"
            f"{format_number(f'{(k + 1) * step:.2f}', lang, trim=True)}: {format_number(n, lang)}",
        }
        for k, n in enumerate(counts)
        if n
    ]
    bands, bounds = [], []
    ordered = regulation.plan.ordered_categories
    for index, category in enumerate(ordered):
        low = float(category.lower)
        high = float(category.upper) if category.upper is not None else most
        tint = _AWARDED_TINT if category.awarded else _BAND_TINTS[index % 2]
        bands.append(
            {
                "x": _px(x_of(low)),
                "width": _px(max(x_of(high) - x_of(low), 0)),
                "colour": tint,
                "label": category.label_id if lang == "id" else category.label_en,
                # narrow neighbouring bands: labels on two rows so they never overlap
                "label_y": top - 8 - 16 * (index % 2),
            }
        )
        if index:
            bounds.append({"x": _px(x_of(low))})
    ticks = [
        {
            "x": _px(x_of(most * k / 10)),
            "label": format_number(f"{most * k / 10:.2f}", lang, trim=True),
        }
        for k in range(11)
    ]
    # 0, the middle and the highest count; a whole number each, drawn where it belongs
    count_ticks = [
        {"y": _px(bottom - (bottom - top) * count / highest), "label": format_number(count, lang)}
        for count in sorted({0, highest // 2, highest})
    ]
    return {
        "width": width,
        "height": bottom + 40,
        "left": left,
        "right": right,
        "top": top,
        "bottom": bottom,
        "bars": bars,
        "bands": bands,
        "bounds": bounds,
        "ticks": ticks,
        "counts": count_ticks,
    }


def _category_bounds(regulation: Regulation, lang: Lang) -> list[dict[str, Any]]:
    """Return each category with the totals it covers, in words, lowest first."""
    rows = []
    for category in regulation.plan.ordered_categories:
        low = _fraction(category.lower, lang)
        if category.upper is None:
            span = TEXTS["bound_above"][lang].format(low=low)
        elif category.lower == 0:
            span = TEXTS["bound_below"][lang].format(high=_fraction(category.upper, lang))
        else:
            high = _fraction(category.upper, lang)
            span = TEXTS["bound_between"][lang].format(low=low, high=high)
        rows.append(
            {
                "code": category.code,
                "label": category.label_id if lang == "id" else category.label_en,
                "span": span,
                "awarded": category.awarded,
            }
        )
    return rows


def _sentence(text: str) -> str:
    """Return a message (written to follow a colon) as a sentence of its own."""
    return text[:1].upper() + text[1:]


def scorecard(
    evaluation: Evaluation, regulation: Regulation, lang: Lang = "id", charts: bool = True
) -> str:
    """Return one region's scorecard as a self-contained HTML page.

    Labels, warnings (through :func:`kkpham_rules.messages.render`) and numbers
    are in ``lang``; the exact decimal strings stay in the ``data-*`` attributes.
    """

    def right_name(right: RightResult) -> str:
        return right.name_id if lang == "id" else right.name_en

    lost = [
        {
            "right": right_name(right),
            "dimension": d.dimension,
            "lost": str(Decimal(d.points_available) - Decimal(d.points_earned)),
            "source": TEXTS[f"source_{d.source}"][lang],
        }
        for right in evaluation.rights
        for d in right.dimensions
        if Decimal(d.points_earned) < Decimal(d.points_available)
    ]
    lost.sort(key=lambda row: -Decimal(row["lost"]))  # the biggest losses first (stable)
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
        title=f"{evaluation.region.name}: {format_number(evaluation.total_score, lang)}",
        category_label=category.label_id if lang == "id" else category.label_en,
        bounds=_category_bounds(regulation, lang),
        lost=lost,
        missing=missing,
        warnings=[_sentence(render(w, lang, evaluation=evaluation)) for w in evaluation.warnings],
        chart=_right_bars(evaluation, lang, right_name) if charts else None,
        right_name=right_name,
        percent=_percent,
        n=lambda value, trim=False: format_number(value, lang, trim=trim),
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
    scores = [Decimal(e.total_score) for e in evaluations]
    chart = _histogram(scores, regulation, lang) if charts else None
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
        n=lambda value, trim=False: format_number(value, lang, trim=trim),
        t=lambda key: TEXTS[key][lang],
        version=__version__,
    )


def _outcome_view(
    simulation: Simulation, outcome: VariantOutcome, base: Regulation, lang: Lang
) -> dict[str, Any]:
    """Return one variant's counts, transition matrix and movers, labelled in ``lang``."""
    label = {c.code: (c.label_id if lang == "id" else c.label_en) for c in base.categories}
    codes = list(simulation.categories)
    before = Counter(region.category for region in simulation.base.regions)
    after = Counter(region.category for region in outcome.scores.regions)
    counts = [
        {
            "label": label.get(code, code),
            "before": before[code],
            "after": after[code],
            "change": f"{after[code] - before[code]:+d}",
        }
        for code in codes
    ]
    matrix = [
        {
            "label": label.get(row, row),
            "cells": [
                {
                    "count": outcome.transitions.get(row, {}).get(col, 0),
                    "moved": row != col and outcome.transitions.get(row, {}).get(col, 0) > 0,
                }
                for col in codes
            ],
        }
        for row in codes
    ]
    movers = [
        {
            "name": m.region_name,
            "code": m.region_code,
            "base_score": m.base_score,
            "base_label": label.get(m.base_category, m.base_category),
            "variant_score": m.variant_score,
            "variant_label": label.get(m.variant_category, m.variant_category),
            "delta": m.delta,
        }
        for m in outcome.movers
    ]
    sentence = TEXTS["moved_sentence"][lang].format(
        moved=format_number(len(movers), lang),
        regions=format_number(simulation.regions, lang),
        mean=format_number(outcome.delta_distribution.mean, lang),
    )
    return {
        "id": outcome.lineage["variant"],
        "title": outcome.lineage.get("title") or outcome.lineage["variant"],
        "sentence": sentence,
        "counts": counts,
        "labels": [label.get(code, code) for code in codes],
        "matrix": matrix,
        "movers": movers,
        "chart": _grouped_bars(counts, lang),
    }


_BEFORE, _AFTER = "#9aa5b1", "#1f4e79"


def _grouped_bars(counts: list[dict[str, Any]], lang: Lang) -> dict[str, Any]:
    """Return the geometry of the before/after bars per category."""
    left, right, top, bottom, bar = 20, 740, 24, 200, 34
    highest = max([row["before"] for row in counts] + [row["after"] for row in counts] + [1])
    step = (right - left) / max(len(counts), 1)
    groups = []
    for index, row in enumerate(counts):
        middle = left + step * (index + 0.5)
        bars = [
            {
                "x": _px(middle - bar - 2 + offset * (bar + 4)),
                "y": _px(bottom - (bottom - top) * row[key] / highest),
                "colour": colour,
                "count": format_number(row[key], lang),
                "label": f"{row['label']}, {TEXTS[key][lang].lower()}: "
                f"{format_number(row[key], lang)}",
            }
            for offset, (key, colour) in enumerate((("before", _BEFORE), ("after", _AFTER)))
        ]
        groups.append({"x": _px(middle), "label": row["label"], "bars": bars})
    legend = [
        {"x": left, "colour": _BEFORE, "label": TEXTS["before"][lang]},
        {"x": left + 110, "colour": _AFTER, "label": TEXTS["after"][lang]},
    ]
    return {
        "width": 760,
        "height": bottom + 48,
        "left": left,
        "right": right,
        "top": top,
        "bottom": bottom,
        "bar": bar,
        "groups": groups,
        "legend": legend,
    }


def simulation_report(simulation: Simulation, base: Regulation, lang: Lang = "id") -> str:
    """Return a simulation (``kkpham simulate``'s ``summary.json``) as an HTML page.

    Per variant: awarded counts before and after per category, the labelled
    transition matrix and the regions that change category.
    """
    return _ENVIRONMENT.get_template("simulation.html.j2").render(
        lang=lang,
        title=f"{TEXTS['simulation_title'][lang]}: {base.short_name}",
        base=base,
        regions=simulation.regions,
        variants=[_outcome_view(simulation, v, base, lang) for v in simulation.variants],
        n=lambda value, trim=False: format_number(value, lang, trim=trim),
        t=lambda key: TEXTS[key][lang],
        version=__version__,
    )


def simulation_text(
    simulation: Simulation, base: Regulation, lang: Lang = "id", movers: int = 20
) -> str:
    """Return a simulation as plain-text tables for a terminal (at most ``movers`` named).

    Numbers are written as in the HTML report: a decimal comma in Indonesian.
    """

    def n(value: str | int) -> str:
        return format_number(value, lang)

    lines: list[str] = []
    for outcome in simulation.variants:
        view = _outcome_view(simulation, outcome, base, lang)
        lines += [f"{view['title']} ({view['id']})", f"  {view['sentence']}", ""]
        width = max(len(row["label"]) for row in view["counts"])
        head = f"  {TEXTS['category'][lang]:<{width}}  {TEXTS['before'][lang]:>8}  "
        lines.append(head + f"{TEXTS['after'][lang]:>8}  {TEXTS['change'][lang]:>9}")
        lines += [
            f"  {row['label']:<{width}}  {n(row['before']):>8}  {n(row['after']):>8}  "
            f"{n(row['change']):>9}"
            for row in view["counts"]
        ]
        lines += [
            "",
            f"  {TEXTS['transitions'][lang]} ({TEXTS['before'][lang]} \\ {TEXTS['after'][lang]})",
        ]
        column = max(width, 8)
        lines.append(
            "  "
            + " " * width
            + "".join(f"  {label[:column]:>{column}}" for label in view["labels"])
        )
        lines += [
            f"  {row['label']:<{width}}"
            + "".join(f"  {n(cell['count']):>{column}}" for cell in row["cells"])
            for row in view["matrix"]
        ]
        named = view["movers"][:movers]
        if named:
            lines += ["", f"  {TEXTS['movers'][lang]}:"]
            lines += [
                f"  - {m['name']} ({m['code']}): {n(m['base_score'])} {m['base_label']} -> "
                f"{n(m['variant_score'])} {m['variant_label']} ({n(m['delta'])})"
                for m in named
            ]
            if len(view["movers"]) > movers:
                more = len(view["movers"]) - movers
                lines.append("  " + TEXTS["more"][lang].format(more=n(more)))
        lines.append("")
    return "\n".join(lines)
