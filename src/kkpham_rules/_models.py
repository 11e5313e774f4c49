"""The base of the pydantic models the library reads and writes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["Frozen"]


class Frozen(BaseModel):
    """A model that refuses unknown keys and cannot be changed once made.

    Unknown keys are errors, never silently ignored (a misspelt key in a
    submission or variant would otherwise drop data); results are values.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
