"""Charts for simulations and sensitivity runs (PNG and SVG; needs the ``[plot]`` extra).

matplotlib is imported only when a chart is drawn, with a clear error if the
extra is not installed. Charts use the non-interactive Agg backend and carry no
date metadata, so the same data gives the same SVG.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import KkphamError

if TYPE_CHECKING:
    # annotations only: report.py imports this module for every scorecard, with
    # or without charts, and must not pull numpy in through the simulation modules
    from .result import Evaluation
    from .sensitivity import Sensitivity
    from .simulate import Simulation

__all__ = [
    "PlotUnavailableError",
    "contribution_chart",
    "distribution_chart",
    "sensitivity_chart",
    "simulation_charts",
    "transition_chart",
]


class PlotUnavailableError(KkphamError):
    """matplotlib is not installed: ``pip install 'kkpham-rules[plot]'``."""

    code = "plot_unavailable"


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


def distribution_chart(simulation: Simulation, stem: Path) -> list[Path]:
    """Draw the score distribution under the base and each variant; return the files."""
    plt = _pyplot()
    figure, axis = plt.subplots(figsize=(8, 4.5))
    bins = [i * 2.5 for i in range(41)]
    base = [float(Decimal(r.total_score)) for r in simulation.base.regions]
    axis.hist(base, bins=bins, alpha=0.6, label=f"base ({simulation.base.regulation})")
    for outcome in simulation.variants:
        scores = [float(Decimal(r.total_score)) for r in outcome.scores.regions]
        axis.hist(
            scores, bins=bins, histtype="step", linewidth=1.5, label=outcome.lineage["variant"]
        )
    axis.set_xlabel("total score")
    axis.set_ylabel("regions")
    axis.set_title(f"Score distribution, {simulation.regions} regions")
    axis.legend()
    return _save(figure, stem)


def transition_chart(simulation: Simulation, variant_index: int, stem: Path) -> list[Path]:
    """Draw one variant's category transition matrix as a heat map; return the files."""
    plt = _pyplot()
    outcome = simulation.variants[variant_index]
    present = {c for c in outcome.transitions} | {
        c for row in outcome.transitions.values() for c in row
    }
    codes = [c for c in simulation.categories if c in present] + sorted(
        present - set(simulation.categories)
    )
    matrix = [[outcome.transitions.get(a, {}).get(b, 0) for b in codes] for a in codes]
    figure, axis = plt.subplots(figsize=(6.5, 5.5))
    image = axis.imshow(matrix, cmap="Blues")
    axis.set_xticks(range(len(codes)), codes, rotation=30, ha="right")
    axis.set_yticks(range(len(codes)), codes)
    for i, row in enumerate(matrix):
        for j, count in enumerate(row):
            axis.text(j, i, str(count), ha="center", va="center")
    axis.set_xlabel(f"variant {outcome.lineage['variant']}")
    axis.set_ylabel("base")
    axis.set_title("Category transitions")
    figure.colorbar(image)
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


def simulation_charts(simulation: Simulation, folder: Path) -> list[Path]:
    """Draw the distribution chart and one transition chart per variant into ``folder``."""
    paths = distribution_chart(simulation, folder / "distribution")
    for index, outcome in enumerate(simulation.variants):
        paths += transition_chart(
            simulation, index, folder / f"transitions-{outcome.lineage['variant']}"
        )
    return paths
