"""The county's view: system leaders who learn across teams, and the teams that publish for them.

- A **system leader** has a profile of its own (role ``system_leader``) that belongs to no team:
  it holds no team's keys and reads no family's record. The first one creates the county on the
  shared storage (``create``); others ask to join (``join``) and a leader approves them.
- A team's **supervisor** registers the team with the county by its folder (``register``), a
  leader approves (checking the team's own signed manifest: the laptop must be a supervisor
  of that team), and from then on the supervisor publishes the team's learning figures for a
  quarter (``publish``): the cells of the team's own learning report, sealed for the county's
  system leaders and signed.
- A leader gathers the newest figures of every team for a quarter (``collect``);
  relapp.services.reports.county builds the county report from them.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from relapp.domain.records import LEADER
from relapp.services import disclosure
from relapp.services.errors import ServiceError
from relapp.services.profile import Session
from relapp.services.reports.county import CountyReport, county_report
from relapp.services.reports.learning import learning_report
from relapp.services.reports.model import LearningReport
from relapp.store import audit, syncstate
from relapp.sync import figures as figs
from relapp.sync.county import (
    FIGURES_PATTERN,
    CountyError,
    CountyFolder,
    CountyState,
    Request,
    create_county,
    leader_of,
    load_county,
    read_requests,
)
from relapp.sync.layout import FolderUnavailable, TeamFolder
from relapp.sync.locations import location
from relapp.sync.manifest import TeamError, load_team, short_id
from relapp.sync.publish import AlreadyPublished
from relapp.sync.transport import Location, reachable
from relapp.sync.wire import FileRefused

COUNTY_FOLDER, COUNTY_ID = "county_folder", "county_id"
LEADER_KEYS = ("member_id", "device_id", "x25519", "ed25519")


@dataclass(frozen=True, slots=True)
class CountyView:
    county_id: str
    name: str
    folder: str
    leaders: list[str]  # short ids of the leaders' laptops
    teams: list[tuple[str, str]]  # (team id, team name), approved
    set_aside: list[str]  # "file: reason"


@dataclass(frozen=True, slots=True)
class RequestView:
    id: str  # the laptop's short id, as `relapp county approve` takes it
    role: str  # "system_leader" or "publisher"
    team: str  # the team id for a publisher
    device_id: str


@dataclass(frozen=True, slots=True)
class TeamFigures:
    team_id: str
    team_name: str
    figures: figs.Figures


@dataclass(frozen=True, slots=True)
class Collected:
    county: str
    quarter: disclosure.Period
    teams: list[TeamFigures]  # newest valid figures per team, by team name
    silent: list[str]  # approved teams with no figures for the quarter
    set_aside: list[str]  # "file: reason", never used


def _where(text: str | Path | Location) -> Location:
    try:
        return location(text)
    except ValueError as exc:
        raise ServiceError(str(exc)) from None
    except ImportError:
        raise ServiceError(
            "Object storage (s3://) needs the boto3 package, which is not installed."
        ) from None


def _hlc(session: Session) -> str:
    return session.vault.clock.tick().encode()


def is_leader(session: Session) -> bool:
    return session.vault.identity().role == LEADER


def _require_leader(session: Session) -> None:
    if not is_leader(session):
        raise ServiceError("Only a system leader's profile works with the county's reports.")


def _folder(session: Session) -> CountyFolder:
    where = syncstate.get_meta(session.vault, COUNTY_FOLDER)
    county_id = syncstate.get_meta(session.vault, COUNTY_ID)
    if not where or not county_id:
        raise ServiceError(
            "This profile is not linked to a county yet (relapp county create/join, or "
            "relapp county register for a team's supervisor)."
        )
    try:
        return CountyFolder.locate(_where(where), county_id)
    except FolderUnavailable as exc:
        raise ServiceError(str(exc)) from None


COUNTY_FILES = "county_files"


def _state(session: Session) -> tuple[CountyFolder, CountyState]:
    """The county as its signed changes say, with the ones this laptop accepted before: a
    change deleted from the drive still counts (kept in the profile, a small write when a new
    one is accepted)."""
    folder = _folder(session)
    try:
        state = load_county(folder, syncstate.remembered_team_files(session.vault, COUNTY_FILES))
    except (CountyError, OSError) as exc:
        raise ServiceError(f"The county's files cannot be read: {exc}") from None
    syncstate.remember_team_files(session.vault, state.accepted_files, COUNTY_FILES)
    return folder, state


def _link(session: Session, where: Location, county_id: str) -> None:
    syncstate.set_meta(session.vault, COUNTY_FOLDER, str(where))
    syncstate.set_meta(session.vault, COUNTY_ID, county_id)
    audit.record(session.vault, "team_change")


# ---- system leaders ----------------------------------------------------------------------


def create(session: Session, central: str | Path, name: str) -> CountyView:
    """Found a county on the shared storage, this system leader its first member."""
    _require_leader(session)
    if syncstate.get_meta(session.vault, COUNTY_ID):
        raise ServiceError("This profile is already linked to a county.")
    if not name.strip():
        raise ServiceError("Give the county a name.")
    where = _where(central)
    try:
        if not reachable(where):
            raise ServiceError(f"The shared storage {where} cannot be reached.")
        folder = create_county(
            where,
            name=name.strip(),
            member_id=session.vault.member_id,
            device_id=session.vault.device_id,
            keyring=session.vault.keyring(),
            hlc=_hlc(session),
        )
    except FileRefused as exc:
        raise ServiceError(f"That name cannot be used: {exc}") from None
    except OSError as exc:
        raise ServiceError(f"The shared storage {where} cannot be written: {exc}.") from None
    _link(session, folder.root, folder.county_id)
    return show(session)


def _locate(central: str | Path) -> tuple[CountyFolder, CountyState]:
    try:
        folder = CountyFolder.locate(_where(central))
        return folder, load_county(folder)
    except (FolderUnavailable, CountyError) as exc:
        raise ServiceError(str(exc)) from None


def join(session: Session, central: str | Path) -> CountyView:
    """Ask to join a county as a system leader; a leader approves with `county approve`."""
    _require_leader(session)
    if syncstate.get_meta(session.vault, COUNTY_ID):
        raise ServiceError("This profile is already linked to a county.")
    folder, state = _locate(central)
    _ask(session, folder, state, "system_leader", "")
    _link(session, folder.root, folder.county_id)
    return show(session)


def _ask(session: Session, folder: CountyFolder, state: CountyState, role: str, team: str) -> None:
    vault = session.vault
    body = {
        "type": "county_request",
        "county": state.county_id,
        "hlc": _hlc(session),
        "role": role,
        "team": team,
        **leader_of(vault.keyring(), vault.member_id, vault.device_id),
    }
    try:
        folder.write_request(vault.device_id, vault.keyring(), body)
    except (OSError, AlreadyPublished) as exc:
        raise ServiceError(f"The request cannot be written: {exc}") from None


def show(session: Session) -> CountyView:
    folder, state = _state(session)
    return CountyView(
        state.county_id,
        state.name,
        str(folder.root),
        sorted(short_id(d) for d in state.leaders),
        sorted(state.teams.items(), key=lambda t: t[1].casefold()),
        [f"{p.name}: {reason}" for p, reason in state.rejected],
    )


def requests(session: Session) -> list[RequestView]:
    _require_leader(session)
    folder, state = _state(session)
    found, _rejected = read_requests(folder, state)
    return [_view(r) for r in found]


def _view(request: Request) -> RequestView:
    body = request.body
    return RequestView(short_id(body.device_id), body.role, body.team, body.device_id)


def approve(session: Session, wanted: str) -> RequestView:
    """Approve a leader's request, or a team supervisor's: that laptop must be an active
    supervisor's laptop in the team's own signed manifest, beside the county's folder."""
    _require_leader(session)
    folder, state = _state(session)
    if session.vault.device_id not in state.leaders:
        raise ServiceError("This laptop is not yet one of the county's system leaders.")
    found, _rejected = read_requests(folder, state)
    text = wanted.strip().lower()
    matches = [r for r in found if text and (r.body.device_id == text or r.short == text[-8:])]
    if len(matches) != 1:
        known = ", ".join(_view(r).id for r in found) or "none"
        raise ServiceError(f"No single request matches {wanted!r}. Waiting: {known}.")
    request = matches[0]
    body = request.body
    common = {"county": state.county_id, "hlc": _hlc(session)}
    if body.role == "system_leader":
        change = {
            "type": "add_leader",
            **common,
            "leader": {
                k: getattr(body, k) for k in ("member_id", "device_id", "x25519", "ed25519")
            },
        }
    else:
        team_name = _check_supervisor(folder, body.team, body.device_id, body.ed25519)
        change = {
            "type": "add_publisher",
            **common,
            "team": body.team,
            "team_name": team_name,
            "device_id": body.device_id,
            "ed25519": body.ed25519,
        }
    try:
        folder.write_change(session.vault.device_id, session.vault.keyring(), change)
    except (OSError, AlreadyPublished) as exc:
        raise ServiceError(f"The approval cannot be written: {exc}") from None
    audit.record(session.vault, "team_change")
    return _view(request)


def _check_supervisor(folder: CountyFolder, team_id: str, device_id: str, ed25519: str) -> str:
    try:
        team_folder = TeamFolder.locate(folder.root.parent, team_id)
        team = load_team(team_folder)
    except (FolderUnavailable, TeamError) as exc:
        raise ServiceError(
            f"The team's folder must be beside the county's, to check who asks: {exc}"
        ) from None
    device = team.active_device(device_id)
    if (
        device is None
        or team.members[device.member_id].role != "supervisor"
        or base64.b64encode(device.ed25519).decode() != ed25519  # its own key, not a copy's
    ):
        raise ServiceError(
            "That laptop is not an active supervisor's laptop of the team it names; "
            "the request is left as it is."
        )
    return team.name


# ---- teams -------------------------------------------------------------------------------


def register(session: Session, central: str | Path) -> CountyView:
    """A team's supervisor asks to publish the team's learning figures for a county."""
    vault = session.vault
    if vault.identity().role != "supervisor":
        raise ServiceError("Only a team's supervisor registers the team with a county.")
    team_id = syncstate.get_meta(vault, "sync_team_id")
    if not team_id:
        raise ServiceError("This profile is not part of a team yet.")
    folder, state = _locate(central)
    known = syncstate.get_meta(vault, COUNTY_ID)
    if known and known != state.county_id:
        raise ServiceError("This team is registered with another county already.")
    if vault.device_id not in state.publishers:
        _ask(session, folder, state, "publisher", team_id)
    _link(session, folder.root, folder.county_id)
    return show(session)


def figures_of(report: LearningReport, quarter: str) -> figs.Figures:
    """Exactly the cells of the team's learning report: no count below 5, no record id."""

    def cell(c: disclosure.Cell) -> figs.FigCell:
        return figs.FigCell(c.value, c.note if c.value is None else "")

    table = report.by_month
    return figs.Figures(
        format=1,
        quarter=quarter,
        prepared_on=report.prepared_on.isoformat(),
        months=list(table.column_keys),
        categories=[
            figs.CategoryFigures(
                id=key,
                title=title,
                months=[cell(c) for c in table.cells[i]],
                total=cell(table.row_totals[i]),
            )
            for i, (key, title) in enumerate(zip(table.row_keys, table.rows, strict=True))
        ],
        month_totals=[cell(c) for c in table.column_totals],
        total=cell(table.total),
        averages=[
            figs.AverageFigures(
                row.instrument_id,
                row.instrument,
                row.respondent_id,
                row.respondent,
                month,
                c.count if c.note != disclosure.FEWER_THAN else None,
                c.average,
                c.note,
            )
            for row in report.averages.rows
            for month, c in zip(report.averages.column_keys, row.cells, strict=True)
        ],
        change_tests=[
            figs.TestFigures(
                list(t.addresses),
                t.started,
                t.ended,
                t.status,
                t.stage,  # type: ignore[arg-type]
                figs.ExcerptFigures(t.excerpt.title, t.excerpt.measure, t.excerpt.outcome)
                if t.excerpt
                else None,
            )
            for t in report.change_tests
        ],
    )


def publish(session: Session, quarter: str, *, include_excerpts: tuple[str, ...] = ()) -> str:
    """Seal the team's learning figures of an ended quarter for the county's leaders."""
    vault = session.vault
    if vault.identity().role != "supervisor":
        raise ServiceError("Only a team's supervisor publishes the team's figures.")
    team_id = syncstate.get_meta(vault, "sync_team_id")
    if not team_id:
        raise ServiceError("This profile is not part of a team.")
    folder, state = _state(session)
    if vault.device_id not in state.publishers or state.publishers[vault.device_id].team != team_id:
        raise ServiceError(
            "A system leader has not approved this laptop to publish for the county yet."
        )
    span = disclosure.parse_quarter(quarter)
    name = disclosure.quarter_name(span)
    report = learning_report(session, span.start, span.end, include_excerpts=include_excerpts)
    hlc = _hlc(session)
    data = figs.encode(
        figures_of(report, name),
        county=state.county_id,
        team=team_id,
        device=vault.device_id,
        hlc=hlc,
        recipients=state.leader_keys(),
        signing_key=vault.keyring().ed25519_private,
    )
    try:
        folder.transport.create(
            folder.figures_dir(vault.device_id), figs.file_name(name, hlc, data), data
        )
    except (OSError, AlreadyPublished) as exc:
        raise ServiceError(f"The figures cannot be written: {exc}") from None
    return f"{state.teams.get(team_id, team_id)} {name}"


# ---- the county's figures ----------------------------------------------------------------


def collect(session: Session, quarter: str) -> Collected:
    """The newest valid figures of every approved team for a quarter, as this leader reads
    them. A file that fails a check is set aside with its reason; the rest go on."""
    _require_leader(session)
    folder, state = _state(session)
    span = disclosure.parse_quarter(quarter)
    name = disclosure.quarter_name(span)
    me, private = session.vault.device_id, session.vault.keyring().x25519_private
    newest: dict[str, tuple[str, figs.Figures]] = {}
    set_aside = [f"{p.name}: {reason}" for p, reason in state.rejected]
    for device_id in folder.device_ids():
        if device_id in state.leaders:
            continue
        listing = folder.listing(folder.figures_dir(device_id), FIGURES_PATTERN)
        publisher = state.publishers.get(device_id)
        for _key, path in listing.accepted:
            if not path.name.startswith(f"{name}-"):
                continue
            if publisher is None or publisher.team not in state.teams:
                set_aside.append(f"{path.name}: not from a laptop the county approved")
                continue
            try:
                data = folder.read(path, figs.MAX_FIGURES_FILE)
                header, figures = figs.decode(
                    data,
                    path.name,
                    county=state.county_id,
                    signer_public=publisher.ed25519,
                    my_device=me,
                    my_private=private,
                )
            except FileRefused as exc:
                set_aside.append(f"{path.name}: {exc}")
                continue
            except OSError as exc:
                raise ServiceError(f"The county folder cannot be read: {exc}") from None
            if header.team != publisher.team or header.device != device_id:
                set_aside.append(f"{path.name}: written for another team or laptop")
                continue
            held = newest.get(header.team)
            if held is None or held[0] < header.hlc:
                newest[header.team] = (header.hlc, figures)
    audit.record(session.vault, "report")
    teams = sorted(
        (TeamFigures(t, state.teams[t], f) for t, (_h, f) in newest.items()),
        key=lambda t: (t.team_name.casefold(), t.team_id),
    )
    silent = sorted((n for t, n in state.teams.items() if t not in newest), key=str.casefold)
    return Collected(state.name, span, teams, silent, set_aside)


def quarters(today: date | None = None, count: int = 8) -> list[disclosure.Period]:
    """The ended quarters a county report may cover, newest first."""
    found = disclosure.learning_periods(None, today or date.today())
    while len(found) < count:
        found.append(disclosure.quarter_of(found[-1].start - timedelta(days=1)))
    return found


def report(session: Session, quarter: str) -> tuple[Collected, CountyReport]:
    """The county report of a quarter from the newest figures of every team."""
    got = collect(session, quarter)
    built = county_report(
        got.county, got.quarter, [(t.team_name, t.figures) for t in got.teams], silent=got.silent
    )
    return got, built
