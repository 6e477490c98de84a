"""Relapp: offline-first, encrypted reflective practice for family-support practitioners."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("relapp")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+checkout"
