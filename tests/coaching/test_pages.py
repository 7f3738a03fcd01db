"""Coaching pages: booking from the engagement page, the coach's log, what an admin may (not) see, the PDF record."""

from __future__ import annotations

import io
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from socialu.accounts.models import User
from socialu.coaching import services
from socialu.coaching.models import Booking, BookingStatus, Engagement, Slot
from socialu.core.models import Organisation
from tests.coaching.helpers import Cast, cast, held_booking, slot

SECRET = "Worried the board will see the first post"


@pytest.fixture
def c(organisation: Organisation) -> Cast:
    return cast(organisation)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _recorded(c: Cast) -> Booking:
    booking = held_booking(c)
    services.session_log_record(
        booking=booking,
        actor=c.coach,
        agenda="Your first LinkedIn post",
        practised="Drafting in your own voice",
        notes=SECRET,
        actions=[services.ActionIn(text="Post the draft by Friday", due_on=date.today(), target="preflight")],
    )
    return booking


def test_the_executive_books_an_open_slot_from_the_engagement_page(
    c: Cast, django_capture_on_commit_callbacks: object
) -> None:
    open_slot = slot(c)
    client = _client(c.executive_user)
    page = client.get(reverse("coaching_engagement", args=[c.organisation.slug, c.engagement.pk]))
    assert page.status_code == 200
    assert f'value="{open_slot.pk}"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        answer = client.post(
            reverse("coaching_book", args=[c.organisation.slug, c.engagement.pk]), {"slot_id": open_slot.pk}
        )
    assert answer.status_code == 302
    assert Booking.objects.get(slot=open_slot).status == BookingStatus.BOOKED
    assert len(mail.outbox) == 1


def test_the_coach_records_the_session_log_on_the_session_page(c: Cast) -> None:
    booking = held_booking(c)
    client = _client(c.coach_user)
    answer = client.post(
        reverse("coaching_session", args=[c.organisation.slug, booking.pk]),
        {
            "agenda": "First post",
            "practised": "Drafting",
            "notes": SECRET,
            "actions-TOTAL_FORMS": "3",
            "actions-INITIAL_FORMS": "0",
            "actions-0-text": "Post the draft",
            "actions-0-due_on": date.today().isoformat(),
            "actions-0-target": "preflight",
            "actions-0-target_ref": "",
        },
    )
    assert answer.status_code == 302
    booking.refresh_from_db()
    assert booking.notes == SECRET and booking.status == BookingStatus.HELD
    assert [action.text for action in booking.actions.all()] == ["Post the draft"]


def test_the_executive_reads_the_log_but_an_admin_sees_only_that_the_session_happened(
    c: Cast, admin_user: User
) -> None:
    booking = _recorded(c)
    executive = _client(c.executive_user).get(reverse("coaching_session", args=[c.organisation.slug, booking.pk]))
    assert SECRET in executive.content.decode()
    admin = _client(admin_user)
    for url in (
        reverse("coaching_session", args=[c.organisation.slug, booking.pk]),
        reverse("coaching_engagement", args=[c.organisation.slug, c.engagement.pk]),
        reverse("coaching_overview", args=[c.organisation.slug]),
    ):
        page = admin.get(url)
        assert page.status_code == 200
        text = page.content.decode()
        assert SECRET not in text and "Your first LinkedIn post" not in text and "Post the draft" not in text
    overview = admin.get(reverse("coaching_overview", args=[c.organisation.slug])).content.decode()
    assert "1 of 6" in overview  # one session held, of six planned
    assert admin.get(reverse("coaching_record", args=[c.organisation.slug, c.engagement.pk])).status_code == 404


def test_the_assistant_books_but_never_reads_the_notes(c: Cast) -> None:
    booking = _recorded(c)
    page = _client(c.assistant_user).get(reverse("coaching_session", args=[c.organisation.slug, booking.pk]))
    assert page.status_code == 200
    assert SECRET not in page.content.decode()


def test_a_member_with_no_part_in_the_engagement_gets_404(c: Cast, organisation: Organisation) -> None:
    from tests.factories import member

    stranger = member(organisation, email="stranger@acme.example")
    assert (
        _client(stranger).get(reverse("coaching_engagement", args=[organisation.slug, c.engagement.pk])).status_code
        == 404
    )


def test_the_executive_downloads_their_record_as_a_pdf_with_the_log(c: Cast) -> None:
    _recorded(c)
    answer = _client(c.executive_user).get(reverse("coaching_record", args=[c.organisation.slug, c.engagement.pk]))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert not answer.streaming
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(answer.content)).pages)
    assert "Erin Executive" in text
    assert SECRET in text
    assert "Post the draft by Friday" in text


def test_agreed_actions_link_to_the_lesson_the_scenario_and_the_checker(c: Cast, tmp_path: Path) -> None:
    from socialu.curriculum.services import curriculum_import
    from tests.curriculum.test_coursefiles import write_curriculum
    from tests.practice.helpers import RESTOCK, install

    curriculum_import(organisation=c.organisation, folder=write_curriculum(tmp_path))
    install(c.organisation)
    booking = held_booking(c)
    today = date.today()
    services.session_log_record(
        booking=booking,
        actor=c.coach,
        agenda="",
        practised="",
        notes="",
        actions=[
            services.ActionIn(text="Read the lesson", due_on=today, target="lesson", target_ref="basics/hello"),
            services.ActionIn(text="Try the scenario", due_on=today, target="scenario", target_ref=RESTOCK),
            services.ActionIn(text="Check your draft", due_on=today, target="preflight"),
        ],
    )
    page = _client(c.executive_user).get(reverse("coaching_engagement", args=[c.organisation.slug, c.engagement.pk]))
    text = page.content.decode()
    for link in ("/o/acme/curriculum/basics/hello/", f"/o/acme/practice/scenarios/{RESTOCK}/", "/o/acme/check/"):
        assert f'href="{link}"' in text
        assert _client(c.executive_user).get(link).status_code == 200


def test_a_coach_publishes_a_slot_in_utc_whatever_the_servers_zone(c: Cast, settings: Any) -> None:
    settings.TIME_ZONE = "Europe/Paris"
    starts = (timezone.now() + timedelta(days=30)).replace(hour=9, minute=0, second=0, microsecond=0)
    client = _client(c.coach_user)
    answer = client.post(
        reverse("coaching_availability", args=[c.organisation.slug]),
        {"starts_at": starts.strftime("%Y-%m-%dT%H:%M"), "minutes": "45"},
    )
    assert answer.status_code == 302
    published = Slot.objects.get(coach=c.coach)
    assert published.starts_at == starts.replace(tzinfo=UTC)
    assert published.ends_at - published.starts_at == timedelta(minutes=45)
    page = client.get(reverse("coaching_availability", args=[c.organisation.slug])).content.decode()
    assert f"{starts.day} {starts:%b %Y}, 09:00–09:45" in page
    assert 'name="starts_at"' in page  # the coach gets the form to add another
    clash = client.post(
        reverse("coaching_availability", args=[c.organisation.slug]),
        {"starts_at": starts.strftime("%Y-%m-%dT%H:%M"), "minutes": "30"},
    )
    assert clash.status_code == 200 and "overlaps one of your published slots" in clash.content.decode()


def test_an_admin_starts_an_engagement_from_the_form_and_bad_input_is_explained(c: Cast, admin_user: User) -> None:
    from tests.coaching.helpers import linked_person

    linked_person(c.organisation, "cfo@acme.example", name="Casey CFO")
    client = _client(admin_user)
    url = reverse("coaching_engagement_new", args=[c.organisation.slug])
    form = client.get(url).content.decode()
    assert "Carla Coach" in form and "Post weekly on LinkedIn in my own voice" in form
    data = {
        "coach_id": str(c.coach.pk),
        "executive_email": "nobody@acme.example",
        "goal_slugs": ["handle-critical-comment"],
        "sessions_planned": "4",
        "starts_on": date.today().isoformat(),
        "target_on": (date.today() + timedelta(days=40)).isoformat(),
    }
    refused = client.post(url, data)
    assert refused.status_code == 200 and "No active person in the roster has this email." in refused.content.decode()
    assert 'value="4"' in refused.content.decode()  # nothing typed is lost
    started = client.post(url, {**data, "executive_email": "cfo@acme.example"})
    assert started.status_code == 302
    engagement = Engagement.objects.get(executive__email="cfo@acme.example")
    assert engagement.goals == ["Handle a critical comment"] and engagement.sessions_planned == 4
