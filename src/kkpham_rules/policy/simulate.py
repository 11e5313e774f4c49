"""Policy simulation over a cohort: :func:`evaluate_cohort`, :func:`simulate`.

Evaluate every region under a base regulation and under each what-if variant,
then summarise: the category transition matrix, each region's score delta, the
distribution of scores, and the regions that change category. Values a variant
no longer scores (a dropped indicator or right) are set aside and counted,
never silently scored. Sweeps accept any :class:`concurrent.futures.Executor`
(a process pool, or a Dask ``distributed`` client's executor).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, Literal, cast

from pydantic import Field

from .._json import json_text
from .._models import Frozen
from ..engine import check_submission, evaluate
from ..errors import Problem, SubmissionError, VariantError
from ..files.cohort import fit_submission, fitted, load_cohort
from ..model import Regulation
from ..registry import Registry, default_registry
from ..rounding import decimal_places
from ..submission import Submission, parse_submission
from .variants import Variant, load_variant

if TYPE_CHECKING:  # the array path needs numpy: imported only where it is used
    from ..fast import CohortArrays

__all__ = [
    "REGIONS_CSV_COLUMNS",
    "REGIONS_NUMBER_COLUMNS",
    "SIMULATION_FORMAT",
    "CohortScores",
    "Distribution",
    "Mover",
    "RegionScore",
    "Simulation",
    "VariantOutcome",
    "evaluate_cohort",
    "outcome_between",
    "region_rows",
    "simulate",
    "write_regions_csv",
    "write_regions_xlsx",
]

SIMULATION_FORMAT: Final = "kkpham-simulation/1"
"""The version of the simulation summary format."""


class RegionScore(Frozen):
    """One region's rounded total and category."""

    region_code: str
    region_name: str
    total_score: str
    category: str


class Distribution(Frozen):
    """The spread of a cohort's totals and its category counts."""

    count: int
    mean: str
    minimum: str
    quartile_1: str
    median: str
    quartile_3: str
    maximum: str
    categories: dict[str, int]


class CohortScores(Frozen):
    """A whole cohort scored under one regulation."""

    regulation: str
    regulation_hash: str
    path: Literal["fast", "exact"]
    regions: tuple[RegionScore, ...]
    distribution: Distribution
    ignored_values: int = Field(
        description="Values set aside because this regulation does not score them."
    )

    def to_dataframe(
        self, regulation: Regulation | str | None = None, *, registry: Registry | None = None
    ) -> Any:
        """Return one row per region as a pandas DataFrame (needs the ``[dataframe]`` extra).

        Columns: ``region_code`` and ``region_name`` (text: ``"11.10"`` stays
        ``"11.10"``), ``total_score`` (``float64``), ``category`` (the code, text)
        and ``awarded`` (boolean), in the cohort's order.

        ``awarded`` is read off the categories of the regulation the cohort was
        scored under: ``regulation`` (a regulation or a name), else the one named
        :attr:`regulation`, looked up in ``registry`` (the installed plugins by
        default). A variant's scores need ``regulation=variant.regulation`` (or
        its base's, whose categories a variant keeps). Raises
        :class:`~kkpham_rules.errors.InputError` if a category is not one of
        that regulation's.

        The floats are for analysis only: each is the double nearest the exact
        decimal string of the JSON (:meth:`model_dump` / the simulation's
        :meth:`Simulation.to_json`), never a recomputation; the JSON keeps the
        exact figures. Raises :class:`~kkpham_rules.files.export.DataFrameUnavailableError`
        without pandas.
        """
        from ..files.export import categories_scored_under, decimal_float, typed_frame

        categories = categories_scored_under(
            self.regulation, (r.category for r in self.regions), regulation, registry
        )
        awarded = {category.code for category in categories if category.awarded}
        rows = [
            {
                "region_code": region.region_code,
                "region_name": region.region_name,
                "total_score": decimal_float(region.total_score),
                "category": region.category,
                "awarded": region.category in awarded,
            }
            for region in self.regions
        ]
        return typed_frame(
            rows,
            {
                "region_code": "text",
                "region_name": "text",
                "total_score": "float",
                "category": "text",
                "awarded": "bool",
            },
        )


class Mover(Frozen):
    """A region whose category changes under a variant."""

    region_code: str
    region_name: str
    base_score: str
    base_category: str
    variant_score: str
    variant_category: str
    delta: str


class VariantOutcome(Frozen):
    """A variant's effect on the cohort."""

    lineage: dict[str, Any]
    scores: CohortScores
    transitions: dict[str, dict[str, int]] = Field(
        description="base category -> variant category -> number of regions."
    )
    deltas: tuple[str, ...] = Field(description="Variant minus base total, per region, in order.")
    delta_distribution: Distribution
    movers: tuple[Mover, ...]


class Simulation(Frozen):
    """A base and its variants over one cohort."""

    format: Literal["kkpham-simulation/1"] = SIMULATION_FORMAT
    regions: int
    categories: tuple[str, ...] = Field(description="The base's category codes, best first.")
    base: CohortScores
    variants: tuple[VariantOutcome, ...]

    def to_json(self) -> str:
        """Return the simulation as deterministic JSON text."""
        return json_text(self.model_dump(mode="json"))

    def to_dataframe(self) -> Any:
        """Return one row per variant and region as a pandas DataFrame (``[dataframe]`` extra).

        The content of :func:`write_regions_csv` (``regions.csv``), typed:
        ``variant``, ``region_code``, ``region_name`` (text: ``"11.10"`` stays
        ``"11.10"``), ``base_score`` (``float64``), ``base_category`` (text),
        ``variant_score`` (``float64``), ``variant_category`` (text), ``delta``
        (``float64``: variant minus base) and ``changed`` (boolean: the category
        differs). Variants follow each other in the simulation's order, each
        over the regions in the cohort's order; no variant, no rows.

        The floats are for analysis only: each is the double nearest the exact
        decimal string of :meth:`to_json` (a delta is ``float`` of the exact
        ``deltas`` entry, not the difference of two floats); the JSON keeps the
        exact figures. Raises :class:`~kkpham_rules.files.export.DataFrameUnavailableError`
        without pandas.
        """
        from ..files.export import decimal_float, typed_frame

        rows = []
        for outcome in self.variants:
            pairs = zip(self.base.regions, outcome.scores.regions, strict=True)
            for (before, after), delta in zip(pairs, outcome.deltas, strict=True):
                rows.append(
                    {
                        "variant": outcome.lineage["variant"],
                        "region_code": before.region_code,
                        "region_name": before.region_name,
                        "base_score": decimal_float(before.total_score),
                        "base_category": before.category,
                        "variant_score": decimal_float(after.total_score),
                        "variant_category": after.category,
                        "delta": decimal_float(delta),
                        "changed": before.category != after.category,
                    }
                )
        return typed_frame(
            rows,
            {
                "variant": "text",
                "region_code": "text",
                "region_name": "text",
                "base_score": "float",
                "base_category": "text",
                "variant_score": "float",
                "variant_category": "text",
                "delta": "float",
                "changed": "bool",
            },
        )


def _quantile(ordered: Sequence[Decimal], share: Decimal) -> Decimal:
    # linear interpolation between closest ranks, exactly in decimals
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def distribution(totals: Sequence[str], categories: Iterable[str]) -> Distribution:
    """Return count, mean, quartiles and extremes of decimal totals, and category counts."""
    values = sorted(Decimal(total) for total in totals)
    mean = sum(values, Decimal(0)) / len(values)
    return Distribution(
        count=len(values),
        mean=decimal_places(mean),
        minimum=decimal_places(values[0]),
        quartile_1=decimal_places(_quantile(values, Decimal("0.25"))),
        median=decimal_places(_quantile(values, Decimal("0.5"))),
        quartile_3=decimal_places(_quantile(values, Decimal("0.75"))),
        maximum=decimal_places(values[-1]),
        categories=dict(sorted(Counter(categories).items())),
    )


def _exact_scores(
    submissions: Sequence[Submission], regulation: Regulation, registry: Registry | None
) -> tuple[list[str], list[str]]:
    totals, codes = [], []
    for submission in submissions:
        evaluation = evaluate(
            fit_submission(submission, regulation)[0], regulation, registry=registry
        )
        totals.append(evaluation.total_score)
        codes.append(evaluation.category.code)
    return totals, codes


def _cohort_scores(
    regions: tuple[Sequence[str], Sequence[str]],
    regulation: Regulation,
    totals: Sequence[str],
    codes: Sequence[str],
    path: Literal["fast", "exact"],
    ignored: int,
) -> CohortScores:
    region_codes, region_names = regions
    return CohortScores(
        regulation=regulation.id,
        regulation_hash=regulation.content_hash,
        path=path,
        regions=tuple(
            RegionScore(region_code=code, region_name=name, total_score=total, category=category)
            for code, name, total, category in zip(
                region_codes, region_names, totals, codes, strict=True
            )
        ),
        distribution=distribution(totals, codes),
        ignored_values=ignored,
    )


def _key_counts(submissions: Sequence[Submission]) -> tuple[Counter[str], Counter[str]]:
    """Return how many submissions name each right and each indicator."""
    rights: Counter[str] = Counter()
    indicators: Counter[str] = Counter()
    for submission in submissions:
        rights.update(submission.dimensions.keys())
        indicators.update(submission.indicators.keys())
    return rights, indicators


def _ignored(counts: tuple[Counter[str], Counter[str]], regulation: Regulation) -> int:
    """Return how many values ``regulation`` does not score (as :func:`fit_submission` counts)."""
    rights, indicators = counts
    return sum(n for k, n in rights.items() if regulation.right(k) is None) + sum(
        n for k, n in indicators.items() if regulation.indicator(k) is None
    )


CohortSource = Sequence[Submission] | Path | str | Any
"""Submissions, a folder or JSON Lines file, or a DataFrame (see :func:`load_cohort`)."""


def _submissions(source: CohortSource) -> list[Submission]:
    if isinstance(source, Path | str) or hasattr(source, "to_dict"):
        return load_cohort(source)
    return [parse_submission(item) for item in source]


def _regulation(regulation: Regulation | str, registry: Registry | None) -> Regulation:
    if isinstance(regulation, Regulation):
        return regulation
    return (registry or default_registry()).get(regulation)


def evaluate_cohort(
    submissions: CohortSource,
    regulation: Regulation | str,
    *,
    fast: bool = True,
    registry: Registry | None = None,
) -> CohortScores:
    """Return every region's total and category under ``regulation``.

    ``fast=True`` uses the array path (:mod:`kkpham_rules.fast`), which gives
    the same results as the exact path (``fast=False``).
    """
    chosen = _regulation(regulation, registry)
    if not fast:
        cohort = _submissions(submissions)
        _checked(cohort, chosen, fast=False)
        return _score_many(cohort, [chosen], fast=False, registry=registry)[0]
    from ..fast import prepare_cohort, score_cohort

    # the array path reads submission dicts itself, checking all shares at once
    items: Iterable[Any] = (
        load_cohort(submissions)
        if _is_file_or_frame(submissions)
        else cast(Iterable[Any], submissions)
    )
    arrays = prepare_cohort(items, chosen)
    [scored] = score_cohort(arrays, [chosen])
    regions = (arrays.region_codes, arrays.region_names)
    return _cohort_scores(regions, chosen, scored.totals, scored.categories, "fast", 0)


def _is_file_or_frame(source: CohortSource) -> bool:
    return isinstance(source, Path | str) or hasattr(source, "to_dict")


def _checked(submissions: list[Submission], base: Regulation, fast: bool) -> CohortArrays | None:
    """Check that every submission fits ``base``, else raise with every problem.

    Only values a *variant* no longer scores are set aside later; an id the base
    does not know is the submitter's error, reported as :func:`evaluate` would.
    The array path returns the cohort laid out for ``base`` as it checks it.
    """
    if not submissions:
        raise SubmissionError("the cohort is empty", [Problem("empty_cohort", "", "no submission")])
    repeated = _repeated_regions(submissions)
    if fast:
        from ..fast import cohort_arrays

        try:
            arrays = cohort_arrays(submissions, base)  # raises listing every problem
        except SubmissionError as error:
            if not repeated:
                raise
            problems = [*repeated, *error.problems]
            raise SubmissionError(f"the cohort has {len(problems)} problem(s)", problems) from error
        if repeated:
            raise SubmissionError(f"the cohort has {len(repeated)} problem(s)", repeated)
        return arrays
    problems = repeated + [
        p.under(n)
        for n, submission in enumerate(submissions)
        for p in check_submission(submission, base)[1]
    ]
    if problems:
        raise SubmissionError(f"the cohort has {len(problems)} problem(s)", problems)
    return None


def _repeated_regions(submissions: Sequence[Submission]) -> list[Problem]:
    """Return a problem for each submission that repeats an earlier one's region and year.

    A region given twice would be counted twice in every transition and
    distribution. The region's name is part of what is compared, because the
    synthetic cohorts past 3,762 regions deal the codes out again under other
    names (``... ulangan 2 (SINTETIS)``) on purpose.
    """
    first: dict[tuple[str, str, int], int] = {}
    problems = []
    for index, submission in enumerate(submissions):
        region = submission.region
        key = (region.code, region.name, submission.assessment_year)
        if key in first:
            shown = f"{region.name} ({region.code}), {submission.assessment_year}"
            message = f"{shown} is given twice (first as /{first[key]})"
            problems.append(Problem("repeated_region", f"/{index}/region", message, None, shown))
        else:
            first[key] = index
    return problems


def _score_many(
    submissions: Sequence[Submission],
    regulations: Sequence[Regulation],
    *,
    fast: bool,
    registry: Registry | None,
    base_arrays: CohortArrays | None = None,
) -> list[CohortScores]:
    """Score the cohort under each regulation; ``base_arrays`` spares re-laying the cohort
    out for regulations with the base's rights and indicators (most variants)."""
    regions = ([s.region.code for s in submissions], [s.region.name for s in submissions])
    counts = _key_counts(submissions)
    if not fast:
        results = []
        for regulation in regulations:
            totals, codes = _exact_scores(submissions, regulation, registry)
            ignored = _ignored(counts, regulation)
            results.append(_cohort_scores(regions, regulation, totals, codes, "exact", ignored))
        return results
    from ..fast import cohort_arrays, score_cohort

    # arrays are laid out per regulation's own rights and indicators, after fitting
    by_layout: dict[object, list[int]] = {}
    for position, regulation in enumerate(regulations):
        by_layout.setdefault(_layout(regulation), []).append(position)
    results_by_position: dict[int, CohortScores] = {}
    for members in by_layout.values():
        layout_regulation = regulations[members[0]]
        if base_arrays is not None and _layout(layout_regulation) == base_arrays.layout:
            arrays = base_arrays
        else:
            arrays = cohort_arrays(fitted(submissions, layout_regulation), layout_regulation)
        scored = score_cohort(arrays, [regulations[m] for m in members])
        for member, result in zip(members, scored, strict=True):
            results_by_position[member] = _cohort_scores(
                regions,
                regulations[member],
                result.totals,
                result.categories,
                "fast",
                _ignored(counts, regulations[member]),
            )
    return [results_by_position[p] for p in range(len(regulations))]


def _layout(regulation: Regulation) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(r.id for r in regulation.rights), tuple(i.id for i in regulation.indicators)


def _outcome(
    base: CohortScores, lineage: Mapping[str, Any], scores: CohortScores
) -> VariantOutcome:
    transitions: dict[str, dict[str, int]] = {}
    deltas = []
    movers = []
    for before, after in zip(base.regions, scores.regions, strict=True):
        row = transitions.setdefault(before.category, {})
        row[after.category] = row.get(after.category, 0) + 1
        delta = Decimal(after.total_score) - Decimal(before.total_score)
        deltas.append(str(delta))
        if before.category != after.category:
            movers.append(
                Mover(
                    region_code=before.region_code,
                    region_name=before.region_name,
                    base_score=before.total_score,
                    base_category=before.category,
                    variant_score=after.total_score,
                    variant_category=after.category,
                    delta=str(delta),
                )
            )
    return VariantOutcome(
        lineage=dict(lineage),
        scores=scores,
        transitions={k: dict(sorted(v.items())) for k, v in sorted(transitions.items())},
        deltas=tuple(deltas),
        delta_distribution=distribution(deltas, []),
        movers=tuple(movers),
    )


def simulate(
    submissions: CohortSource,
    base: Regulation | str,
    variants: Sequence[Variant | Path | str],
    *,
    fast: bool = True,
    executor: Executor | None = None,
    chunk: int = 256,
    progress: Callable[[int, int], None] | None = None,
    registry: Registry | None = None,
) -> Simulation:
    """Return the base and every variant scored over the cohort, with transitions.

    ``submissions`` may be submissions, a folder, a JSON Lines file or a
    DataFrame; ``base`` a regulation or its name; ``variants`` variants or
    variant files.

    With an ``executor``, variants are scored in chunks of ``chunk`` on it (any
    :class:`concurrent.futures.Executor`, e.g. a Dask client's); ``progress``
    is called with (variants done, variants in all) as chunks finish.
    """
    cohort = _submissions(submissions)
    base_regulation = _regulation(base, registry)
    loaded = [
        v if isinstance(v, Variant) else load_variant(Path(v), registry=registry) for v in variants
    ]
    return _simulate(cohort, base_regulation, loaded, fast, executor, chunk, progress, registry)


def _wrong_base(index: int, variant: Variant, base: Regulation) -> Problem:
    """Return the problem of a variant made for another base: its base, and the one given.

    Another revision of the same regulation is named with its revision
    (``permenkumham-22-2021@1``), another regulation by its id.
    """
    made_for, given = variant.base_id, base.id
    if made_for == given:
        made_for, given = f"{made_for}@{variant.base_revision}", f"{given}@{base.revision}"
    return Problem(
        "wrong_base",
        f"/{index}/base",
        f"variant {variant.id!r} is a variant of {made_for}, not of {given}",
        given,
        made_for,
    )


def _simulate(
    submissions: list[Submission],
    base: Regulation,
    variants: list[Variant],
    fast: bool,
    executor: Executor | None,
    chunk: int,
    progress: Callable[[int, int], None] | None,
    registry: Registry | None,
) -> Simulation:
    arrays = _checked(submissions, base, fast)
    problems = [
        _wrong_base(index, variant, base)
        for index, variant in enumerate(variants)
        if variant.base_id != base.id or variant.base_hash != base.content_hash
    ]
    seen: set[str] = set()
    for index, variant in enumerate(variants):
        if variant.id in seen:
            problems.append(
                Problem(
                    "duplicate_variant", f"/{index}/id", f"two variants are called {variant.id!r}"
                )
            )
        seen.add(variant.id)
    if problems:
        raise VariantError("the variants do not fit the base", problems)
    [base_scores] = _score_many(
        submissions, [base], fast=fast, registry=registry, base_arrays=arrays
    )
    regulations = [variant.regulation for variant in variants]
    chunks = [regulations[i : i + chunk] for i in range(0, len(regulations), chunk)]
    scored: list[CohortScores] = []
    if executor is None:
        for part in chunks:
            scored += _score_many(
                submissions, part, fast=fast, registry=registry, base_arrays=arrays
            )
            if progress:
                progress(len(scored), len(regulations))
    else:
        futures = [
            executor.submit(
                _score_many, submissions, part, fast=fast, registry=registry, base_arrays=arrays
            )
            for part in chunks
        ]
        for future in futures:  # in order, so results never depend on timing
            scored += future.result()
            if progress:
                progress(len(scored), len(regulations))
    return Simulation(
        regions=len(submissions),
        categories=tuple(c.code for c in base.categories),
        base=base_scores,
        variants=tuple(
            _outcome(base_scores, variant.lineage(), scores)
            for variant, scores in zip(variants, scored, strict=True)
        ),
    )


def outcome_between(
    submissions: Sequence[Submission],
    base: Regulation,
    other: Regulation,
    lineage: Mapping[str, Any],
    *,
    fast: bool = True,
) -> tuple[CohortScores, VariantOutcome]:
    """Return the cohort scored under ``base``, and how it fares under ``other`` instead.

    The same machinery as :func:`simulate` with ``other`` as the one variant:
    under each regulation, values it does not score are set aside and counted
    (``ignored_values``), never silently scored; the outcome holds the
    transitions, every region's delta and the regions that change category.
    ``lineage`` says what ``other`` is (``{"variant": "22/2021@3", ...}``).
    Checking that the cohort fits is the caller's: a value neither regulation
    knows is not reported here.
    """
    if not submissions:
        raise SubmissionError("the cohort is empty", [Problem("empty_cohort", "", "no submission")])
    before, after = _score_many(submissions, [base, other], fast=fast, registry=None)
    return before, _outcome(before, lineage, after)


REGIONS_CSV_COLUMNS = (
    "variant",
    "region_code",
    "region_name",
    "base_score",
    "base_category",
    "variant_score",
    "variant_category",
    "delta",
    "changed",
)
"""The columns of a simulation's ``regions.csv``: one row per variant and region."""


def region_rows(simulation: Simulation) -> Iterator[tuple[str, ...]]:
    """Yield the rows of ``regions.csv`` after its header (:data:`REGIONS_CSV_COLUMNS`).

    One row per variant and region, variants in the simulation's order, each
    over the regions in the cohort's order; ``changed`` is ``true`` or ``false``.
    """
    for outcome in simulation.variants:
        pairs = zip(simulation.base.regions, outcome.scores.regions, strict=True)
        for (before, after), delta in zip(pairs, outcome.deltas, strict=True):
            yield (
                outcome.lineage["variant"],
                before.region_code,
                before.region_name,
                before.total_score,
                before.category,
                after.total_score,
                after.category,
                delta,
                "true" if before.category != after.category else "false",
            )


def write_regions_csv(simulation: Simulation, path: Path | IO[str]) -> None:
    """Write one row per variant and region: both scores and categories, delta, changed.

    ``path`` is a file to write, or a text stream opened with ``newline=""``.
    """
    if not isinstance(path, Path):
        _write_rows(simulation, path)
        return
    with path.open("w", encoding="utf-8", newline="") as stream:
        _write_rows(simulation, stream)


def _write_rows(simulation: Simulation, stream: IO[str]) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(REGIONS_CSV_COLUMNS)
    writer.writerows(region_rows(simulation))


REGIONS_NUMBER_COLUMNS = frozenset({"base_score", "variant_score", "delta"})
"""The columns of ``regions.csv`` that hold numbers (exact decimals); the rest are text."""


def write_regions_xlsx(simulation: Simulation, path: Path | IO[bytes]) -> None:
    """Write the rows of ``regions.csv`` as a workbook (one sheet, ``Wilayah``).

    The scores and deltas are exact decimal numbers; region codes and every
    other column stay text (``11.10`` is never read as a number).
    """
    from ..files.export import rows_xlsx

    rows = [dict(zip(REGIONS_CSV_COLUMNS, row, strict=True)) for row in region_rows(simulation)]
    # the header is given: without a variant there are no rows, and the header stays
    rows_xlsx(rows, path, "Wilayah", REGIONS_NUMBER_COLUMNS.__contains__, REGIONS_CSV_COLUMNS)
