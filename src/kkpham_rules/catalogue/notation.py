"""Band rows and ordinal levels written in one table cell, and read back.

A band rule's table goes in one cell, one band per line (a line break, or
``;`` between bands), each ``RANGE → POINTS`` (``->`` for the arrow works too):

======================  ===========================================
``111-140 → 8``         111 up to 140, both included (the lampiran's way; an en dash works too)
``≤ 110 → 10``          up to 110, included (``<=`` works too)
``< 50 → 0``            below 50
``≥ 91 → 10``           91 or more (``>=`` works too)
``> 229 → 0``           above 229
``0 ≤ x < 50 → 0``      any mix of included and excluded ends, with ``x`` the value
``semua → 10``          every value (``all`` works too)
======================  ===========================================

Numbers are written with a decimal point or comma (``5,1``), no thousands
separator: ``1.000``, ``1,000`` or ``5.000`` (one separator, then three digits)
reads as one thousand in Indonesian practice and as one in English, so it is
refused (:func:`ambiguous_numbers`) rather than guessed.

An ordinal rule's levels go one per line, ``code | achievement |
label | English label``: ``sebagian | 50% | Sebagian terpenuhi | Partly met``
(the achievement as a percentage with ``%``, or as a share from 0 to 1;
without the English label, the Indonesian one stands in).

:func:`band_text` and :func:`level_text` write a rule's table the way
:func:`parse_bands` and :func:`parse_levels` read it, so a table written and
read back is the same table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..rounding import decimal_text
from ..rules import Band, Level

__all__ = [
    "ambiguous_numbers",
    "band_line",
    "band_text",
    "level_text",
    "parse_bands",
    "parse_levels",
    "parse_number",
    "split_lines",
]

_NUMBER = r"\d+(?:[.,]\d+)?"
_ARROW = re.compile(r"\s*(?:→|->)\s*")
_POINTS = re.compile(rf"({_NUMBER})(?:\s*(?:poin|points?))?", re.IGNORECASE)
_BELOW = {"≤": True, "<": False}
_ABOVE = {"≥": True, ">": False}

# the range forms, each a whole-line pattern with named bounds
_BETWEEN = re.compile(
    rf"(?P<a>{_NUMBER})\s*(?:\u2013|\u2014|-|sampai|s/d|s\.d\.|to)\s*(?P<b>{_NUMBER})"
)
_CHAIN = re.compile(
    rf"(?:(?P<a>{_NUMBER})\s*(?P<ao>[≤<])\s*)?x(?:\s*(?P<bo>[≤<])\s*(?P<b>{_NUMBER}))?",
    re.IGNORECASE,
)
_FROM = re.compile(rf"x\s*(?P<op>[≥>])\s*(?P<a>{_NUMBER})", re.IGNORECASE)
_ONE_SIDE = re.compile(rf"(?P<op>[≤<≥>])\s*(?P<n>{_NUMBER})")
_EXACT = re.compile(rf"(?P<a>{_NUMBER})")
_EVERY = frozenset({"semua", "all", "*"})


def parse_number(text: str) -> Decimal | None:
    """Return a number written with a decimal point or comma, else ``None``.

    >>> parse_number("5,1"), parse_number(" 80 "), parse_number("1.000,5")
    (Decimal('5.1'), Decimal('80'), None)
    """
    text = text.strip()
    if not re.fullmatch(_NUMBER, text):
        return None
    return Decimal(text.replace(",", "."))


_AMBIGUOUS = re.compile(r"(?<![\d.,])([1-9]\d{0,2})([.,])(\d{3})(?![\d.,])")
"""One separator then three digits: a thousands group or three decimals, who knows."""


def ambiguous_numbers(text: str) -> list[tuple[str, str, str]]:
    """Return each number in ``text`` that reads as thousands or as decimals, with both readings.

    ``1.500`` is one thousand five hundred where the point groups thousands
    (Indonesian practice) and one and a half where it is the decimal point; a
    cell is never read one way silently.

    >>> ambiguous_numbers("≤ 1.000 → 10; 1,5-2 → 5; 0.125; 1.0000; 12.500")
    [('1.000', '1000', '1'), ('12.500', '12500', '12,5')]
    """
    found: list[tuple[str, str, str]] = []
    for match in _AMBIGUOUS.finditer(text):
        if any(match[0] == seen for seen, _, _ in found):
            continue  # "5.000" twice in one cell is said once
        whole, _, decimals = match.groups()
        fraction = decimals.rstrip("0")
        found.append((match[0], whole + decimals, f"{whole},{fraction}" if fraction else whole))
    return found


def split_lines(text: str) -> list[str]:
    """Return the lines of a cell: split at line breaks, else at ``;``; blanks dropped.

    >>> split_lines("a\\nb; c"), split_lines("a; b")
    (['a', 'b; c'], ['a', 'b'])
    """
    parts = text.splitlines() if "\n" in text or "\r" in text else text.split(";")
    return [part.strip() for part in parts if part.strip()]


def _normalized(text: str) -> str:
    return text.replace("<=", "≤").replace(">=", "≥").replace("=<", "≤").replace("=>", "≥")


def _range(text: str) -> dict[str, Any] | None:
    """Return a band's bounds as band data, or ``None`` if ``text`` is no range form."""
    text = _normalized(text).strip()
    if text.casefold() in _EVERY:
        return {}
    if match := _BETWEEN.fullmatch(text):
        return {
            "lower": _decimal(match["a"]),
            "upper": _decimal(match["b"]),
            "upper_inclusive": True,
        }
    if match := _ONE_SIDE.fullmatch(text):
        op, number = match["op"], _decimal(match["n"])
        if op in _BELOW:
            return {"upper": number, "upper_inclusive": _BELOW[op]}
        return {"lower": number, "lower_inclusive": _ABOVE[op]}
    if match := _FROM.fullmatch(text):
        return {"lower": _decimal(match["a"]), "lower_inclusive": _ABOVE[match["op"]]}
    if (match := _CHAIN.fullmatch(text)) and (match["a"] or match["b"]):
        bounds: dict[str, Any] = {}
        if match["a"]:
            bounds.update(lower=_decimal(match["a"]), lower_inclusive=_BELOW[match["ao"]])
        if match["b"]:
            bounds.update(upper=_decimal(match["b"]), upper_inclusive=_BELOW[match["bo"]])
        return bounds
    if match := _EXACT.fullmatch(text):
        number = _decimal(match["a"])
        return {"lower": number, "upper": number, "upper_inclusive": True}
    return None


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def parse_bands(text: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Return the bands a cell writes, as band data, and each line that cannot be read.

    >>> bands, unread = parse_bands("≤ 110 → 10\\n111-140 → 8\\n> 140 → 0")
    >>> bands[1]  # doctest: +NORMALIZE_WHITESPACE
    {'lower': Decimal('111'), 'upper': Decimal('140'), 'upper_inclusive': True,
     'points': Decimal('8')}
    >>> parse_bands("111 to 140 = 8")[1]
    ['111 to 140 = 8']
    """
    bands: list[dict[str, Any]] = []
    unread: list[str] = []
    for line in split_lines(text):
        parts = _ARROW.split(line)
        bounds = _range(parts[0]) if len(parts) == 2 else None
        points = _POINTS.fullmatch(parts[1].strip()) if len(parts) == 2 else None
        if bounds is None or points is None:
            unread.append(line)
            continue
        bands.append({**bounds, "points": _decimal(points[1])})
    return bands, unread


def _bound(value: Fraction) -> str:
    return decimal_text(value)


def band_line(band: Band) -> str:
    """Return one band as a line of the notation (``"111-140 → 8"``)."""
    low, high = band.lower, band.upper
    if low is None and high is None:
        where = "semua"
    elif low is None:
        assert high is not None
        where = f"{'≤' if band.upper_inclusive else '<'} {_bound(high)}"
    elif high is None:
        where = f"{'≥' if band.lower_inclusive else '>'} {_bound(low)}"
    elif band.lower_inclusive and band.upper_inclusive:
        where = f"{_bound(low)}-{_bound(high)}"
    else:
        left = "≤" if band.lower_inclusive else "<"
        right = "≤" if band.upper_inclusive else "<"
        where = f"{_bound(low)} {left} x {right} {_bound(high)}"
    return f"{where} → {decimal_text(band.points)}"


def band_text(bands: Sequence[Band]) -> str:
    """Return a band table as the cell's text: one band a line, in the rule's order.

    >>> band_text((Band(Fraction(10), None, Fraction(110), True, True),
    ...            Band(Fraction(0), Fraction(110), None, False, False)))
    '≤ 110 → 10\\n> 110 → 0'
    """
    return "\n".join(band_line(band) for band in bands)


def parse_levels(text: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Return the levels a cell writes, as level data, and each line that cannot be read.

    >>> levels, unread = parse_levels("penuh | 100% | Penuh | Full\\nsebagian | 0,5 | Sebagian")
    >>> levels[1]  # doctest: +NORMALIZE_WHITESPACE
    {'code': 'sebagian', 'achievement': Decimal('0.5'), 'label_id': 'Sebagian',
     'label_en': 'Sebagian'}
    """
    levels: list[dict[str, Any]] = []
    unread: list[str] = []
    for line in split_lines(text):
        parts = [part.strip() for part in line.split("|")]
        achievement = _achievement(parts[1]) if len(parts) in (3, 4) else None
        if achievement is None or not parts[0] or not parts[2]:
            unread.append(line)
            continue
        label_en = parts[3] if len(parts) == 4 and parts[3] else parts[2]
        levels.append(
            {
                "code": parts[0],
                "achievement": achievement,
                "label_id": parts[2],
                "label_en": label_en,
            }
        )
    return levels, unread


def _achievement(text: str) -> Decimal | None:
    # "80" alone is neither 0.8 nor 80 %: a share above 1 must say it is a percentage
    text = text.strip()
    if text.endswith("%"):
        number = parse_number(text[:-1])
        if number is None:
            return None
        # the point moved two places, exactly: a division by 100 (or scaleb) rounds to the
        # context's 28 digits
        sign, digits, exponent = number.as_tuple()
        assert isinstance(exponent, int)  # a number parse_number read is finite
        return Decimal((sign, digits, exponent - 2))
    number = parse_number(text)
    return None if number is None or number > 1 else number


def level_text(levels: Sequence[Level]) -> str:
    """Return an ordinal scale as the cell's text: ``code | achievement% | label | label``.

    >>> level_text((Level("penuh", "Penuh", "Full", Fraction(1)),))
    'penuh | 100% | Penuh | Full'
    """
    return "\n".join(
        f"{level.code} | {decimal_text(level.achievement * 100)}% | {level.label_id} | "
        f"{level.label_en}"
        for level in levels
    )
