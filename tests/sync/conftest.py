"""A real team on a real shared folder: profiles (each its own vault file) and helpers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from relapp.services import team as team_service
from relapp.services.profile import Session, create_profile
from tests.conftest import PASSPHRASE


@dataclass
class Team:
    central: Path
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


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Team]:
    central = tmp_path / "shared"
    central.mkdir()
    t = Team(central=central, base=tmp_path / "profiles")
    sup = t.add("sup", "Pat Supervisor", "supervisor")
    _folder, t.org_code = team_service.create(sup, central, "Early Help North")
    yield t
    for session in t.people.values():
        session.close()
