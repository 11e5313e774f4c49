"""The normalized submission of one regency/city for one assessment year.

A submission gives values at one of two levels, per right and dimension:

* ``indicators``: a value per indicator id, scored by the indicator's rule;
* ``dimensions``: the achievement (0-100 %) of struktur, proses and hasil per
  right, as the ministry's summaries report them.

This module checks only the shape of a submission; whether its ids and values
fit a particular regulation is checked by :func:`kkpham_rules.engine.evaluate`.
``schemas/submission.schema.json`` is generated from these models.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    StrictInt,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .documents import DocumentProblem, problems_from_validation, read_bounded, read_json
from .errors import SubmissionError
from .rounding import number_problem

__all__ = [
    "DimensionAchievement",
    "IndicatorEntry",
    "IndicatorValue",
    "Region",
    "Submission",
    "load_submission",
    "parse_submission",
]


def _indicator_value(value: Any) -> bool | Decimal | str:
    # One validator instead of a pydantic union, so a bad value gets one clear
    # error rather than one per union branch.
    if isinstance(value, bool | str):
        return value
    if isinstance(value, float):
        value = Decimal(repr(value))  # the shortest repr: 0.1 stays 0.1
    if isinstance(value, int):
        value = Decimal(value)
    if isinstance(value, Decimal):
        problem = number_problem(value)
        if problem is not None:
            raise PydanticCustomError("number_out_of_range", problem)
        return value
    raise PydanticCustomError(
        "indicator_value",
        "expected true/false, a number or a level code (string)",
    )


IndicatorValue = Annotated[
    bool | Decimal | str,
    PlainValidator(_indicator_value),
    WithJsonSchema(
        {
            "type": ["boolean", "number", "string"],
            "description": "true/false for presence, a number, or a level code.",
        }
    ),
]
"""An indicator's value: ``true``/``false``, a number, or a level code (string)."""


def _percent_input(value: Any) -> Any:
    # A number, or a plain decimal string; never a bool, an exponent string,
    # digits from other scripts or a number too large to compute with exactly.
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise PydanticCustomError("percent_type", "expected a percentage from 0 to 100")
    if isinstance(value, str):
        if not _PERCENT_STRING.fullmatch(value):
            raise PydanticCustomError(
                "percent_string", "expected a percentage from 0 to 100 written as digits"
            )
        value = Decimal(value)
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        problem = number_problem(value)
        if problem is not None:
            raise PydanticCustomError("number_out_of_range", problem)
    return value


_PERCENT_STRING = re.compile(r"(100(\.0+)?|[0-9]{1,2}(\.[0-9]+)?)", re.ASCII)

Percent = Annotated[
    Decimal,
    BeforeValidator(_percent_input),
    Field(ge=0, le=100, allow_inf_nan=False),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 100},
                {"type": "string", "pattern": r"^(100(\.0+)?|[0-9]{1,2}(\.[0-9]+)?)$"},
            ],
            "description": "A percentage from 0 to 100 (a decimal string keeps every digit).",
        }
    ),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Region(_Strict):
    """The regency (kabupaten) or city (kota) the submission is for."""

    code: Annotated[
        str,
        Field(
            pattern=r"^[0-9]{2}\.[0-9]{2}$",
            description="Kemendagri code of the kabupaten/kota, e.g. '72.71' (Kota Palu).",
            examples=["72.71"],
        ),
    ]
    name: Annotated[str, Field(min_length=1, max_length=200, examples=["Kota Palu"])]


class IndicatorEntry(_Strict):
    """An indicator's value with the evidence (data dukung) behind it."""

    value: IndicatorValue | None = Field(
        description="The value; null means not available (scored as not met and listed)."
    )
    evidence: list[Annotated[str, Field(min_length=1, max_length=2000)]] = Field(
        default_factory=list, description="Documents or links supporting the value."
    )
    note: Annotated[str, Field(max_length=4000)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _bare_value(cls, data: Any) -> Any:
        # A bare value is shorthand for {"value": ...}.
        if isinstance(data, dict | IndicatorEntry):
            return data
        return {"value": data}


class DimensionAchievement(_Strict):
    """Achievement shares (0-100 %) of a right's dimensions; omit a dimension not given."""

    struktur: Percent | None = None
    proses: Percent | None = None
    hasil: Percent | None = None


class Submission(_Strict):
    """One region's data for one assessment year, ready to be scored.

    >>> Submission.model_validate({
    ...     "region": {"code": "72.71", "name": "Kota Palu"},
    ...     "assessment_year": 2022,
    ... }).assessment_year
    2022
    """

    schema_uri: str | None = Field(
        default=None,
        alias="$schema",
        max_length=500,
        description="Optional reference to this schema, for editors.",
    )
    region: Region
    assessment_year: Annotated[
        StrictInt,
        Field(
            ge=1990,
            le=2200,
            description="The data year assessed (January to December), not the award year.",
        ),
    ]
    regulation: Annotated[str, Field(min_length=1, max_length=120)] | None = Field(
        default=None,
        description="Regulation id or alias to score under; default: the one in force.",
    )
    indicators: dict[Annotated[str, Field(min_length=1, max_length=80)], IndicatorEntry] = Field(
        default_factory=dict, description="Indicator id to value (or value with evidence)."
    )
    dimensions: dict[Annotated[str, Field(min_length=1, max_length=80)], DimensionAchievement] = (
        Field(
            default_factory=dict,
            description="Right id to achievement percentages of struktur, proses and hasil.",
        )
    )

    model_config = ConfigDict(extra="forbid", frozen=True)


def parse_submission(data: Any) -> Submission:
    """Return a :class:`Submission` from parsed JSON data, or raise ``SubmissionError``.

    Every problem is reported at once, each with a JSON pointer.
    """
    if isinstance(data, Submission):
        return data
    try:
        return Submission.model_validate(data)
    except ValidationError as error:
        problems = problems_from_validation(error, data)
        raise SubmissionError(f"the submission has {len(problems)} problem(s)", problems) from error


def load_submission(source: str | bytes | Path) -> Submission:
    """Return the submission in a JSON file (a path) or JSON text.

    Numbers are read as exact decimals; duplicate keys, ``NaN`` and
    ``Infinity`` are rejected.
    """
    try:
        data = read_json(read_bounded(source) if isinstance(source, Path) else source)
    except DocumentProblem as error:
        raise SubmissionError("the submission is not readable JSON", [error.problem]) from error
    return parse_submission(data)
