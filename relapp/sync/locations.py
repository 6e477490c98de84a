"""A central folder as a person gives it, as sync reaches it: a path on a drive, or
``s3://BUCKET/PREFIX`` on object storage (relapp.sync.objectstore, whose client library is
loaded only when such a location is used). Above both transports, so neither imports the other.
"""

from __future__ import annotations

import os
from pathlib import Path

from relapp.sync.transport import SCHEME, Location, ObjectPath


def is_object_url(text: str) -> bool:
    return text.strip().lower().startswith(SCHEME)


def location(text: str | os.PathLike[str]) -> Location:
    """A central folder as a person gives it: a path, or ``s3://BUCKET/PREFIX``."""
    if isinstance(text, (Path, ObjectPath)):
        return text
    text = os.fspath(text)
    if not is_object_url(text):
        return Path(text)
    from relapp.sync.objectstore import open_url  # the client library only when used

    return open_url(text.strip())
