"""How does Relapp scale to a county? A report, not a test.

    .venv/bin/python tests/benchmarks/county.py [--teams 100] [--devices 20] [--days 730]
        [--real-devices 5] [--per-day 4] [--sizes 1,10,100] [--rounds 5] [--no-s3]

Builds one county on a folder and one on SeaweedFS (tests/sync/seaweed.py; skipped, saying
why, where the binary cannot run) and prints, as medians of --rounds interleaved rounds:

1. a device's no-op sync (nothing new) as the county grows from 1 to --teams teams: time,
   requests and bytes. It must stay flat: a device lists its own team's prefix only.
2. a new laptop's bootstrap (join, approval, first sync of the team's two years).
3. the county report's build (every team's sealed figures read, checked and added up).
4. requests and bytes per device per day, and what a county of --teams x --devices laptops
   costs a month on AWS S3 Standard (us-east-1) at the published prices in PRICES below.

How the county is scaled down, so that it runs in minutes on two cores:
- Two teams are real (real vaults, real signed and encrypted bundles): "own", with
  --real-devices laptops that wrote --per-day records a day each for --days days (a bundle a
  week, so a device's chain holds --days/7 bundles, as weekly syncing leaves it), and "small"
  with 2 laptops. The no-op sync and bootstrap are measured on "own".
- The other teams are ballast of the real shape: a team folder per team with --devices device
  folders holding files of a real bundle's size (nobody in "own" ever reads them: that is what
  is shown), and a county registration and sealed figures (real keys, real crypto, figures
  copied from "own" with shifted counts) per team, so the county report reads --teams files.
- Requests per no-op sync grow with the devices of the team (a listing per device folder):
  measured on "own" and "small", extrapolated linearly to --devices laptops, and said so.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ["RELAPP_INSECURE_FAST_KDF"] = "1"  # profile creation is set-up, not measured
os.environ.setdefault("RELAPP_LOG_DIR", tempfile.mkdtemp(prefix="relapp-bench-logs-"))

from relapp.crypto.keyring import Keyring  # noqa: E402
from relapp.services import county as county_service  # noqa: E402
from relapp.services import team as team_service  # noqa: E402
from relapp.services.profile import Session, create_profile  # noqa: E402
from relapp.sync import figures as figs  # noqa: E402
from relapp.sync import transport as transports  # noqa: E402
from relapp.sync.county import CountyFolder, leader_of, load_county  # noqa: E402
from relapp.sync.locations import location  # noqa: E402
from relapp.sync.transport import Location  # noqa: E402
from tests.benchmarks.sync import records_for  # noqa: E402

PASSPHRASE = "kettle orbit meadow lantern"
QUARTER = "2026-Q1"
SYNCS_PER_DAY = 8 * 30  # a pass every 2 minutes (ui/sync_controller.py) for 8 unlocked hours
WORKING_DAYS_A_MONTH = 21
# AWS S3 Standard, US East (N. Virginia), as published on aws.amazon.com/s3/pricing:
PRICES = {
    "storage per GB-month (first 50 TB)": 0.023,
    "PUT, COPY, POST, LIST per 1,000": 0.005,
    "GET, HEAD and all other requests per 1,000": 0.0004,
    "data transfer out to the internet per GB (after 100 GB a month free)": 0.09,
}
CLASS_A = {"put_object", "list_objects_v2", "copy_object"}


# ---- counting what reaches storage ----------------------------------------------------------


@dataclass
class Meter:
    requests: Counter = field(default_factory=Counter)
    bytes_in: int = 0  # read from storage
    bytes_out: int = 0  # written to storage

    def reset(self) -> None:
        self.requests.clear()
        self.bytes_in = self.bytes_out = 0

    def snapshot(self) -> tuple[dict[str, int], int, int]:
        return dict(self.requests), self.bytes_in, self.bytes_out


METER = Meter()


def install_meter() -> None:
    """Count every storage call: for a folder the transport's calls (a listing is one), for
    object storage each S3 request by operation."""
    folder = transports.FolderTransport

    def wrap(cls: Any, name: str, counts: Callable[..., None]) -> None:
        original = getattr(cls, name)

        def call(self: Any, *args: Any, **kwargs: Any) -> Any:
            result = original(self, *args, **kwargs)
            counts(name, args, kwargs, result)
            return result

        setattr(cls, name, call)

    def folder_counts(name: str, args: tuple, _kw: dict, result: Any) -> None:
        METER.requests[f"folder {name}"] += 1
        if name == "read":
            METER.bytes_in += len(result)
        elif name == "create":
            METER.bytes_out += len(args[2])

    for name in ("entries", "is_folder", "read", "create", "delete", "modified"):
        wrap(folder, name, folder_counts)
    try:
        from relapp.sync.objectstore import ObjectStore
    except ImportError:
        return

    def s3_call(name: str, args: tuple, kwargs: dict, _result: Any) -> None:
        METER.requests[args[0]] += 1

    def s3_bytes(name: str, args: tuple, _kw: dict, result: Any) -> None:
        if name == "read":
            METER.bytes_in += len(result)
        elif name == "create":
            METER.bytes_out += len(args[2])

    wrap(ObjectStore, "_call", s3_call)
    wrap(ObjectStore, "read", s3_bytes)
    wrap(ObjectStore, "create", s3_bytes)


# ---- building a county --------------------------------------------------------------------


def profile(base: Path, key: str, name: str, role: str) -> Session:
    session, _code = create_profile(base / key, name, role, PASSPHRASE)
    return session


@dataclass
class RealTeam:
    name: str
    sup: Session
    writers: list[Session]

    @property
    def all(self) -> list[Session]:
        return [self.sup, *self.writers]


@dataclass
class CountyBench:
    label: str
    central: Location
    base: Path
    leader: Session
    own: RealTeam
    small: RealTeam
    template: figs.Figures
    bundle_size: int
    one_record: int  # bytes of a bundle holding one record (a sync right after it)
    teams: int = 2
    joined: int = 0

    def close(self) -> None:
        for session in [self.leader, *self.own.all, *self.small.all]:
            session.close()


def quarter_barriers(sup: Session, rng: random.Random, count: int) -> None:
    categories = [c.id for c in sup.definitions.barrier_categories]
    for n in range(count):
        sup.records.save(
            "barrier",
            {
                "category": rng.choice(categories[:4]),
                "description": "bench",
                "noticed_on": f"2026-0{1 + n % 3}-{1 + n % 28:02d}",
            },
        )


def real_team(
    central: Location,
    base: Path,
    name: str,
    devices: int,
    days: int,
    per_day: int,
    rng: random.Random,
) -> RealTeam:
    sup = profile(base, f"{name}-sup", f"{name} supervisor", "supervisor")
    folder, _code = team_service.create(sup, central, name)
    writers = []
    for n in range(devices - 1):
        session = profile(base, f"{name}-w{n}", f"{name} worker {n}", "practitioner")
        team_service.join(session, folder.root)
        team_service.approve_request(sup, session.vault.device_id, "practitioner")
        writers.append(session)
    team = RealTeam(name, sup, writers)
    for _week in range(max(days // 7, 1)):
        for session in team.all:
            session.vault.put_many(records_for(rng, per_day * 7))
            team_service.sync_once(session)
    quarter_barriers(sup, rng, 60)
    for _ in range(2):
        for session in team.all:
            team_service.sync_once(session)
    return team


def build(label: str, central: Location, base: Path, args: argparse.Namespace) -> CountyBench:
    rng = random.Random(7)
    leader = profile(base, "leader", "County Leader", "system_leader")
    county_service.create(leader, central, "Benchmark County")
    own = real_team(central, base, "own", args.real_devices, args.days, args.per_day, rng)
    small = real_team(central, base, "small", 2, 28, args.per_day, rng)
    for team in (own, small):
        county_service.register(team.sup, central)
    for request in county_service.requests(leader):
        county_service.approve(leader, request.id)
    for team in (own, small):
        county_service.publish(team.sup, QUARTER)
    got = county_service.collect(leader, QUARTER)
    template = next(t.figures for t in got.teams if t.team_name == "own")
    sizes = [len(data) for _path, data in _own_bundles(central, own)]
    writer = own.writers[0]
    team_service.sync_once(writer)

    def one() -> None:
        writer.vault.put_many(records_for(rng, 2)[1:])  # a visit: the common record
        team_service.sync_once(writer)

    single = measure(one).bytes_out
    for session in own.all:
        team_service.sync_once(session)
    return CountyBench(
        label,
        central,
        base,
        leader,
        own,
        small,
        template,
        int(statistics.median(sizes)),
        single,
    )


def _own_bundles(central: Location, team: RealTeam) -> Iterator[tuple[Location, bytes]]:
    from relapp.sync.engine import team_folder_for

    folder = team_folder_for(team.sup.vault)
    for _seq, path in folder.bundles(team.sup.vault.device_id).accepted[:20]:
        yield path, folder.read(path, 64 << 20)


def shifted(template: figs.Figures, rng: random.Random) -> figs.Figures:
    def cell(c: figs.FigCell) -> figs.FigCell:
        if c.value is None:
            return c
        return figs.FigCell(c.value + rng.randint(0, 20))

    return figs.Figures(
        1,
        template.quarter,
        template.prepared_on,
        list(template.months),
        [
            figs.CategoryFigures(r.id, r.title, [cell(m) for m in r.months], cell(r.total))
            for r in template.categories
        ],
        [cell(c) for c in template.month_totals],
        cell(template.total),
        list(template.averages),
        list(template.change_tests),
    )


def add_ballast(bench: CountyBench, target: int, args: argparse.Namespace) -> None:
    """More teams until the county holds `target`: team folders of the real shape, and a
    registration and sealed figures each in the county's folder."""
    rng = random.Random(bench.teams)
    county = CountyFolder.locate(bench.central)
    state = load_county(county)
    leader = bench.leader.vault
    store = transports.transport_of(bench.central)
    per_device = 3  # as compaction leaves a folder: a snapshot and the bundles after it
    filler = os.urandom(bench.bundle_size)
    while bench.teams < target:
        team_id = uuid.uuid4().hex
        root = bench.central / f"relapp-team-{team_id}"
        for _d in range(args.devices):
            device = str(uuid.uuid4())
            bundles = root / "devices" / device / "bundles"
            for seq in range(1, per_device + 1):
                store.create(bundles, f"{seq:010d}-{rng.getrandbits(64):016x}.rlb", filler)
        keyring = Keyring.generate()
        device_id = str(uuid.uuid4())
        county.write_change(
            leader.device_id,
            leader.keyring(),
            {
                "type": "add_publisher",
                "county": state.county_id,
                "hlc": leader.clock.tick().encode(),
                "team": team_id,
                "team_name": f"Team {bench.teams + 1:03d}",
                "device_id": device_id,
                "ed25519": leader_of(keyring, "x", device_id)["ed25519"],
            },
        )
        hlc = leader.clock.tick().encode()
        data = figs.encode(
            shifted(bench.template, rng),
            county=state.county_id,
            team=team_id,
            device=device_id,
            hlc=hlc,
            recipients=state.leader_keys(),
            signing_key=keyring.ed25519_private,
        )
        store.create(county.figures_dir(device_id), figs.file_name(QUARTER, hlc, data), data)
        bench.teams += 1


# ---- measuring ----------------------------------------------------------------------------


@dataclass
class Sample:
    seconds: float
    requests: dict[str, int]
    bytes_in: int
    bytes_out: int

    @property
    def total(self) -> int:
        return sum(self.requests.values())


def measure(fn: Callable[[], Any]) -> Sample:
    METER.reset()
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    return Sample(seconds, *METER.snapshot())


def noop_sync(bench: CountyBench) -> Sample:
    session = bench.own.writers[0]
    team_service.sync_once(session)  # anything pending first: not measured
    sample = measure(lambda: team_service.sync_once(session))
    return sample


def small_noop(bench: CountyBench) -> Sample:
    session = bench.small.writers[0]
    team_service.sync_once(session)
    return measure(lambda: team_service.sync_once(session))


def bootstrap(bench: CountyBench) -> Sample:
    bench.joined += 1
    session = profile(bench.base, f"new{bench.joined}", "New Laptop", "practitioner")

    def run() -> None:
        team_service.join(session, bench.central / _team_dir(bench, bench.own))
        team_service.approve_request(bench.own.sup, session.vault.device_id, "practitioner")
        team_service.sync_once(bench.own.sup)
        report = team_service.sync_once(session)
        if report.status != "ok":
            raise RuntimeError(report.summary())

    try:
        return measure(run)
    finally:
        session.close()


def _team_dir(bench: CountyBench, team: RealTeam) -> str:
    from relapp.store import syncstate

    return f"relapp-team-{syncstate.get_meta(team.sup.vault, 'sync_team_id')}"


def county_build(bench: CountyBench) -> Sample:
    def run() -> None:
        got, report = county_service.report(bench.leader, QUARTER)
        if len(got.teams) != bench.teams:
            raise RuntimeError(f"{len(got.teams)} teams read of {bench.teams}: {got.set_aside[:3]}")

    return measure(run)


def med(samples: list[Sample], key: Callable[[Sample], float]) -> float:
    return statistics.median(key(s) for s in samples)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


# ---- the run ------------------------------------------------------------------------------


def start_seaweed(tmp: Path) -> tuple[Any, Any] | tuple[None, str]:
    try:
        from tests.sync import seaweed as weed

        fixture = weed.seaweed
        raw = getattr(fixture, "_get_wrapped_function", None)
        fn = raw() if raw else fixture.__wrapped__

        class Factory:
            def mktemp(self, name: str) -> Path:
                path = tmp / name
                path.mkdir()
                return path

        gen = fn(Factory())
        store = next(gen)
        return gen, store
    except BaseException as exc:  # noqa: BLE001 - pytest.skip raises an outcome
        return None, f"SeaweedFS cannot run here: {exc}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=100)
    parser.add_argument("--devices", type=int, default=20)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--real-devices", type=int, default=5)
    parser.add_argument("--per-day", type=int, default=4)
    parser.add_argument("--sizes", default="1,10,100")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-s3", action="store_true")
    args = parser.parse_args(argv)
    sizes = sorted({min(int(s), args.teams) for s in args.sizes.split(",")} | {args.teams})
    sizes = [max(s, 2) for s in sizes]
    install_meter()
    tmp = Path(tempfile.mkdtemp(prefix="relapp-county-bench-"))
    started = time.perf_counter()
    print(
        f"Relapp county benchmark: {args.teams} teams x {args.devices} laptops x {args.days} days"
    )
    print(
        f"  scaled down: 2 real teams ('own': {args.real_devices} laptops x {args.per_day} "
        f"records a day x {args.days} days, a bundle a week; 'small': 2 laptops, 4 weeks); "
        f"the other {args.teams - 2} teams are ballast of the real shape ({args.devices} device "
        "folders each, bundle-sized files, a registration and sealed figures)."
    )
    benches: list[CountyBench] = []
    folder_central = tmp / "folder-county"
    folder_central.mkdir()
    print("  building the county on a folder …", flush=True)
    benches.append(build("folder", folder_central, tmp / "folder-profiles", args))
    weed_gen = None
    if not args.no_s3:
        weed_gen, store = start_seaweed(tmp)
        if weed_gen is None:
            print(f"  {store}; object storage is left out.")
        else:
            print("  building the county on SeaweedFS (S3) …", flush=True)
            central = location(f"s3://{store.bucket}/{uuid.uuid4().hex[:8]}/county")
            benches.append(build("s3", central, tmp / "s3-profiles", args))
    print(
        f"  built in {time.perf_counter() - started:.0f} s; own team's median bundle "
        f"{benches[0].bundle_size:,} bytes"
    )

    noop: dict[tuple[str, int], list[Sample]] = {}
    small: dict[str, list[Sample]] = {}
    build_times: dict[tuple[str, int], list[Sample]] = {}
    for bench in benches:  # a warm-up round, not counted: caches, connections, imports
        noop_sync(bench)
        county_build(bench)
        small_noop(bench)
    for size in sizes:
        for bench in benches:
            add_ballast(bench, size, args)
        for _round in range(args.rounds):
            for bench in benches:
                noop.setdefault((bench.label, size), []).append(noop_sync(bench))
                build_times.setdefault((bench.label, size), []).append(county_build(bench))
                if size == sizes[-1]:
                    small.setdefault(bench.label, []).append(small_noop(bench))
        print(f"  measured at {size} teams ({time.perf_counter() - started:.0f} s)", flush=True)
    boots: dict[str, list[Sample]] = {}
    for _round in range(args.rounds):
        for bench in benches:
            boots.setdefault(bench.label, []).append(bootstrap(bench))

    # ---- printing ----
    print()
    print(
        "1. A device's no-op sync as the county grows (own team: "
        f"{args.real_devices} laptops), median of {args.rounds} rounds"
    )
    for bench in benches:
        base = noop[(bench.label, sizes[0])]
        for size in sizes:
            s = noop[(bench.label, size)]
            ratio = med(s, lambda x: x.seconds) / med(base, lambda x: x.seconds)
            print(
                f"   {bench.label:6} {size:4} teams: {ms(med(s, lambda x: x.seconds))} "
                f"x{ratio:4.2f} of {sizes[0]} teams; {med(s, lambda x: x.total):5.0f} requests, "
                f"{med(s, lambda x: x.bytes_in):7.0f} bytes read"
            )
    print()
    print(f"2. A new laptop's bootstrap into 'own' ({args.days} days, {args.real_devices} laptops)")
    for bench in benches:
        s = boots[bench.label]
        read = med(s, lambda x: x.bytes_in) / 1e6
        print(
            f"   {bench.label:6} {ms(med(s, lambda x: x.seconds))}; "
            f"{med(s, lambda x: x.total):6.0f} requests, {read:6.2f} MB read"
        )
    print()
    print("3. The county report's build (collect, check, open and add up every team's figures)")
    for bench in benches:
        base = build_times[(bench.label, sizes[0])]
        for size in sizes:
            s = build_times[(bench.label, size)]
            per = med(s, lambda x: x.seconds) / size
            ratio = med(s, lambda x: x.seconds) / med(base, lambda x: x.seconds)
            print(
                f"   {bench.label:6} {size:4} teams: {ms(med(s, lambda x: x.seconds))} "
                f"x{ratio:5.2f} of {sizes[0]} teams ({per * 1000:.1f} ms a team); "
                f"{med(s, lambda x: x.total):5.0f} requests"
            )
    print()
    _per_day(benches, noop, small, sizes, args)
    for bench in benches:
        bench.close()
    if weed_gen is not None:
        with_suppress(weed_gen)
    print(f"\n(total {time.perf_counter() - started:.0f} s; python {sys.version.split()[0]})")
    return 0


def with_suppress(gen: Any) -> None:
    with contextlib.suppress(StopIteration):
        next(gen)


def _per_day(benches, noop, small, sizes, args) -> None:  # noqa: ANN001
    s3 = next((b for b in benches if b.label == "s3"), None)
    label = "s3" if s3 else "folder"
    big = noop[(label, sizes[-1])]
    little = small[label]
    own_n, small_n = args.real_devices + 0, 2
    per_big = med(big, lambda x: x.total)
    per_small = med(little, lambda x: x.total)
    slope = (per_big - per_small) / max(own_n - small_n, 1)
    per_sync = per_small + slope * (args.devices - small_n)
    list_share = med(big, lambda x: x.requests.get("list_objects_v2", 0)) / max(per_big, 1)
    # A laptop sends each day's records in per_day bundles of one record (a sync after each,
    # measured: its size grows with the team's laptops, a wrapped key each) and reads every
    # other laptop's of its team. Stored: a record's share of a weekly bundle (compaction
    # keeps a device's history in snapshots of that density).
    measured = s3 or benches[0]  # a folder's bundles are written by publish(), not counted
    per_record = measured.bundle_size / (args.per_day * 7)
    bundle = measured.one_record or int(per_record)
    own_bundles = args.per_day
    reads = own_bundles * (args.devices - 1)
    requests_day = SYNCS_PER_DAY * per_sync + own_bundles + reads
    bytes_in_day = reads * bundle
    bytes_out_day = own_bundles * bundle
    laptops = args.teams * args.devices
    a = requests_day * list_share + own_bundles  # LIST + PUT: class A
    b = requests_day - a
    month = WORKING_DAYS_A_MONTH
    stored_gb = laptops * args.per_day * args.days * per_record / 1e9
    cost_a = laptops * a * month / 1000 * PRICES["PUT, COPY, POST, LIST per 1,000"]
    cost_b = laptops * b * month / 1000 * PRICES["GET, HEAD and all other requests per 1,000"]
    egress_gb = laptops * bytes_in_day * month / 1e9
    cost_out = (
        max(egress_gb - 100, 0)
        * PRICES["data transfer out to the internet per GB (after 100 GB a month free)"]
    )
    cost_store = stored_gb * PRICES["storage per GB-month (first 50 TB)"]
    print(f"4. Per device per working day ({label}; a sync every 2 minutes for 8 hours)")
    print(
        f"   a no-op sync: {per_small:.0f} requests with 2 laptops in the team, {per_big:.0f} "
        f"with {own_n}: {slope:.1f} more per laptop, so {per_sync:.0f} with {args.devices} "
        f"(extrapolated); {list_share:.0%} of them LIST"
    )
    print(
        f"   {requests_day:,.0f} requests a day ({a:,.0f} LIST/PUT, {b:,.0f} GET/HEAD); "
        f"{bytes_out_day / 1e3:,.0f} kB written, {bytes_in_day / 1e6:,.2f} MB read "
        f"({own_bundles} bundles of ~{bundle:,} bytes written, {reads} read)"
    )
    print(
        f"   monthly, {args.teams} teams x {args.devices} laptops = {laptops:,} laptops, "
        f"{month} working days, at AWS S3 Standard us-east-1 prices:"
    )
    for name, price in PRICES.items():
        print(f"      {name}: ${price}")
    print(
        f"   requests LIST/PUT ${cost_a:,.0f} + GET/HEAD ${cost_b:,.0f}; "
        f"transfer out {egress_gb:,.0f} GB ${cost_out:,.0f}; "
        f"storage after {args.days} days {stored_gb:,.1f} GB ${cost_store:,.2f}; "
        f"total ${cost_a + cost_b + cost_out + cost_store:,.0f} a month "
        f"(${(cost_a + cost_b + cost_out + cost_store) / laptops:,.2f} a laptop)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
