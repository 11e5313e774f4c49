"""What-if variants of a regulation, as data: :func:`load_variant`, :func:`apply_variant`.

A variant file names a base regulation and lists changes (targets, bands,
weights, dimension points, category bounds, rights re-weighted, indicators or
rights added or dropped). Applying it gives a new, immutable
:class:`~kkpham_rules.model.Regulation` with its own id and content hash, and a
:class:`Variant` recording its lineage. Loading runs no code: safe YAML with a
size limit, a closed set of change kinds, every problem reported with a JSON
pointer. A change naming something the base does not have, or breaking an
invariant (dimension points no longer adding up to the base's right maximum,
categories overlapping or leaving holes, bands with holes), is an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any, Literal

import attrs
from attrs import frozen
from pydantic import Field, ValidationError

from .._digest import canonical_digest
from .._documents import problems_from_validation
from .._models import Frozen
from ..errors import InputError, PluginError, Problem, VariantError
from ..loader import build_indicator, indicator_problems
from ..model import Category, Dimension, Regulation, Right
from ..registry import Registry, default_registry
from ..regulation_data import (
    BandData,
    BandsRuleData,
    GapData,
    Id,
    IndicatorData,
    NonNegative,
    Positive,
)
from ..rules import BandsRule, Rule, TargetRule

__all__ = [
    "MAX_VARIANT_BYTES",
    "Variant",
    "VariantDocument",
    "VariantError",
    "apply_variant",
    "load_variant",
]

MAX_VARIANT_BYTES = 256 * 1024
"""The largest variant file read, in bytes."""


class Bounds(Frozen):
    """New bounds of one category (omit a side to keep it)."""

    lower: NonNegative | None = None
    upper: NonNegative | None = None
    unbounded: bool = Field(default=False, description="true: the category has no upper bound.")


class SetCategoryBounds(Frozen):
    """Move category bounds, e.g. Peduli HAM from 80.

    Give every category that moves in one change (Peduli HAM's lower bound and
    Cukup Peduli HAM's upper bound together): the categories must tile the
    scores after each change.
    """

    op: Literal["set_category_bounds"]
    categories: dict[Id, Bounds] = Field(min_length=1)


class SetDimensionPoints(Frozen):
    """Re-weight struktur/proses/hasil (they must still add up to the base's maximum)."""

    op: Literal["set_dimension_points"]
    struktur: NonNegative
    proses: NonNegative
    hasil: NonNegative


class SetRightWeights(Frozen):
    """Re-weight rights in the total (weighted mean)."""

    op: Literal["set_right_weights"]
    weights: dict[Id, Positive] = Field(min_length=1)


class RemoveRight(Frozen):
    """Drop a right (and its indicators) from the assessment."""

    op: Literal["remove_right"]
    right: Id


class SetIndicatorTarget(Frozen):
    """Change a target rule's target (and optionally its direction)."""

    op: Literal["set_indicator_target"]
    indicator: Id
    target: Positive
    better: Literal["higher", "lower"] | None = None


class SetIndicatorBands(Frozen):
    """Replace a band rule's bands (and declared gaps)."""

    op: Literal["set_indicator_bands"]
    indicator: Id
    bands: list[BandData] = Field(min_length=1, max_length=100)
    gaps: list[GapData] = Field(default_factory=list, max_length=100)


class SetIndicatorWeight(Frozen):
    """Change an indicator's weight within its dimension."""

    op: Literal["set_indicator_weight"]
    indicator: Id
    weight: Positive


class RemoveIndicator(Frozen):
    """Drop an indicator (it no longer counts, not even as not met)."""

    op: Literal["remove_indicator"]
    indicator: Id


class AddIndicator(Frozen):
    """Add an indicator (regions without a value for it score it as not met)."""

    op: Literal["add_indicator"]
    indicator: IndicatorData


Change = Annotated[
    SetCategoryBounds
    | SetDimensionPoints
    | SetRightWeights
    | RemoveRight
    | SetIndicatorTarget
    | SetIndicatorBands
    | SetIndicatorWeight
    | RemoveIndicator
    | AddIndicator,
    Field(discriminator="op"),
]


class VariantDocument(Frozen):
    """A variant file (``schemas/variant.schema.json``)."""

    format: Literal["kkpham-variant/1"]
    id: Id
    title: Annotated[str, Field(min_length=1, max_length=300)]
    description: Annotated[str, Field(max_length=4000)] | None = None
    base: Annotated[str, Field(min_length=1, max_length=120)] = Field(
        description="The base regulation: id or alias, optionally @revision."
    )
    changes: list[Change] = Field(min_length=1, max_length=1000)


@frozen
class Variant:
    """A variant applied to its base: the derived regulation and its lineage."""

    id: str
    title: str
    base_id: str
    base_revision: int
    base_hash: str
    document_hash: str
    changes: tuple[Mapping[str, Any], ...] = attrs.field(eq=False, hash=False)
    regulation: Regulation

    def lineage(self) -> dict[str, Any]:
        """Return the lineage as JSON-ready data: base, changes, resulting hash."""
        return {
            "variant": self.id,
            "title": self.title,
            "base": {"id": self.base_id, "revision": self.base_revision, "hash": self.base_hash},
            "document_hash": self.document_hash,
            "changes": [dict(change) for change in self.changes],
            "regulation_id": self.regulation.id,
            "regulation_hash": self.regulation.content_hash,
        }


def load_variant(
    source: Path | str | bytes | Mapping[str, Any], *, registry: Registry | None = None
) -> Variant:
    """Return the variant in a YAML/JSON file, text or mapping, applied to its base.

    ``source`` is a ``Path``; a ``str``, which is a path unless it is the
    variant's text (it holds a line break, or starts with ``{``: see
    :func:`kkpham_rules.files.reading.is_text`); ``bytes``; or a mapping. A file is
    read by its suffix (``.json`` as JSON, anything else as YAML, as text is).
    A document of another kind (a submission, a simulation summary...) is
    named as such. Raises :class:`VariantError` listing every problem.
    """
    from ..files.reading import document_kind, read_document, source_name, wrong_document

    try:
        data = read_document(source, format=_variant_format(source), max_bytes=MAX_VARIANT_BYTES)
    except InputError as error:
        raise VariantError("the variant is not readable", error.problems) from error
    kind = document_kind(data)
    if kind is not None and kind.split("/")[0] != _FORMAT_NAME:
        problem = wrong_document(kind, [_FORMAT])
        raise VariantError(f"{source_name(source)}: not a variant", [problem])
    try:
        document = VariantDocument.model_validate(data)
    except ValidationError as error:
        problems = problems_from_validation(error, data)
        raise VariantError(f"the variant has {len(problems)} problem(s)", problems) from error
    registry = registry or default_registry()
    try:
        base = registry.get(document.base)
    except InputError as error:
        raise VariantError(
            "the variant's base is not installed",
            [attrs.evolve(p, pointer="/base") for p in error.problems],
        ) from error
    return apply_variant(document, base)


_FORMAT = "kkpham-variant/1"
_FORMAT_NAME = _FORMAT.split("/")[0]  # any version is a variant: its validation judges the version


def _variant_format(source: object) -> Literal["json", "yaml"] | None:
    """Return how to read a variant: YAML unless it is a ``.json`` file (data: as it is).

    Variants have always been read as YAML, whatever their name (JSON text is
    YAML too); only a file named ``.json`` gets the JSON reader's own messages.
    """
    if isinstance(source, Mapping):
        return None
    suffix = Path(source).suffix.lower() if isinstance(source, Path) else ""
    if isinstance(source, str):
        from ..files.reading import is_text

        suffix = "" if is_text(source) else Path(source).suffix.lower()
    return "json" if suffix == ".json" else "yaml"


def apply_variant(document: VariantDocument, base: Regulation) -> Variant:
    """Return ``base`` with the document's changes applied, checked as a whole."""
    problems: list[Problem] = []
    regulation = base
    for index, change in enumerate(document.changes):
        where = f"/changes/{index}"
        regulation = _apply(change, regulation, where, problems)
    if (
        sum((p for _, p in regulation.scoring.dimension_points), Fraction(0))
        != base.scoring.right_max
    ):
        problems.append(
            Problem(
                "points_do_not_add_up",
                "/changes",
                f"dimension points must add up to {base.scoring.right_max}, as in the base",
                str(base.scoring.right_max),
                str(regulation.scoring.right_max),
            )
        )
    if problems:
        raise VariantError(f"the variant has {len(problems)} problem(s)", problems)
    changes = tuple(
        change.model_dump(mode="json", exclude_none=True) for change in document.changes
    )
    try:
        derived = attrs.evolve(
            regulation,
            id=f"{base.id}+{document.id}",
            short_name=f"{base.short_name}+{document.id}",
            title=f"{document.title} (variant of {base.short_name})",
            aliases=(),
            plugin=f"variant:{document.id}",
            notes=(
                *base.notes,
                f"What-if variant {document.id!r} of {base.id} revision {base.revision}; not law.",
            ),
        )
    except PluginError as error:
        raise VariantError(
            "the variant breaks the regulation's invariants",
            [Problem("invariant_broken", "/changes", p.message) for p in error.problems],
        ) from error
    return Variant(
        id=document.id,
        title=document.title,
        base_id=base.id,
        base_revision=base.revision,
        base_hash=base.content_hash,
        document_hash=canonical_digest(document.model_dump(mode="json")),
        changes=changes,
        regulation=derived,
    )


def _apply(change: Any, regulation: Regulation, where: str, problems: list[Problem]) -> Regulation:
    """Return ``regulation`` with one change applied; record problems instead of raising."""
    try:
        if isinstance(change, SetCategoryBounds):
            return _set_bounds(change, regulation, where, problems)
        if isinstance(change, SetDimensionPoints):
            points = tuple((d, Fraction(getattr(change, d.value))) for d in Dimension)
            return attrs.evolve(
                regulation, scoring=attrs.evolve(regulation.scoring, dimension_points=points)
            )
        if isinstance(change, SetRightWeights):
            for right_id in change.weights:
                _require(
                    regulation.right(right_id),
                    f"{where}/weights/{right_id}",
                    "right",
                    right_id,
                    problems,
                )
            rights = tuple(
                attrs.evolve(r, weight=Fraction(change.weights[r.id]))
                if r.id in change.weights
                else r
                for r in regulation.rights
            )
            return attrs.evolve(regulation, rights=rights)
        if isinstance(change, RemoveRight):
            if not _require(
                regulation.right(change.right), f"{where}/right", "right", change.right, problems
            ):
                return regulation
            return attrs.evolve(
                regulation,
                rights=tuple(r for r in regulation.rights if r.id != change.right),
                indicators=tuple(i for i in regulation.indicators if i.right_id != change.right),
            )
        if isinstance(change, AddIndicator):
            return _add_indicator(change, regulation, where, problems)
        return _change_indicator(change, regulation, where, problems)
    except PluginError as error:
        problems += [Problem("invariant_broken", where, p.message) for p in error.problems]
        return regulation


def _require(found: object, pointer: str, kind: str, name: str, problems: list[Problem]) -> bool:
    if found is None:
        problems.append(Problem(f"unknown_{kind}", pointer, f"the base has no {kind} {name!r}"))
        return False
    return True


def _set_bounds(
    change: SetCategoryBounds, regulation: Regulation, where: str, problems: list[Problem]
) -> Regulation:
    categories: list[Category] = []
    known = {c.code for c in regulation.categories}
    for code in change.categories:
        _require(code in known or None, f"{where}/categories/{code}", "category", code, problems)
    for category in regulation.categories:
        bounds = change.categories.get(category.code)
        if bounds is None:
            categories.append(category)
            continue
        lower = category.lower if bounds.lower is None else Fraction(bounds.lower)
        upper = (
            None
            if bounds.unbounded
            else (category.upper if bounds.upper is None else Fraction(bounds.upper))
        )
        categories.append(attrs.evolve(category, lower=lower, upper=upper))
    return attrs.evolve(regulation, categories=tuple(categories))


def _counts(right: Right, dimension: Dimension, delta: int) -> Right:
    counts = tuple(
        (d, None if n is None else (n + delta if d is dimension else n))
        for d, n in right.declared_counts
    )
    return attrs.evolve(right, declared_counts=counts)


def _add_indicator(
    change: AddIndicator, regulation: Regulation, where: str, problems: list[Problem]
) -> Regulation:
    data = change.indicator
    before = len(problems)
    if regulation.indicator(data.id) is not None:
        problems.append(
            Problem(
                "duplicate_indicator",
                f"{where}/indicator/id",
                f"the base already has indicator {data.id!r}",
            )
        )
    right = regulation.right(data.right)
    _require(right, f"{where}/indicator/right", "right", data.right, problems)
    problems += indicator_problems(data, f"{where}/indicator")
    if len(problems) > before or right is None:
        return regulation
    dimension = Dimension(data.dimension)
    indicator = build_indicator(data, regulation.id)
    rights = tuple(_counts(r, dimension, 1) if r.id == right.id else r for r in regulation.rights)
    total = regulation.declared_indicator_total
    return attrs.evolve(
        regulation,
        rights=rights,
        indicators=(*regulation.indicators, indicator),
        declared_indicator_total=None if total is None else total + 1,
    )


def _change_indicator(
    change: SetIndicatorTarget | SetIndicatorBands | SetIndicatorWeight | RemoveIndicator,
    regulation: Regulation,
    where: str,
    problems: list[Problem],
) -> Regulation:
    indicator = regulation.indicator(change.indicator)
    if not _require(indicator, f"{where}/indicator", "indicator", change.indicator, problems):
        return regulation
    assert indicator is not None
    if isinstance(change, RemoveIndicator):
        rights = tuple(
            _counts(r, indicator.dimension, -1) if r.id == indicator.right_id else r
            for r in regulation.rights
        )
        total = regulation.declared_indicator_total
        return attrs.evolve(
            regulation,
            rights=rights,
            indicators=tuple(i for i in regulation.indicators if i.id != indicator.id),
            declared_indicator_total=None if total is None else total - 1,
        )
    if isinstance(change, SetIndicatorWeight):
        replacement = attrs.evolve(indicator, weight=Fraction(change.weight))
    else:
        rule = _changed_rule(change, indicator.rule)
        if rule is None:
            problems.append(
                Problem(
                    "wrong_rule",
                    f"{where}/indicator",
                    f"{indicator.id} is scored by a {indicator.rule.kind} rule",
                )
            )
            return regulation
        # the new rule is checked as the loader checks a rule in a data file
        found = rule.problems(indicator.value_kind)
        problems += [Problem(f"bad_{key}", f"{where}/{key}", message) for key, message in found]
        if found:
            return regulation
        replacement = attrs.evolve(indicator, rule=rule)
    return attrs.evolve(
        regulation,
        indicators=tuple(replacement if i.id == indicator.id else i for i in regulation.indicators),
    )


def _changed_rule(change: SetIndicatorTarget | SetIndicatorBands, rule: Rule) -> Rule | None:
    """Return the rule a change makes of ``rule``; ``None`` if it changes another kind.

    Each of these changes applies to one kind of rule; the rule's class reads the
    new data, and a problem it finds points at the change's field of the same name.
    """
    if isinstance(change, SetIndicatorBands):
        if rule.kind != "bands":
            return None
        data = BandsRuleData(kind="bands", bands=list(change.bands), gaps=list(change.gaps))
        return BandsRule.from_data(data)
    if rule.kind != "target":
        return None
    return TargetRule(Fraction(change.target), change.better or rule.better)
