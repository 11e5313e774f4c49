"""Empty submissions to fill in, as files: :func:`template_bytes`.

One function gives the bytes of every template ``kkpham template`` writes and
``GET /regulations/{id}/template`` serves, so the two never differ:

========  =====================================================================
format    what it holds
========  =====================================================================
``json``  :func:`kkpham_rules.describe.submission_template`, two-space indented
``csv``   the dimension-level layout (:func:`kkpham_rules.describe.csv_template_rows`)
``xlsx``  the fill-in workbook (:func:`kkpham_rules.files.spreadsheet.template_workbook`),
          labels and prompts in the language asked for
========  =====================================================================

The workbook is written by openpyxl, which stamps the time of writing into
the file (its document properties and each zip entry): two workbooks made a
second apart differ in those bytes, never in their cells.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, Literal, get_args

from ..errors import Problem, SubmissionError

if TYPE_CHECKING:
    from ..messages import Lang
    from ..model import Regulation

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "TEMPLATE_FORMATS",
    "TEMPLATE_MEDIA_TYPES",
    "TemplateFormat",
    "check_template_year",
    "template_bytes",
    "template_file_name",
]

TemplateFormat = Literal["json", "xlsx", "csv"]
"""A format a template is written in."""

TEMPLATE_FORMATS: Final[tuple[TemplateFormat, ...]] = get_args(TemplateFormat)
"""Every format a template is written in, the default first."""

TEMPLATE_MEDIA_TYPES: Final[Mapping[TemplateFormat, str]] = MappingProxyType(
    {
        "json": "application/json",
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
)
"""The media type of a template in each format."""

FIRST_YEAR: Final = 1990
"""The earliest data year a template is written for."""

LAST_YEAR: Final = 2200
"""The latest data year a template is written for."""


def check_template_year(year: int | None) -> None:
    """Refuse a data year outside :data:`FIRST_YEAR` to :data:`LAST_YEAR` (``None``: the default).

    Raises :class:`~kkpham_rules.errors.SubmissionError` (``year_out_of_range``).
    """
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise SubmissionError(
            "--year is out of range",
            [
                Problem(
                    "year_out_of_range",
                    "/assessment_year",
                    f"a data year from {FIRST_YEAR} to {LAST_YEAR}",
                    f"{FIRST_YEAR} to {LAST_YEAR}",
                    str(year),
                )
            ],
        )


def template_bytes(
    regulation: Regulation,
    format: TemplateFormat = "json",
    year: int | None = None,
    lang: Lang = "id",
) -> bytes:
    """Return the template for ``regulation`` in ``format``, for data year ``year``.

    ``year`` defaults to the regulation's latest year (JSON, CSV) or the data
    year due now (the workbook: :func:`~kkpham_rules.files.spreadsheet.default_data_year`);
    ``lang`` is the language of the workbook's labels and prompts (the JSON and
    CSV templates have none). Raises :class:`~kkpham_rules.errors.SubmissionError`
    for a year out of range.

    >>> from kkpham_rules import get_regulation
    >>> template_bytes(get_regulation("22/2021"), "csv", 2022).splitlines()[0]
    b'region_code,region_name,assessment_year,right,struktur,proses,hasil'
    """
    check_template_year(year)
    if format == "xlsx":
        from .spreadsheet import template_workbook
        from .workbooks import workbook_bytes

        return workbook_bytes(template_workbook(regulation, year, lang))
    if format == "csv":
        from ..describe import csv_template_rows
        from .export import rows_csv

        return rows_csv(csv_template_rows(regulation, year)).encode("utf-8")
    from ..describe import submission_template

    text = json.dumps(submission_template(regulation, year), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def template_file_name(regulation: Regulation, format: TemplateFormat) -> str:
    """Return the file name a template is offered under: ``templat-<regulation id>.<format>``.

    >>> from kkpham_rules import get_regulation
    >>> template_file_name(get_regulation("22/2021"), "xlsx")
    'templat-permenkumham-22-2021.xlsx'
    """
    return f"templat-{regulation.id}.{format}"
