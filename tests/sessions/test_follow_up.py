"""Reminders before a session, the follow-up and feedback after it, and external conferences."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from socialu.core.errors import ConflictError, InvalidInputError, PermissionDeniedError
from socialu.core.models import Organisation
from socialu.core.scheduling import scheduled_job
from socialu.people.models import Person
from socialu.sessions import services
from socialu.sessions.models import Attendance, ExternalConference, Feedback, Registration
from tests.factories import PersonFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _confirmed(organisation: Organisation, **session: object) -> Registration:
    created = SessionFactory.create(organisation=organisation, **session)
    return services.registration_register(
        organisation=organisation, session_id=created.pk, person=PersonFactory.create(organisation=organisation)
    )


def test_reminders_go_at_each_offset_once(organisation: Organisation) -> None:
    registration = _confirmed(organisation)
    start = registration.session.starts_at
    mail.outbox.clear()

    assert services.reminders_send(organisation=organisation, now=start - timedelta(hours=30)) == 0
    assert services.reminders_send(organisation=organisation, now=start - timedelta(hours=23)) == 1
    assert services.reminders_send(organisation=organisation, now=start - timedelta(hours=22)) == 0
    assert services.reminders_send(organisation=organisation, now=start - timedelta(minutes=50)) == 1
    assert services.reminders_send(organisation=organisation, now=start - timedelta(minutes=40)) == 0
    assert [message.subject for message in mail.outbox] == [f"Reminder: {registration.session.title}"] * 2
    assert mail.outbox[0].to == [registration.person.email]


def test_a_late_registration_gets_one_reminder_not_one_per_offset(organisation: Organisation) -> None:
    registration = _confirmed(organisation)
    mail.outbox.clear()
    assert (
        services.reminders_send(organisation=organisation, now=registration.session.starts_at - timedelta(minutes=30))
        == 1
    )
    assert len(mail.outbox) == 1


def test_the_reminder_job_is_registered(organisation: Organisation) -> None:
    assert "reminder" in scheduled_job("sessions.reminders").run(organisation)


def test_attendees_are_followed_up_once_but_not_no_shows(organisation: Organisation) -> None:
    came = _confirmed(organisation)
    session = came.session
    missed = services.registration_register(
        organisation=organisation, session_id=session.pk, person=PersonFactory.create(organisation=organisation)
    )
    Registration.objects.filter(pk=missed.pk).update(attendance=Attendance.ABSENT)
    mail.outbox.clear()
    after = session.ends_at + timedelta(hours=1)

    assert services.follow_ups_send(organisation=organisation, now=after) == 1
    assert services.follow_ups_send(organisation=organisation, now=after) == 0
    (message,) = mail.outbox
    assert message.to == [came.person.email]
    assert f"/sessions/{session.pk}/feedback/" in message.body


def test_feedback_is_taken_from_attendees_after_the_session_only(organisation: Organisation) -> None:
    registration = _confirmed(organisation)
    session, person = registration.session, registration.person
    stranger = PersonFactory.create(organisation=organisation)
    after = session.ends_at + timedelta(minutes=1)

    with pytest.raises(ConflictError):
        services.feedback_submit(organisation=organisation, session_id=session.pk, person=person, rating=5, comments="")
    with pytest.raises(PermissionDeniedError):
        services.feedback_submit(
            organisation=organisation, session_id=session.pk, person=stranger, rating=5, comments="", now=after
        )
    with pytest.raises(InvalidInputError):
        services.feedback_submit(
            organisation=organisation, session_id=session.pk, person=person, rating=6, comments="", now=after
        )
    services.feedback_submit(
        organisation=organisation, session_id=session.pk, person=person, rating=3, comments="Ok", now=after
    )
    services.feedback_submit(
        organisation=organisation, session_id=session.pk, person=person, rating=4, comments="Good", now=after
    )
    assert list(Feedback.objects.values_list("rating", "comments")) == [(4, "Good")]


def test_facilitators_see_the_feedback_on_their_session(organisation: Organisation, admin_client: Client) -> None:
    now = timezone.now()
    registration = _confirmed(organisation)
    session = registration.session
    session.starts_at, session.ends_at = now - timedelta(hours=3), now - timedelta(hours=1)
    session.save()
    services.feedback_submit(
        organisation=organisation,
        session_id=session.pk,
        person=registration.person,
        rating=5,
        comments="Loved the drills",
    )
    page = admin_client.get(reverse("session_feedback", args=[organisation.slug, session.pk])).content.decode()
    assert "Loved the drills" in page
    assert "average rating 5.0 of 5" in page


def test_a_person_records_an_external_conference_and_admins_see_the_cost(
    organisation: Organisation, learner_client: Client, learner: Person, admin_client: Client
) -> None:
    url = reverse("session_conferences", args=[organisation.slug])
    response = learner_client.post(
        url,
        {
            "name": "Social Media Week",
            "held_on": "2026-09-14",
            "cost": "450.00",
            "link": "https://smw.example/",
            "takeaways": "Short video wins.",
        },
    )
    assert response.status_code == 302
    record = ExternalConference.objects.get(organisation=organisation)
    assert (record.person, record.held_on, record.cost) == (learner, date(2026, 9, 14), Decimal("450.00"))
    services.conference_record(
        organisation=organisation,
        person=PersonFactory.create(organisation=organisation),
        name="Webinar",
        held_on=date(2026, 10, 1),
        cost=Decimal("50"),
    )

    admin_page = admin_client.get(url).content.decode()
    assert "Social Media Week" in admin_page
    assert "Webinar" in admin_page
    assert "500.00" in admin_page
    learner_page = learner_client.get(url).content.decode()
    assert "Social Media Week" in learner_page
    assert "Webinar" not in learner_page


def test_a_conference_without_a_name_or_with_a_negative_cost_is_refused(
    organisation: Organisation, learner: Person
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        services.conference_record(
            organisation=organisation, person=learner, name=" ", held_on=date(2026, 1, 1), cost=Decimal("-1")
        )
    assert set(refused.value.errors) == {"name", "cost"}


def test_the_data_export_holds_sessions_and_erasure_clears_what_the_person_wrote(organisation: Organisation) -> None:
    from socialu.sessions.privacy import sessions_erase, sessions_rows

    registration = _confirmed(organisation)
    session, person = registration.session, registration.person
    after = session.ends_at + timedelta(minutes=1)
    services.feedback_submit(
        organisation=organisation, session_id=session.pk, person=person, rating=2, comments="Too fast", now=after
    )
    services.conference_record(
        organisation=organisation,
        person=person,
        name="Con",
        held_on=date(2026, 1, 2),
        cost=Decimal(5),
        takeaways="Mine",
    )
    rows = sessions_rows(person)
    assert {row["record"] for row in rows} == {"registration", "feedback", "external conference"}
    assert any(row.get("comments") == "Too fast" for row in rows)

    sessions_erase(person)
    assert Feedback.objects.get(person=person).comments == ""
    assert Feedback.objects.get(person=person).rating == 2
    assert ExternalConference.objects.get(person=person).takeaways == ""
