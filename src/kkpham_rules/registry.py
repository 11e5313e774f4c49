"""Finding the installed regulation plugins and choosing one.

A regulation plugin is any distribution that declares an entry point in the
group ``kkpham_rules.regulations``; the entry point's name is the regulation id
and its object a function returning a :class:`~kkpham_rules.model.Regulation`
(usually by :func:`kkpham_rules.loader.load_packaged_regulation`). Plugins are
loaded, and their data validated, once per registry; nothing is loaded at import
time. A broken plugin is reported with its name and problems and leaves the
others usable.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from importlib.metadata import EntryPoint, entry_points

from attrs import frozen

from .errors import (
    KkphamError,
    NoRegulationInForceError,
    PluginError,
    Problem,
    RegulationNotFoundError,
)
from .model import Regulation

__all__ = [
    "ENTRY_POINT_GROUP",
    "Registry",
    "available_regulations",
    "default_registry",
    "get_regulation",
    "regulation_in_force",
]

ENTRY_POINT_GROUP = "kkpham_rules.regulations"
"""The entry point group regulation plugins register under."""


def _normalized(name: str) -> str:
    """Return a name folded for matching: case, spaces and separators ignored."""
    return re.sub(r"[\s_./-]+", "-", name.strip().casefold())


@frozen
class Registry:
    """The regulations one set of plugins provides, loaded once.

    Build it with :meth:`from_entry_points` (the installed plugins) or
    :meth:`from_regulations` (values in hand, e.g. in tests or for variants).
    ``problems`` holds the plugins that failed to load.
    """

    regulations: tuple[Regulation, ...]
    problems: tuple[PluginError, ...]

    @classmethod
    def from_entry_points(cls, group: str = ENTRY_POINT_GROUP) -> Registry:
        """Return a registry of every plugin installed under ``group``."""
        loaded: list[Regulation] = []
        problems: list[PluginError] = []
        for entry_point in sorted(entry_points(group=group), key=lambda ep: ep.name):
            try:
                loaded.append(_load(entry_point))
            except PluginError as error:
                problems.append(error)
        return cls.from_regulations(loaded, problems)

    @classmethod
    def from_regulations(
        cls, regulations: Iterable[Regulation], problems: Iterable[PluginError] = ()
    ) -> Registry:
        """Return a registry of the given regulations, ordered by the years they govern."""
        ordered = sorted(regulations, key=lambda r: (r.governs.first, r.id, r.revision))
        problems = list(problems)
        seen: set[str] = set()
        unique: list[Regulation] = []
        for regulation in ordered:
            clash = [name for name in map(_normalized, regulation.names()) if name in seen]
            if clash:
                problems.append(
                    PluginError(
                        regulation.plugin,
                        [
                            Problem(
                                "name_clash",
                                "/id",
                                f"name {clash[0]!r} is already taken by another plugin",
                            )
                        ],
                    )
                )
                continue
            seen.update(map(_normalized, regulation.names()))
            unique.append(regulation)
        return cls(tuple(unique), tuple(problems))

    def get(self, name: str) -> Regulation:
        """Return the regulation with this id, short name or alias (``"22/2021"``)."""
        wanted = _normalized(name)
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
        """Return the one regulation that governs assessment (data) year ``year``."""
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


def _load(entry_point: EntryPoint) -> Regulation:
    name = entry_point.name
    try:
        factory: Callable[[], object] = entry_point.load()
        regulation = factory()
    except PluginError as error:
        raise PluginError(name, error.problems) from error
    except KkphamError as error:
        raise PluginError(name, [Problem(error.code, "", str(error))]) from error
    except Exception as error:  # a third party's code: report it, keep the others
        raise PluginError(
            name, [Problem("plugin_failed", "", f"{type(error).__name__}: {error}")]
        ) from error
    if not isinstance(regulation, Regulation):
        raise PluginError(
            name,
            [
                Problem(
                    "not_a_regulation",
                    "",
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
    return regulation


@cache
def default_registry() -> Registry:
    """Return the registry of the installed plugins, discovered once per process.

    Regulations are immutable values, so caching them cannot change a result;
    after installing a plugin at run time, call ``default_registry.cache_clear()``.
    """
    return Registry.from_entry_points()


def available_regulations() -> tuple[Regulation, ...]:
    """Return the installed regulations that loaded, ordered by the years they govern."""
    return default_registry().regulations


def get_regulation(name: str) -> Regulation:
    """Return the installed regulation with this id or alias (``"22/2021"`` works)."""
    return default_registry().get(name)


def regulation_in_force(year: int) -> Regulation:
    """Return the installed regulation that governs assessment year ``year``."""
    return default_registry().in_force(year)
