"""Crosswalks between regulation versions shipped with kkpham_rules.

Each file in ``crosswalks/`` says which right (and indicator) of one version
measures the same thing as which of another, with the basis of every mapping.
"""

from kkpham_rules.versions.crosswalk import Crosswalk, load_packaged_crosswalks

__all__ = ["crosswalks"]


def crosswalks() -> tuple[Crosswalk, ...]:
    """Return every crosswalk in this package."""
    return load_packaged_crosswalks(__name__)
