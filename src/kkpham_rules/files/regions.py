"""Kemendagri codes of the kabupaten/kota, and the checks the importers make against them.

The package ships the list in force (``data/kemendagri-kabupaten-kota.csv``: 514
codes from Kepmendagri No. 300.2.2-2138 Tahun 2025) and the codes it replaced
(``data/kemendagri-kode-lama.csv``: 26 Papua and Papua Barat codes of
Permendagri No. 72 Tahun 2019, renumbered when the new Papua provinces were
formed). ``data/README.md`` gives the sources. :func:`check_region` says what
is wrong with a region's code and name; the workbook and CSV importers turn its
findings into problems located at a cell or line.

What is an error and what a warning:

* the template's placeholders (``00.00``, ``NAMA KABUPATEN/KOTA``) are errors:
  the file was not filled in;
* a code on neither list is an error: the code is what identifies a region in
  every cohort, report and comparison, and a mistyped one (``72.17`` for
  ``72.71``) would otherwise be scored as a region that does not exist;
* a replaced code is a warning: data years before the change were reported
  under it, rightly;
* a name other than the list's is a warning: names are written many ways
  (``Kota Palu``, ``Palu``, ``KOTA PALU``), and the list is not the place to
  insist on one; the warning gives the listed name, and the code of the given
  name if it is on the list, so that a wrong code is easy to see.

Regions whose name is marked as not real (:func:`is_marked_not_real`: the
``(SINTETIS)`` of ``kkpham synth``, the ``(data ilustrasi)`` of the examples)
are not looked up: synthetic cohorts use codes that need not exist.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Literal

from attrs import frozen

from ..errors import Problem

__all__ = [
    "LIST_INSTRUMENT",
    "NOT_REAL_MARKERS",
    "PLACEHOLDER_CODE",
    "PLACEHOLDER_NAME",
    "ListedRegion",
    "RegionFinding",
    "RegionWarning",
    "check_region",
    "emit_warnings",
    "former_codes",
    "is_marked_not_real",
    "listed_regions",
    "same_region_name",
]

LIST_INSTRUMENT = "Kepmendagri No. 300.2.2-2138 Tahun 2025"
"""The instrument the list in force comes from (see ``data/README.md``)."""

PLACEHOLDER_CODE = "00.00"
"""The region code the templates are written with (the engine's ``PLACEHOLDER_REGION_CODE``)."""

PLACEHOLDER_NAME = "NAMA KABUPATEN/KOTA"
"""The region name the templates are written with."""

NOT_REAL_MARKERS = ("(SINTETIS)", "(data ilustrasi)")
"""Name endings that mark a region as synthetic or illustrative (compared ignoring case)."""

_CODE = re.compile(r"[0-9]{2}\.[0-9]{2}", re.ASCII)


@frozen
class ListedRegion:
    """A kabupaten/kota on a Kemendagri list; ``replaced_by`` is set for a former code."""

    code: str
    name: str
    province: str
    replaced_by: str | None = None


@frozen
class RegionFinding:
    """Something wrong with a region's code or name.

    ``field`` says which of the two it is about; ``severity`` whether the
    importer refuses the file (``"error"``) or reads it and warns.
    """

    code: str
    field: Literal["code", "name"]
    severity: Literal["error", "warning"]
    message: str
    expected: str | None = None
    received: str | None = None


class RegionWarning(UserWarning):
    """A region's code or name is readable but worth a look; ``problem`` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(f"{problem.location or problem.pointer or '/'}: {problem.message}")
        self.problem = problem


def _read_table(name: str) -> list[dict[str, str]]:
    text = resources.files("kkpham_rules").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def listed_regions() -> Mapping[str, ListedRegion]:
    """Return the kabupaten/kota in force, by code (read once, on first use)."""
    return {
        row["code"]: ListedRegion(row["code"], row["name"], row["province"])
        for row in _read_table("kemendagri-kabupaten-kota.csv")
    }


@cache
def former_codes() -> Mapping[str, ListedRegion]:
    """Return the replaced codes, by code, each with the code now in force."""
    return {
        row["code"]: ListedRegion(row["code"], row["name"], row["province"], row["replaced_by"])
        for row in _read_table("kemendagri-kode-lama.csv")
    }


def is_marked_not_real(name: str) -> bool:
    """Return whether a region name ends with one of :data:`NOT_REAL_MARKERS`."""
    folded = name.strip().casefold()
    return any(folded.endswith(marker.casefold()) for marker in NOT_REAL_MARKERS)


_ABBREVIATIONS = (
    (re.compile(r"^kab\b\.?\s*"), "kabupaten "),
    (re.compile(r"\bkep\b\.?\s*"), "kepulauan "),
    (re.compile(r"\badm\b\.?\s*"), "administrasi "),
)
_KINDS = (
    ("kabupaten administrasi ", "kabupaten"),
    ("kota administrasi ", "kota"),
    ("kabupaten ", "kabupaten"),
    ("kota ", "kota"),
)


def _name_key(name: str) -> tuple[str | None, str]:
    """Return (kabupaten, kota or None if not said, the name's letters and digits only)."""
    text = " ".join(name.casefold().split())
    for pattern, replacement in _ABBREVIATIONS:
        text = pattern.sub(replacement, text)
    kind = None
    for prefix, said in _KINDS:
        if text.startswith(prefix):
            kind, text = said, text[len(prefix) :]
            break
    # "Bau Bau" / "Baubau", "Toli-Toli" / "Tolitoli": spelling varies in spaces and hyphens
    return kind, "".join(ch for ch in text if ch.isalnum())


def same_region_name(given: str, listed: str) -> bool:
    """Return whether ``given`` names the region the list calls ``listed``.

    Case, spaces, hyphens and dots do not count, nor does ``Kab.`` for
    ``Kabupaten``; a name without ``Kabupaten``/``Kota`` matches either, but
    ``Kabupaten Bogor`` is not ``Kota Bogor``.
    """
    given_kind, given_base = _name_key(given)
    listed_kind, listed_base = _name_key(listed)
    return given_base == listed_base and given_kind in (None, listed_kind)


@cache
def _codes_by_name() -> Mapping[str, tuple[ListedRegion, ...]]:
    by_base: dict[str, list[ListedRegion]] = {}
    for region in listed_regions().values():
        by_base.setdefault(_name_key(region.name)[1], []).append(region)
    return {base: tuple(regions) for base, regions in by_base.items()}


def _listed_as(name: str) -> list[ListedRegion]:
    """Return the regions in force that ``name`` names (two for ``Bogor``, none if unknown)."""
    base = _name_key(name)[1]
    return [r for r in _codes_by_name().get(base, ()) if same_region_name(name, r.name)]


def _where_named(name: str) -> str:
    found = _listed_as(name)
    return " or ".join(f"{r.name} is {r.code}" for r in found)


def check_region(code: str, name: str) -> list[RegionFinding]:
    """Return what is wrong with a region's ``code`` and ``name`` (see the module's description).

    A code not of the form ``PP.NN`` is left to the submission's own check,
    which says so; regions marked as not real are only checked for the
    template's placeholders.

    >>> [f.severity for f in check_region("72.71", "Kota Palu")]
    []
    >>> [(f.code, f.severity) for f in check_region("72.17", "Kota Palu")]
    [('unknown_region_code', 'error')]
    >>> check_region("72.71", "Kabupaten Sigi")[0].message
    "72.71 is Kota Palu on the Kemendagri list, not 'Kabupaten Sigi' (Kabupaten Sigi is 72.10)"
    """
    code, name = code.strip(), name.strip()
    findings: list[RegionFinding] = []
    if code == PLACEHOLDER_CODE:
        findings.append(
            RegionFinding(
                "placeholder_region",
                "code",
                "error",
                f"the region code is still the template's placeholder {PLACEHOLDER_CODE}: "
                "type the Kemendagri code of the kabupaten/kota, e.g. 72.71 for Kota Palu",
                "a Kemendagri code such as 72.71",
                code,
            )
        )
    if name.casefold() == PLACEHOLDER_NAME.casefold():
        findings.append(
            RegionFinding(
                "placeholder_name",
                "name",
                "error",
                f"the region name is still the template's placeholder {PLACEHOLDER_NAME}: "
                "type the name of the kabupaten/kota",
                "the name of the kabupaten/kota",
                name,
            )
        )
    if findings or is_marked_not_real(name) or not _CODE.fullmatch(code):
        return findings
    listed = listed_regions().get(code)
    former = former_codes().get(code) if listed is None else None
    if listed is None and former is None:
        hint = _where_named(name) if name else ""
        findings.append(
            RegionFinding(
                "unknown_region_code",
                "code",
                "error",
                f"{code} is not a kabupaten/kota code on the Kemendagri list ({LIST_INSTRUMENT})"
                + (f"; {hint}" if hint else ""),
                hint or "a code on the Kemendagri list, e.g. 72.71",
                code,
            )
        )
        return findings
    if former is not None:
        now = listed_regions()[str(former.replaced_by)]
        findings.append(
            RegionFinding(
                "former_region_code",
                "code",
                "warning",
                f"{code} was the code of {former.name} ({former.province}) before the province "
                f"was divided; it is {now.code} ({now.province}) in {LIST_INSTRUMENT}",
                now.code,
                code,
            )
        )
    region = listed or former
    assert region is not None
    if name and not same_region_name(name, region.name):
        hint = _where_named(name)
        findings.append(
            RegionFinding(
                "region_name_differs",
                "name",
                "warning",
                f"{code} is {region.name} on the Kemendagri list, not {name!r}"
                + (f" ({hint})" if hint else ""),
                region.name,
                name,
            )
        )
    return findings


def emit_warnings(problems: Iterable[Problem], notices: list[Problem] | None) -> None:
    """Hand over warnings: appended to ``notices`` if given, else as :class:`RegionWarning`.

    The importers return only submissions; a caller that wants the warnings as
    data passes a list, any other caller sees Python warnings (printed once
    each on standard error by default).
    """
    for problem in problems:
        if notices is not None:
            notices.append(problem)
        else:
            warnings.warn(RegionWarning(problem), stacklevel=3)
