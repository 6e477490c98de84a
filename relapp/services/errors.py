"""Errors the services raise for people to read; each message is a complete sentence."""

from __future__ import annotations


class ServiceError(Exception):
    pass


class ImportRejected(ServiceError):
    pass
