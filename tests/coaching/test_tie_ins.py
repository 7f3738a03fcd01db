"""Coaching in the rest of SocialU: the certification requirement kind and people's data export and erasure."""

from __future__ import annotations

from datetime import date

from socialu.certification.requirements import evaluated_at, requirement_kind
from socialu.coaching import services
from socialu.coaching.models import AgreedAction, Booking
from socialu.core.models import Organisation
from socialu.core.privacy import person_data_sections, person_erasers
from tests.coaching.helpers import cast, held_booking


def test_coaching_engagement_completed_is_a_requirement_kind_that_counts_completed_executives(
    organisation: Organisation,
) -> None:
    c = cast(organisation)
    kind = requirement_kind("coaching_engagement_completed")
    assert kind is not None and kind.validate({}) == [] and kind.validate({"x": 1})
    assert kind.people_meeting(organisation, {}, None) == set()
    before = services.engagement_complete(engagement=c.engagement, actor=c.coach).completed_at
    assert kind.people_meeting(organisation, {}, None) == {c.executive.pk}
    assert kind.people_meeting(organisation, {}, [c.coach.pk]) == set()
    assert before is not None
    with evaluated_at(before.replace(year=before.year - 1)):
        assert kind.people_meeting(organisation, {}, None) == set()


def test_the_export_holds_the_executives_log_and_erasure_clears_it_but_keeps_that_sessions_happened(
    organisation: Organisation,
) -> None:
    c = cast(organisation)
    booking = held_booking(c)
    services.session_log_record(
        booking=booking,
        actor=c.coach,
        agenda="Agenda",
        practised="Practised",
        notes="Private note",
        actions=[services.ActionIn(text="Post weekly", due_on=date.today())],
    )
    section = next(section for section in person_data_sections() if section.key == "coaching")
    rows = section.collect(c.executive)
    assert any(row.get("notes") == "Private note" for row in rows)
    assert any(row.get("text") == "Post weekly" for row in rows)
    eraser = next(eraser for eraser in person_erasers() if eraser.key == "coaching.sessions")
    outcome = eraser.erase(c.executive)
    assert outcome.rows >= 3
    booking.refresh_from_db()
    assert (booking.agenda, booking.practised, booking.notes) == ("", "", "")
    assert booking.status == "held" and Booking.objects.filter(engagement=c.engagement).count() == 1
    assert AgreedAction.objects.get().text == "(erased)"


def test_the_doctor_finds_a_session_held_in_the_future_or_in_another_coachs_slot(organisation: Organisation) -> None:
    from socialu.coaching.models import BookingStatus
    from socialu.core.consistency import consistency_report
    from tests.coaching.helpers import slot

    c = cast(organisation)

    def found() -> int:
        report = consistency_report(organisation=organisation)
        return next(o.result.count for o in report if o.check.key == "coaching.sessions_out_of_place")

    booking = services.booking_create(engagement=c.engagement, slot_id=slot(c).pk, actor=c.executive)
    assert found() == 0
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.HELD)  # as a hand-made SQL fix would
    assert found() == 1
