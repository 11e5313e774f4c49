"""Finding the installed regulation plugins and choosing one.

A regulation plugin is any distribution that declares an entry point in the
group ``kkpham_rules.regulations``; the entry point's name is the regulation id
and its object a function returning the regulation's revisions (a tuple of
:class:`~kkpham_rules.model.Regulation`, usually from
:func:`kkpham_rules.loader.load_packaged_revisions`) or a single one. Plugins are
loaded, and their data validated, once per registry; nothing is loaded at import
time. A broken plugin is reported with its name and problems and leaves the
others usable.

Revisions kept outside any plugin (the one ``kkpham catalogue import`` writes,
say) join the installed ones when their folders or files are listed in the
environment variable ``KKPHAM_REGULATION_PATH`` (:data:`REGULATION_PATH_VARIABLE`),
separated as in ``PATH``: :func:`default_registry` reads them through the same
loader and checks as a plugin's data, each file pinning its content hash
(:func:`kkpham_rules.loader.pinned_hash_problems`). A revision number a plugin
already ships with other content is refused, never shadowed. A refused entry is
one of ``problems`` (named by its path); the command line warns of it on every
command that looks a regulation up.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

from attrs import frozen

from .errors import (
    InputError,
    KkphamError,
    NoRegulationInForceError,
    PluginError,
    Problem,
    RegulationNotFoundError,
)
from .model import Regulation

__all__ = [
    "ENTRY_POINT_GROUP",
    "REGULATION_PATH_VARIABLE",
    "Registry",
    "available_regulations",
    "default_registry",
    "get_regulation",
    "regulation_in_force",
    "regulation_paths",
]

ENTRY_POINT_GROUP = "kkpham_rules.regulations"
"""The entry point group regulation plugins register under."""

REGULATION_PATH_VARIABLE = "KKPHAM_REGULATION_PATH"
"""The environment variable listing folders (of ``<n>.yaml``) or files of extra revisions."""


def regulation_paths(environ: Mapping[str, str] | None = None) -> tuple[Path, ...]:
    """Return the paths ``KKPHAM_REGULATION_PATH`` lists (separated by ``os.pathsep``).

    >>> import os
    >>> listed = os.pathsep.join(["revisions", "", "lampiran/3.yaml"])
    >>> [path.name for path in regulation_paths({"KKPHAM_REGULATION_PATH": listed})]
    ['revisions', '3.yaml']
    """
    value = (os.environ if environ is None else environ).get(REGULATION_PATH_VARIABLE, "")
    return tuple(Path(part) for part in value.split(os.pathsep) if part.strip())


def _normalized(name: str) -> str:
    """Return a name folded for matching: case, spaces and separators ignored."""
    return re.sub(r"[\s_./-]+", "-", name.strip().casefold())


@frozen
class Registry:
    """The regulations one set of plugins provides, loaded once.

    Build it with :meth:`from_entry_points` (the installed plugins) or
    :meth:`from_regulations` (values in hand, e.g. in tests or for variants).
    ``regulations`` holds the latest revision of each regulation, ``revisions``
    every revision, and ``problems`` the plugins that failed to load.
    """

    regulations: tuple[Regulation, ...]
    revisions: tuple[Regulation, ...]
    problems: tuple[PluginError, ...]

    @classmethod
    def from_entry_points(
        cls, group: str = ENTRY_POINT_GROUP, *, paths: Iterable[Path] = ()
    ) -> Registry:
        """Return a registry of every plugin installed under ``group``, and of ``paths``.

        ``paths`` are folders of ``<n>.yaml`` revisions or single data files
        (:func:`kkpham_rules.loader.load_regulation_paths`); their revisions
        join the installed revisions of the same regulation, or stand alone.
        """
        loaded: list[Regulation] = []
        problems: list[PluginError] = []
        for entry_point in sorted(entry_points(group=group), key=lambda ep: ep.name):
            try:
                loaded.extend(_load(entry_point))
            except PluginError as error:
                problems.append(error)
        paths = tuple(paths)
        if paths:
            from .loader import load_regulation_paths  # only when extra revisions are listed

            found, broken = load_regulation_paths(paths)
            loaded += found
            problems += broken
        return cls.from_regulations(loaded, problems)

    @classmethod
    def from_regulations(
        cls, regulations: Iterable[Regulation], problems: Iterable[PluginError] = ()
    ) -> Registry:
        """Return a registry of the given regulations (any revisions), by governed years.

        A revision given twice is kept once if both have the same content; with
        other content the later one is refused (a :class:`PluginError` naming
        where it came from), so a released revision is never shadowed.
        """
        problems = list(problems)
        by_id: dict[str, dict[int, Regulation]] = {}
        for regulation in regulations:
            revisions = by_id.setdefault(regulation.id, {})
            known = revisions.get(regulation.revision)
            if known is None:
                revisions[regulation.revision] = regulation
            elif known.content_hash != regulation.content_hash:
                problems.append(_revision_clash(regulation, known))
        latest = sorted(
            (revisions[max(revisions)] for revisions in by_id.values()),
            key=lambda r: (r.governs.first, r.id),
        )
        accepted, rejected = _without_name_clashes(latest)
        problems += rejected
        every = tuple(by_id[r.id][number] for r in accepted for number in sorted(by_id[r.id]))
        return cls(tuple(accepted), every, tuple(problems))

    def get(self, name: str, revision: int | None = None) -> Regulation:
        """Return a regulation by id, short name or alias (``"22/2021"``).

        The latest revision unless ``revision`` is given, or the name ends in
        ``@<revision>`` (``"permenkumham-22-2021@1"``). Raises
        :class:`~kkpham_rules.errors.RegulationNotFoundError` for a name or
        revision not installed, and :class:`~kkpham_rules.errors.InputError`
        for a revision that is not a whole number (``"22/2021@-1"``).
        """
        if not isinstance(name, str):
            raise TypeError(f"a regulation name is a string, not {type(name).__name__}")
        base, at, pinned = name.partition("@")
        if at:  # "22/2021@" too: a revision asked for and not given is not the latest
            if not re.fullmatch(r"[0-9]+", pinned.strip()):  # not isdigit: "²" is a digit too
                # a name that cannot be read, not a regulation missing: bad input
                raise InputError(
                    f"{name!r}: a revision is a positive whole number, as in '22/2021@1'",
                    [
                        Problem(
                            "bad_revision",
                            "/regulation",
                            "a revision is a positive whole number after @, as in 22/2021@1",
                            "a positive whole number",
                            pinned,
                        )
                    ],
                )
            revision = int(pinned)
        regulation = self._latest(base, name)
        if revision is None or revision == regulation.revision:
            return regulation
        for candidate in self.revisions:
            if candidate.id == regulation.id and candidate.revision == revision:
                return candidate
        known = ", ".join(str(r.revision) for r in self.revisions if r.id == regulation.id)
        raise RegulationNotFoundError(
            f"{regulation.id} has no revision {revision} (installed: {known})",
            [
                Problem(
                    "revision_not_found",
                    "/regulation",
                    f"installed revisions: {known}",
                    known,
                    str(revision),
                )
            ],
        )

    def _latest(self, base: str, name: str) -> Regulation:
        wanted = _normalized(base)
        for regulation in self.regulations:
            if wanted in map(_normalized, regulation.names()):
                return regulation
        for problem in self.problems:
            if wanted == _normalized(problem.plugin):
                raise problem
        available = ", ".join(f"{r.id} ({r.short_name})" for r in self.regulations) or "none"
        raise RegulationNotFoundError(
            f"no installed regulation is called {name!r}",
            [
                Problem(
                    "regulation_not_found",
                    "/regulation",
                    f"installed: {available}",
                    available,
                    name,
                )
            ],
        )

    def in_force(self, year: int) -> Regulation:
        """Return the one regulation (latest revision) that governs data year ``year``."""
        if type(year) is not int:
            raise TypeError(f"a year is an int, not {type(year).__name__}")
        matches = [r for r in self.regulations if year in r.governs]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            spans = ", ".join(
                f"{r.short_name}: {r.governs.first}-{r.governs.last or 'now'}"
                for r in self.regulations
            )
            raise NoRegulationInForceError(
                f"no installed regulation governs assessment year {year} "
                f"({spans or 'none installed'})",
                year,
            )
        raise NoRegulationInForceError(
            f"{len(matches)} regulations claim assessment year {year}; name one explicitly",
            year,
            [r.id for r in matches],
        )


def _revision_clash(regulation: Regulation, known: Regulation) -> PluginError:
    return PluginError(
        regulation.plugin,
        [
            Problem(
                "revision_clash",
                "/revision",
                f"revision {regulation.revision} of {regulation.id} is already provided by "
                f"{known.plugin} with other content; a correction is a new revision number",
                f"a revision after {known.revision}",
                str(regulation.revision),
            )
        ],
    )


def _without_name_clashes(
    regulations: list[Regulation],
) -> tuple[list[Regulation], list[PluginError]]:
    """Return the regulations whose names are unambiguous, and errors for the others.

    Ids are claimed first, then short names, then aliases, so an id always
    wins: a plugin cannot take over another's name through an alias. A
    regulation any of whose names is already claimed is rejected whole.
    """
    owner: dict[str, str] = {}
    clashes: dict[str, Problem] = {}
    for rank in ("id", "short_name", "aliases"):
        for regulation in regulations:
            names = list(regulation.aliases) if rank == "aliases" else [getattr(regulation, rank)]
            for index, name in enumerate(names):
                key = _normalized(name)
                if owner.setdefault(key, regulation.id) != regulation.id:
                    pointer = f"/aliases/{index}" if rank == "aliases" else f"/{rank}"
                    clashes.setdefault(
                        regulation.id,
                        Problem(
                            "name_clash", pointer, f"{name!r} is already a name of {owner[key]}"
                        ),
                    )
    accepted = [r for r in regulations if r.id not in clashes]
    rejected = [PluginError(r.id, [clashes[r.id]]) for r in regulations if r.id in clashes]
    return accepted, rejected


def _load(entry_point: EntryPoint) -> tuple[Regulation, ...]:
    name = entry_point.name
    try:
        factory: Callable[[], object] = entry_point.load()
        provided = factory()
    except PluginError as error:
        raise PluginError(name, error.problems) from error
    except KkphamError as error:
        raise PluginError(name, [Problem(error.code, "", str(error))]) from error
    except Exception as error:  # a third party's code: report it, keep the others
        raise PluginError(
            name, [Problem("plugin_failed", "", f"{type(error).__name__}: {error}")]
        ) from error
    revisions = provided if isinstance(provided, tuple | list) else (provided,)
    for index, regulation in enumerate(revisions):
        if not isinstance(regulation, Regulation):
            raise PluginError(
                name,
                [
                    Problem(
                        "not_a_regulation",
                        f"/{index}",
                        f"entry point returned {type(regulation).__name__}, not a Regulation",
                    )
                ],
            )
        if regulation.id != name:
            raise PluginError(
                name,
                [
                    Problem(
                        "id_mismatch",
                        "/id",
                        f"entry point {name!r} provides regulation {regulation.id!r}",
                    )
                ],
            )
    if not revisions:
        raise PluginError(name, [Problem("no_revisions", "", "the plugin provided no regulation")])
    return tuple(revisions)


@cache
def default_registry() -> Registry:
    """Return the registry of the installed plugins, discovered once per process.

    Revisions in the folders or files ``KKPHAM_REGULATION_PATH`` lists are
    included (:func:`regulation_paths`). Regulations are immutable values, so
    caching them cannot change a result; after installing a plugin or changing
    the variable at run time, call ``default_registry.cache_clear()``.
    """
    return Registry.from_entry_points(paths=regulation_paths())


def available_regulations() -> tuple[Regulation, ...]:
    """Return the installed regulations that loaded, ordered by the years they govern."""
    return default_registry().regulations


def get_regulation(name: str, revision: int | None = None) -> Regulation:
    """Return the installed regulation with this id or alias (``"22/2021"`` works).

    The latest revision of its data unless ``revision`` (or a ``@<n>`` suffix) is given.
    """
    return default_registry().get(name, revision)


def regulation_in_force(year: int) -> Regulation:
    """Return the installed regulation that governs assessment year ``year``."""
    return default_registry().in_force(year)
