"""Charts for simulations and sensitivity runs (PNG and SVG; needs the ``[plot]`` extra).

matplotlib is imported only when a chart is drawn, with a clear error if the
extra is not installed. Charts use the non-interactive Agg backend and carry no
date metadata, so the same data gives the same SVG.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import PlotUnavailableError
from ..messages import Lang, labels
from ..rounding import decimal_text

if TYPE_CHECKING:
    # annotations only: report.py imports this module for every scorecard, with
    # or without charts, and must not pull numpy in through the simulation modules
    from ..model import Regulation
    from ..policy.sensitivity import Sensitivity
    from ..policy.simulate import Simulation
    from ..result import Evaluation

__all__ = [
    "PlotUnavailableError",
    "contribution_chart",
    "distribution_chart",
    "sensitivity_chart",
    "simulation_charts",
    "transition_chart",
]


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        matplotlib.rcParams["svg.hashsalt"] = "kkpham"
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise PlotUnavailableError(
            "charts need matplotlib: pip install 'kkpham-rules[plot]'"
        ) from error
    return plt


def _save(figure: Any, stem: Path) -> list[Path]:
    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg")]
    figure.savefig(paths[0], dpi=120, metadata={"Software": None})
    figure.savefig(paths[1], metadata={"Date": None, "Creator": None})
    _pyplot().close(figure)
    return paths


_WORDS: dict[str, dict[Lang, str]] = labels("chart")
_BASE_COLOUR = "#9aa5b1"
_VARIANT_COLOURS = ("#1f4e79", "#b5501c", "#2e7d32", "#6a1b9a", "#8a5a00")
"""Dark, distinct colours that stay apart in greyscale print."""


def _base_regulation(simulation: Simulation, base: Regulation | None) -> Regulation:
    if base is not None:
        return base
    from ..registry import default_registry

    return default_registry().get(simulation.base.regulation)


def _labels(regulation: Regulation, lang: Lang) -> dict[str, str]:
    return {c.code: c.label_id if lang == "id" else c.label_en for c in regulation.categories}


def distribution_chart(
    simulation: Simulation, stem: Path, base: Regulation | None = None, lang: Lang = "id"
) -> list[Path]:
    """Draw the score distribution under the base and each variant, with the base's
    category bounds as labelled lines; return the files.

    ``base`` defaults to the installed regulation the simulation's base names.
    """
    plt = _pyplot()
    regulation = _base_regulation(simulation, base)
    words = {key: text[lang] for key, text in _WORDS.items()}
    figure, axis = plt.subplots(figsize=(9, 4.8))
    top = float(regulation.scoring.right_max)
    bins = [top * i / 40 for i in range(41)]
    scores = [float(Decimal(r.total_score)) for r in simulation.base.regions]
    axis.hist(
        scores, bins=bins, color=_BASE_COLOUR, label=f"{words['base']} ({regulation.short_name})"
    )
    for index, outcome in enumerate(simulation.variants):
        scores = [float(Decimal(r.total_score)) for r in outcome.scores.regions]
        colour = _VARIANT_COLOURS[index % len(_VARIANT_COLOURS)]
        axis.hist(
            scores,
            bins=bins,
            histtype="step",
            linewidth=2,
            color=colour,
            label=outcome.lineage["variant"],
        )
    labels = _labels(regulation, lang)
    ordered = sorted(regulation.categories, key=lambda c: c.lower)[1:]
    for row, category in enumerate(ordered):
        axis.axvline(float(category.lower), color="#8a1c1c", linewidth=1.2, linestyle="--")
        axis.text(  # labels on alternating rows: bounds close together never overlap
            float(category.lower),
            1.01 + 0.055 * (row % 2),
            f"{labels[category.code]} \u2265 {decimal_text(category.lower)}",
            transform=axis.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=8,
            color="#8a1c1c",
        )
    axis.set_xlim(0, top)
    axis.set_xlabel(words["total"])
    axis.set_ylabel(words["regions"])
    title = f"{words['distribution']}, {simulation.regions} {words['regions']}"
    axis.set_title(title, pad=34)
    axis.legend(loc="upper left")
    figure.tight_layout()
    return _save(figure, stem)


def transition_chart(
    simulation: Simulation,
    variant_index: int,
    stem: Path,
    base: Regulation | None = None,
    lang: Lang = "id",
) -> list[Path]:
    """Draw one variant's category transition matrix as a labelled heat map; return the files."""
    plt = _pyplot()
    regulation = _base_regulation(simulation, base)
    labels = _labels(regulation, lang)
    words = {key: text[lang] for key, text in _WORDS.items()}
    outcome = simulation.variants[variant_index]
    present = {c for c in outcome.transitions} | {
        c for row in outcome.transitions.values() for c in row
    }
    codes = [c for c in simulation.categories if c in present] + sorted(
        present - set(simulation.categories)
    )
    matrix = [[outcome.transitions.get(a, {}).get(b, 0) for b in codes] for a in codes]
    names = [labels.get(code, code) for code in codes]
    highest = max((count for row in matrix for count in row), default=0) or 1
    figure, axis = plt.subplots(figsize=(7.5, 6))
    image = axis.imshow(matrix, cmap="Blues", vmin=0, vmax=highest)
    axis.set_xticks(range(len(codes)), names, rotation=30, ha="right")
    axis.set_yticks(range(len(codes)), names)
    for i, row in enumerate(matrix):
        for j, count in enumerate(row):
            # white on dark cells, black on light ones: readable at every count
            colour = "white" if count > highest / 2 else "black"
            weight = "bold" if i != j and count else "normal"
            axis.text(j, i, str(count), ha="center", va="center", color=colour, fontweight=weight)
    axis.set_xlabel(f"{words['after']}: {outcome.lineage['variant']}")
    axis.set_ylabel(words["before"])
    axis.set_title(words["transitions"])
    figure.colorbar(image, label=words["regions"])
    figure.tight_layout()
    return _save(figure, stem)


def contribution_chart(evaluation: Evaluation, stem: Path) -> list[Path]:
    """Draw one region's points per right, stacked by dimension; return the files."""
    plt = _pyplot()
    figure, axis = plt.subplots(figsize=(9, 4.5))
    names = [right.id for right in evaluation.rights]
    bottom = [0.0] * len(names)
    for position, dimension in enumerate(("struktur", "proses", "hasil")):
        values = [
            float(Decimal(right.dimensions[position].points_earned)) for right in evaluation.rights
        ]
        axis.bar(names, values, bottom=bottom, label=dimension)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axis.set_ylim(0, float(Decimal(evaluation.max_score)))
    axis.set_ylabel("points")
    axis.set_title(
        f"{evaluation.region.name}: {evaluation.total_score} ({evaluation.category.label_id})"
    )
    axis.tick_params(axis="x", rotation=30)
    axis.legend()
    figure.tight_layout()
    return _save(figure, stem)


def sensitivity_chart(result: Sensitivity, stem: Path, top: int = 12) -> list[Path]:
    """Draw which parameters move the number of awarded regions most; return the files."""
    plt = _pyplot()
    effects = list(result.parameters[:top])[::-1]
    figure, axis = plt.subplots(figsize=(8, 0.4 * len(effects) + 1.5))
    axis.barh([e.parameter for e in effects], [float(e.with_awarded_regions) for e in effects])
    axis.set_xlabel("correlation with the number of awarded regions")
    axis.set_title(f"Sensitivity, {result.samples} samples (seed {result.seed})")
    figure.tight_layout()
    return _save(figure, stem)


def simulation_charts(
    simulation: Simulation, folder: Path, base: Regulation | None = None, lang: Lang = "id"
) -> list[Path]:
    """Draw the distribution chart and one transition chart per variant into ``folder``."""
    regulation = _base_regulation(simulation, base)
    paths = distribution_chart(simulation, folder / "distribution", regulation, lang)
    for index, outcome in enumerate(simulation.variants):
        stem = folder / f"transitions-{outcome.lineage['variant']}"
        paths += transition_chart(simulation, index, stem, regulation, lang)
    return paths
