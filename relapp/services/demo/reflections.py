"""The demo's reflections and the supervisor's feedback on them: which visits get one, the
template and prose of each, and every state a reflection can be in (drafts typed over a sitting
or two, submitted, reviewed, to discuss, returned, returned and amended)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from relapp.services.demo.builder import DemoBuilder, Item, Visit
from relapp.store.vault import new_id

TEMPLATE_WEIGHTS = {
    "relational-practice": 35,
    "gibbs": 25,
    "what-so-what-now-what": 30,
    "free-text": 10,
}


def first_part(sections: dict[str, str]) -> dict[str, str]:
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


def plan_reflections(demo: DemoBuilder) -> dict[str, str]:
    """Which visits get a reflection, and the status each one ends in."""
    rng = demo.rng
    today = demo.today
    chosen: list[Visit] = []
    for visit in demo.visits():
        age = (today - visit.when.date()).days
        dipping = visit.family.trend.startswith("dip")
        chance = 0.85 if age <= 30 or (dipping and age <= 60) else 0.5
        if rng.random() < chance or (dipping and visit is visit.family.visits[-1]):
            chosen.append(visit)
    status: dict[str, str] = {}
    for visit in chosen:
        age = (today - visit.when.date()).days
        if age <= 10:
            status[visit.id] = "draft" if rng.random() < 0.55 else "submitted"
        elif age <= 24:
            status[visit.id] = "submitted"
        elif age <= 45:
            status[visit.id] = rng.choices(("reviewed", "to_discuss", "submitted"), (70, 20, 10))[0]
        else:
            status[visit.id] = "reviewed" if rng.random() < 0.95 else "submitted"
    recent = [v for v in reversed(chosen) if (today - v.when.date()).days <= 10]
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
    middle = [v for v in chosen if 11 <= (today - v.when.date()).days <= 45]
    rng.shuffle(middle)
    for visit, state in zip(
        middle, ("returned", "returned", "amended", "to_discuss"), strict=False
    ):
        status[visit.id] = state
    demo.reflected = chosen
    return status


def reflection_data(demo: DemoBuilder, visit: Visit) -> dict[str, Any]:
    rng = demo.rng
    templates = demo.records.definitions.templates
    weights = TEMPLATE_WEIGHTS
    ids = [t for t in weights if t in templates] or sorted(templates)
    template = templates[rng.choices(ids, [weights.get(t, 10) for t in ids])[0]]
    ctx = demo.context(visit)
    tags = demo.visit_tags(visit)
    sections = {s.id: demo.prose(s.id, ctx, tags) for s in template.sections}
    themes = list(template.suggested_themes)
    picked = rng.sample(themes, min(len(themes), rng.randint(1, 3))) if themes else []
    if "S" in tags and "Rupture and repair" in themes and "Rupture and repair" not in picked:
        picked.append("Rupture and repair")
    day = visit.when.date()
    title = demo.content.visits.mode_titles[visit.mode]
    return {
        "visit_id": visit.id,
        "family_id": visit.family.id,
        "template_id": template.id,
        # "Home visit with the Okafor family, 3 Mar"
        "title": f"{title} with the {visit.family.surname} family, {day.day} {day:%b}",
        "sections": sections,
        "themes": picked,
    }


def submitted_at(demo: DemoBuilder, visit: Visit | None, days_ago: int = 60) -> str:
    if visit is None:
        moment = datetime.combine(demo.today - timedelta(days=days_ago), time(17, 10))
    else:
        lag = demo.rng.choice((0, 0, 0, 1, 1, 2, 3))
        moment = datetime.combine(
            min(visit.when.date() + timedelta(days=lag), demo.today - timedelta(days=1)),
            time(demo.rng.randint(12, 18), demo.rng.choice((5, 20, 40, 55))),
        )
        moment = max(moment, visit.when + timedelta(minutes=visit.minutes + 30))
    return moment.replace(tzinfo=UTC).isoformat(timespec="seconds")


def standalone_reflection(demo: DemoBuilder) -> dict[str, Any]:
    """A reflection about no visit: the practitioner's own caseload."""
    standalone = demo.content.reflections.standalone
    return {
        "template_id": standalone.template_id,
        "title": standalone.title,
        "sections": {standalone.section: standalone.text},
        "themes": [],
    }


def save_reflections(demo: DemoBuilder, status: dict[str, str], total: int) -> None:
    records = demo.records
    by_id: dict[str, dict[str, Any]] = {}
    first: list[Item] = []
    for visit in demo.reflected:
        data = reflection_data(demo, visit)
        rid = new_id()
        by_id[rid] = data
        demo.reflections.append((rid, visit, status[visit.id]))
        if status[visit.id] != "draft":
            first.append(("reflection", {**data, "status": "draft"}, rid))
    standalone = standalone_reflection(demo)
    rid = new_id()
    by_id[rid] = standalone
    demo.reflections.append((rid, None, "reviewed"))
    first.append(("reflection", {**standalone, "status": "draft"}, rid))
    demo.save(first)
    demo.tick(total)

    # Submission, then the supervisor's decision, each as a new version.
    submitted: list[Item] = []
    decided: list[Item] = []
    for rid, maybe_visit, final in demo.reflections:
        if final == "draft":
            continue
        data = {
            **by_id[rid],
            "status": "submitted",
            "submitted_at": submitted_at(demo, maybe_visit),
        }
        by_id[rid] = data
        submitted.append(("reflection", data, rid))
        if final in ("reviewed", "to_discuss", "returned", "amended"):
            decision = "returned" if final == "amended" else final
            decided.append(("reflection", {**data, "status": decision}, rid))
    demo.save(submitted)
    demo.save(decided)
    demo.tick(total)

    # Drafts are typed over a sitting or two: autosaved versions, then left for later.
    for rid, _visit, final in demo.reflections:
        if final != "draft":
            continue
        data = by_id[rid]
        partial = first_part(data["sections"])
        record = records.save_reflection_draft({**data, "sections": partial})
        records.save_reflection_draft(data, record_id=record.id, expected_version=record.version)
        rekey(demo, rid, record.id)
    for rid, maybe_visit, final in demo.reflections:
        if final == "amended" and maybe_visit is not None:
            amend(demo, rid, maybe_visit)
    demo.tick(total)


def amend(demo: DemoBuilder, rid: str, visit: Visit) -> None:
    """Reopen a returned reflection with a reason, add what was asked for, submit again."""
    records = demo.records
    content = demo.content.reflections
    reopened = records.amend_reflection(rid, content.amend_reason)
    template = records.definitions.templates[reopened.data["template_id"]]
    sections = dict(reopened.data["sections"])
    last = template.sections[-1].id  # the "next steps" part of every shipped template
    sections[last] = sections.get(last, "") + content.amend_addition.format(**demo.context(visit))
    edited = {k: v for k, v in reopened.data.items() if k != "status"}
    records.save_reflection_draft(
        {**edited, "sections": sections}, record_id=rid, expected_version=reopened.version
    )
    records.submit_reflection(rid)


def rekey(demo: DemoBuilder, old: str, new: str) -> None:
    demo.reflections = [(new if r == old else r, v, s) for r, v, s in demo.reflections]


def save_feedback(demo: DemoBuilder) -> None:
    rng = demo.rng
    responses = demo.content.responses
    items: list[Item] = []
    reviewed = [r for r in demo.reflections if r[2] == "reviewed" and r[1] is not None]
    with_feedback = rng.sample(reviewed, min(6, len(reviewed)))
    others = [r for r in demo.reflections if r[2] in ("to_discuss", "returned", "amended")]
    reply_to: str | None = None
    for rid, visit, final in sorted(
        with_feedback + others, key=lambda r: r[1].when if r[1] else datetime.min
    ):
        assert visit is not None
        state = "returned" if final == "amended" else final
        ctx = demo.context(visit)
        fid = new_id()
        text = rng.choice(responses.feedback[state]).format(**ctx)
        items.append(("feedback", {"record_id": rid, "text": text, "review_state": state}, fid))
        if state == "to_discuss":
            reply_to = reply_to or fid
            reply = {"record_id": rid, "text": responses.feedback_reply, "reply_to": fid}
            items.append(("feedback", reply, None))
    demo.save(items)
