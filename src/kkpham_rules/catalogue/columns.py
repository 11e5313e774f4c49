"""The indicator table's columns, and the words each coded column accepts.

One row per indicator, in the shape the lampiran has: the right and dimension
it belongs to, its number and wording, its unit and value kind, how it is
scored (the rule kind and that kind's parameters, each in a plain column), the
evidence asked for (data dukung) and where the law says so. The workbook, the
CSV file and the import all use these columns; their labels, help texts and
examples, in Indonesian and English, are the ``catalogue.`` labels of
:data:`kkpham_rules.messages.LABELS`.

A coded column (dimension, value kind, rule, direction, gaps, status) takes
its value in Indonesian or English, in any case: the Indonesian template
writes ``pita``, the English one ``bands``, and either reads back the same.
"""

from __future__ import annotations

from attrs import frozen

from ..messages import Lang, label

__all__ = [
    "COLUMNS",
    "COLUMN_KEYS",
    "Column",
    "allowed_words",
    "column_label",
    "is_percent_unit",
    "meaning",
    "written",
]


@frozen
class Column:
    """One column of the indicator table.

    ``required`` columns must be filled on every row; the others only where
    the row's rule needs them (the target of a target rule, say) or never.
    ``width`` is the column's width in the workbook, in characters.
    """

    key: str
    required: bool
    width: float


COLUMNS: tuple[Column, ...] = (
    Column("right", True, 18),
    Column("dimension", True, 11),
    Column("number", False, 8),
    Column("id", False, 24),
    Column("wording_id", True, 48),
    Column("wording_en", False, 36),
    Column("unit", True, 16),
    Column("value_kind", False, 12),
    Column("rule", True, 12),
    Column("target", False, 9),
    Column("better", False, 13),
    Column("bands", False, 22),
    Column("gaps", False, 9),
    Column("levels", False, 30),
    Column("weight", False, 8),
    Column("evidence", False, 30),
    Column("instrument", False, 22),
    Column("pasal", False, 8),
    Column("ayat", False, 7),
    Column("lampiran", False, 18),
    Column("status", True, 14),
    Column("source", False, 30),
    Column("note", False, 30),
)
"""Every column, in the order the template writes them."""

COLUMN_KEYS: tuple[str, ...] = tuple(column.key for column in COLUMNS)
"""The columns' keys, which are also the CSV file's header."""


def column_label(key: str, lang: Lang) -> str:
    """Return a column's header in ``lang`` (``"Pita nilai"`` for ``bands`` in Indonesian)."""
    return label(f"catalogue.column.{key}", lang)


# Per coded column: the canonical value (the data format's word) and the words that
# mean it. The first word is what the Indonesian template writes; the canonical value
# is what the English one writes. Each is read in any case, spaces at the ends ignored.
_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "dimension": {
        "struktur": ("struktur", "structure"),
        "proses": ("proses", "process"),
        "hasil": ("hasil", "outcome"),
    },
    "value_kind": {
        "boolean": ("ya-tidak", "ya/tidak", "ada/tidak", "ada-tidak"),
        "percent": ("persen", "persentase", "%"),
        "count": ("jumlah", "bilangan-bulat"),
        "amount": ("angka", "bilangan"),
        "level": ("tingkat",),
    },
    "rule": {
        "presence": ("ada", "keberadaan"),
        "target": ("target",),
        "bands": ("pita", "rentang"),
        "ordinal": ("tingkat", "jenjang"),
    },
    "better": {
        "higher": ("lebih-tinggi", "lebih tinggi", "tinggi"),
        "lower": ("lebih-rendah", "lebih rendah", "rendah"),
    },
    "gaps": {"yes": ("ya",), "no": ("tidak",)},
    "status": {"verified": ("terverifikasi",), "inferred": ("disimpulkan",)},
}


def meaning(key: str, text: str) -> str | None:
    """Return the canonical value a coded column's ``text`` means (``None``: no such word).

    >>> meaning("rule", " Pita "), meaning("rule", "bands"), meaning("rule", "pitta")
    ('bands', 'bands', None)
    """
    wanted = text.strip().casefold()
    for canonical, words in _WORDS[key].items():
        if wanted == canonical or wanted in words:
            return canonical
    return None


def written(key: str, canonical: str, lang: Lang) -> str:
    """Return how the template in ``lang`` writes a coded column's canonical value.

    >>> written("rule", "bands", "id"), written("rule", "bands", "en")
    ('pita', 'bands')
    """
    return _WORDS[key][canonical][0] if lang == "id" else canonical


def allowed_words(key: str, lang: Lang) -> tuple[str, ...]:
    """Return the values a coded column offers in ``lang``'s template, in order."""
    return tuple(written(key, canonical, lang) for canonical in _WORDS[key])


def is_percent_unit(unit: str) -> bool:
    """Return whether a unit says the values are percentages (``%``, ``persen``...).

    >>> is_percent_unit("persen"), is_percent_unit("% penduduk"), is_percent_unit("kegiatan")
    (True, True, False)
    """
    lowered = unit.casefold()
    return "%" in lowered or "persen" in lowered or "percent" in lowered
