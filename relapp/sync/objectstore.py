"""S3-compatible object storage as the team's shared folder (``s3://BUCKET/PREFIX``).

The endpoint, credentials and region come from where every AWS tool looks for them: the
``AWS_ENDPOINT_URL``, ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_SESSION_TOKEN``,
``AWS_REGION`` and ``AWS_PROFILE`` variables, then the AWS config and credentials files
(``~/.aws/config``, ``~/.aws/credentials``; SSO and other sources boto3 supports work too).

What the protocol asks of the store, and how it is met:

- *never overwrite*: every file is written with a conditional put (``If-None-Match: *``); the
  store answers 412 Precondition Failed when the key exists, and that is ``AlreadyPublished``
  as on a folder. A PUT is atomic, so a writer killed mid-write leaves nothing behind (no
  temporary to tidy). A store that ignores the header would let a second writer replace a
  file: use one that honours it (AWS S3, SeaweedFS 3.x and later, MinIO, Ceph RGW recent).
- *bounded reads*: a file is fetched with one ranged GET of at most ``limit + 1`` bytes, and
  refused when the store says the object is larger; a hostile 8 GiB object costs one request
  and ``limit + 1`` bytes.
- *listing by prefix*: ``ListObjectsV2`` with ``/`` as delimiter, page by page.
- *a store that cannot be reached* (no network, wrong credentials, a missing bucket, 5xx):
  ``StoreUnavailable``, an ``OSError``, so sync waits and says so, as for a vanished drive.

boto3 is imported here only, and only when an ``s3://`` location is opened.
"""

from __future__ import annotations

import errno
import os
import threading
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from relapp.sync.publish import AlreadyPublished
from relapp.sync.transport import ObjectPath, StoreUnavailable
from relapp.sync.wire import FileRefused

_PAGE = 1000
_stores: dict[str, ObjectStore] = {}
_stores_lock = threading.Lock()


def open_url(url: str) -> ObjectPath:
    """The location ``s3://BUCKET/PREFIX`` names; one client per bucket and process."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "s3" or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"{url} is not an object storage location (s3://BUCKET/PREFIX).")
    prefix = parts.path.strip("/")
    if any(p in ("", ".", "..") for p in prefix.split("/")) and prefix:
        raise ValueError(f"{url} has an empty or relative part in its prefix.")
    with _stores_lock:
        store = _stores.get(parts.netloc)
        if store is None:
            store = _stores[parts.netloc] = ObjectStore(parts.netloc)
    return ObjectPath(store, parts.netloc, prefix)


def forget_clients() -> None:
    """Drop cached clients (credentials or the endpoint changed, e.g. in tests)."""
    with _stores_lock:
        _stores.clear()


class ObjectStore:
    """One bucket of an S3-compatible store, through boto3."""

    def __init__(self, bucket: str) -> None:
        self.bucket = bucket
        self._client: Any = None
        self._lock = threading.Lock()

    # ---- the client ---------------------------------------------------------------------

    @property
    def client(self) -> Any:
        if self._client is None:
            with self._lock:
                if self._client is None:
                    self._client = _make_client()
        return self._client

    def _call(self, operation: str, **kwargs: Any) -> Any:
        """One request; anything but a clear answer about the object is StoreUnavailable."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return getattr(self.client, operation)(Bucket=self.bucket, **kwargs)
        except ClientError as exc:
            raise _ClientAnswer(exc) from None
        except BotoCoreError as exc:  # no network, no credentials, timeouts
            raise StoreUnavailable(f"the object store cannot be reached ({exc})") from None

    # ---- the transport --------------------------------------------------------------------

    def entries(self, folder: ObjectPath) -> list[tuple[ObjectPath, bool]]:
        prefix = f"{folder.key}/" if folder.key else ""
        out: list[tuple[ObjectPath, bool]] = []
        token = None
        while True:
            kwargs: dict[str, Any] = {"Prefix": prefix, "Delimiter": "/", "MaxKeys": _PAGE}
            if token:
                kwargs["ContinuationToken"] = token
            page = self._request("list_objects_v2", **kwargs)
            for common in page.get("CommonPrefixes", ()):
                name = common["Prefix"][len(prefix) :].rstrip("/")
                if name and "/" not in name:
                    out.append((folder / name, False))
            for item in page.get("Contents", ()):
                name = item["Key"][len(prefix) :]
                if name and "/" not in name:
                    out.append((folder / name, True))
            token = page.get("NextContinuationToken")
            if not page.get("IsTruncated") or not token:
                return out

    def walk(self, folder: ObjectPath, limit: int) -> list[str] | None:
        """Every key under ``folder``, relative to it, in one paged listing (a thousand keys a
        request), or None when there are more than ``limit`` (then each folder is listed on
        its own, as always)."""
        prefix = f"{folder.key}/" if folder.key else ""
        out: list[str] = []
        token = None
        while True:
            kwargs: dict[str, Any] = {"Prefix": prefix, "MaxKeys": _PAGE}
            if token:
                kwargs["ContinuationToken"] = token
            page = self._request("list_objects_v2", **kwargs)
            out.extend(item["Key"][len(prefix) :] for item in page.get("Contents", ()))
            if len(out) > limit:
                return None
            token = page.get("NextContinuationToken")
            if not page.get("IsTruncated") or not token:
                return out

    def is_folder(self, folder: ObjectPath) -> bool:
        prefix = f"{folder.key}/" if folder.key else ""
        page = self._request("list_objects_v2", Prefix=prefix, Delimiter="/", MaxKeys=1)
        return bool(page.get("KeyCount") or page.get("Contents") or page.get("CommonPrefixes"))

    def bucket_answers(self) -> bool:
        self._request("list_objects_v2", MaxKeys=1)
        return True

    def make_folder(self, folder: ObjectPath) -> None:
        """Prefixes need no creating; the bucket must answer."""
        self.bucket_answers()

    def read(self, path: ObjectPath, limit: int) -> bytes:
        try:
            answer = self._call("get_object", Key=path.key, Range=f"bytes=0-{limit}")
        except _ClientAnswer as exc:
            if exc.code in ("NoSuchKey", "404"):
                raise FileNotFoundError(errno.ENOENT, "no such object", str(path)) from None
            if exc.code in ("InvalidRange", "416"):
                return b""  # an empty object: the range starts past its end
            raise exc.unavailable() from None
        total = _total_size(answer)
        if total is not None and total > limit:
            answer["Body"].close()
            raise FileRefused(f"is larger ({total:,} bytes) than Relapp ever writes")
        try:
            data = answer["Body"].read(limit + 1)
        except Exception as exc:  # noqa: BLE001 - the connection broke mid-body
            raise StoreUnavailable(f"the object store stopped answering ({exc})") from None
        finally:
            answer["Body"].close()
        if len(data) > limit:
            raise FileRefused("grew larger than Relapp ever writes while it was read")
        return data

    def create(self, folder: ObjectPath, name: str, data: bytes) -> ObjectPath:
        target = folder / name
        try:
            self._call("put_object", Key=target.key, Body=data, IfNoneMatch="*")
        except _ClientAnswer as exc:
            if exc.code in ("PreconditionFailed", "412"):
                # A retried PUT whose first try landed finds its own bytes there: done.
                # Any other content under the name is someone else's file, never replaced.
                if self._holds(target, data):
                    return target
                raise AlreadyPublished(f"{target} exists already") from None
            raise exc.unavailable() from None
        return target

    def _holds(self, path: ObjectPath, data: bytes) -> bool:
        try:
            return self.read(path, len(data)) == data
        except (FileRefused, OSError):
            return False

    def delete(self, path: ObjectPath) -> None:
        self._request("delete_object", Key=path.key)

    def modified(self, path: ObjectPath) -> float:
        try:
            answer = self._call("head_object", Key=path.key)
        except _ClientAnswer as exc:
            if exc.code in ("NoSuchKey", "404", "NotFound"):
                raise FileNotFoundError(errno.ENOENT, "no such object", str(path)) from None
            raise exc.unavailable() from None
        stamp = answer.get("LastModified")
        return stamp.timestamp() if isinstance(stamp, datetime) else 0.0

    def _request(self, operation: str, **kwargs: Any) -> Any:
        try:
            return self._call(operation, **kwargs)
        except _ClientAnswer as exc:
            raise exc.unavailable() from None


class _ClientAnswer(Exception):
    def __init__(self, exc: Any) -> None:
        super().__init__(str(exc))
        error = exc.response.get("Error", {})
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        self.code = str(error.get("Code") or status or "")
        self.text = str(error.get("Message") or self.code)

    def unavailable(self) -> StoreUnavailable:
        return StoreUnavailable(f"the object store refused the request ({self.code}: {self.text})")


def _total_size(answer: dict[str, Any]) -> int | None:
    content_range = answer.get("ContentRange") or ""
    if "/" in content_range:
        total = content_range.rsplit("/", 1)[1]
        if total.isdigit():
            return int(total)
    length = answer.get("ContentLength")
    return int(length) if isinstance(length, int) and not content_range else None


def _make_client() -> Any:
    import boto3
    from botocore.config import Config

    session = boto3.session.Session()
    endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
    config = Config(
        connect_timeout=5,
        read_timeout=30,
        retries={"max_attempts": 3, "mode": "standard"},
        # A council's own store is reached by path (https://store/bucket/key): its name
        # rarely has a wildcard certificate for bucket.store. AWS itself needs no endpoint.
        s3={"addressing_style": "path"} if endpoint else None,
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
    )
    try:
        return session.client("s3", config=config)
    except Exception as exc:  # noqa: BLE001 - a broken profile or config file
        raise StoreUnavailable(f"the object store settings cannot be used ({exc})") from None
