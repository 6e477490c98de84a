"""A demo profile filled with invented records, so the app can be shown and tried without real data.

Every name, family and event here is made up. The same seed and the same ``today`` give the same
families, visits, scores and texts (record ids and save times are always new).
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from relapp.domain.definitions import Instrument
from relapp.paths import DB_NAME
from relapp.services.profile import Session, create_profile
from relapp.store.keyfile import KEYS_NAME
from relapp.store.vault import Record, Vault, new_id

DEMO_PASSPHRASE = "demo kettle orbit meadow"
DEMO_NAME = "Alex Morgan (demo)"
DEMO_ROLE = "practitioner"

Progress = Callable[[int, int], None]
_Item = tuple[str, dict[str, Any], str | None]  # what RecordService.save_many takes

_AGREEMENT_EXPLAINED = (
    "Talked {parent} through what early help is, that it is the family's choice, who sees our "
    "notes and check-ins (me and my manager), and that they can change their mind at any time."
)
_AGREEMENT_CHANGED = (
    "{parent} asked us to keep the health visitor in the loop about the feeding plan; "
    "explained what we would share and what we would not."
)
_AGREEMENT_WITHDRAWN = (
    "{parent} told me the family no longer wants support now things are settled; check-ins "
    "and sharing stop. Explained that the family can ask us again at any time."
)

PRACTITIONER_FAMILY = "practitioner-family"
PARENT_PARENT = "parent-parent"
SELF_CHECK = "relational-capability"
SERVICES = ("Family Hub North", "Family Hub South", "Early Years Outreach")
WINDOW_DAYS = 182
FAMILY_COUNT = 12
CLOSED_COUNT = 2

# ---- invented families ------------------------------------------------------------------
# (surname, adults as (first name, role), children's first names, tags, home language).
# Tags: "interpreter" (needs one for some conversations), "digital" (little data or no device),
# "separated" (parents co-parent from two homes).
_FAMILY_POOL: tuple[tuple[str, tuple[tuple[str, str], ...], tuple[str, ...], str, str], ...] = (
    (
        "Okafor",
        (("Chidinma", "mother"), ("Emeka", "father")),
        ("Tobi", "Adaeze", "Kelechi"),
        "",
        "",
    ),
    (
        "Hussain",
        (("Ayesha", "mother"), ("Imran", "father"), ("Nasreen", "grandparent")),
        ("Zainab", "Yusuf"),
        "",
        "",
    ),
    (
        "Nowak",
        (("Agnieszka", "mother"), ("Tomasz", "father")),
        ("Zofia", "Kacper"),
        "interpreter",
        "Polish",
    ),
    ("Brennan", (("Siobhan", "mother"),), ("Aoife", "Cian"), "", ""),
    (
        "Thompson",
        (("Kayleigh", "mother"), ("Dean", "father")),
        ("Alfie", "Poppy", "Mason"),
        "separated",
        "",
    ),
    ("Campbell", (("Marcia", "grandparent"),), ("Jayden", "Kiara"), "", ""),
    ("Begum", (("Rukhsana", "mother"),), ("Ayaan", "Safa"), "interpreter", "Sylheti"),
    ("Evans", (("Carys", "mother"), ("Rhys", "father")), ("Osian",), "", ""),
    ("Patel", (("Priya", "mother"), ("Nikhil", "father")), ("Anaya",), "", ""),
    ("Mensah", (("Abena", "mother"), ("Kwame", "father")), ("Kofi", "Esi"), "", ""),
    (
        "Popescu",
        (("Ioana", "mother"), ("Andrei", "father")),
        ("Ana", "Luca"),
        "interpreter",
        "Romanian",
    ),
    (
        "Warsame",
        (("Hodan", "mother"),),
        ("Ilhan", "Hamza", "Sagal"),
        "interpreter digital",
        "Somali",
    ),
    ("Walsh", (("Gemma", "mother"), ("Liam", "carer")), ("Ruby", "Oscar"), "", ""),
    ("Clarke", (("Leanne", "mother"), ("Pauline", "grandparent")), ("Tyler",), "digital", ""),
    (
        "Da Silva",
        (("Mariana", "mother"), ("João", "father")),
        ("Beatriz",),
        "interpreter",
        "Portuguese",
    ),
    ("Nguyen", (("Linh", "mother"), ("Minh", "father")), ("Bao", "Mai"), "", ""),
    ("Murray", (("Stacey", "mother"),), ("Harper", "Logan"), "digital", ""),
    (
        "Robinson",
        (("Danielle", "mother"), ("Marcus", "father")),
        ("Nia", "Tyrese"),
        "separated",
        "",
    ),
    ("Ahmadi", (("Soraya", "mother"), ("Farid", "father")), ("Darius",), "interpreter", "Dari"),
)

# How the practitioner–family relationship moves over the six months.
_TRENDS = (
    "dip_sharp",
    "dip_slow",
    "repair",
    "improving",
    "improving",
    "improving",
    "improving",
    "steady",
    "steady",
    "steady",
    "steady",
    "improving",
)

_NOTES = (
    "Referred by the health visitor after a hard first year with {child}; {parent} is keen on "
    "help with routines.",
    "Self-referred at a stay-and-play session. {parent} wants support with {child}'s sleep and "
    "with getting out of the house more.",
    "Referred by the nursery, who noticed {child} was often tired and hungry. Money is very tight.",
    "Stepped down from children's social care. The family asked for a worker they could keep.",
    "Referred by the GP after {parent} talked about feeling low since {child} was born.",
    "Moved into the area from temporary accommodation; {parent} knows nobody locally yet.",
)

# (topic, purpose sentence). Purposes avoid saying where the visit happens: the mode says that.
_PURPOSES = (
    (
        "{child}'s sleep",
        "Catch up on {child}'s sleep routine and how bedtimes have gone since we last met.",
    ),
    (
        "nursery",
        "Check in about {child}'s nursery settling-in sessions and any worries about drop-offs.",
    ),
    (
        "{child}'s speech",
        "Follow up the speech and language referral for {child} and help {parent} with "
        "the parent questionnaire.",
    ),
    (
        "money worries",
        "Talk through money worries after the Universal Credit change and look at the "
        "Household Support Fund application together.",
    ),
    (
        "play at home",
        "Play-based session with {child} to model back-and-forth play, and hear what "
        "{parent} has noticed.",
    ),
    (
        "the family plan",
        "Review how the family plan is going and agree what to focus on for the next month.",
    ),
    ("housing", "Support with the repair complaint about damp in the children's bedroom."),
    (
        "the two-year review",
        "Prepare for {child}'s two-year review and go through the questionnaire together.",
    ),
    (
        "mealtimes",
        "Talk about weaning and mealtimes for {child}, following up the health "
        "visitor's suggestion.",
    ),
    (
        "the move",
        "Plan the move to the new flat and how to keep {child}'s routines steady through it.",
    ),
    ("toilet training", "Talk through toilet training for {child} and what has worked so far."),
    (
        "how {parent} is feeling",
        "Listen to how {parent} is feeling after a hard few weeks and "
        "look at what support would help.",
    ),
    ("routines", "Look at the family's weekly routine together and find one small change to try."),
    (
        "childcare funding",
        "Go over the funded childcare hours and help with the application for {child}'s place.",
    ),
    (
        "the stay-and-play group",
        "Introduce the stay-and-play group and agree to go along together for the first half hour.",
    ),
)
_FIRST_PURPOSE = (
    "getting to know each other",
    "First visit: get to know the family, explain how we work and what we write down, and hear "
    "what {parent} would like help with.",
)
_CLOSING_PURPOSE = (
    "ending our work together",
    "Closing visit: look back together at what has changed and agree how {parent} can get "
    "support from the hub in future.",
)

MODE_PLACES = {
    "home": "at home",
    "centre": "at the hub",
    "phone": "on the phone",
    "video": "on a video call",
}
MODE_TITLES = {
    "home": "Home visit",
    "centre": "Hub visit",
    "phone": "Phone call",
    "video": "Video call",
}

# ---- reflection prose ---------------------------------------------------------------------
# A sentence may start with tags before "|": W warm visits only, S strained visits only,
# H home only, P in person, R phone or video, C at the hub, I family needs an interpreter,
# D family has little digital access; O means it stands alone as the whole section.
# "{other}" is used only where there is a second adult.

_DESCRIBE_OPEN = (
    "I saw {parent} and {child} {place} for about {minutes} minutes.",
    "H|I visited {parent} at home; {child} was up and playing when I arrived.",
    "R|This contact was {place}, because a home visit was not possible this week.",
    "We met {place}; {parent} had asked to talk about {topic}.",
    "C|{parent} brought {child} to the hub and we used the small room at the back.",
)
_DESCRIBE_DETAIL = (
    "We spent most of the time on {topic}, and {parent} described what a typical evening looks "
    "like at the moment.",
    "P|{child} stayed close for the first part, then went off to play with the brick set I had "
    "brought.",
    "{parent} talked me through the chart they had started using, which is already well thumbed.",
    "P|Part-way through, {other} came in and joined the conversation for a while.",
    "We looked back at the goals we set last month and ticked off two of them.",
    "There were a few interruptions, a delivery and a call from the nursery, so the conversation "
    "came in pieces.",
    "R|The line dropped twice, so we agreed to keep it short and pick the rest up next time.",
    "S|{parent} was quieter than usual and said a couple of times that everything was fine.",
    "S|It took a while for anyone to answer; {parent} said they had been asleep after a bad "
    "night with {child}.",
    "W|{parent} had written down a list of questions, which we worked through together.",
    "I|The interpreter joined by phone, which slowed things down but meant {parent} could say "
    "exactly what they meant.",
)
_DESCRIBE_CLOSE = (
    "We agreed to come back to {topic} next time.",
    "H|Before I left we booked the next visit and {parent} wrote it on the calendar by the fridge.",
    "We finished by agreeing one small thing to try before we meet again.",
    "I left details of the stay-and-play sessions, as {parent} had asked.",
)
_FEELINGS = (
    "W|I went in feeling rushed after the previous visit ran over, but settled once we got "
    "talking.",
    "W|I felt genuinely pleased for {parent}; it is a while since I heard them talk about "
    "{child} with so much warmth.",
    "W|I noticed I was relaxed, which I think shows how far the relationship has come.",
    "S|I felt uneasy for much of the visit and caught myself filling silences rather than waiting.",
    "S|Afterwards I felt deflated and wondered whether I had pushed too hard on {topic}.",
    "S|I was anxious beforehand, because our last contact had ended awkwardly.",
    "On the drive back I kept thinking about something {parent} said about their own childhood.",
    "I was aware of being tired, and of wanting to get the recording right rather than just "
    "being there.",
    "I felt some frustration, not with the family but with how long the referral is taking.",
)
_HELPED = (
    "Arriving when I said I would mattered; {parent} mentioned it straight away.",
    "Letting {parent} set the agenda for the first ten minutes helped.",
    "Following up the food bank voucher I promised last time showed I do what I say.",
    "P|Getting down on the floor to play with {child} eased things, and {parent} joined in "
    "after a while.",
    "S|Naming the awkwardness from last time, and saying sorry for my part in it, cleared the "
    "air a little.",
    "Asking what was going well before asking about worries set a different tone.",
    "H|{parent} chose where we sat and whether the television stayed on, which seemed to help "
    "them feel in charge in their own home.",
    "Being honest that I would share the worry about {child}'s weight with the health visitor, "
    "and explaining why, seemed to build trust rather than damage it.",
    "W|Remembering the name of {child}'s new friend at nursery got a big smile.",
)
_HINDERED = (
    "I had to spend the last fifteen minutes on the assessment form, and the conversation went "
    "flat.",
    "S|{parent} seemed to feel judged when I asked about the smoke alarm, and closed down after "
    "that.",
    "The visit was squeezed between two others and I think {parent} could tell I was watching "
    "the clock.",
    "R|Not being in the room made it harder to read how {parent} was really feeling.",
    "S|A letter from another agency arrived the day before, and {parent} assumed I had known "
    "about it and not said.",
    "OW|Nothing much got in the way this time.",
    "P|{child} was unwell and unsettled, so it was hard for {parent} to focus.",
    "I|Waiting for the interpreter to be connected ate into the time we had.",
)
_ANALYSIS = (
    "I think {parent} is testing whether I will stay around when things are hard, which makes "
    "consistency more important than any advice.",
    "{parent}'s own experience of services has not always been good, so trust builds slowly "
    "and can be knocked back quickly.",
    "This matters for {child}: when {parent} feels steadier, the routines hold and {child} is "
    "calmer.",
    "W|The progress seems to come from {parent} feeling listened to more than from anything I "
    "have suggested.",
    "S|The dip in how things feel between us may be about the worry that letter raised, not "
    "about the work itself; I need to ask rather than assume.",
    "Some of what felt like reluctance was probably exhaustion; broken nights leave little room "
    "for anything else.",
    "It is a reminder that the relationship is the work here, not a step before the work.",
    "When I slow down, {parent} says more; when I am rushed, the conversation stays on the "
    "surface.",
)
_CONCLUSION = (
    "I have learned to check what {parent} expects from a visit rather than arrive with my own "
    "list.",
    "I could have come back to {topic} at the end instead of letting it drop.",
    "S|Next time something feels off I will name it gently in the moment rather than leave it "
    "until the end.",
    "I could have asked about {other} rather than waiting for it to come up.",
    "Leaving the form until after the visit would have kept the conversation going.",
    "Small, reliable actions seem to count for more than big plans.",
)
_NEXT = (
    "Phone {parent} on Monday, as promised, to check the appointment letter has come.",
    "Bring {topic} back at the next visit and ask what {parent} has noticed since.",
    "S|Take this to supervision: I want to think through how to raise the worry about {child} "
    "without losing what we have built.",
    "Book the next two visits now so {parent} knows when I am coming.",
    "Ask the health visitor for a joint visit so {parent} hears one message, not two.",
    "Go through the form with {parent} a few questions at a time, rather than all at once.",
    "Ask {other} whether they would like to be there next time, at a time that fits their shifts.",
    "P|Suggest a walk to the park with {child} next time instead of sitting indoors.",
    "I|Book the interpreter for the next visit today, so it is confirmed well ahead.",
    "W|Start talking with {parent} about what support from the hub could look like once our "
    "visits end.",
)
_BARRIERS_NOTICED = (
    "I|The interpreter could not be confirmed until the morning of the visit, so I went in not "
    "knowing whether we could talk properly.",
    "Three services are asking the same questions; {parent} said they had told all this to the "
    "last worker.",
    "My caseload means fortnightly is the best I can offer, and this family needs more than "
    "that at the moment.",
    "C|The private room was double-booked, so we talked in a corner of the café.",
    "D|The family's data ran out halfway through the last video call.",
    "The parenting group only runs in school hours, so {other} can never come.",
    "O|None that I noticed this time.",
    "The new assessment form took up most of the first half hour.",
)

# Which sentence pools each template section is built from: (pools, how many sentences).
_SECTION_POOLS: dict[str, tuple[tuple[tuple[str, ...], ...], tuple[int, int]]] = {
    "description": ((_DESCRIBE_OPEN, _DESCRIBE_DETAIL, _DESCRIBE_DETAIL, _DESCRIBE_CLOSE), (3, 4)),
    "what": ((_DESCRIBE_OPEN, _DESCRIBE_DETAIL, _DESCRIBE_DETAIL, _DESCRIBE_CLOSE), (3, 4)),
    "feelings": ((_FEELINGS, _FEELINGS, _FEELINGS), (2, 3)),
    "evaluation": ((_HELPED, _HELPED, _HINDERED, _HINDERED), (2, 4)),
    "helped": ((_HELPED, _HELPED, _HELPED), (2, 3)),
    "hindered": ((_HINDERED, _HINDERED), (1, 2)),
    "analysis": ((_ANALYSIS, _ANALYSIS, _ANALYSIS), (2, 3)),
    "so-what": ((_ANALYSIS, _ANALYSIS, _ANALYSIS), (2, 3)),
    "conclusion": ((_CONCLUSION, _CONCLUSION), (2, 2)),
    "action-plan": ((_NEXT, _NEXT, _NEXT), (2, 3)),
    "now-what": ((_NEXT, _NEXT, _NEXT), (2, 3)),
    "try-next": ((_NEXT, _NEXT), (1, 2)),
    "system-barriers": ((_BARRIERS_NOTICED, _BARRIERS_NOTICED), (1, 2)),
    "reflection": ((_DESCRIBE_OPEN, _DESCRIBE_DETAIL, _FEELINGS, _ANALYSIS, _NEXT), (4, 5)),
}

_CHECKIN_COMMENTS = {
    "warm": (
        "Felt easy today; {parent} did most of the talking.",
        "Good visit. {parent} raised a worry about {child} without me asking.",
        "",
        "",
    ),
    "strained": (
        "Harder visit. {parent} seemed guarded and kept answers short.",
        "Things feel more strained since the letter. To discuss in supervision.",
        "",
    ),
}

_FEEDBACK = {
    "reviewed": (
        "Thank you, this is a thoughtful reflection. I liked how you noticed what {parent} needed "
        "before moving on to {topic}.",
        "Read and signed off. Good to see the relationship building; keep doing what you said "
        "you would do, it clearly matters to {parent}.",
        "Thanks. Your point about slowing down is a good one; worth sharing at the team meeting.",
    ),
    "to_discuss": (
        "Let's talk about this in supervision. I'd like to hear more about how you felt when "
        "{parent} went quiet, and what support you need.",
        "Good reflection. Can we spend some time on the worry about {child} next supervision, "
        "and think together about how to raise it?",
    ),
    "returned": (
        "Could you add a little more on what you plan to do next about {topic}, and by when, "
        "before I sign this off?",
        "Please say more about what you noticed in {child} during the visit; the reflection is "
        "mostly about the paperwork at the moment.",
    ),
}

_AMEND_REASON = "Added the next steps my supervisor asked for."
_AMEND_ADDITION = (
    " Added after supervision: I will ring {parent} on Tuesday to agree a date for a joint "
    "visit with the health visitor, and come back to {topic} with them in a month."
)


@dataclass
class _Visit:
    id: str
    family: _Family
    child: str  # first name of the child the visit is mostly about
    when: datetime
    mode: str
    minutes: int
    present: list[str]
    topic: str
    purpose: str
    checkin: bool = False

    @property
    def stamp(self) -> str:
        return self.when.strftime("%Y-%m-%dT%H:%M")


@dataclass
class _Family:
    id: str
    surname: str
    members: list[dict[str, Any]]
    tags: set[str]
    language: str
    trend: str
    service: str = ""
    status: str = "active"
    first: date | None = None
    last: date | None = None
    opened: date | None = None
    reference: str = ""
    visits: list[_Visit] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return f"The {self.surname} family"

    @property
    def adults(self) -> list[dict[str, Any]]:
        return [m for m in self.members if m["role"] != "child"]

    @property
    def children(self) -> list[dict[str, Any]]:
        return [m for m in self.members if m["role"] == "child"]

    @property
    def two_parents(self) -> bool:
        return sum(m["role"] in ("mother", "father", "carer") for m in self.members) >= 2


def _first_part(sections: dict[str, str]) -> dict[str, str]:
    """What an early autosave holds: the first half of the sections, or of the one section."""
    keys = list(sections)
    if len(keys) == 1:
        sentences = sections[keys[0]].split(". ")
        return {keys[0]: ". ".join(sentences[: max(1, len(sentences) // 2)]).rstrip(".") + "."}
    keep = max(1, len(keys) // 2)
    return {
        key: (text if index < keep else "")
        for index, key in enumerate(keys)
        for text in [sections[key]]
    }


def _first(member: dict[str, Any]) -> str:
    return str(member["name"]).split(" ")[0]


class _DemoBuilder:
    def __init__(self, session: Session, today: date, seed: int, progress: Progress | None):
        self.session = session
        self.records = session.records
        self.today = today
        self.rng = random.Random(seed)
        self.progress = progress
        self.step = 0
        self.me = session.vault.member_id
        self.families: list[_Family] = []
        self.reflected: list[_Visit] = []
        # (record id, visit or None, the status it ends in; "amended" ends as submitted)
        self.reflections: list[tuple[str, _Visit | None, str]] = []

    # ---- helpers --------------------------------------------------------------------------

    def tick(self, total: int) -> None:
        self.step += 1
        if self.progress is not None:
            self.progress(min(self.step, total), total)

    def save(self, items: Sequence[_Item]) -> list[Record]:
        return self.records.save_many(items) if items else []

    def context(self, visit: _Visit) -> dict[str, str]:
        adults = visit.family.adults
        other = _first(adults[1]) if len(adults) > 1 else ""
        return {
            "parent": _first(adults[0]),
            "child": visit.child,
            "other": other,
            "place": MODE_PLACES[visit.mode],
            "minutes": str(visit.minutes),
            "topic": visit.topic,
        }

    def tone(self, family: _Family, day: date) -> str:
        return "strained" if self.target(family, day) < 3.3 else "warm"

    def sentence(
        self, pool: Sequence[str], ctx: dict[str, str], tags: set[str], used: set[str]
    ) -> tuple[str, bool]:
        """One sentence that fits the visit and is not already in the section; and whether it
        must stand alone ("nothing got in the way" next to a list of obstacles reads oddly)."""
        usable: list[tuple[str, bool]] = []
        for raw in pool:
            need, _, text = raw.rpartition("|")
            solo = "O" in need
            if not set(need.replace("O", "")) <= tags or text in used or (solo and used):
                continue
            if "{other}" in text and not ctx["other"]:
                continue
            usable.append((text, solo))
        if not usable:
            return "", False
        text, solo = self.rng.choice(usable)
        used.add(text)
        return text.format(**ctx), solo

    def prose(self, section_id: str, ctx: dict[str, str], tags: set[str]) -> str:
        pools, (low, high) = _SECTION_POOLS.get(section_id, _SECTION_POOLS["reflection"])
        count = self.rng.randint(low, high)
        # Keep the order of the slots (opening before detail before closing), drop some middles.
        slots = list(range(len(pools)))
        while len(slots) > count:
            slots.pop(self.rng.randrange(1, len(slots)) if len(slots) > 1 else 0)
        chosen: list[str] = []
        used: set[str] = set()
        for slot in slots:
            text, solo = self.sentence(pools[slot], ctx, tags, used)
            if solo:
                return text
            if text:
                chosen.append(text)
        return " ".join(chosen)

    def visit_tags(self, visit: _Visit) -> set[str]:
        tags = {"W" if self.tone(visit.family, visit.when.date()) == "warm" else "S"}
        tags.add({"home": "H", "centre": "C", "phone": "R", "video": "R"}[visit.mode])
        if visit.mode in ("home", "centre"):
            tags.add("P")
        if "interpreter" in visit.family.tags:
            tags.add("I")
        if "digital" in visit.family.tags:
            tags.add("D")
        return tags

    # ---- families -------------------------------------------------------------------------

    def plan_families(self) -> None:
        rng = self.rng
        picks = rng.sample(_FAMILY_POOL, FAMILY_COUNT)
        trends = list(_TRENDS)
        rng.shuffle(trends)
        services = [SERVICES[i % len(SERVICES)] for i in range(FAMILY_COUNT)]
        rng.shuffle(services)
        year_cap = min(self.today.year, date.today().year)
        for (surname, adults, kids, tags, language), trend, service in zip(
            picks, trends, services, strict=True
        ):
            # Youngest child first: the early-years work is mostly about them.
            children: list[dict[str, Any]] = []
            age = oldest = rng.randint(0, 3)
            for first in kids[: rng.randint(1, len(kids))]:
                children.append(
                    {"name": f"{first} {surname}", "role": "child", "birth_year": year_cap - age}
                )
                oldest = age
                age += rng.randint(2, 4)
            members: list[dict[str, Any]] = []
            for first, role in adults:
                if role == "grandparent":
                    age = oldest + rng.randint(45, 62)
                else:
                    age = oldest + rng.randint(19, 36 if role == "mother" else 40)
                members.append(
                    {"name": f"{first} {surname}", "role": role, "birth_year": year_cap - age}
                )
            members += children
            self.families.append(
                _Family(new_id(), surname, members, set(tags.split()), language, trend, service)
            )
        # Two families finished with the service; never the ones whose scores are dipping now.
        closable = [f for f in self.families if f.trend in ("improving", "steady")]
        for family in rng.sample(closable, CLOSED_COUNT):
            family.status = "closed"
        late = [f for f in self.families if f.status == "active" and f.trend == "steady"]
        late_starters = {f.id for f in rng.sample(late, 2)}
        start = self.today - timedelta(days=WINDOW_DAYS)
        for family in self.families:
            if family.id in late_starters:
                family.first = self.today - timedelta(days=rng.randint(60, 95))
                family.opened = family.first - timedelta(days=rng.randint(7, 20))
            else:
                family.first = start + timedelta(days=rng.randint(0, 12))
                family.opened = family.first - timedelta(days=rng.randint(20, 420))
            if family.status == "closed":
                family.last = self.today - timedelta(days=rng.randint(35, 70))
            else:
                family.last = self.today - timedelta(days=1)
        numbers = sorted(rng.sample(range(40, 990), FAMILY_COUNT))
        for number, family in zip(
            numbers, sorted(self.families, key=lambda f: (f.opened, f.surname)), strict=True
        ):
            assert family.opened is not None
            family.reference = f"EH-{family.opened.year % 100:02d}-{number:04d}"

    def save_families(self) -> None:
        items: list[_Item] = []
        for family in self.families:
            ctx = {"parent": _first(family.adults[0]), "child": _first(family.children[0])}
            notes = self.rng.choice(_NOTES).format(**ctx)
            if family.language:
                notes += f" {ctx['parent']} prefers to talk in {family.language} for anything "
                notes += "important; book an interpreter."
            if family.status == "closed":
                notes += " Closed by agreement: the goals in the family plan were met."
            data = {
                "reference": family.reference,
                "display_name": family.display_name,
                "members": family.members,
                "status": family.status,
                "service": family.service,
                "assigned_to": self.me,
                "notes": notes,
            }
            items.append(("family", data, family.id))
        self.save(items)

    # ---- agreements -----------------------------------------------------------------------

    def save_agreements(self) -> None:
        """Each family's agreement, so a newcomer sees every state: most agreed when the family
        was opened, one changed since (sharing added), one withdrawn, and the newest family
        with none recorded yet (hand-over mode warns before its check-ins)."""
        rng = random.Random(f"agreements-{self.rng.random()}")
        by_opening = sorted(self.families, key=lambda f: (f.opened or self.today, f.surname))
        active = [f for f in by_opening if f.status == "active"]
        closed = [f for f in by_opening if f.status == "closed"]
        missing = active[-1] if active else None
        changed = active[0] if active else None
        withdrawn = closed[-1] if closed else (active[1] if len(active) > 2 else None)
        partners = (["health visitor"], ["nursery"], [], ["health visitor", "GP"])
        items: list[_Item] = []
        later: list[tuple[str, dict[str, Any]]] = []
        for family in by_opening:
            if family is missing:
                continue
            day = family.opened or (family.first or self.today)
            parent = family.adults[0]["name"]
            data: dict[str, Any] = {
                "family_id": family.id,
                "status": "agreed",
                "when": day.isoformat(),
                "agreed_by": [parent],
                "working_with_service": True,
                "checkins": True,
                "sharing_with": list(rng.choice(partners)),
                "explained": _AGREEMENT_EXPLAINED.format(parent=_first(family.adults[0])),
                "explained_by": self.me,
            }
            rid = new_id()
            items.append(("agreement", data, rid))
            if family is changed:
                since = max(day, self.today - timedelta(days=rng.randint(20, 40)))
                later.append(
                    (
                        rid,
                        {
                            **data,
                            "when": since.isoformat(),
                            "sharing_with": sorted({*data["sharing_with"], "health visitor"}),
                            "explained": _AGREEMENT_CHANGED.format(parent=_first(family.adults[0])),
                        },
                    )
                )
            if family is withdrawn:
                until = family.last or self.today
                later.append(
                    (
                        rid,
                        {
                            **data,
                            "status": "withdrawn",
                            "when": min(until + timedelta(days=1), self.today).isoformat(),
                            "working_with_service": False,
                            "checkins": False,
                            "sharing_with": [],
                            "explained": _AGREEMENT_WITHDRAWN.format(
                                parent=_first(family.adults[0])
                            ),
                        },
                    )
                )
        self.save(items)
        for rid, data in later:
            self.records.save("agreement", data, record_id=rid)

    # ---- visits ---------------------------------------------------------------------------

    def plan_visits(self) -> None:
        rng = self.rng
        for family in self.families:
            assert family.first is not None and family.last is not None
            day = family.first
            days: list[date] = []
            while day <= family.last:
                shifted = day
                if shifted.weekday() == 5:
                    shifted -= timedelta(days=1)
                elif shifted.weekday() == 6:
                    shifted += timedelta(days=1)
                if shifted < self.today and (not days or shifted > days[-1]):
                    days.append(shifted)
                day += timedelta(days=14 + rng.choice((-3, -2, -1, 0, 0, 0, 1, 2, 3)))
            for index, day in enumerate(days):
                family.visits.append(self.plan_visit(family, day, index, len(days)))

    def plan_visit(self, family: _Family, day: date, index: int, count: int) -> _Visit:
        rng = self.rng
        modes, weights = ("home", "centre", "phone", "video"), [60, 17, 13, 10]
        if "digital" in family.tags:
            weights = [65, 20, 13, 2]
        mode = "home" if index == 0 else rng.choices(modes, weights)[0]
        low, high = {"home": (45, 90), "centre": (40, 75), "phone": (15, 40), "video": (20, 45)}[
            mode
        ]
        minutes = rng.randrange(low, high + 1, 5)
        hour, minute = rng.choice(
            ((9, 30), (10, 0), (10, 30), (11, 0), (13, 0), (13, 30), (14, 0), (15, 0))
        )
        adults, children = family.adults, family.children
        present = [adults[0]["name"]]
        chance = 0.25 if "separated" in family.tags else 0.5
        if mode in ("home", "centre", "video"):
            present += [m["name"] for m in adults[1:] if rng.random() < chance]
        if mode in ("home", "centre"):
            # The youngest, whom most visits are about, is there; older ones often at school.
            present += [children[0]["name"]]
            present += [m["name"] for m in children[1:] if rng.random() < 0.5]
        if index == 0 and family.opened and (day - family.opened).days < 30:
            topic, purpose = _FIRST_PURPOSE
        elif family.status == "closed" and index == count - 1:
            topic, purpose = _CLOSING_PURPOSE
        else:
            topic, purpose = rng.choice(_PURPOSES)
        ctx = {"parent": _first(adults[0]), "child": _first(children[0])}
        visit = _Visit(
            id=new_id(),
            family=family,
            child=ctx["child"],
            when=datetime.combine(day, time(hour, minute)),
            mode=mode,
            minutes=minutes,
            present=present,
            topic=topic.format(**ctx),
            purpose=purpose.format(**ctx),
        )
        return visit

    def save_visits(self) -> None:
        visits = sorted((v for f in self.families for v in f.visits), key=lambda v: v.when)
        self.save(
            [
                (
                    "visit",
                    {
                        "family_id": v.family.id,
                        "when": v.stamp,
                        "duration_minutes": v.minutes,
                        "mode": v.mode,
                        "present": v.present,
                        "purpose": v.purpose,
                    },
                    v.id,
                )
                for v in visits
            ]
        )

    # ---- check-ins ------------------------------------------------------------------------

    def target(self, family: _Family, day: date) -> float:
        """The practitioner–family score this family's story calls for on a given day."""
        assert family.first is not None and family.last is not None
        span = max((family.last - family.first).days, 1)
        f = min(max((day - family.first).days / span, 0.0), 1.0)
        trend = family.trend
        if trend == "improving":
            return 2.7 + 1.5 * f
        if trend == "repair":
            return 3.9 - 1.0 * max(0.0, 1 - abs(f - 0.5) / 0.2)
        if trend == "dip_slow":
            return 3.9 if f < 0.4 else 3.9 - 1.2 * (f - 0.4) / 0.6
        if trend == "dip_sharp":
            checkins = [v for v in family.visits if v.checkin]
            if checkins and day >= checkins[-1].when.date() - timedelta(days=3):
                return 2.5
            return 4.0
        return 4.1

    def oriented_scores(self, instrument: Instrument, mean: float) -> dict[str, int]:
        """Item scores whose mean is the nearest possible to `mean`, with a little spread."""
        rng = self.rng
        low, high = instrument.scale.min, instrument.scale.max
        n = len(instrument.items)
        total = min(max(round(mean * n), low * n), high * n)
        values = [total // n] * n
        for i in rng.sample(range(n), total - sum(values)):
            values[i] += 1
        for _ in range(2):
            i, j = rng.sample(range(n), 2)
            if values[i] < high and values[j] > low:
                values[i] += 1
                values[j] -= 1
        return {
            item.id: (low + high - value if item.reverse else value)
            for item, value in zip(instrument.items, values, strict=True)
        }

    def checkin(
        self,
        instrument: Instrument,
        visit: _Visit,
        respondent: str,
        mean: float,
        comment: str = "",
        minutes_before_end: int = 0,
    ) -> _Item:
        when = visit.when + timedelta(minutes=visit.minutes - minutes_before_end)
        data: dict[str, Any] = {
            "family_id": visit.family.id,
            "visit_id": visit.id,
            "instrument_id": instrument.id,
            "respondent": respondent,
            "when": when.strftime("%Y-%m-%dT%H:%M"),
            "scores": self.oriented_scores(instrument, mean),
        }
        if comment:
            data["comment"] = comment
        return ("checkin", data, None)

    def plan_checkins(self) -> list[_Item]:
        rng = self.rng
        instruments = self.records.definitions.instruments
        pf, pp = instruments[PRACTITIONER_FAMILY], instruments[PARENT_PARENT]
        items: list[_Item] = []
        for family in self.families:
            # Roughly monthly: every other visit, counting back from the latest.
            chosen = family.visits[::-1][::2][::-1]
            for visit in chosen:
                visit.checkin = True
            for index, visit in enumerate(chosen):
                mean = self.target(family, visit.when.date()) + rng.gauss(0, 0.12)
                last, previous = index == len(chosen) - 1, index == len(chosen) - 2
                if family.trend == "dip_sharp" and (last or previous):
                    mean = 2.5 if last else 23 / 6  # a drop of 1.33: more than reliable change
                elif family.trend == "dip_slow" and (last or previous):
                    mean = 16 / 6 if last else 19 / 6  # below the alert level, a gentle fall
                elif last:
                    mean = max(mean, 3.4)
                tone = "strained" if mean < 3.3 else "warm"
                ctx = self.context(visit)
                comment = rng.choice(_CHECKIN_COMMENTS[tone]).format(**ctx)
                items.append(self.checkin(pf, visit, "practitioner", mean, comment))
            # Some parents give their own view on the same form, in hand-over mode.
            if family.trend in ("improving", "repair", "dip_slow"):
                for visit in chosen[::2]:
                    mean = min(self.target(family, visit.when.date()) + 0.4, 4.8)
                    items.append(self.checkin(pf, visit, "parent", mean, minutes_before_end=10))
            if family.two_parents and rng.random() < 0.7:
                items += self.parent_parent_checkins(pp, family)
        return items

    def parent_parent_checkins(self, instrument: Instrument, family: _Family) -> list[_Item]:
        rng = self.rng
        start = 2.8 if "separated" in family.tags else rng.uniform(3.6, 4.2)
        gain = 1.0 if "separated" in family.tags else rng.uniform(-0.2, 0.3)
        visits = [v for v in family.visits if v.mode in ("home", "centre")][1::3]
        who = _first(family.adults[0])
        items = []
        for index, visit in enumerate(visits):
            f = index / max(len(visits) - 1, 1)
            comment = f"Completed by {who} on their own, while I played with {visit.child}."
            if "separated" in family.tags and index == 0:
                comment = f"Completed by {who}. The parents live apart and share care."
            items.append(
                self.checkin(
                    instrument, visit, "parent", start + gain * f + rng.gauss(0, 0.1), comment, 15
                )
            )
        return items

    def self_checks(self) -> list[_Item]:
        instrument = self.records.definitions.instruments[SELF_CHECK]
        low, high = instrument.scale.min, instrument.scale.max
        items: list[_Item] = []
        plans = (
            (160, {"circumstances": 2.0, "settings": 2.5}, "Caseload is at 24. No time to think."),
            (
                90,
                {"circumstances": 2.5, "settings": 3.5},
                "Quiet room slots are making a difference to hub visits.",
            ),
            (12, {"circumstances": 3.0, "settings": 4.0}, "Better, but one family is worrying me."),
        )
        for days_ago, opportunity, comment in plans:
            scores = {}
            for item in instrument.items:
                base = opportunity.get(item.domain or "", 4.2)
                value = round(base + self.rng.choice((-1, 0, 0, 0, 1)) * 0.6)
                scores[item.id] = min(max(value, low), high)
            when = datetime.combine(self.today - timedelta(days=days_ago), time(16, 30))
            data = {
                # The schema needs a family id; a self-check is about the practitioner, so it
                # hangs from the practitioner's own member id and shows under no family.
                "family_id": self.me,
                "instrument_id": instrument.id,
                "respondent": "practitioner",
                "when": when.strftime("%Y-%m-%dT%H:%M"),
                "scores": scores,
                "comment": comment,
            }
            items.append(("checkin", data, None))
        return items

    # ---- reflections ----------------------------------------------------------------------

    def plan_reflections(self) -> dict[str, str]:
        """Which visits get a reflection, and the status each one ends in."""
        rng = self.rng
        visits = sorted((v for f in self.families for v in f.visits), key=lambda v: v.when)
        chosen: list[_Visit] = []
        for visit in visits:
            age = (self.today - visit.when.date()).days
            dipping = visit.family.trend.startswith("dip")
            chance = 0.85 if age <= 30 or (dipping and age <= 60) else 0.5
            if rng.random() < chance or (dipping and visit is visit.family.visits[-1]):
                chosen.append(visit)
        status: dict[str, str] = {}
        for visit in chosen:
            age = (self.today - visit.when.date()).days
            if age <= 10:
                status[visit.id] = "draft" if rng.random() < 0.55 else "submitted"
            elif age <= 24:
                status[visit.id] = "submitted"
            elif age <= 45:
                status[visit.id] = rng.choices(
                    ("reviewed", "to_discuss", "submitted"), (70, 20, 10)
                )[0]
            else:
                status[visit.id] = "reviewed" if rng.random() < 0.95 else "submitted"
        recent = [v for v in reversed(chosen) if (self.today - v.when.date()).days <= 10]
        drafts = [v for v in recent if status[v.id] == "draft"]
        for visit in recent:
            if len(drafts) >= 3:
                break
            if status[visit.id] != "draft":
                status[visit.id] = "draft"
                drafts.append(visit)
        for visit in drafts[5:]:
            status[visit.id] = "submitted"
        # Two returned by the supervisor, one more returned and since amended, one to discuss.
        middle = [v for v in chosen if 11 <= (self.today - v.when.date()).days <= 45]
        rng.shuffle(middle)
        for visit, state in zip(
            middle, ("returned", "returned", "amended", "to_discuss"), strict=False
        ):
            status[visit.id] = state
        self.reflected = chosen
        return status

    def reflection_data(self, visit: _Visit) -> dict[str, Any]:
        rng = self.rng
        templates = self.records.definitions.templates
        weights = {
            "relational-practice": 35,
            "gibbs": 25,
            "what-so-what-now-what": 30,
            "free-text": 10,
        }
        ids = [t for t in weights if t in templates] or sorted(templates)
        template = templates[rng.choices(ids, [weights.get(t, 10) for t in ids])[0]]
        ctx = self.context(visit)
        tags = self.visit_tags(visit)
        sections = {s.id: self.prose(s.id, ctx, tags) for s in template.sections}
        themes = list(template.suggested_themes)
        picked = rng.sample(themes, min(len(themes), rng.randint(1, 3))) if themes else []
        if "S" in tags and "Rupture and repair" in themes and "Rupture and repair" not in picked:
            picked.append("Rupture and repair")
        day = visit.when.date()
        return {
            "visit_id": visit.id,
            "family_id": visit.family.id,
            "template_id": template.id,
            # "Home visit with the Okafor family, 3 Mar"
            "title": f"{MODE_TITLES[visit.mode]} with the {visit.family.surname} family, "
            f"{day.day} {day:%b}",
            "sections": sections,
            "themes": picked,
        }

    def submitted_at(self, visit: _Visit | None, days_ago: int = 60) -> str:
        if visit is None:
            moment = datetime.combine(self.today - timedelta(days=days_ago), time(17, 10))
        else:
            lag = self.rng.choice((0, 0, 0, 1, 1, 2, 3))
            moment = datetime.combine(
                min(visit.when.date() + timedelta(days=lag), self.today - timedelta(days=1)),
                time(self.rng.randint(12, 18), self.rng.choice((5, 20, 40, 55))),
            )
            moment = max(moment, visit.when + timedelta(minutes=visit.minutes + 30))
        return moment.replace(tzinfo=UTC).isoformat(timespec="seconds")

    def save_reflections(self, status: dict[str, str], total: int) -> None:
        records = self.records
        by_id: dict[str, dict[str, Any]] = {}
        first: list[_Item] = []
        for visit in self.reflected:
            data = self.reflection_data(visit)
            rid = new_id()
            by_id[rid] = data
            self.reflections.append((rid, visit, status[visit.id]))
            if status[visit.id] != "draft":
                first.append(("reflection", {**data, "status": "draft"}, rid))
        standalone = self.standalone_reflection()
        rid = new_id()
        by_id[rid] = standalone
        self.reflections.append((rid, None, "reviewed"))
        first.append(("reflection", {**standalone, "status": "draft"}, rid))
        self.save(first)
        self.tick(total)

        # Submission, then the supervisor's decision, each as a new version.
        submitted: list[_Item] = []
        decided: list[_Item] = []
        for rid, maybe_visit, final in self.reflections:
            if final == "draft":
                continue
            data = {
                **by_id[rid],
                "status": "submitted",
                "submitted_at": self.submitted_at(maybe_visit),
            }
            by_id[rid] = data
            submitted.append(("reflection", data, rid))
            if final in ("reviewed", "to_discuss", "returned", "amended"):
                decision = "returned" if final == "amended" else final
                decided.append(("reflection", {**data, "status": decision}, rid))
        self.save(submitted)
        self.save(decided)
        self.tick(total)

        # Drafts are typed over a sitting or two: autosaved versions, then left for later.
        for rid, _visit, final in self.reflections:
            if final != "draft":
                continue
            data = by_id[rid]
            partial = _first_part(data["sections"])
            record = records.save_reflection_draft({**data, "sections": partial})
            records.save_reflection_draft(
                data, record_id=record.id, expected_version=record.version
            )
            self.rekey(rid, record.id)
        for rid, maybe_visit, final in self.reflections:
            if final == "amended" and maybe_visit is not None:
                self.amend(rid, maybe_visit)
        self.tick(total)

    def amend(self, rid: str, visit: _Visit) -> None:
        """Reopen a returned reflection with a reason, add what was asked for, submit again."""
        records = self.records
        reopened = records.amend_reflection(rid, _AMEND_REASON)
        template = records.definitions.templates[reopened.data["template_id"]]
        sections = dict(reopened.data["sections"])
        last = template.sections[-1].id  # the "next steps" part of every shipped template
        sections[last] = sections.get(last, "") + _AMEND_ADDITION.format(**self.context(visit))
        edited = {k: v for k, v in reopened.data.items() if k != "status"}
        records.save_reflection_draft(
            {**edited, "sections": sections}, record_id=rid, expected_version=reopened.version
        )
        records.submit_reflection(rid)

    def rekey(self, old: str, new: str) -> None:
        self.reflections = [(new if r == old else r, v, s) for r, v, s in self.reflections]

    def standalone_reflection(self) -> dict[str, Any]:
        text = (
            "This month my caseload went up to 24 families after a colleague went on long-term "
            "sick leave. I have noticed that I am cutting visits short and doing more by phone, "
            "and that families notice it too. Two parents have said something like 'you're busy, "
            "I won't keep you'. I want to use supervision to think about which families most "
            "need continuity from me right now, and to record the caseload pressure as a barrier "
            "so it is visible beyond our team."
        )
        return {
            "template_id": "free-text",
            "title": "Thinking about my caseload",
            "sections": {"reflection": text},
            "themes": [],
        }

    # ---- feedback -------------------------------------------------------------------------

    def save_feedback(self) -> None:
        rng = self.rng
        items: list[_Item] = []
        reviewed = [r for r in self.reflections if r[2] == "reviewed" and r[1] is not None]
        with_feedback = rng.sample(reviewed, min(6, len(reviewed)))
        others = [r for r in self.reflections if r[2] in ("to_discuss", "returned", "amended")]
        reply_to: str | None = None
        for rid, visit, final in sorted(
            with_feedback + others, key=lambda r: r[1].when if r[1] else datetime.min
        ):
            assert visit is not None
            state = "returned" if final == "amended" else final
            ctx = self.context(visit)
            fid = new_id()
            items.append(
                (
                    "feedback",
                    {
                        "record_id": rid,
                        "text": rng.choice(_FEEDBACK[state]).format(**ctx),
                        "review_state": state,
                    },
                    fid,
                )
            )
            if state == "to_discuss":
                reply_to = reply_to or fid
                items.append(
                    (
                        "feedback",
                        {
                            "record_id": rid,
                            "text": "Thanks, yes please. I will bring my notes from the visit.",
                            "reply_to": fid,
                        },
                        None,
                    )
                )
        self.save(items)

    # ---- barriers, change tests, supervision -----------------------------------------------

    def visits_for(self, want: Callable[[_Visit], bool], count: int) -> list[_Visit]:
        found = sorted(
            (v for f in self.families for v in f.visits if want(v)), key=lambda v: v.when
        )
        if not found:
            found = sorted((v for f in self.families for v in f.visits), key=lambda v: v.when)
        return found[-count:]

    def save_barriers_and_changes(self) -> None:
        today = self.today
        language_families = [f for f in self.families if f.language]
        language = language_families[0].language if language_families else "Romanian"
        specs: list[tuple[str, str, str, str, list[_Visit], int]] = [
            (
                "caseload-time",
                "Caseload went up to 24 families after a colleague's long-term sickness. Visits "
                "are being cut to 45 minutes and two families have moved to monthly contact.",
                "high",
                "open",
                self.visits_for(lambda v: v.mode == "phone", 3),
                150,
            ),
            (
                "interpreter-language",
                f"Telephone interpreting could not find a {language} interpreter at less than 48 "
                "hours' notice, so a planned conversation about a child's development was "
                "rebooked twice.",
                "medium",
                "being_addressed",
                self.visits_for(lambda v: bool(v.family.language), 2),
                120,
            ),
            (
                "information-sharing",
                "Notes from the health visiting team about a baby's weight checks do not reach "
                "the family hub. A parent has told the same story to three workers in a month.",
                "high",
                "open",
                self.visits_for(lambda v: v.mode == "home", 2),
                70,
            ),
            (
                "venue-transport-access",
                "The only private room at Family Hub South is booked most mornings, so meetings "
                "happen in the open café area where parents do not talk freely.",
                "medium",
                "resolved",
                self.visits_for(lambda v: v.mode == "centre", 2),
                165,
            ),
            (
                "process-paperwork",
                "The new early help assessment takes about 90 minutes. First visits turn into a "
                "questionnaire before any relationship has started.",
                "medium",
                "open",
                self.visits_for(lambda v: v is v.family.visits[0], 2),
                100,
            ),
            (
                "opening-hours",
                "The stay-and-play and the parenting group only run between 9:30 and 2:30 on "
                "weekdays, so parents who work shifts have never been able to come.",
                "low",
                "open",
                self.visits_for(lambda v: v.family.two_parents, 1),
                45,
            ),
            (
                "digital-access",
                "A family with one phone on pay-as-you-go data cannot keep a video call going or "
                "join the online parenting course.",
                "medium",
                "being_addressed",
                self.visits_for(lambda v: "digital" in v.family.tags, 1),
                30,
            ),
        ]
        barrier_ids: dict[str, str] = {}
        items: list[_Item] = []
        for category, description, impact, status, visits, days_ago in specs:
            bid = new_id()
            barrier_ids[category] = bid
            services = {v.family.service for v in visits}
            data = {
                "category": category,
                "description": description,
                "impact": impact,
                "visit_ids": [v.id for v in visits],
                "status": status,
                "noticed_on": (today - timedelta(days=days_ago)).isoformat(),
            }
            if len(services) == 1:
                data["service"] = services.pop()
            if category == "venue-transport-access":
                data["service"] = "Family Hub South"
            items.append(("barrier", data, bid))
        items += self.change_tests(barrier_ids)
        items += self.supervision_sessions()
        self.save(items)

    def change_tests(self, barriers: dict[str, str]) -> list[tuple[str, dict[str, Any], None]]:
        today = self.today
        return [
            (
                "change_test",
                {
                    "title": "Bookable quiet-room slots at Family Hub South",
                    "barrier_ids": [barriers["venue-transport-access"]],
                    "plan": "Keep the small meeting room free for family workers on Tuesday and "
                    "Thursday mornings, bookable by the hour on the shared calendar.",
                    "do": "Ran for six weeks. Reception kept the calendar and turned away other "
                    "bookings in those slots.",
                    "study": "14 of 16 hub visits in those weeks were in a private room, against "
                    "4 of 15 in the six weeks before. Practitioners' check-in scores for those "
                    "visits were higher on 'honest about worries'.",
                    "act": "Adopted: the hub manager has made the slots permanent and added "
                    "Wednesday afternoons.",
                    "measure": "Share of hub visits held in a private room; practitioner–family "
                    "check-in item 'honest about worries'.",
                    "outcome": "Adopted as standard practice at Family Hub South.",
                    "start_date": (today - timedelta(days=140)).isoformat(),
                    "end_date": (today - timedelta(days=98)).isoformat(),
                    "status": "adopted",
                },
                None,
            ),
            (
                "change_test",
                {
                    "title": "Book the interpreter when the referral arrives",
                    "barrier_ids": [barriers["interpreter-language"]],
                    "plan": "When a referral says a family prefers another language, the duty "
                    "worker books an interpreter for the first three visits straight away.",
                    "do": "Started with referrals to Family Hub North. Five families so far; "
                    "one booking was cancelled by the agency at short notice.",
                    "measure": "Visits with a confirmed interpreter 48 hours ahead; times a "
                    "visit is rebooked for lack of one.",
                    "start_date": (today - timedelta(days=40)).isoformat(),
                    "status": "running",
                },
                None,
            ),
            (
                "change_test",
                {
                    "title": "Conversation first, assessment form later",
                    "barrier_ids": [barriers["process-paperwork"], barriers["caseload-time"]],
                    "plan": "For new families, spend the first visit on the family's own story "
                    "and complete the assessment over the next three visits, a section at a "
                    "time, with the parent.",
                    "measure": "Minutes of the first visit spent on forms; the parent's "
                    "practitioner–family check-in after visit three.",
                    "start_date": (today + timedelta(days=14)).isoformat(),
                    "status": "planned",
                },
                None,
            ),
        ]

    def supervision_sessions(self) -> list[tuple[str, dict[str, Any], None]]:
        dipping = [f for f in self.families if f.trend.startswith("dip")]
        names = [f.display_name for f in dipping] or ["a family on my caseload"]
        sessions = []
        for days_ago, agenda, notes, actions in (
            (
                44,
                ["Caseload pressure", f"{names[0]}: planning the next month"],
                "Talked about the increase in caseload and which families most need "
                "continuity. Agreed to record it as a barrier.",
                [
                    {"text": "Record the caseload increase as a barrier", "status": "done"},
                    {"text": "Move two stable families to monthly contact", "status": "done"},
                ],
            ),
            (
                9,
                [f"{names[-1]}: the relationship has felt strained", "Returned reflections"],
                "Looked at the recent check-ins together. Alex will name the change in the "
                "relationship with the family at the next visit and ask what has shifted.",
                [
                    {"text": "Name the strain with the family at the next visit", "status": "open"},
                    {"text": "Ask the health visitor for a joint visit", "status": "open"},
                ],
            ),
        ):
            when = datetime.combine(self.today - timedelta(days=days_ago), time(14, 0))
            sessions.append(
                (
                    "supervision_session",
                    {
                        "practitioner_id": self.me,
                        "when": when.strftime("%Y-%m-%dT%H:%M"),
                        "agenda": agenda,
                        "notes": notes,
                        "actions": actions,
                    },
                    None,
                )
            )
        return sessions


def build_demo_profile(
    folder: Path,
    *,
    today: date | None = None,
    seed: int = 7,
    progress: Progress | None = None,
) -> Session:
    """Create a practitioner profile in `folder`, unlocked with DEMO_PASSPHRASE, full of
    invented families, visits, reflections, check-ins, barriers and change tests."""
    today = today or date.today()
    total = 9
    folder = Path(folder)
    if progress is not None:
        progress(0, total)
    session, _recovery_code = create_profile(folder, DEMO_NAME, DEMO_ROLE, DEMO_PASSPHRASE)
    try:
        builder = _DemoBuilder(session, today, seed, progress)
        builder.tick(total)
        builder.plan_families()
        builder.plan_visits()
        builder.save_families()
        builder.tick(total)
        builder.save_visits()
        builder.tick(total)
        builder.save(builder.plan_checkins() + builder.self_checks())
        builder.tick(total)
        builder.save_reflections(builder.plan_reflections(), total)
        builder.save_feedback()
        builder.tick(total)
        builder.save_barriers_and_changes()
        builder.save_agreements()
        builder.tick(total)
    except BaseException:
        # A half-built demo would be reused by ensure_demo_profile: remove what we created.
        session.close()
        for name in (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm", KEYS_NAME):
            with contextlib.suppress(FileNotFoundError):
                (folder / name).unlink()
        raise
    return session


def ensure_demo_profile(folder: Path, **kw: Any) -> Path:
    """Build the demo profile in `folder` unless a profile is already there; returns folder."""
    folder = Path(folder)
    if not Vault.exists(folder):
        build_demo_profile(folder, **kw).close()
    return folder
