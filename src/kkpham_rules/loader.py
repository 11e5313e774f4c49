"""Build a :class:`~kkpham_rules.model.Regulation` from a plugin's data file.

Loading is where the law's data is checked, once: the document is validated
against the regulation format (:mod:`kkpham_rules.regulation_data`), then for
what a schema cannot say: the invariants every regulation value keeps (ids that
must exist, categories that must tile the scores; the model checks the same,
with :func:`~kkpham_rules.model.invariant_problems`), what each rule's kind
requires (bands that must tile their range, levels; see
:mod:`kkpham_rules.rules`) and counts that must fit. Every problem is collected
before :class:`~kkpham_rules.errors.PluginError` is raised, each with a JSON
pointer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import attrs
from pydantic import ValidationError

from ._documents import (
    DocumentProblem,
    problems_from_validation,
    read_bounded,
    read_json,
    read_yaml,
)
from .errors import PluginError, Problem, json_pointer
from .model import (
    Category,
    Citation,
    Dimension,
    Indicator,
    Invariant,
    Regulation,
    Right,
    Scoring,
    YearSpan,
    invariant_problems,
)
from .regulation_data import CitationData, IndicatorData, RegulationDocument, RuleData
from .rules import RULE_KINDS, Rule, ValueKind

__all__ = [
    "build_indicator",
    "build_rule",
    "citation_from_data",
    "indicator_problems",
    "load_packaged_regulation",
    "load_packaged_revisions",
    "load_regulation_paths",
    "load_regulation_text",
    "load_revisions",
    "pinned_hash_problems",
    "regulation_from_data",
]


def load_packaged_regulation(package: str, resource: str) -> Regulation:
    """Return the regulation in one data file shipped inside ``package``."""
    text = resources.files(package).joinpath(resource).read_bytes()
    return load_regulation_text(
        text, plugin=package, yaml=not resource.endswith(".json"), fast=True
    )


def load_packaged_revisions(package: str, folder: str = "revisions") -> tuple[Regulation, ...]:
    """Return every revision shipped in ``package/folder/<n>.yaml``, oldest first.

    This is what a plugin module calls. A correction to a regulation's data is
    a new file with the next revision number; the old files stay, so a result
    computed under an old revision can always be re-computed. Each file must be
    named after the revision it declares, and all must share one regulation id.
    """
    return load_revisions(resources.files(package).joinpath(folder), package, folder)


def load_revisions(
    folder: Traversable,
    plugin: str,
    where: str | None = None,
    *,
    fast: bool = True,
    pinned: bool = False,
) -> tuple[Regulation, ...]:
    """Return every revision in ``folder`` (``<n>.yaml`` files), oldest first.

    ``folder`` is a package's resource folder or a :class:`~pathlib.Path`;
    ``plugin`` names the source in errors and ``where`` the folder in messages;
    ``fast=False`` parses with the pure-Python YAML parser, as for any file a
    user wrote (see :mod:`kkpham_rules._safe_yaml`).
    The rules of :func:`load_packaged_revisions` apply, and a file whose header
    pins a content hash (``# content_hash: sha256:...``, as ``kkpham catalogue
    import`` writes) must still have it; with ``pinned=True`` every file must
    pin one: see :func:`pinned_hash_problems`.
    """
    where = folder.name if where is None else where
    revisions: list[Regulation] = []
    problems: list[Problem] = []
    entries = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".yaml")),
        key=lambda entry: _revision_number(entry.name),
    )
    for entry in entries:
        named = f"{where}/{entry.name}"
        text = entry.read_bytes()
        try:
            regulation = load_regulation_text(text, plugin=plugin, fast=fast)
        except PluginError as error:
            problems += [_in_file(p, named) for p in error.problems]
            continue
        problems += [
            _in_file(p, named) for p in pinned_hash_problems(text, regulation, required=pinned)
        ]
        if f"{regulation.revision}.yaml" != entry.name:
            problems.append(
                Problem(
                    "revision_mismatch",
                    "/revision",
                    f"{named} declares revision {regulation.revision}",
                    f"{regulation.revision}.yaml",
                    entry.name,
                    named,
                )
            )
        revisions.append(regulation)
    if not entries:
        problems.append(Problem("no_revisions", "", f"no {where}/<n>.yaml in {plugin}"))
    if len({r.id for r in revisions}) > 1:
        problems.append(Problem("id_mismatch", "/id", "revisions declare different ids"))
    if problems:
        raise PluginError(plugin, problems)
    return tuple(revisions)


def _in_file(problem: Problem, named: str) -> Problem:
    """Return a problem of one file in a folder, its message and place naming the file."""
    return attrs.evolve(
        problem, message=f"{named}: {problem.message}", location=problem.location or named
    )


_PIN_PREFIX = re.compile(rb"#\s*content[_ -]?hash\b", re.IGNORECASE)
"""A header line meant as the pin, however mistyped (checked against :data:`_PIN` then)."""

_PIN = re.compile(rb"# content_hash: (sha256:[0-9a-f]{64})[ \t]*")
"""The whole pin line: the SHA-256 of the regulation the file holds, lowercase hex."""


def _header_lines(text: bytes) -> list[bytes]:
    """Return the file's header: the comment (and blank) lines before its first data line."""
    header: list[bytes] = []
    for line in text.removeprefix(b"\xef\xbb\xbf").splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith(b"#"):
            break
        header.append(stripped)
    return header


def pinned_hash_problems(
    text: bytes, regulation: Regulation, *, required: bool = False
) -> list[Problem]:
    """Return why ``text``'s pinned content hash does not vouch for its regulation.

    ``kkpham catalogue import`` writes the hash of the revision it made into
    the file's header (``# content_hash: sha256:<64 lowercase hex>``); a file
    edited afterwards is refused rather than loaded under a revision number
    results may already cite (fail closed). The pin is looked for in the whole
    header comment block, however long. With ``required`` (a file read from
    ``KKPHAM_REGULATION_PATH``) a file without a pin, with a malformed one, or
    with more than one is refused too; without it (the shipped plugins' own,
    pinned by their tests) a file without the line is not checked.
    """
    pins = [line for line in _header_lines(text) if _PIN_PREFIX.match(line)]
    if not pins:
        if not required:
            return []
        return [
            Problem(
                "content_unpinned",
                "",
                "the file's header has no line '# content_hash: sha256:...'; only a revision "
                "written by kkpham catalogue import (which pins its hash) is read from the path",
                "# content_hash: sha256:<64 hex digits>",
            )
        ]
    if len(pins) > 1:
        return [
            Problem(
                "content_pin_repeated",
                "",
                f"the file's header has {len(pins)} content_hash lines; a revision pins one",
                "one line # content_hash: sha256:<64 hex digits>",
                str(len(pins)),
            )
        ]
    pin = _PIN.fullmatch(pins[0])
    if pin is None:
        return [
            Problem(
                "content_pin_malformed",
                "",
                "the header's content_hash line is not 'sha256:' and 64 lowercase hex digits",
                "# content_hash: sha256:<64 hex digits>",
                pins[0].decode("utf-8", "replace")[:120],
            )
        ]
    pinned = pin.group(1).decode()
    if pinned == regulation.content_hash:
        return []
    return [
        Problem(
            "content_changed",
            "",
            f"the file was changed after it was written: it pins {pinned} "
            f"but holds {regulation.content_hash}; a correction is a new revision",
            pinned,
            regulation.content_hash,
        )
    ]


def load_regulation_paths(paths: Iterable[Path]) -> tuple[list[Regulation], list[PluginError]]:
    """Return the revisions found at ``paths``, and an error for each that failed.

    Each path is a folder of ``<n>.yaml`` revision files (as a plugin's
    ``revisions/``) or one regulation data file (YAML, or JSON by its suffix).
    This is how revisions kept outside any installed plugin are read
    (:data:`kkpham_rules.registry.REGULATION_PATH_VARIABLE`): through the same
    loader and checks as a plugin's data, each error naming its path. Every
    file must pin its content hash in its header, as ``kkpham catalogue
    import`` writes it (:func:`pinned_hash_problems` with ``required``): an
    unpinned file could be edited unnoticed.
    """
    loaded: list[Regulation] = []
    broken: list[PluginError] = []
    for path in paths:
        try:
            if path.is_dir():
                loaded += load_revisions(path, str(path), str(path), fast=False, pinned=True)
            else:
                loaded.append(_load_file(path))
        except PluginError as error:
            broken.append(error)
    return loaded, broken


def _load_file(path: Path) -> Regulation:
    try:
        text = read_bounded(path)
    except DocumentProblem as error:
        raise PluginError(str(path), [error.problem]) from error
    regulation = load_regulation_text(text, plugin=str(path), yaml=path.suffix != ".json")
    problems = pinned_hash_problems(text, regulation, required=True)
    if problems:
        raise PluginError(str(path), problems)
    return regulation


def _revision_number(name: str) -> tuple[int, str]:
    # revision files sort by number, never as strings ("10.yaml" after "9.yaml")
    stem = name.removesuffix(".yaml")
    return (int(stem), name) if stem.isdigit() else (-1, name)


def load_regulation_text(
    text: str | bytes, plugin: str, yaml: bool = True, *, fast: bool = False
) -> Regulation:
    """Return the regulation in a YAML (or JSON) text; raise ``PluginError`` if invalid.

    ``fast=True`` parses YAML with libyaml, for data shipped in a plugin package
    (see :mod:`kkpham_rules.safe_yaml`); the packaged loaders above use it.
    """
    try:
        data = read_yaml(text, fast=fast) if yaml else read_json(text)
    except DocumentProblem as error:
        raise PluginError(plugin, [error.problem]) from error
    return regulation_from_data(data, plugin)


def regulation_from_data(data: Any, plugin: str) -> Regulation:
    """Return the regulation described by already-parsed ``data``."""
    try:
        document = RegulationDocument.model_validate(data)
    except ValidationError as error:
        raise PluginError(plugin, problems_from_validation(error, data)) from error
    problems = _semantic_problems(document)
    if problems:
        raise PluginError(plugin, problems)
    return _build(document, plugin)


def _fraction(value: Decimal) -> Fraction:
    return Fraction(value)


def citation_from_data(data: CitationData, instrument: str) -> Citation:
    """Return the model of a citation's data; ``instrument`` fills a missing one."""
    return Citation(
        instrument=data.instrument or instrument,
        status=data.status,
        pasal=data.pasal,
        ayat=data.ayat,
        lampiran=data.lampiran,
        sources=tuple(data.sources),
        note=data.note,
    )


def build_rule(data: RuleData) -> Rule:
    """Return the scoring rule a rule's data describes, built by the class of its kind."""
    # RULE_KINDS pairs each kind with the class whose from_data reads that kind's data
    parse: Callable[[Any], Rule] = RULE_KINDS[data.kind].from_data
    return parse(data)


def _semantic_problems(document: RegulationDocument) -> list[Problem]:
    """Return what the schema cannot say: the model's invariants, each rule, the counts."""
    problems = [
        Problem("inconsistent_regulation", json_pointer(location), message)
        for location, message in _invariants(document)
    ]
    for index, indicator in enumerate(document.indicators):
        problems += indicator_problems(indicator, f"/indicators/{index}")
    problems += _count_problems(document)
    return problems


def _invariants(document: RegulationDocument) -> list[Invariant]:
    """Return the model's invariants a document breaks, located by its own positions."""
    return invariant_problems(
        years=(document.governs.first, document.governs.last),
        dimension_points=[
            _fraction(getattr(document.scoring.dimension_points, dimension.value))
            for dimension in Dimension
        ],
        categories=[
            (c.code, _fraction(c.lower), None if c.upper is None else _fraction(c.upper))
            for c in document.categories
        ],
        rights=[(right.id, _fraction(right.weight)) for right in document.rights],
        indicators=[(indicator.id, indicator.right) for indicator in document.indicators],
    )


def _count_problems(document: RegulationDocument) -> list[Problem]:
    """Return where more indicators are encoded than declared, or the counts disagree."""
    problems: list[Problem] = []

    def add(pointer: str, message: str) -> None:
        problems.append(Problem("inconsistent_regulation", pointer, message))

    encoded: dict[tuple[str, str], int] = {}
    for indicator in document.indicators:
        cell = (indicator.right, indicator.dimension)
        encoded[cell] = encoded.get(cell, 0) + 1
    declared_total = 0
    all_declared = True
    for index, right in enumerate(document.rights):
        for dimension in Dimension:
            declared = getattr(right.declared_counts, dimension.value)
            have = encoded.get((right.id, dimension.value), 0)
            if declared is None:
                all_declared = False
            else:
                declared_total += declared
                if have > declared:
                    add(
                        f"/rights/{index}/declared_counts/{dimension.value}",
                        f"{have} indicators are encoded but the regulation has {declared}",
                    )
    total = document.declared_indicator_total
    if all_declared and total is not None and total != declared_total:
        add(
            "/declared_indicator_total",
            f"the per-right counts add up to {declared_total}, not {total}",
        )
    if total is not None and len(document.indicators) > total:
        add("/indicators", f"{len(document.indicators)} indicators exceed the declared {total}")
    return problems


def indicator_problems(indicator: IndicatorData, where: str) -> list[Problem]:
    """Return why one indicator's rule cannot score its values (kind, bands, levels...).

    ``where`` is the indicator's JSON pointer; the rule's own checks
    (:meth:`~kkpham_rules.rules.RuleKind.problems`) point into ``where/rule``.
    """
    kind = ValueKind(indicator.value_kind)
    accepted = RULE_KINDS[indicator.rule.kind].value_kinds
    if kind not in accepted:
        allowed = ", ".join(sorted(k.value for k in accepted))
        return [
            Problem(
                "inconsistent_regulation",
                f"{where}/value_kind",
                f"a {indicator.rule.kind} rule needs value_kind {allowed}",
                allowed,
                kind.value,
            )
        ]
    return [
        Problem("inconsistent_regulation", f"{where}/rule/{field}", message)
        for field, message in build_rule(indicator.rule).problems(kind)
    ]


def build_indicator(data: IndicatorData, instrument: str) -> Indicator:
    """Return the model of one indicator's data (already checked by ``indicator_problems``)."""
    return Indicator(
        id=data.id,
        right_id=data.right,
        dimension=Dimension(data.dimension),
        number=data.number,
        wording_id=data.wording_id,
        wording_en=data.wording_en,
        unit=data.unit,
        value_kind=ValueKind(data.value_kind),
        rule=build_rule(data.rule),
        weight=_fraction(data.weight),
        evidence=tuple(data.evidence),
        citation=citation_from_data(data.citation, instrument),
    )


def _build(document: RegulationDocument, plugin: str) -> Regulation:
    own = document.id
    scoring = document.scoring
    return Regulation(
        id=own,
        revision=document.revision,
        revision_date=document.revision_date,
        title=document.title,
        short_name=document.short_name,
        aliases=tuple(document.aliases),
        enacted=document.enacted,
        promulgated=document.promulgated,
        governs=YearSpan(
            document.governs.first,
            document.governs.last,
            citation_from_data(document.governs.citation, own),
        ),
        rights=tuple(
            Right(
                id=right.id,
                name_id=right.name_id,
                name_en=right.name_en,
                group=right.group,
                declared_counts=tuple(
                    (dimension, getattr(right.declared_counts, dimension.value))
                    for dimension in Dimension
                ),
                citation=citation_from_data(right.citation, own),
                weight=_fraction(right.weight),
            )
            for right in document.rights
        ),
        indicators=tuple(build_indicator(indicator, own) for indicator in document.indicators),
        categories=tuple(
            Category(
                code=category.code,
                label_id=category.label_id,
                label_en=category.label_en,
                lower=_fraction(category.lower),
                upper=None if category.upper is None else _fraction(category.upper),
                awarded=category.awarded,
                citation=citation_from_data(category.citation, own),
            )
            for category in sorted(document.categories, key=lambda c: c.lower, reverse=True)
        ),
        scoring=Scoring(
            dimension_points=tuple(
                (dimension, _fraction(getattr(scoring.dimension_points, dimension.value)))
                for dimension in Dimension
            ),
            score_places=scoring.score_places,
            trace_places=scoring.trace_places,
            classify_on=scoring.classify_on,
            citation=citation_from_data(scoring.citation, own),
            rollup_citation=citation_from_data(scoring.rollup_citation, own),
            rounding_citation=citation_from_data(scoring.rounding_citation, own),
        ),
        declared_indicator_total=document.declared_indicator_total,
        notes=tuple(document.notes),
        citation=citation_from_data(document.citation, own),
        plugin=plugin,
    )
