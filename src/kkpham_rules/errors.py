"""The exceptions ``kkpham_rules`` raises, all under one root.

Every error carries data a program can act on, not only a sentence::

    KkphamError
    ├── InputError                  input a caller gave is not acceptable
    │   ├── SubmissionError         a submission (file or object) is invalid
    │   ├── RegulationNotFoundError no installed regulation has that id or alias
    │   ├── RecordError             an audit record is unreadable or malformed
    │   ├── VariantError            a variant file is unreadable or does not fit its base
    │   ├── KeyFileError            a signing or trusted key file is unreadable or malformed
    │   ├── ArchiveError            the archive's database cannot be opened or queried
    │   └── CatalogueError          a lampiran table does not make a valid revision
    ├── NoRegulationInForceError    no (or more than one) regulation governs a year
    ├── NoCrosswalkError            no installed crosswalk joins two regulations
    ├── PluginError                 a regulation plugin could not be loaded
    ├── PlotUnavailableError        charts asked for without the [plot] extra
    └── DataFrameUnavailableError   DataFrames asked for without the [dataframe] extra

Input errors gather *every* problem found in one pass, each a :class:`Problem`
with a JSON pointer into the offending document.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from attrs import evolve, frozen

__all__ = [
    "ArchiveError",
    "CatalogueError",
    "DataFrameUnavailableError",
    "InputError",
    "KeyFileError",
    "KkphamError",
    "NoCrosswalkError",
    "NoRegulationInForceError",
    "PlotUnavailableError",
    "PluginError",
    "Problem",
    "RecordError",
    "RegulationNotFoundError",
    "SubmissionError",
    "VariantError",
]


@frozen
class Problem:
    """One thing wrong with a document, located by a JSON pointer.

    ``code`` is a stable machine-readable identifier (``"unknown_indicator"``),
    ``pointer`` an RFC 6901 JSON pointer into the document (``"/indicators/x"``),
    ``message`` an English sentence a person can act on; ``expected`` and
    ``received`` say what was wanted and what came, where that helps.
    ``location`` names the place in a source file that is not JSON
    (``"Dimensi!C5"`` in a workbook, ``"line 3, column hasil"`` in a CSV file).

    :func:`kkpham_rules.messages.render` gives the sentence in Indonesian or
    English from these fields (so a problem copied under a cohort's record
    prefix reads the same); the fields, not the sentences, are the contract.
    """

    code: str
    pointer: str
    message: str
    expected: str | None = None
    received: str | None = None
    location: str | None = None

    def under(self, *tokens: str | int) -> Problem:
        """Return this problem placed inside a larger document (pointer prefixed by ``tokens``).

        >>> Problem("x", "/region/code", "bad").under(3).pointer
        '/3/region/code'
        """
        return evolve(self, pointer=json_pointer(tokens) + self.pointer)

    def with_message(self, message: str) -> Problem:
        """Return this problem with another message, everything else kept."""
        return evolve(self, message=message)

    def to_dict(self) -> dict[str, str]:
        """Return the problem as a JSON-ready mapping (absent fields left out)."""
        data = {"code": self.code, "pointer": self.pointer, "message": self.message}
        if self.expected is not None:
            data["expected"] = self.expected
        if self.received is not None:
            data["received"] = self.received
        if self.location is not None:
            data["location"] = self.location
        return data


def json_pointer(parts: Iterable[str | int]) -> str:
    """Return the RFC 6901 pointer for a path of keys and indexes."""
    escaped = (str(part).replace("~", "~0").replace("/", "~1") for part in parts)
    return "".join("/" + part for part in escaped)


class KkphamError(Exception):
    """Root of every error this library raises on purpose."""

    code = "kkpham_error"

    def to_dict(self) -> dict[str, Any]:
        """Return the error as a JSON-ready mapping."""
        return {"error": self.code, "message": str(self)}


class InputError(KkphamError):
    """Input given by the caller is not acceptable; ``problems`` lists why."""

    code = "invalid_input"

    def __init__(self, message: str, problems: Sequence[Problem]) -> None:
        super().__init__(message)
        self.problems: tuple[Problem, ...] = tuple(problems)

    def __str__(self) -> str:
        lines = [super().__str__()]
        lines += [f"  {p.location or p.pointer or '/'}: {p.message}" for p in self.problems]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Return the error and all its problems as a JSON-ready mapping."""
        return {
            "error": self.code,
            "message": self.args[0],
            "problems": [p.to_dict() for p in self.problems],
        }


class SubmissionError(InputError):
    """A submission is malformed or does not fit the regulation it is scored under."""

    code = "invalid_submission"


class RegulationNotFoundError(InputError):
    """No installed regulation answers to the requested id or alias."""

    code = "regulation_not_found"


class NoRegulationInForceError(KkphamError):
    """No single installed regulation governs the requested assessment year."""

    code = "no_regulation_in_force"

    def __init__(self, message: str, year: int, candidates: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.year = year
        self.candidates: tuple[str, ...] = tuple(candidates)

    def to_dict(self) -> dict[str, Any]:
        """Return the error, the year and any competing regulations."""
        return {
            "error": self.code,
            "message": self.args[0],
            "year": self.year,
            "candidates": list(self.candidates),
        }


class PluginError(KkphamError):
    """A regulation plugin failed to load; names the plugin and every problem."""

    code = "plugin_error"

    def __init__(self, plugin: str, problems: Sequence[Problem]) -> None:
        self.plugin = plugin
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(f"regulation plugin {plugin!r} is broken")

    def __str__(self) -> str:
        lines = [self.args[0]]
        lines += [f"  {p.pointer or '/'}: {p.message}" for p in self.problems]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Return the plugin name and its problems as a JSON-ready mapping."""
        return {
            "error": self.code,
            "plugin": self.plugin,
            "message": self.args[0],
            "problems": [p.to_dict() for p in self.problems],
        }


class RecordError(InputError):
    """An audit record is unreadable or not in the record format."""

    code = "invalid_record"


class VariantError(InputError):
    """A variant file is unreadable, malformed or does not fit its base regulation."""

    code = "invalid_variant"


class KeyFileError(InputError):
    """A private key or a file of trusted public keys cannot be read or used."""

    code = "invalid_key"


class ArchiveError(InputError):
    """The archive's database cannot be opened or queried, or holds nothing asked for."""

    code = "archive_unavailable"


class CatalogueError(InputError):
    """A lampiran's indicator table is unreadable or does not make a valid revision.

    Each problem's ``location`` is the table's cell and column
    (``"Indikator!L7, column Pita nilai"``, ``"line 4, column bands"``).
    """

    code = "invalid_catalogue"


class NoCrosswalkError(KkphamError):
    """No installed crosswalk joins two regulations."""

    code = "no_crosswalk"


class PlotUnavailableError(KkphamError):
    """matplotlib is not installed: ``pip install 'kkpham-rules[plot]'``."""

    code = "plot_unavailable"


class DataFrameUnavailableError(KkphamError):
    """pandas is not installed: ``pip install 'kkpham-rules[dataframe]'``."""

    code = "dataframe_unavailable"
