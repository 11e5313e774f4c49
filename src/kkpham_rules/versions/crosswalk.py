"""Crosswalks between regulation versions, as validated data.

A crosswalk says, for each right (and indicator) of one version ``a``, which of
the other version ``b`` measures the same thing: ``same``, ``similar`` or
``none``, each with its basis and a flag where the mapping is a judgement.
It can translate a dimension-level submission prepared for one version into
one for the other, listing every gap (never a silent zero).

Crosswalks are found through the entry point group ``kkpham_rules.crosswalks``
(a function returning a tuple of :class:`Crosswalk`), like regulations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from importlib import resources
from importlib.metadata import entry_points
from typing import Annotated, Any, Literal

from attrs import frozen
from pydantic import Field, ValidationError

from .._digest import canonical_digest
from .._documents import DocumentProblem, problems_from_validation, read_yaml
from .._models import Frozen
from ..errors import NoCrosswalkError, PluginError, Problem
from ..loader import citation_from_data
from ..model import Citation, Dimension, Regulation
from ..regulation_data import CitationData, Id
from ..rounding import plain
from ..submission import Submission

__all__ = [
    "CROSSWALK_ENTRY_POINT_GROUP",
    "Coverage",
    "Crosswalk",
    "CrosswalkDocument",
    "Gap",
    "Mapping",
    "NoCrosswalkError",
    "Translation",
    "available_crosswalks",
    "find_crosswalk",
    "load_crosswalk_text",
    "load_packaged_crosswalks",
]

CROSSWALK_ENTRY_POINT_GROUP = "kkpham_rules.crosswalks"
"""The entry point group crosswalk providers register under."""


class MappingData(Frozen):
    """Rights (or indicators) of ``a`` and of ``b`` that measure the same thing."""

    a: list[Id]
    b: list[Id]
    relation: Literal["same", "similar", "none"]
    judgement: bool = Field(description="true where the mapping is this crosswalk's judgement.")
    basis: CitationData


class CrosswalkDocument(Frozen):
    """A crosswalk data file (``schemas/crosswalk.schema.json``)."""

    format: Literal["kkpham-crosswalk/1"]
    id: Id
    revision: Annotated[int, Field(ge=1)]
    revision_date: dt.date
    a: Id
    b: Id
    rights: list[MappingData]
    indicators: list[MappingData] = Field(default_factory=list)
    notes: list[Annotated[str, Field(min_length=1, max_length=2000)]] = Field(default_factory=list)


@frozen
class Mapping:
    """One mapping between the two versions."""

    a: tuple[str, ...]
    b: tuple[str, ...]
    relation: Literal["same", "similar", "none"]
    judgement: bool
    basis: Citation


@frozen
class Coverage:
    """How many rights and indicators of one version a crosswalk maps explicitly.

    A share is ``None`` where the version has none to map.
    """

    regulation: str
    rights_mapped: int
    rights_total: int
    indicators_mapped: int
    indicators_total: int

    @property
    def rights_share(self) -> Decimal | None:
        """Return the share of rights with an explicit mapping (or explicit none)."""
        return None if not self.rights_total else Decimal(self.rights_mapped) / self.rights_total

    @property
    def indicators_share(self) -> Decimal | None:
        """Return the share of indicators with an explicit mapping (or explicit none)."""
        if not self.indicators_total:
            return None
        return Decimal(self.indicators_mapped) / self.indicators_total


@frozen
class Gap:
    """Something a translation could not carry over, located in the target submission."""

    pointer: str
    code: Literal["no_counterpart", "no_source_data", "partial_source", "not_translatable"]
    message: str


@frozen
class Translation:
    """A submission translated to another version, with every gap and estimate listed."""

    submission: dict[str, Any]
    gaps: tuple[Gap, ...]
    estimates: tuple[str, ...]
    ignored: tuple[str, ...]


@frozen
class Crosswalk:
    """A validated crosswalk between regulation ``a`` and regulation ``b``."""

    id: str
    revision: int
    a: str
    b: str
    rights: tuple[Mapping, ...]
    indicators: tuple[Mapping, ...]
    notes: tuple[str, ...]
    content_hash: str

    def connects(self, first: str, second: str) -> bool:
        """Return whether this crosswalk joins the two regulation ids (either way)."""
        return {first, second} == {self.a, self.b}

    def problems_with(self, a: Regulation, b: Regulation) -> list[Problem]:
        """Return why this crosswalk does not fit the two regulations (empty if it does)."""
        problems: list[Problem] = []
        for kind, mappings, lookup_a, lookup_b in (
            ("rights", self.rights, a.right, b.right),
            ("indicators", self.indicators, a.indicator, b.indicator),
        ):
            seen: dict[str, set[str]] = {"a": set(), "b": set()}
            for index, mapping in enumerate(mappings):
                for side, ids, lookup in (("a", mapping.a, lookup_a), ("b", mapping.b, lookup_b)):
                    for item in ids:
                        where = f"/{kind}/{index}/{side}"
                        if lookup(item) is None:
                            problems.append(
                                Problem(
                                    "unknown_id", where, f"{item!r} is not in {getattr(self, side)}"
                                )
                            )
                        if item in seen[side]:
                            problems.append(
                                Problem("mapped_twice", where, f"{item!r} is mapped twice")
                            )
                        seen[side].add(item)
        for side, regulation in (("a", a), ("b", b)):
            mapped = {i for m in self.rights for i in getattr(m, side)}
            problems += [
                Problem(
                    "unmapped_right",
                    "/rights",
                    f"{regulation.id}'s right {right.id!r} has no mapping (give 'none' explicitly)",
                )
                for right in regulation.rights
                if right.id not in mapped
            ]
        return problems

    def coverage(self, a: Regulation, b: Regulation) -> tuple[Coverage, Coverage]:
        """Return the explicit-mapping coverage of ``a`` and of ``b``."""
        result = []
        for side, regulation in (("a", a), ("b", b)):
            rights = {i for m in self.rights for i in getattr(m, side)}
            indicators = {i for m in self.indicators for i in getattr(m, side)}
            result.append(
                Coverage(
                    regulation=regulation.id,
                    rights_mapped=sum(1 for r in regulation.rights if r.id in rights),
                    rights_total=len(regulation.rights),
                    indicators_mapped=sum(1 for i in regulation.indicators if i.id in indicators),
                    indicators_total=len(regulation.indicators),
                )
            )
        return result[0], result[1]

    def translate(
        self, submission: Submission, source: Regulation, target: Regulation
    ) -> Translation:
        """Return ``submission`` (prepared for ``source``) rewritten for ``target``.

        Dimension shares of rights mapped ``same`` are copied; a ``similar``
        many-to-one mapping takes the mean of the given shares, one-to-many
        copies to each (both listed as estimates). Rights with no counterpart,
        data that cannot be carried over, and indicators without a one-to-one
        mapping are listed as gaps or ignored ids, never filled with zeros.
        """
        forward = source.id == self.a
        if not self.connects(source.id, target.id):
            raise ValueError(f"{self.id} does not join {source.id} and {target.id}")
        gaps: list[Gap] = []
        estimates: list[str] = []
        ignored: list[str] = []
        dimensions: dict[str, dict[str, str]] = {}
        for mapping in self.rights:
            sources, targets = (mapping.a, mapping.b) if forward else (mapping.b, mapping.a)
            if not targets:
                ignored += [
                    f"/dimensions/{right}" for right in sources if right in submission.dimensions
                ]
                continue
            if not sources:
                for right in targets:
                    gaps.append(
                        Gap(
                            f"/dimensions/{right}",
                            "no_counterpart",
                            f"{target.short_name}'s {right} has no counterpart in "
                            f"{source.short_name}: no data to translate",
                        )
                    )
                continue
            for dimension in Dimension:
                given = [
                    getattr(submission.dimensions[right], dimension.value)
                    for right in sources
                    if right in submission.dimensions
                    and getattr(submission.dimensions[right], dimension.value) is not None
                ]
                for right in targets:
                    pointer = f"/dimensions/{right}/{dimension.value}"
                    if not given:
                        gaps.append(
                            Gap(
                                pointer,
                                "no_source_data",
                                f"no {dimension.value} share for {', '.join(sources)} "
                                f"in the {source.short_name} submission",
                            )
                        )
                        continue
                    if len(given) < len(sources):
                        gaps.append(
                            Gap(
                                pointer,
                                "partial_source",
                                f"only {len(given)} of {len(sources)} source rights "
                                f"({', '.join(sources)}) give {dimension.value}",
                            )
                        )
                    value = sum(given, Decimal(0)) / len(given)
                    dimensions.setdefault(right, {})[dimension.value] = plain(value)
                    if mapping.relation != "same" or len(sources) != 1 or len(targets) != 1:
                        estimates.append(
                            f"{pointer}: {'mean of' if len(given) > 1 else 'copied from'} "
                            f"{', '.join(sources)} ({mapping.relation}"
                            f"{', a judgement' if mapping.judgement else ''})"
                        )
        indicators: dict[str, Any] = {}
        for indicator_id, entry in submission.indicators.items():
            counterpart = self._indicator_counterpart(indicator_id, forward)
            if counterpart is None:
                ignored.append(f"/indicators/{indicator_id}")
                continue
            indicators[counterpart] = entry.model_dump(mode="json", exclude_none=True)
        for indicator in target.indicators:
            if indicator.id not in indicators:
                gaps.append(
                    Gap(
                        f"/indicators/{indicator.id}",
                        "not_translatable",
                        f"no one-to-one 'same' mapping brings a value for {indicator.id}",
                    )
                )
        translated: dict[str, Any] = {
            "region": submission.region.model_dump(mode="json"),
            "assessment_year": submission.assessment_year,
            "regulation": target.id,
            "indicators": indicators,
            "dimensions": dimensions,
        }
        return Translation(translated, tuple(gaps), tuple(estimates), tuple(ignored))

    def _indicator_counterpart(self, indicator_id: str, forward: bool) -> str | None:
        for mapping in self.indicators:
            sources, targets = (mapping.a, mapping.b) if forward else (mapping.b, mapping.a)
            if sources == (indicator_id,) and len(targets) == 1 and mapping.relation == "same":
                return targets[0]
        return None


def _mapping(data: MappingData, default_instrument: str) -> Mapping:
    basis = data.basis
    return Mapping(
        a=tuple(data.a),
        b=tuple(data.b),
        relation=data.relation,
        judgement=data.judgement,
        basis=citation_from_data(basis, default_instrument),
    )


def load_crosswalk_text(text: str | bytes, provider: str) -> Crosswalk:
    """Return the crosswalk in a YAML text; raise ``PluginError`` naming ``provider``."""
    try:
        data = read_yaml(text)
    except DocumentProblem as error:
        raise PluginError(provider, [error.problem]) from error
    try:
        document = CrosswalkDocument.model_validate(data)
    except ValidationError as error:
        raise PluginError(provider, problems_from_validation(error, data)) from error
    return Crosswalk(
        id=document.id,
        revision=document.revision,
        a=document.a,
        b=document.b,
        rights=tuple(_mapping(m, document.b) for m in document.rights),
        indicators=tuple(_mapping(m, document.b) for m in document.indicators),
        notes=tuple(document.notes),
        content_hash=canonical_digest(document.model_dump(mode="json")),
    )


def load_packaged_crosswalks(package: str, folder: str = "crosswalks") -> tuple[Crosswalk, ...]:
    """Return every crosswalk in ``package/folder/*.yaml``, by file name."""
    entries = sorted(
        (
            e
            for e in resources.files(package).joinpath(folder).iterdir()
            if e.name.endswith(".yaml")
        ),
        key=lambda entry: entry.name,
    )
    return tuple(
        load_crosswalk_text(entry.read_bytes(), f"{package}/{entry.name}") for entry in entries
    )


@cache
def available_crosswalks() -> tuple[Crosswalk, ...]:
    """Return every installed crosswalk (loaded once per process; values are immutable)."""
    found: list[Crosswalk] = []
    for entry_point in sorted(
        entry_points(group=CROSSWALK_ENTRY_POINT_GROUP), key=lambda e: e.name
    ):
        provided = entry_point.load()()
        found.extend(provided)
    return tuple(found)


def find_crosswalk(
    first: Regulation, second: Regulation, crosswalks: Iterable[Crosswalk] | None = None
) -> Crosswalk:
    """Return the crosswalk joining two regulations, checked against both.

    Raises :class:`~kkpham_rules.errors.KkphamError` if there is none, or
    :class:`~kkpham_rules.errors.PluginError` if it does not fit them.
    """
    for crosswalk in crosswalks if crosswalks is not None else available_crosswalks():
        if crosswalk.connects(first.id, second.id):
            a, b = (first, second) if crosswalk.a == first.id else (second, first)
            problems = crosswalk.problems_with(a, b)
            if problems:
                raise PluginError(crosswalk.id, problems)
            return crosswalk
    raise NoCrosswalkError(f"no installed crosswalk joins {first.id} and {second.id}")
