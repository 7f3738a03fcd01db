"""Demo mentoring: a running programme for new practitioners and a reverse-mentoring programme for leadership.

Both were matched by the real batch match six weeks ago, published, and accepted by both sides; most pairs
have check-ins, a few answered the mid-point survey, and one pair closed early with a reason and a
re-match offered. The demo mentor and learner logins are a pair, so both see their pairing.

Idempotent: a programme that already exists is left alone.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.mentoring import selectors, services
from socialu.mentoring.models import MenteeProfile, Pairing, PairingStatus, Programme, ProgrammeKind
from socialu.mentoring.services import MenteeNeeds, MentorOffer, ProgrammeSettings
from socialu.people.models import Person
from socialu.people.selectors import people_in

MENTOR_EMAIL = "mentor@demo.example"
LEARNER_EMAIL = "learner@demo.example"
SKILLS = ["linkedin", "linkedin-video", "writing-for-social", "customer-care", "crisis-response", "instagram"]
WORKED_ON = ["A first LinkedIn post", "Replying to a complaint", "Filming a 30-second video", "Hashtags and timing"]


def _people(organisation: Organisation, audience: str, count: int, exclude: set[int]) -> list[Person]:
    people = people_in(organisation=organisation, active=True).filter(audience=audience).exclude(pk__in=exclude)
    return list(people.order_by("employee_id")[:count])


def _run(organisation: Organisation, programme: Programme, mentees: list[Person], mentors: list[Person]) -> None:
    start = timezone.now() - timedelta(days=42)
    for number, person in enumerate(mentors):
        strengths = {SKILLS[(number + shift) % len(SKILLS)]: 0.9 - 0.2 * shift for shift in range(3)}
        services.mentor_profile_save(
            organisation=organisation, programme=programme, person_id=person.pk, offer=MentorOffer(strengths=strengths)
        )
    for number, person in enumerate(mentees):
        needs = {SKILLS[(number * 2) % len(SKILLS)]: 3.0, SKILLS[(number * 2 + 1) % len(SKILLS)]: 1.0}
        services.mentee_profile_save(
            organisation=organisation,
            programme=programme,
            person_id=person.pk,
            needs=MenteeNeeds(needs=needs, goals="Post with confidence for Kestrel."),
        )
    MenteeProfile.objects.filter(organisation=organisation, programme=programme).update(
        created_at=start - timedelta(days=5)
    )
    services.match_run(organisation=organisation, programme=programme, now=start)
    services.proposals_publish(organisation=organisation, programme=programme, now=start)
    for number, pairing in enumerate(selectors.pairings(organisation=organisation, programme=programme)):
        accepted = start + timedelta(days=1 + number % 3)
        services.pairing_respond(pairing=pairing, person=pairing.mentee, accept=True, now=accepted)
        services.pairing_respond(pairing=pairing, person=pairing.mentor, accept=True, now=accepted)
        _meet(pairing, number)


def _meet(pairing: Pairing, number: int) -> None:
    assert pairing.started_at is not None
    services.goals_agree(pairing=pairing, person=pairing.mentee, goals="Two posts a month; one short video.")
    for meeting in range(number % 3 + 1):
        met_on = pairing.started_at + timedelta(days=7 + 14 * meeting)
        services.check_in_record(
            pairing=pairing,
            person=pairing.mentee if meeting % 2 else pairing.mentor,
            met=True,
            met_on=met_on.date(),
            worked_on=WORKED_ON[(number + meeting) % len(WORKED_ON)],
            next_step="Draft the next post and run it through the pre-flight check.",
            now=met_on,
        )
    if number % 2 == 0:
        answered = pairing.started_at + timedelta(days=30)
        services.survey_answer(
            pairing=pairing, person=pairing.mentee, stage="midpoint", satisfaction=4 + number % 2, now=answered
        )


def _pair_demo_logins(organisation: Organisation, programme: Programme) -> None:
    """Make the demo mentor the demo learner's mentor, so both logins see a pairing."""
    people = people_in(organisation=organisation)
    mentor, learner = people.filter(email=MENTOR_EMAIL).first(), people.filter(email=LEARNER_EMAIL).first()
    if mentor is None or learner is None:
        return
    services.mentor_profile_save(
        organisation=organisation,
        programme=programme,
        person_id=mentor.pk,
        offer=MentorOffer(strengths={"linkedin-video": 0.9, "customer-care": 0.7}, capacity=3),
    )
    services.mentee_profile_save(
        organisation=organisation,
        programme=programme,
        person_id=learner.pk,
        needs=MenteeNeeds(needs={"linkedin-video": 3.0}, goals="Film and post my first LinkedIn video."),
    )


def seed(organisation: Organisation) -> None:
    """Seed both programmes (once)."""
    if selectors.programme_get(organisation=organisation, slug="new-practitioners-spring") is None:
        programme = services.programme_create(
            organisation=organisation,
            settings=ProgrammeSettings(
                name="New practitioners, spring",
                goals="Every new practitioner posts with confidence within twelve weeks.",
                cadence_days=14,
                default_capacity=2,
            ),
        )
        _pair_demo_logins(organisation, programme)
        taken = {profile.person_id for profile in programme.mentors.all()} | {
            p.person_id for p in programme.mentees.all()
        }
        mentors = _people(organisation, Audience.MANAGEMENT, 6, taken)
        mentees = _people(organisation, Audience.PRACTITIONER, 11, taken)
        _run(organisation, programme, mentees, mentors)
        closing = selectors.pairings(organisation=organisation, programme=programme, status=PairingStatus.ACTIVE).last()
        if closing is not None:
            services.pairing_close(
                pairing=closing,
                person=closing.mentee,
                early=True,
                reason="Moved to a new team with a different focus",
                rematch=True,
                now=timezone.now() - timedelta(days=3),
            )
    if selectors.programme_get(organisation=organisation, slug="reverse-mentoring-for-leadership") is None:
        _seed_reverse(organisation)


def _seed_reverse(organisation: Organisation) -> None:
    programme = services.programme_create(
        organisation=organisation,
        settings=ProgrammeSettings(
            name="Reverse mentoring for leadership",
            kind=ProgrammeKind.REVERSE,
            goals="Leaders learn the platforms their customers and new hires live on, from the people who do.",
            cadence_days=21,
            default_capacity=1,
            mentee_audiences=[Audience.LEADERSHIP],
        ),
    )
    leaders = _people(organisation, Audience.LEADERSHIP, 5, set())
    young = _people(organisation, Audience.PRACTITIONER, 40, set())[-6:]
    # The demo roster carries no generation bands; give these people theirs (self-declared in real life).
    people_in(organisation=organisation).filter(pk__in=[person.pk for person in leaders]).update(
        generation_band="gen_x"
    )
    people_in(organisation=organisation).filter(pk__in=[person.pk for person in young]).update(generation_band="gen_z")
    _run(organisation, programme, leaders, young)
