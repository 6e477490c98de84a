"""A supervisor's Today (relapp.services.supervisor_today), on a real team and shared folder:
what waits for review, what came back answered, whose supervision is due, the team's alerts,
and erasure requests."""

from __future__ import annotations

from datetime import date

from relapp.services import erasure
from relapp.services.supervision import give_feedback, my_threads, reply
from relapp.services.supervisor_today import supervisor_today
from tests.sync.conftest import team  # noqa: F401 - the fixture
from tests.sync.helpers import family


def reflection(session, text: str, family_id: str):  # noqa: ANN001, ANN201
    draft = session.records.save_reflection_draft(
        {"template_id": "free-text", "sections": {"reflection": text}, "family_id": family_id}
    )
    return session.records.submit_reflection(draft.id)


def test_waiting_answered_due_and_asked_for(team) -> None:  # noqa: F811
    alex = team.join("alex", "Alex Morgan", "practitioner")
    sup = team.people["sup"]
    lark = family(alex, "The Lark family", "EH-1")
    first = reflection(alex, "The first visit went well", lark.id)
    second = reflection(alex, "Bedtime is hard", lark.id)
    team.sync("alex", "sup")
    today = date.today()
    seen = supervisor_today(sup, today)
    assert {r.id for r in seen.waiting} == {first.id, second.id}
    assert all(r.practitioner == "Alex Morgan" for r in seen.waiting)
    assert seen.answered == []
    # Alex has never had supervision: due.
    assert [r.name for r in seen.sessions_due] == ["Alex Morgan"]

    # Returned with a question; Alex answers it; the supervisor's Today shows the answer.
    give_feedback(sup, second.id, "What did you try at bedtime?", "returned")
    team.sync("sup", "alex")
    (thread,) = [t for t in my_threads(alex) if t.reflection_id == second.id]
    reply(alex, thread.question.id, "A story and a song, then lights out")
    team.sync("alex", "sup")
    seen = supervisor_today(sup, today)
    assert [r.id for r in seen.waiting] == [first.id]
    (answered,) = seen.answered
    assert answered.reflection_id == second.id and answered.practitioner == "Alex Morgan"
    assert answered.answer == "A story and a song, then lights out"
    assert answered.family == "The Lark family"

    # A practitioner's erasure request reaches the supervisors' Today.
    erasure.ask_for_erasure(alex, lark.id, request="SAR-9", reason="asked by the family")
    team.sync("alex", "sup")
    (asked,) = supervisor_today(sup, today).erasure_requests
    assert asked.family_id == lark.id and asked.request == "SAR-9"
