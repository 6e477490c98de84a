"""The county's view: system leaders, teams publishing sealed figures, the county report.

Real vaults, a real central folder (and once a prefix on SeaweedFS); the county report must
never show a sentinel family's name, nor a team's count from 1 to 4, not even by subtracting
other teams' figures from a county total (checked with the exact disclosure checker)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest

from relapp import cli
from relapp.services import county as county_service
from relapp.services import disclosure, reports
from relapp.services import team as team_service
from relapp.services.errors import ServiceError
from relapp.services.reports.county import county_report
from relapp.services.reports.county_files import county_csv_tables, write_county_report
from relapp.store import syncstate
from relapp.sync import figures as figs
from relapp.sync.county import CountyFolder, leader_of, load_county
from relapp.sync.locations import location
from tests.conftest import PASSPHRASE
from tests.sync.county_world import (
    QUARTER,
    SENTINEL_FAMILY,
    County,
    TeamSpec,
    build_county,
    profile,
)

SPECS = [
    # North noticed 2 caseload barriers: the small count that must never be worked out.
    TeamSpec("North", {"caseload-time": 2, "waiting-lists-thresholds": 7}),
    TeamSpec("South", {"caseload-time": 9, "waiting-lists-thresholds": 6}, share_excerpt=True),
    TeamSpec("West", {"caseload-time": 8, "waiting-lists-thresholds": 9}),
]


@pytest.fixture
def county(tmp_path: Path):
    central = tmp_path / "shared"
    central.mkdir()
    built = build_county(central, tmp_path / "profiles", SPECS)
    yield built
    built.close()


def _report(c: County):
    got = county_service.collect(c.leader, QUARTER)
    teams = [(t.team_name, t.figures) for t in got.teams]
    return got, county_report(got.county, got.quarter, teams, silent=got.silent)


def _all_bytes(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file())


def test_a_county_report_from_three_teams_hides_names_and_small_counts(county, tmp_path):
    got, report = _report(county)
    assert [t.team_name for t in got.teams] == ["North", "South", "West"]
    assert got.set_aside == [] and got.silent == []
    (tmp_path / "out").mkdir()
    written = write_county_report(report, tmp_path / "out" / "county.html")
    text = "\n".join(p.read_text(encoding="utf-8-sig") for p in written)
    assert SENTINEL_FAMILY not in text
    assert "Drop-in slot at South" in text  # the excerpt South chose to share
    assert "Drop-in slot at North" not in text  # North shared none
    north = report.by_team[0]
    caseload = report.category_ids.index("caseload-time")
    assert north.cells[caseload].value is None and north.cells[caseload].note == "fewer than 5"
    # On the drive: nothing of a family, nor the team's small count's cell, in clear.
    drive = _all_bytes(county.central)
    assert SENTINEL_FAMILY.encode() not in drive
    assert b"caseload-time" not in drive and b"Caseload" not in drive
    # The figures a leader opens hold the team's report cells, never a number below 5.
    for team in got.teams:
        for row in team.figures.categories:
            for cell in [row.total, *row.months]:
                assert cell.value is None or cell.value >= 5
    # The CSV: North's caseload has no number; the county's caseload total is a lower bound.
    tables = county_csv_tables(report)
    mine = [r for r in tables["barriers-by-team"] if r["team"] == "North"]
    assert {r["barriers"] for r in mine if r["category_id"] == "caseload-time"} == {""}
    whole = [
        r
        for r in tables["barriers-by-month"]
        if r["category_id"] == "caseload-time" and r["month"] == "total"
    ]
    assert whole[0]["barriers"] == "" and whole[0]["teams_not_shown"] != "0"


def _boxes_and_facts(county: County, report, naive: bool = False):
    """Every number the teams' own learning reports and the county report publish, as boxes
    over (category, team, days), and every barrier as a fact: what the exact checker needs."""
    span = disclosure.parse_quarter(QUARTER)
    boxes, facts = [], []

    def days(key: str):
        first = date.fromisoformat(f"{key}-01")
        last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return first, last

    B = disclosure.BARRIERS
    for name, sup in county.supervisors.items():
        own = reports.learning_report(sup, span.start, span.end)
        table = own.by_month
        for i, category in enumerate(table.row_keys):
            total = table.row_totals[i].value
            boxes.append(disclosure.Box(B, category, name, span.start, span.end, total))
            for j, key in enumerate(table.column_keys):
                boxes.append(disclosure.Box(B, category, name, *days(key), table.cells[i][j].value))
        for j, key in enumerate(table.column_keys):
            boxes.append(disclosure.Box(B, None, name, *days(key), table.column_totals[j].value))
        boxes.append(disclosure.Box(B, None, name, span.start, span.end, table.total.value))
        for fact in reports.disclosure_facts(sup):
            if fact.table == B and fact.day in span:
                facts.append(disclosure.Fact(B, fact.a, name, fact.day))
    for i, category in enumerate(report.category_ids):
        line = report.by_month[i]
        # The naive county shows its totals exactly, as raw counts from the teams would give.
        for j, key in enumerate(report.months):
            first, last = days(key)
            exact = sum(1 for f in facts if f.a == category and first <= f.day <= last)
            value = exact if naive else line[j].value
            boxes.append(disclosure.Box(B, category, None, first, last, value))
        exact = sum(1 for f in facts if f.a == category)
        value = exact if naive else line[-1].value
        boxes.append(disclosure.Box(B, category, None, span.start, span.end, value))
    boxes.append(disclosure.Box(B, None, None, span.start, span.end, report.county_total.value))
    return boxes, facts


def test_no_team_small_count_follows_from_county_totals_and_team_reports(county):
    """The adversary holds every team's own learning report and the county report, and adds and
    subtracts: the exact checker finds no count from 1 to 4 of any category, team (or all)
    and run of months. A county that showed exact totals would give North's 2 away."""
    _got, report = _report(county)
    boxes, facts = _boxes_and_facts(county, report)
    assert disclosure.find_disclosures([boxes], facts) == []
    naive, facts = _boxes_and_facts(county, report, naive=True)
    found = disclosure.find_disclosures([naive], facts)
    assert found and all(d.b == "North" and 0 < d.value < 5 for d in found)


def test_the_county_report_from_the_command_line(county, tmp_path, capsys):
    out = tmp_path / "report" / "county.html"
    out.parent.mkdir()
    code = cli.main(
        [
            "--profile",
            str(county.base / "leader"),
            "--passphrase-file",
            str(_passphrase_file(tmp_path)),
            "report",
            "county",
            "--quarter",
            QUARTER,
            "--out",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert "3 teams" in capsys.readouterr().out
    assert SENTINEL_FAMILY not in out.read_text()


def _passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "pass.txt"
    path.write_text(PASSPHRASE)
    return path


def test_roles_are_kept_apart(county, tmp_path):
    leader, north = county.leader, county.supervisors["North"]
    with pytest.raises(ServiceError, match="joins no team"):
        team_service.join(leader, county.central)
    with pytest.raises(ServiceError, match="system leader"):
        county_service.collect(north, QUARTER)
    # A practitioner's profile cannot publish; nor can a supervisor the county has not approved.
    other = profile(county.base, "late", "Late Supervisor", "supervisor")
    team_service.create(other, county.central, "East")
    county_service.register(other, county.central)
    with pytest.raises(ServiceError, match="not approved"):
        county_service.publish(other, QUARTER)
    # The leader's profile holds no family: it never joined a team.
    assert leader.records.list("family") == []
    other.close()


def test_a_request_from_a_laptop_that_is_no_supervisor_of_its_team_is_refused(county):
    p = profile(county.base, "prac", "A Practitioner", "practitioner")
    north = county.supervisors["North"]
    team_id = syncstate.get_meta(north.vault, "sync_team_id")
    team_service.join(p, county.central / f"relapp-team-{team_id}")
    team_service.approve_request(north, p.vault.device_id[-8:], "practitioner")
    # A practitioner's laptop asking to publish (the app would not let it: write it by hand).
    folder = CountyFolder.locate(county.central)

    body = {
        "type": "county_request",
        "county": folder.county_id,
        "hlc": p.vault.clock.tick().encode(),
        "role": "publisher",
        "team": syncstate.get_meta(p.vault, "sync_team_id"),
        **leader_of(p.vault.keyring(), p.vault.member_id, p.vault.device_id),
    }
    folder.write_request(p.vault.device_id, p.vault.keyring(), body)
    with pytest.raises(ServiceError, match="not an active supervisor"):
        county_service.approve(county.leader, p.vault.device_id[-8:])
    assert p.vault.device_id not in load_county(folder).publishers
    p.close()


def test_hostile_county_files_are_set_aside_and_the_rest_goes_on(county):
    folder = CountyFolder.locate(county.central)
    north = county.supervisors["North"]
    mine = folder.figures_dir(north.vault.device_id)
    good = sorted(p for p in mine.iterdir() if p.suffix == ".rlf")[0]
    data = good.read_bytes()
    # Damaged copies under names that match their bytes: truncated, flipped, garbage.
    for blob in (data[:-10], data[:40] + bytes([data[40] ^ 1]) + data[41:], b"RLF1" + b"\xff" * 80):
        (mine / figs.file_name(QUARTER, "202601010000000.000000", blob)).write_bytes(blob)
    # North's file copied into South's folder: signed by the wrong laptop.
    south_dir = folder.figures_dir(county.supervisors["South"].vault.device_id)
    (south_dir / good.name).write_bytes(data)
    # A stranger's laptop folder with a figures file; a manifest change nobody may sign.
    stranger = folder.figures_dir(str(uuid.uuid4()))
    stranger.mkdir(parents=True)
    (stranger / good.name).write_bytes(data)
    bad_change = folder.changes_dir(str(uuid.uuid4()))
    bad_change.mkdir(parents=True)
    (bad_change / "202601010000000.000000-0123456789abcdef.json").write_bytes(b"[" * 100_000)
    (folder.root / "devices" / "not-a-device").mkdir()
    (folder.requests_dir / "garbage.json").write_bytes(b"{}")
    got, report = _report(county)
    assert [t.team_name for t in got.teams] == ["North", "South", "West"]
    reasons = "\n".join(got.set_aside)
    assert "signature does not match" in reasons
    assert "not from a laptop the county approved" in reasons
    assert "name does not match" in reasons or "truncated" in reasons
    assert len(got.set_aside) >= 5
    assert report.county_total.value is not None
    assert county_service.requests(county.leader) == []


def test_a_small_count_in_a_signed_figures_file_is_refused(county):
    """Even a team's own laptop (a modified Relapp) cannot send a count below 5."""
    north = county.supervisors["North"]
    state = load_county(CountyFolder.locate(county.central))
    row = figs.CategoryFigures("caseload-time", "Caseload", [figs.FigCell(2)] * 3, figs.FigCell(6))
    figures = figs.Figures(
        1,
        QUARTER,
        "2026-04-02",
        ["2026-01", "2026-02", "2026-03"],
        [row],
        [figs.FigCell(None, "hidden")] * 3,
        figs.FigCell(6),
        [],
        [],
    )
    with pytest.raises(figs.FiguresRefused, match="below 5"):
        figs.encode(
            figures,
            county=state.county_id,
            team="0" * 32,
            device=north.vault.device_id,
            hlc="209901010000000.000000",
            recipients=state.leader_keys(),
            signing_key=north.vault.keyring().ed25519_private,
        )


def test_a_second_leader_reads_what_is_published_after_it_joined(county):
    second = profile(county.base, "leader2", "Robin Leader", "system_leader")
    county_service.join(second, county.central)
    with pytest.raises(ServiceError, match="not yet one of"):
        county_service.approve(second, second.vault.device_id[-8:])
    county_service.approve(county.leader, second.vault.device_id[-8:])
    before = county_service.collect(second, QUARTER)
    assert before.teams == [] and "not sealed for this laptop" in "\n".join(before.set_aside)
    for sup in county.supervisors.values():
        county_service.publish(sup, QUARTER)
    after = county_service.collect(second, QUARTER)
    assert [t.team_name for t in after.teams] == ["North", "South", "West"]
    second.close()


@pytest.mark.slow
def test_a_county_on_object_storage(seaweed, tmp_path):  # noqa: F811
    import boto3

    central = location(f"s3://{seaweed.bucket}/{uuid.uuid4().hex[:12]}/county")
    built = build_county(central, tmp_path / "profiles", SPECS)
    try:
        got, report = _report(built)
        assert [t.team_name for t in got.teams] == ["North", "South", "West"]
        html = "\n".join(
            p.read_text(encoding="utf-8-sig")
            for p in write_county_report(report, tmp_path / "county.html")
        )
        assert SENTINEL_FAMILY not in html
        client = boto3.session.Session().client("s3")
        seen = b""
        for page in client.get_paginator("list_objects_v2").paginate(
            Bucket=seaweed.bucket, Prefix=central.key + "/"
        ):
            for item in page.get("Contents", ()):
                seen += client.get_object(Bucket=seaweed.bucket, Key=item["Key"])["Body"].read()
        assert SENTINEL_FAMILY.encode() not in seen and b"caseload-time" not in seen
    finally:
        built.close()


def test_csv_columns_are_what_the_writer_writes(county):
    _got, report = _report(county)
    from relapp.services.reports.county_files import COUNTY_CSV_COLUMNS

    for name, rows in county_csv_tables(report).items():
        for row in rows:
            assert set(row) == set(COUNTY_CSV_COLUMNS[name])


def test_the_readme_documents_the_county_csv_columns():
    from relapp.services.reports.county_files import COUNTY_CSV_COLUMNS
    from tests.test_reports import readme_columns

    documented = readme_columns()
    for name, columns in COUNTY_CSV_COLUMNS.items():
        assert documented[f"COUNTY-{name}.csv"] == list(columns), name


def test_a_request_in_a_supervisors_name_with_another_key_is_refused(county):
    """Someone who can write to the storage asks to publish as North's supervisor's laptop,
    with a key of their own: the team's manifest holds another key for that laptop."""
    from relapp.crypto.keyring import Keyring

    north = county.supervisors["North"]
    folder = CountyFolder.locate(county.central)
    forger = Keyring.generate()
    device = north.vault.device_id
    body = {
        "type": "county_request",
        "county": folder.county_id,
        "hlc": "209901010000000.000000",
        "role": "publisher",
        "team": syncstate.get_meta(north.vault, "sync_team_id"),
        **leader_of(forger, north.vault.member_id, device),
    }
    folder.write_request(device, forger, body)
    waiting = county_service.requests(county.leader)
    assert waiting == []  # that laptop is a publisher already: nothing to approve
    other = profile(county.base, "east", "East Supervisor", "supervisor")
    team_service.create(other, county.central, "East")
    body = {**body, "team": syncstate.get_meta(other.vault, "sync_team_id")}
    body.update(leader_of(forger, other.vault.member_id, other.vault.device_id))
    folder.write_request(other.vault.device_id, forger, body)
    with pytest.raises(ServiceError, match="not an active supervisor"):
        county_service.approve(county.leader, other.vault.device_id[-8:])
    other.close()


def test_county_commands(county, tmp_path, capsys):
    secret = str(_passphrase_file(tmp_path))
    leader = ["--profile", str(county.base / "leader"), "--passphrase-file", secret]
    assert cli.main([*leader, "county", "show"]) == 0
    shown = capsys.readouterr().out
    assert "County Essex" in shown and "North, South, West" in shown
    assert cli.main([*leader, "county", "requests"]) == 0
    assert "No requests are waiting." in capsys.readouterr().out
    assert cli.main([*leader, "county", "create"]) == 1
    assert "--folder" in capsys.readouterr().err
    county.leader.close()
    fresh = ["--profile", str(tmp_path / "leader3"), "--passphrase-file", secret]
    assert cli.main([*fresh, "init", "--name", "Sam Lead", "--role", "system_leader"]) == 0
    assert cli.main([*fresh, "county", "join", "--folder", str(county.central)]) == 0
    out = capsys.readouterr().out
    assert "relapp county approve" in out
    request = out.strip().splitlines()[-1].split()[-1]
    assert cli.main([*leader, "county", "approve", request]) == 0
    assert f"Approved {request}" in capsys.readouterr().out
    sup = county.supervisors["North"]
    north = ["--profile", str(county.base / "sup0"), "--passphrase-file", secret]
    sup.close()
    assert cli.main([*north, "county", "publish", "--quarter", "2099-Q1"]) == 1
    assert "has not ended" in capsys.readouterr().err
    assert cli.main([*north, "county", "publish", "--quarter", QUARTER]) == 0
    assert "Published the figures of North 2026-Q1" in capsys.readouterr().out


def test_deleting_an_approval_from_the_drive_takes_nothing_back(county):
    """Someone who can delete files removes the change that approved North's supervisor, and
    the county's founding file: a laptop that has read them before still counts both."""
    import json

    before = county_service.show(county.leader)  # read once: this laptop now remembers them
    assert ("North" in [name for _id, name in before.teams]) and before.set_aside == []
    for sup in county.supervisors.values():
        county_service.publish(sup, QUARTER)
    root = next(Path(county.central).glob("relapp-county-*"))
    deleted = []
    for path in sorted(root.glob("devices/*/county/*.json")):
        body = json.loads(path.read_bytes())["body"]
        if body["type"] == "county_genesis" or (
            body["type"] == "add_publisher" and body.get("team_name") == "North"
        ):
            path.unlink()
            deleted.append(body["type"])
    assert sorted(deleted) == ["add_publisher", "county_genesis"]

    after = county_service.show(county.leader)
    assert "North" in [name for _id, name in after.teams]
    got = county_service.collect(county.leader, QUARTER)
    assert "North" in [t.team_name for t in got.teams]
    # A laptop that never read them sees the drive as it is now: no county there.
    stranger = CountyFolder.locate(location(str(root)))
    with pytest.raises(Exception, match="founding file"):
        load_county(stranger)
