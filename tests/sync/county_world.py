"""A county for the tests and the benchmark: a system leader, and teams on real vaults and a
real central folder (a folder, or a prefix on SeaweedFS), each with barriers, check-ins and
change tests in one quarter, registered with the county and publishing their figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from relapp.services import county as county_service
from relapp.services import team as team_service
from relapp.services.profile import Session, create_profile
from relapp.sync.transport import Location
from tests.conftest import PASSPHRASE

QUARTER = "2026-Q1"
SENTINEL_FAMILY = "Quennell-Zabriskie"


@dataclass
class TeamSpec:
    name: str
    barriers: dict[str, int]  # category id -> how many in the quarter
    checkins: int = 6  # practitioner-family check-ins in January, one family each
    share_excerpt: bool = False


@dataclass
class County:
    central: Location
    base: Path
    leader: Session
    supervisors: dict[str, Session] = field(default_factory=dict)
    change_tests: dict[str, str] = field(default_factory=dict)  # team -> change test id

    def close(self) -> None:
        for session in [self.leader, *self.supervisors.values()]:
            session.close()


def profile(base: Path, key: str, name: str, role: str) -> Session:
    session, _code = create_profile(base / key, name, role, PASSPHRASE)
    return session


def fill_team(sup: Session, spec: TeamSpec, index: int) -> str:
    """The team's records of the quarter, on its supervisor's laptop; returns a change test."""
    save = sup.records.save
    families = [
        save(
            "family",
            {
                "reference": f"CTY-{index}-{n}",
                "display_name": f"The {SENTINEL_FAMILY} family" if n == 0 else f"Family {n}",
                "service": f"{spec.name} hub",
                "status": "active",
            },
        ).id
        for n in range(max(spec.checkins, 1))
    ]
    instrument = sup.definitions.instruments["practitioner-family"]
    for n in range(spec.checkins):
        save(
            "checkin",
            {
                "family_id": families[n],
                "instrument_id": "practitioner-family",
                "respondent": "practitioner",
                "when": f"2026-01-{10 + n % 18:02d}T10:00",
                "scores": {item.id: 2 + n % 3 for item in instrument.items},
                "comment": f"{SENTINEL_FAMILY} said the visit helped",
            },
        )
    barrier_ids = []
    for c, (category, count) in enumerate(spec.barriers.items()):
        for n in range(count):
            data: dict[str, Any] = {
                "category": category,
                "description": f"{SENTINEL_FAMILY} waited again",
                "impact": "medium",
                "status": "open",
                "noticed_on": f"2026-0{1 + (n + c) % 3}-{5 + n % 20:02d}",
            }
            barrier_ids.append(save("barrier", data).id)
    test = save(
        "change_test",
        {
            "title": f"Drop-in slot at {spec.name}",
            "barrier_ids": barrier_ids[:2],
            "plan": f"Ask {SENTINEL_FAMILY} first",
            "measure": "Days from referral to first visit",
            "outcome": "Waits fell from six weeks to two",
            "start_date": "2026-01-15",
            "end_date": "2026-03-10",
            "status": "adopted",
        },
    )
    return test.id


def build_county(central: Location, base: Path, specs: list[TeamSpec]) -> County:
    leader = profile(base, "leader", "Morgan Leader", "system_leader")
    county_service.create(leader, central, "Essex")
    county = County(central, base, leader)
    for index, spec in enumerate(specs):
        sup = profile(base, f"sup{index}", f"Supervisor {index}", "supervisor")
        team_service.create(sup, central, spec.name)
        county.change_tests[spec.name] = fill_team(sup, spec, index)
        county_service.register(sup, central)
        county.supervisors[spec.name] = sup
    for request in county_service.requests(leader):
        county_service.approve(leader, request.id)
    for spec in specs:
        sup = county.supervisors[spec.name]
        chosen = (county.change_tests[spec.name],) if spec.share_excerpt else ()
        county_service.publish(sup, QUARTER, include_excerpts=chosen)
    return county
