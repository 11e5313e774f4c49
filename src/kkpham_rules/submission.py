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
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    PlainValidator,
    StrictInt,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ._documents import problems_from_validation
from ._models import Frozen
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
_PERCENT_STRINGS = re.compile(
    r"(?:100(?:\.0+)?|[0-9]{1,2}(?:\.[0-9]+)?)(?:\x00(?:100(?:\.0+)?|[0-9]{1,2}(?:\.[0-9]+)?))*",
    re.ASCII,
)
"""Many percentages joined by ``"\\0"`` (which no percentage contains)."""

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


class Region(Frozen):
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


class IndicatorEntry(Frozen):
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


class DimensionAchievement(Frozen):
    """Achievement shares (0-100 %) of a right's dimensions; omit a dimension not given."""

    struktur: Percent | None = None
    proses: Percent | None = None
    hasil: Percent | None = None


class Submission(Frozen):
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


def parse_submission(data: Any) -> Submission:
    """Return a :class:`Submission` from parsed JSON data, or raise ``SubmissionError``.

    Every problem is reported at once, each with a JSON pointer.
    """
    if isinstance(data, Submission):
        return data
    plain = _plain_dimension_level(data)
    if plain is not None:
        return plain
    try:
        return Submission.model_validate(data)
    except ValidationError as error:
        problems = problems_from_validation(error, data, Submission)
        raise SubmissionError(f"the submission has {len(problems)} problem(s)", problems) from error


_SUBMISSION_KEYS = frozenset(
    {"$schema", "region", "assessment_year", "regulation", "indicators", "dimensions"}
)
_REGION_KEYS = frozenset({"code", "name"})
_DIMENSION_KEYS = frozenset({"struktur", "proses", "hasil"})
_REGION_CODE = re.compile(r"[0-9]{2}\.[0-9]{2}", re.ASCII)
_INSTANCE_DICT: Any = BaseModel.__dict__["__dict__"]


def plain_header(data: Any) -> tuple[str, str, int, dict[Any, Any]] | None:
    """Return a plain submission dict's region code, name, year and dimensions, or ``None``.

    The checks :meth:`Submission.model_validate` makes on everything but the
    shares and right ids, for plain dicts of exactly the accepted types,
    patterns and ranges with no indicator values; ``None`` for anything else
    (which then goes to the validator, so a ``None`` never changes an answer).
    Shared by :func:`parse_submission` and the batch path's cohort layout.
    """
    if type(data) is not dict or not data.keys() <= _SUBMISSION_KEYS:
        return None
    region, year = data.get("region"), data.get("assessment_year")
    schema, regulation = data.get("$schema"), data.get("regulation")
    indicators = data.get("indicators", {})
    dimensions = data.get("dimensions", {})
    if (
        type(region) is not dict
        or region.keys() != _REGION_KEYS
        or type(code := region["code"]) is not str
        or not _REGION_CODE.fullmatch(code)
        or type(name := region["name"]) is not str
        or not 1 <= len(name) <= 200
        or type(year) is not int
        or not 1990 <= year <= 2200
        or (schema is not None and (type(schema) is not str or len(schema) > 500))
        or (
            regulation is not None
            and (type(regulation) is not str or not 1 <= len(regulation) <= 120)
        )
        or type(indicators) is not dict
        or indicators
        or type(dimensions) is not dict
    ):
        return None
    return code, name, year, dimensions


def _plain_dimension_level(data: Any) -> Submission | None:
    """Return a dimension-level submission dict as a :class:`Submission`, or ``None``.

    The common input, read without the general validator: only plain dicts of
    exactly the accepted types, patterns and ranges pass (:func:`plain_header`
    and the shares' own checks), and they give the very values (and fields
    set) :meth:`Submission.model_validate` gives; anything else returns
    ``None`` and goes through the validator, which reports every problem.
    """
    header = plain_header(data)
    if header is None:
        return None
    code, name, year, dimensions = header
    schema, regulation = data.get("$schema"), data.get("regulation")
    texts: list[str] = []
    for right_id, given in dimensions.items():
        if (
            type(right_id) is not str
            or not 1 <= len(right_id) <= 80
            or type(given) is not dict
            or not given.keys() <= _DIMENSION_KEYS
        ):
            return None
        texts += [share for share in given.values() if type(share) is str]
    # every share written as text, checked in one pass over them all joined by "\0"
    # (a share holding "\0" itself would pass as two: the count rules it out)
    joined = "\0".join(texts)
    if texts and (
        max(map(len, texts)) > 20
        or joined.count("\0") != len(texts) - 1
        or not _PERCENT_STRINGS.fullmatch(joined)
    ):
        return None
    parsed: dict[str, DimensionAchievement] = {}
    for right_id, given in dimensions.items():
        shares: dict[str, Decimal | None] = {}
        for dimension, share in given.items():
            value = Decimal(share) if type(share) is str else _plain_percent(share)
            if value is False:
                return None
            shares[dimension] = value
        parsed[right_id] = _built(
            DimensionAchievement,
            {"struktur": None, "proses": None, "hasil": None, **shares},
            set(shares),
        )
    fields = {"region", "assessment_year"}
    fields.update(key if key != "$schema" else "schema_uri" for key in data)
    return _built(
        Submission,
        {
            "schema_uri": schema,
            "region": _built(Region, {"code": code, "name": name}, {"code", "name"}),
            "assessment_year": year,
            "regulation": regulation,
            "indicators": {},
            "dimensions": parsed,
        },
        fields,
    )


def _plain_percent(share: Any) -> Decimal | Literal[False] | None:
    """Return a share as the validator would (``None`` for null), or ``False`` to defer to it."""
    if share is None:
        return None
    kind = type(share)
    if kind is str:
        if len(share) > 20 or not _PERCENT_STRING.fullmatch(share):
            return False
        return Decimal(share)
    if kind is int:
        return Decimal(share) if 0 <= share <= 100 else False
    if kind is float and 0 <= share <= 100:  # refuses NaN too
        text = repr(share)
        if "e" in text or len(text) > 20 or text.startswith("-"):
            return False  # tiny or signed: the validator decides
        return Decimal(text)
    return False


_Model = TypeVar("_Model", bound=BaseModel)


def _built(cls: type[_Model], values: dict[str, Any], fields_set: set[str]) -> _Model:
    """Return a model holding already-checked ``values`` (what validation would have built)."""
    model = cls.__new__(cls)
    _INSTANCE_DICT.__set__(model, values)
    object.__setattr__(model, "__pydantic_fields_set__", fields_set)
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model


def load_submission(
    source: Path | str | bytes | Mapping[str, Any] | Submission,
    *,
    format: Literal["json", "yaml", "jsonl", "csv", "xlsx"] | None = None,
) -> Submission:
    """Return the one submission in a file, a document's text or bytes, or parsed data.

    ``source`` is a ``Path``; a ``str``, which is a path unless it is a
    document's text (it holds a line break, starts with ``{`` or ``[``, or is
    blank: see :func:`kkpham_rules.files.reading.is_text`); ``bytes``; or a mapping.
    A file is read by its suffix (``.json``, ``.yaml``/``.yml``, ``.jsonl``,
    ``.csv``, ``.xlsx``), text and bytes as ``format`` says, else as their
    content shows (see :mod:`kkpham_rules.reading`). Numbers are read as exact
    decimals; duplicate keys, ``NaN`` and ``Infinity`` are rejected; a
    document of another kind (an evaluation, a simulation summary...) is
    named as such, and a source of several submissions is refused.

    Raises :class:`~kkpham_rules.errors.SubmissionError` listing every problem.
    """
    from .files.reading import read_submission  # the reader builds on this module

    return read_submission(source, format=format)
