"""What changed between two revisions of a regulation, and what it does to a cohort.

:func:`diff_revisions` lists the indicators added, removed and changed (each
change field by field, the rule as data), the indicator counts the regulation
declares that changed, and any other part of the regulation that differs.
Given a cohort, :func:`diff_revisions` also scores it under both revisions (the
batch path of :mod:`kkpham_rules.policy.simulate`) and counts the regions
whose score and whose category change. A value one revision does not score (an
indicator only the newer one has) is set aside under that revision and
counted; a value neither knows is an error, as in :func:`kkpham_rules.evaluate`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Final, Literal

from .._json import json_text
from .._models import Frozen
from ..describe import indicator_data
from ..engine import check_submission
from ..errors import InputError, Problem, SubmissionError, json_pointer
from ..model import Dimension, Indicator, Regulation
from ..policy.simulate import Distribution, Mover, outcome_between
from ..submission import Submission
from .revision import regulation_data

__all__ = [
    "CATALOGUE_DIFF_FORMAT",
    "CatalogueDiff",
    "CohortChange",
    "CountChange",
    "FieldChange",
    "IndicatorChange",
    "IndicatorSummary",
    "RevisionSummary",
    "diff_revisions",
]

CATALOGUE_DIFF_FORMAT: Final = "kkpham-catalogue-diff/1"
"""The version of the diff's JSON format."""


class RevisionSummary(Frozen):
    """Which revision of which regulation."""

    id: str
    short_name: str
    revision: int
    revision_date: str
    content_hash: str
    indicators: int


class IndicatorSummary(Frozen):
    """An indicator added or removed: where it stands and what it says."""

    id: str
    right: str
    dimension: str
    number: str | None
    wording_id: str


class FieldChange(Frozen):
    """One field of an indicator, before and after (the rule and citation as data)."""

    field: str
    before: Any
    after: Any


class IndicatorChange(Frozen):
    """An indicator both revisions have, with the fields that differ."""

    id: str
    right: str
    dimension: str
    wording_id: str
    changes: tuple[FieldChange, ...]


class CountChange(Frozen):
    """A declared indicator count (per right and dimension) that changed; null: not known."""

    right: str
    dimension: str
    before: int | None
    after: int | None


class CohortChange(Frozen):
    """The cohort under both revisions: how many regions change score and category."""

    regions: int
    score_changed: int
    category_changed: int
    ignored_values_before: int
    ignored_values_after: int
    categories_before: dict[str, int]
    categories_after: dict[str, int]
    transitions: dict[str, dict[str, int]]
    delta_distribution: Distribution
    movers: tuple[Mover, ...]
    path: Literal["fast", "exact"]


class CatalogueDiff(Frozen):
    """Two revisions compared: indicators added, removed, changed; counts; the cohort."""

    format: Literal["kkpham-catalogue-diff/1"] = CATALOGUE_DIFF_FORMAT
    before: RevisionSummary
    after: RevisionSummary
    added: tuple[IndicatorSummary, ...]
    removed: tuple[IndicatorSummary, ...]
    changed: tuple[IndicatorChange, ...]
    counts: tuple[CountChange, ...]
    other_changes: tuple[str, ...]
    cohort: CohortChange | None = None

    def to_json(self) -> str:
        """Return the diff as deterministic JSON text."""
        return json_text(self.model_dump(mode="json"))


def _summary(regulation: Regulation) -> RevisionSummary:
    return RevisionSummary(
        id=regulation.id,
        short_name=regulation.short_name,
        revision=regulation.revision,
        revision_date=regulation.revision_date.isoformat(),
        content_hash=regulation.content_hash,
        indicators=len(regulation.indicators),
    )


def _listed(indicator: Indicator) -> IndicatorSummary:
    return IndicatorSummary(
        id=indicator.id,
        right=indicator.right_id,
        dimension=indicator.dimension.value,
        number=indicator.number,
        wording_id=indicator.wording_id,
    )


_DERIVED = frozenset({"id", "rule_text", "label"})
"""Parts of an indicator's data made from others: the id a diff pairs on, texts made for people."""


def _fields(indicator: Indicator) -> dict[str, Any]:
    """Return what an indicator declares, field by field (as ``kkpham show --json``)."""
    data = {key: value for key, value in indicator_data(indicator).items() if key not in _DERIVED}
    data["citation"] = {k: v for k, v in data["citation"].items() if k not in _DERIVED}
    return data


def _changed(before: Indicator, after: Indicator) -> IndicatorChange | None:
    old, new = _fields(before), _fields(after)
    changes = tuple(
        FieldChange(field=field, before=old[field], after=new[field])
        for field in old
        if old[field] != new[field]
    )
    if not changes:
        return None
    return IndicatorChange(
        id=after.id,
        right=after.right_id,
        dimension=after.dimension.value,
        wording_id=after.wording_id,
        changes=changes,
    )


def _count_changes(before: Regulation, after: Regulation) -> list[CountChange]:
    changes = []
    for right in after.rights:
        old = before.right(right.id)
        for dimension in Dimension:
            was = None if old is None else old.declared_count(dimension)
            now = right.declared_count(dimension)
            if was != now:
                changes.append(
                    CountChange(right=right.id, dimension=dimension.value, before=was, after=now)
                )
    return changes


_SAME_IN_EVERY_REVISION = ("revision", "revision_date", "indicators")


def _other_changes(before: Regulation, after: Regulation) -> list[str]:
    """Return the other parts of the regulation's data that differ (``scoring``, ``notes``...)."""
    old, new = regulation_data(before), regulation_data(after)
    for data in (old, new):
        for right in data["rights"]:
            del right["declared_counts"]  # listed under counts
    return [key for key in new if key not in _SAME_IN_EVERY_REVISION and old[key] != new[key]]


def diff_revisions(
    before: Regulation,
    after: Regulation,
    cohort: Sequence[Submission] | None = None,
    *,
    fast: bool = True,
) -> CatalogueDiff:
    """Return what changed from ``before`` to ``after``, and with ``cohort``, what it does.

    Indicators are matched by id. With a cohort, every region is scored under
    both (``fast=False``: the exact path, which gives the same figures); raises
    :class:`~kkpham_rules.errors.SubmissionError` listing every value neither
    revision knows, or that one of them cannot score. Raises
    :class:`~kkpham_rules.errors.InputError` if ``before`` and ``after`` are
    not revisions of one regulation (:func:`kkpham_rules.compare` compares
    regulations).
    """
    if before.id != after.id:
        raise InputError(
            f"{before.id} and {after.id} are two regulations, not two revisions of one",
            [
                Problem(
                    "diff_of_two_regulations",
                    "/after",
                    "a diff compares two revisions of one regulation; kkpham compare "
                    "compares regulations",
                    before.id,
                    after.id,
                )
            ],
        )
    old = {indicator.id: indicator for indicator in before.indicators}
    new = {indicator.id: indicator for indicator in after.indicators}
    changed = [
        change
        for indicator in after.indicators
        if indicator.id in old and (change := _changed(old[indicator.id], indicator)) is not None
    ]
    return CatalogueDiff(
        before=_summary(before),
        after=_summary(after),
        added=tuple(_listed(i) for i in after.indicators if i.id not in old),
        removed=tuple(_listed(i) for i in before.indicators if i.id not in new),
        changed=tuple(changed),
        counts=tuple(_count_changes(before, after)),
        other_changes=tuple(_other_changes(before, after)),
        cohort=None if cohort is None else _cohort_change(before, after, cohort, fast),
    )


def _unknown_to_both(
    submissions: Sequence[Submission], before: Regulation, after: Regulation
) -> list[Problem]:
    """Return each id of the cohort that neither revision has (a typo, another regulation)."""
    problems = []
    for number, submission in enumerate(submissions):
        unknown = {
            *(
                json_pointer(["indicators", key])
                for key in submission.indicators
                if before.indicator(key) is None and after.indicator(key) is None
            ),
            *(
                json_pointer(["dimensions", key])
                for key in submission.dimensions
                if before.right(key) is None and after.right(key) is None
            ),
        }
        if unknown:  # rare: only then is the submission checked, for the problems' wording
            problems += [
                problem.under(number)
                for problem in check_submission(submission, after)[1]
                if problem.pointer in unknown
            ]
    return problems


def _unscorable(
    submissions: Sequence[Submission], before: Regulation, after: Regulation
) -> list[Problem]:
    """Return every value either revision cannot score, each under its region's index.

    The exact path scores region by region and would stop at the first
    region's problems; the fast path lists every region's. Both say the same:
    each problem once, even where both revisions find it.
    """
    from ..files.cohort import fit_submission

    found: dict[tuple[str, str], Problem] = {}
    for number, submission in enumerate(submissions):
        for regulation in (before, after):
            for problem in check_submission(fit_submission(submission, regulation)[0], regulation)[
                1
            ]:
                placed = problem.under(number)
                found.setdefault((placed.code, placed.pointer), placed)
    return list(found.values())


def _cohort_change(
    before: Regulation, after: Regulation, cohort: Sequence[Submission], fast: bool
) -> CohortChange:
    problems = _unknown_to_both(cohort, before, after)
    if problems:
        raise SubmissionError(
            f"the cohort has {len(problems)} value(s) neither revision knows", problems
        )
    if not fast and (problems := _unscorable(cohort, before, after)):
        raise SubmissionError(f"the cohort has {len(problems)} problem(s)", problems)
    lineage = {
        "variant": f"{after.id}@{after.revision}",
        "title": after.title,
        "base": {"id": before.id, "revision": before.revision, "hash": before.content_hash},
        "regulation_id": after.id,
        "regulation_hash": after.content_hash,
    }
    base, outcome = outcome_between(cohort, before, after, lineage, fast=fast)
    return CohortChange(
        regions=len(cohort),
        score_changed=sum(1 for delta in outcome.deltas if Decimal(delta) != 0),
        category_changed=len(outcome.movers),
        ignored_values_before=base.ignored_values,
        ignored_values_after=outcome.scores.ignored_values,
        categories_before=base.distribution.categories,
        categories_after=outcome.scores.distribution.categories,
        transitions=outcome.transitions,
        delta_distribution=outcome.delta_distribution,
        movers=outcome.movers,
        path=base.path,
    )
