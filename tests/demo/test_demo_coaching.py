"""The demo's coaching: two engagements with held and booked sessions, open slots and supporter ratings."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from socialu.coaching import selectors
from socialu.coaching.models import Booking, BookingStatus, Engagement, PulseResponse, Slot
from socialu.core.models import Organisation

pytestmark = pytest.mark.django_db(transaction=True)


def seed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCIALU_DEMO_PASSWORD", "demo-password-for-tests")
    call_command("demo", "--no-serve", "--people", "300", stdout=StringIO())


def test_the_demo_has_two_coaching_engagements_with_bookings_and_ratings_and_a_rerun_changes_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed(monkeypatch)
    demo = Organisation.objects.get(slug="demo")
    engagements = list(Engagement.objects.filter(organisation=demo).select_related("executive"))
    assert len(engagements) == 2
    assert {e.executive.email for e in engagements} >= {"executive@demo.example"}
    bookings = Booking.objects.filter(organisation=demo)
    assert bookings.filter(status=BookingStatus.HELD).count() == 3
    assert bookings.filter(status=BookingStatus.BOOKED).count() == 2
    for engagement in engagements:
        assert selectors.open_slots(engagement=engagement)
        series = selectors.pulse_series(engagement=engagement)
        assert all(point.self_rating and point.supporter_rating for item in series for point in item.points)
    counts = (bookings.count(), Slot.objects.filter(organisation=demo).count(), PulseResponse.objects.count())

    seed(monkeypatch)

    assert (
        Booking.objects.filter(organisation=demo).count(),
        Slot.objects.filter(organisation=demo).count(),
        PulseResponse.objects.count(),
    ) == counts
