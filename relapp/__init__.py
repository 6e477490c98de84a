"""Relapp: offline-first, encrypted reflective practice for family-support practitioners."""

from relapp._version import VERSION as __version__

__all__ = ["__version__"]
