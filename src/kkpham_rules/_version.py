"""The library version, read by the build backend and by provenance records."""

__version__ = "0.1.0"
