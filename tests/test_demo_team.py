"""The demo team: a practitioner and a supervisor who already share through a folder."""

from __future__ import annotations

from relapp.services.demo import DEMO_PASSPHRASE
from relapp.services.demo_team import build_demo_team, profile_folder
from relapp.services.profile import unlock_profile


def test_demo_team_shares_submitted_work_but_not_drafts(tmp_path):
    steps = []
    root = build_demo_team(tmp_path / "demo", progress=lambda d, t: steps.append((d, t)))
    assert steps[-1] == (5, 5)
    practitioner = unlock_profile(profile_folder(root, "practitioner"), DEMO_PASSPHRASE)
    supervisor = unlock_profile(profile_folder(root, "supervisor"), DEMO_PASSPHRASE)
    try:
        assert supervisor.vault.identity().role == "supervisor"
        mine = practitioner.records.list("reflection")
        shared = {r.id for r in supervisor.records.list("reflection")}
        drafts = {r.id for r in mine if r.data["status"] == "draft"}
        submitted = {r.id for r in mine if r.data["status"] != "draft"}
        assert drafts and submitted
        assert submitted <= shared and not drafts & shared
        assert supervisor.vault.count("family") == practitioner.vault.count("family")
    finally:
        practitioner.close()
        supervisor.close()
    # Building again keeps what is there.
    assert build_demo_team(root) == root
