"""The team's folder reached at a new path (a new drive letter): same team only."""

from __future__ import annotations

import pytest

from relapp.services import team as team_service
from relapp.services.errors import ServiceError
from tests.sync.helpers import family


def test_moving_to_the_same_team_at_a_new_path_keeps_syncing(team, tmp_path) -> None:
    alex = team.join("alex", "Alex Morgan", "practitioner")
    moved = tmp_path / "new-drive"
    team.central.rename(moved)
    assert team_service.sync_once(alex).status == "unreachable"
    elsewhere = tmp_path / "some-other-folder"
    elsewhere.mkdir()
    with pytest.raises(ServiceError, match="not found there"):
        team_service.move_folder(alex, elsewhere)
    assert team_service.current_folder(alex) == team.central  # unchanged after a refusal
    team_service.move_folder(alex, moved)
    assert team_service.current_folder(alex) == moved
    family(alex)
    assert team_service.sync_once(alex).status == "ok"


def test_moving_needs_a_team(tmp_path) -> None:
    from relapp.services.profile import create_profile
    from tests.conftest import PASSPHRASE

    session, _code = create_profile(tmp_path / "p", "Solo", "practitioner", PASSPHRASE)
    try:
        with pytest.raises(ServiceError, match="not part of a team"):
            team_service.move_folder(session, tmp_path)
    finally:
        session.close()
