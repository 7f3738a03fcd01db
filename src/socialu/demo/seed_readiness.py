"""Demo readiness: two closed assessments, six months apart, so the results page has a trend.

The latest (autumn) asks a dozen people: leaders are confident about who owns
the accounts and about the policy; the managers and practitioners who do the
work are not. The strategy seed, which runs after this one, builds on it.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.people.selectors import people_in
from socialu.readiness import selectors as readiness_selectors
from socialu.readiness import services as readiness_services
from socialu.readiness.models import Assessment

DEMO_ASSESSMENT_TITLE = "Readiness check, autumn 2026"
DEMO_EARLIER_TITLE = "Readiness check, spring 2026"

# Typical answers (1–5) by audience. Each person's answers are nudged by -1, 0 or +1 on a few questions so
# that the group is believable; ownership and policy are where leaders and the people doing the work split.
_AUTUMN: dict[str, dict[str, int]] = {
    Audience.LEADERSHIP: {
        "goals": 4, "trust": 4, "platform-fit": 3, "culture": 4, "integration": 3,
        "policy": 4, "purpose": 3, "ownership": 5, "capacity": 3, "training": 2,
    },
    Audience.MANAGEMENT: {
        "goals": 3, "trust": 3, "platform-fit": 3, "culture": 3, "integration": 2,
        "policy": 2, "purpose": 3, "ownership": 2, "capacity": 2, "training": 2,
    },
    Audience.PRACTITIONER: {
        "goals": 3, "trust": 4, "platform-fit": 4, "culture": 3, "integration": 2,
        "policy": 2, "purpose": 3, "ownership": 1, "capacity": 2, "training": 1,
    },
}  # fmt: skip
_SPRING: dict[str, dict[str, int]] = {
    Audience.LEADERSHIP: {
        "goals": 3, "trust": 3, "platform-fit": 2, "culture": 3, "integration": 2,
        "policy": 2, "purpose": 2, "ownership": 3, "capacity": 2, "training": 1,
    },
    Audience.MANAGEMENT: {
        "goals": 2, "trust": 3, "platform-fit": 2, "culture": 2, "integration": 1,
        "policy": 1, "purpose": 2, "ownership": 2, "capacity": 2, "training": 1,
    },
}  # fmt: skip
_NUDGED = ("goals", "trust", "culture", "capacity")
_NOTES: dict[tuple[str, str], str] = {
    (Audience.LEADERSHIP, "ownership"): "Marketing owns the main accounts; I don't see a problem here.",
    (Audience.PRACTITIONER, "ownership"): "Three store accounts still log in with a former manager's email.",
    (Audience.MANAGEMENT, "policy"): "The policy is twelve pages of legal text; my team has never opened it.",
    (
        Audience.PRACTITIONER,
        "training",
    ): "Everything I know about replying to complaints I learned by getting it wrong.",
}


def _people(organisation: Organisation, audiences: dict[str, int]) -> list[Person]:
    """Return the first active people with an email in each audience (a stable choice, run after run)."""
    chosen: list[Person] = []
    for audience, count in audiences.items():
        people = people_in(organisation=organisation).filter(audience=audience, is_active=True).exclude(email="")
        chosen.extend(people.order_by("employee_id", "pk")[:count])
    return chosen


def _run(
    organisation: Organisation,
    *,
    title: str,
    typical: dict[str, dict[str, int]],
    people: list[Person],
    opened: dt.datetime,
    closed: dt.datetime,
) -> None:
    assessment = readiness_services.assessment_create(organisation=organisation, title=title)
    readiness_services.respondents_add(assessment=assessment, people=people)
    readiness_services.assessment_open(assessment=assessment, send_invitations=False)
    noted: set[tuple[str, str]] = set()
    for index, respondent in enumerate(readiness_selectors.respondents_of(assessment=assessment)):
        audience = respondent.person.audience
        answers = typical.get(audience, typical[Audience.MANAGEMENT])
        for question, value in answers.items():
            nudge = (index % 3) - 1 if question in _NUDGED else 0
            note = ""
            if (audience, question) in _NOTES and (audience, question) not in noted:
                note = _NOTES[(audience, question)]
                noted.add((audience, question))
            readiness_services.answer_save(
                respondent=respondent, question=question, value=min(5, max(1, value + nudge)), note=note
            )
        readiness_services.respondent_submit(respondent=respondent)
    readiness_services.assessment_close(assessment=assessment)
    # The demo tells a story over time: date the assessment when it would have run.
    Assessment.objects.filter(pk=assessment.pk).update(
        created_at=opened - dt.timedelta(days=2), opened_at=opened, closed_at=closed
    )


def seed(organisation: Organisation) -> None:
    """Seed (once each) the spring and autumn readiness assessments of the demo organisation."""
    titles = set(
        readiness_selectors.assessments_list(organisation=organisation)
        .filter(title__in=[DEMO_EARLIER_TITLE, DEMO_ASSESSMENT_TITLE])
        .values_list("title", flat=True)
    )
    now = timezone.now().replace(microsecond=0)
    autumn_closed = now - dt.timedelta(days=14)
    if DEMO_EARLIER_TITLE not in titles:
        spring_closed = autumn_closed - dt.timedelta(days=182)
        _run(
            organisation,
            title=DEMO_EARLIER_TITLE,
            typical=_SPRING,
            people=_people(organisation, {Audience.LEADERSHIP: 4, Audience.MANAGEMENT: 6}),
            opened=spring_closed - dt.timedelta(days=21),
            closed=spring_closed,
        )
    if DEMO_ASSESSMENT_TITLE not in titles:
        _run(
            organisation,
            title=DEMO_ASSESSMENT_TITLE,
            typical=_AUTUMN,
            people=_people(organisation, {Audience.LEADERSHIP: 4, Audience.MANAGEMENT: 4, Audience.PRACTITIONER: 4}),
            opened=autumn_closed - dt.timedelta(days=21),
            closed=autumn_closed,
        )
