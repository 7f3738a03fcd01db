"""Registration, the waitlist and seat offers: the rules, one test each."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from socialu.core.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from socialu.core.models import Organisation
from socialu.core.scheduling import scheduled_job
from socialu.sessions import services
from socialu.sessions.models import Registration, RegistrationEvent, RegistrationStatus, SessionStatus
from socialu.sessions.services import SessionDetails
from tests.factories import PersonFactory, SessionFactory
from tests.sessions.helpers import assert_waitlist_has_no_gaps, calendar_attachment, people, statuses, waitlist_order

pytestmark = pytest.mark.django_db


def _register(organisation: Organisation, session_id: int, person: object) -> Registration:
    return services.registration_register(organisation=organisation, session_id=session_id, person=person)  # type: ignore[arg-type]


def test_registrations_fill_the_seats_then_join_the_waitlist_in_order(organisation: Organisation) -> None:
    session = SessionFactory.create(organisation=organisation, capacity=2)
    crowd = people(organisation, 5)
    for person in crowd:
        _register(organisation, session.pk, person)

    assert [statuses(session)[p.pk] for p in crowd] == ["confirmed"] * 2 + ["waitlisted"] * 3
    assert waitlist_order(session) == [p.pk for p in crowd[2:]]
    assert_waitlist_has_no_gaps(session)


def test_registering_twice_is_refused(organisation: Organisation) -> None:
    session = SessionFactory.create(organisation=organisation)
    (person,) = people(organisation, 1)
    _register(organisation, session.pk, person)
    with pytest.raises(ConflictError, match="already registered"):
        _register(organisation, session.pk, person)


def test_a_cancellation_offers_the_seat_to_the_first_on_the_waitlist(organisation: Organisation) -> None:
    services.session_settings_update(
        organisation=organisation, time_zone="Europe/London", offer_hours=12, reminder_hours="24"
    )
    session = SessionFactory.create(organisation=organisation, capacity=1)
    first, second, third = people(organisation, 3)
    seat = _register(organisation, session.pk, first)
    _register(organisation, session.pk, second)
    _register(organisation, session.pk, third)
    before = timezone.now()

    services.registration_cancel(organisation=organisation, registration_id=seat.pk, person=first)

    offer = Registration.objects.get(session=session, person=second)
    assert offer.status == RegistrationStatus.OFFERED
    assert offer.waitlist_position is None
    assert offer.offer_expires_at is not None
    assert before + timedelta(hours=12) <= offer.offer_expires_at <= timezone.now() + timedelta(hours=12)
    assert waitlist_order(session) == [third.pk]
    assert_waitlist_has_no_gaps(session)


def test_accepting_an_offer_confirms_and_sends_an_invitation(
    organisation: Organisation, django_capture_on_commit_callbacks: object
) -> None:
    session = SessionFactory.create(organisation=organisation, capacity=1)
    first, second = people(organisation, 2)
    seat = _register(organisation, session.pk, first)
    waiting = _register(organisation, session.pk, second)
    services.registration_cancel(organisation=organisation, registration_id=seat.pk, person=first)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.offer_accept(organisation=organisation, registration_id=waiting.pk, person=second)

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    (message,) = mail.outbox
    assert message.to == [second.email]
    calendar = calendar_attachment(message)
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["ATTENDEE"]) == f"mailto:{second.email}"
    assert event["SEQUENCE"] == 1


def test_an_offer_not_taken_in_time_lapses_and_passes_on(organisation: Organisation) -> None:
    session = SessionFactory.create(organisation=organisation, capacity=1)
    first, second, third = people(organisation, 3)
    seat = _register(organisation, session.pk, first)
    offered = _register(organisation, session.pk, second)
    _register(organisation, session.pk, third)
    services.registration_cancel(organisation=organisation, registration_id=seat.pk, person=first)
    later = timezone.now() + timedelta(hours=25)

    with pytest.raises(ConflictError, match="expired"):
        services.offer_accept(organisation=organisation, registration_id=offered.pk, person=second, now=later)
    assert services.offers_expire(organisation=organisation, now=later) == 1

    assert statuses(session) == {
        first.pk: RegistrationStatus.CANCELLED,
        second.pk: RegistrationStatus.LAPSED,
        third.pk: RegistrationStatus.OFFERED,
    }


def test_the_scheduled_job_passes_expired_offers_on(organisation: Organisation) -> None:
    job = scheduled_job("sessions.offers_expire")
    assert job.run(organisation) == "No offer expired."


def test_a_capacity_increase_offers_one_seat_each_in_waitlist_order(organisation: Organisation) -> None:
    session = SessionFactory.create(organisation=organisation, capacity=1)
    crowd = people(organisation, 4)
    for person in crowd:
        _register(organisation, session.pk, person)

    services.session_capacity_change(organisation=organisation, session_id=session.pk, capacity=3)

    assert [statuses(session)[p.pk] for p in crowd] == ["confirmed", "offered", "offered", "waitlisted"]
    assert waitlist_order(session) == [crowd[3].pk]
    assert_waitlist_has_no_gaps(session)


def test_capacity_cannot_drop_below_the_seats_held(organisation: Organisation) -> None:
    session = SessionFactory.create(organisation=organisation, capacity=3)
    for person in people(organisation, 2):
        _register(organisation, session.pk, person)
    with pytest.raises(ConflictError, match="2 seats"):
        services.session_capacity_change(organisation=organisation, session_id=session.pk, capacity=1)


def test_an_admin_reorders_the_waitlist_without_gaps(organisation: Organisation) -> None:
    session = SessionFactory.create(organisation=organisation, capacity=1)
    crowd = people(organisation, 5)
    registrations = [_register(organisation, session.pk, person) for person in crowd]

    services.waitlist_move(organisation=organisation, registration_id=registrations[4].pk, position=1, actor=None)
    assert waitlist_order(session) == [crowd[4].pk, crowd[1].pk, crowd[2].pk, crowd[3].pk]
    services.waitlist_move(organisation=organisation, registration_id=registrations[1].pk, position=4, actor=None)
    assert waitlist_order(session) == [crowd[4].pk, crowd[2].pk, crowd[3].pk, crowd[1].pk]
    assert_waitlist_has_no_gaps(session)
    with pytest.raises(InvalidInputError):
        services.waitlist_move(organisation=organisation, registration_id=registrations[1].pk, position=5, actor=None)


def test_manager_approval_gives_a_seat_and_a_decline_needs_a_reason(organisation: Organisation) -> None:
    session = SessionFactory.create(organisation=organisation, requires_approval=True)
    manager = PersonFactory.create(organisation=organisation)
    report = PersonFactory.create(organisation=organisation, manager=manager)
    stranger = PersonFactory.create(organisation=organisation)
    registration = _register(organisation, session.pk, report)
    assert registration.status == RegistrationStatus.AWAITING_APPROVAL

    with pytest.raises(PermissionDeniedError):
        services.registration_decide(
            organisation=organisation,
            registration_id=registration.pk,
            approve=True,
            reason="",
            decider=stranger,
            as_admin=False,
        )
    with pytest.raises(InvalidInputError):
        services.registration_decide(
            organisation=organisation,
            registration_id=registration.pk,
            approve=False,
            reason=" ",
            decider=manager,
            as_admin=False,
        )
    decided = services.registration_decide(
        organisation=organisation,
        registration_id=registration.pk,
        approve=True,
        reason="Good fit",
        decider=manager,
        as_admin=False,
    )
    assert decided.status == RegistrationStatus.CONFIRMED
    assert decided.decision_reason == "Good fit"


def test_registration_is_refused_for_drafts_closed_windows_and_other_audiences(organisation: Organisation) -> None:
    (person,) = people(organisation, 1)
    draft = SessionFactory.create(organisation=organisation, status=SessionStatus.DRAFT)
    closed = SessionFactory.create(
        organisation=organisation, registration_closes_at=timezone.now() - timedelta(hours=1)
    )
    leaders_only = SessionFactory.create(organisation=organisation, audiences=["leadership"])
    with pytest.raises(ConflictError, match="not open"):
        _register(organisation, draft.pk, person)
    with pytest.raises(ConflictError, match="closed"):
        _register(organisation, closed.pk, person)
    with pytest.raises(PermissionDeniedError, match="audiences"):
        _register(organisation, leaders_only.pk, person)


def test_another_organisations_session_is_not_found(
    organisation: Organisation, other_organisation: Organisation
) -> None:
    theirs = SessionFactory.create(organisation=other_organisation)
    (person,) = people(organisation, 1)
    with pytest.raises(NotFoundError):
        _register(organisation, theirs.pk, person)


def test_every_change_is_logged(organisation: Organisation) -> None:
    session = SessionFactory.create(organisation=organisation, capacity=1)
    first, second = people(organisation, 2)
    seat = _register(organisation, session.pk, first)
    waiting = _register(organisation, session.pk, second)
    services.registration_cancel(organisation=organisation, registration_id=seat.pk, person=first)
    services.offer_accept(organisation=organisation, registration_id=waiting.pk, person=second)

    log = list(RegistrationEvent.objects.filter(registration=waiting).values_list("action", "status"))
    assert log == [("registered", "waitlisted"), ("seat offered", "offered"), ("offer accepted", "confirmed")]
    assert RegistrationEvent.objects.filter(registration=seat, action="cancelled", actor=first).exists()


def test_a_facilitator_cannot_be_booked_on_overlapping_sessions(organisation: Organisation) -> None:
    facilitator = PersonFactory.create(organisation=organisation)
    start = timezone.now() + timedelta(days=3)
    details = SessionDetails(
        title="Listening reports",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        time_zone="Europe/London",
        capacity=10,
        facilitator_ids=(facilitator.pk,),
    )
    services.session_create(organisation=organisation, details=details)
    clash = SessionDetails(
        title="Crisis replies",
        starts_at=start + timedelta(hours=1),
        ends_at=start + timedelta(hours=3),
        time_zone="Europe/London",
        capacity=10,
        facilitator_ids=(facilitator.pk,),
    )
    with pytest.raises(InvalidInputError) as refused:
        services.session_create(organisation=organisation, details=clash)
    assert "Listening reports" in refused.value.errors["facilitator_ids"][0]


def test_a_new_session_is_validated_field_by_field(organisation: Organisation) -> None:
    start = timezone.now()
    with pytest.raises(InvalidInputError) as refused:
        services.session_create(
            organisation=organisation,
            details=SessionDetails(
                title=" ", starts_at=start, ends_at=start, time_zone="Nowhere/City", capacity=0, audiences=("pirates",)
            ),
        )
    assert set(refused.value.errors) == {"title", "time_zone", "ends_at", "capacity", "audiences"}


def test_cancelling_a_session_cancels_everyone_and_sends_calendar_cancellations(
    organisation: Organisation, django_capture_on_commit_callbacks: object
) -> None:
    session = SessionFactory.create(organisation=organisation, capacity=1)
    first, second = people(organisation, 2)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        _register(organisation, session.pk, first)
    _register(organisation, session.pk, second)
    (invitation,) = mail.outbox
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.session_cancel(organisation=organisation, session_id=session.pk)

    assert set(statuses(session).values()) == {RegistrationStatus.CANCELLED}
    (message,) = mail.outbox  # only the confirmed attendee had an invitation to withdraw
    cancel = calendar_attachment(message)
    assert cancel["METHOD"] == "CANCEL"
    (event,) = cancel.walk("VEVENT")
    (original,) = calendar_attachment(invitation).walk("VEVENT")
    assert event["STATUS"] == "CANCELLED"
    assert str(event["UID"]) == str(original["UID"])
    assert int(str(event["SEQUENCE"])) > int(str(original["SEQUENCE"]))


def test_the_feed_token_is_secret_revocable_and_regenerable(organisation: Organisation) -> None:
    from socialu.sessions.selectors import feed_owner

    (person,) = people(organisation, 1)
    token = services.calendar_feed_regenerate(organisation=organisation, person=person)
    profile = feed_owner(token=token)
    assert profile is not None
    assert profile.person == person
    assert token not in profile.token_hash
    newer = services.calendar_feed_regenerate(organisation=organisation, person=person)
    assert feed_owner(token=token) is None
    assert feed_owner(token=newer) is not None
    services.calendar_feed_revoke(organisation=organisation, person=person)
    assert feed_owner(token=newer) is None


def test_a_session_lasts_at_most_two_weeks_and_a_running_one_stays_in_the_catalogue(organisation: Organisation) -> None:
    from socialu.sessions.selectors import catalogue

    start = timezone.now() + timedelta(days=1)
    with pytest.raises(InvalidInputError) as refused:
        services.session_create(
            organisation=organisation,
            details=SessionDetails(
                title="Too long", starts_at=start, ends_at=start + timedelta(days=15), time_zone="UTC", capacity=5
            ),
        )
    assert "14 days" in refused.value.errors["ends_at"][0]
    running = SessionFactory.create(
        organisation=organisation,
        starts_at=timezone.now() - timedelta(days=13),
        ends_at=timezone.now() + timedelta(days=1),
    )
    ended = SessionFactory.create(
        organisation=organisation,
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=2),
    )
    listed = list(catalogue(organisation=organisation))
    assert running in listed
    assert ended not in listed
